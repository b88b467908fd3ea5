import re

from django import template
from django.utils.translation import gettext_lazy as _

from kinerja.core.numbers import format_number, format_number_for_input

register = template.Library()


@register.filter
def num(value, places=None):
    """Show a number in the active language (1.234,5 in Indonesian), dropping trailing zeros unless places is given."""
    return format_number(value, None if places is None else int(places))


@register.filter
def num_input(value, places=None):
    """The text an edit field shows for a number (as ``num``, read back unchanged when submitted)."""
    return format_number_for_input(value, None if places is None else int(places))


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


# The attribute names of a certificate's distinguished name as asn1crypto spells them ("Common Name: …").
_DN_LABELS = {
    "Common Name": _("Common Name"),
    "Organization": _("Organization"),
    "Organizational Unit": _("Organizational Unit"),
    "Country": _("Country"),
    "State/Province": _("State/Province"),
    "Locality": _("Locality"),
    "Email Address": _("Email Address"),
    "Serial Number": _("Serial Number"),
}
_DN_LABEL = re.compile(r"(^|, )(" + "|".join(re.escape(k) for k in _DN_LABELS) + r"): ")


@register.filter
def dn_labels(value):
    """Show a certificate's subject or issuer with its attribute names in the interface's language."""
    if not value:
        return value
    return _DN_LABEL.sub(lambda m: f"{m.group(1)}{_DN_LABELS[m.group(2)]}: ", str(value))
