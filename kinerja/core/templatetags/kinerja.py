from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def num(value, places=None):
    """Format a number the Indonesian way (1.234,5), dropping trailing zeros unless places is given."""
    if value is None or value == "":
        return "–"
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            return value
    if places is None:
        value = value.normalize()
        exponent = value.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(value, decimal_pos=int(places), use_l10n=True, force_grouping=True)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs):
    """Return the current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()
