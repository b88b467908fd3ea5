from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kinerja.core.numbers import format_percent
from kinerja.monitoring import formulas

register = template.Library()

_CSS = {
    "sangat_tinggi": "text-bg-success",
    "tinggi": "text-bg-primary",
    "sedang": "text-bg-warning",
    "rendah": "text-bg-danger",
    "sangat_rendah": "text-bg-dark",
}
_STATE_CSS = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-info",
    "verified": "text-bg-success",
    "returned": "text-bg-warning",
    "superseded": "text-bg-light border",
    "missing": "text-bg-light border",
    "late": "text-bg-danger",
}


@register.filter
def percent(value) -> str:
    if value is None:
        return "–"
    return format_percent(formulas.round_percent(Decimal(value)))


@register.filter
def rating_badge(value):
    """The achievement with its Permendagri 86/2017 rating, coloured; "–" when not computable."""
    if value is None:
        return "–"
    name = formulas.rating(value)
    return format_html(
        '<span class="badge {}">{} · {}</span>', _CSS[name], percent(value), formulas.RATING_LABELS[name]
    )


@register.filter
def state_badge(status: str):
    labels = {
        "draft": _("Draft"),
        "submitted": _("Submitted"),
        "verified": _("Verified"),
        "returned": _("Returned"),
        "superseded": _("Superseded by a correction"),
        "missing": _("Not reported"),
        "late": _("Late"),
    }
    return format_html(
        '<span class="badge {}">{}</span>', _STATE_CSS.get(status, "text-bg-light"), labels.get(status, status)
    )
