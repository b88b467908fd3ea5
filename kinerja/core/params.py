"""Query-string parameters read once, in one way: a malformed value is a clear 400, never a 5xx.

Pages and API views read ``?year=``, ``?period=`` (an id), ``?page=``... through these helpers. A bad
value raises ``InvalidParameter``, a ``BadRequest``: Django answers it with the 400 page (the message
shown), and the API's exception handler with ``{"message": ..., "extra": {"fields": {name: [...]}}}``.
"""

from django.core.exceptions import BadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

# The years Kinerja plans and reports in; a year outside is a typing error, not a plan (and would create
# reporting periods, or overflow a date).
YEAR_MIN = 2000
YEAR_MAX = 2100
# Ids are 64-bit database integers.
ID_MAX = 2**63 - 1


class InvalidParameter(BadRequest):
    """A query parameter with a value that cannot be read; ``name`` is the parameter, ``message`` why."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


def _text(params, name: str) -> str:
    return (params.get(name) or "").strip()


def integer(params, name: str, *, default: int | None = None, minimum: int = 1, maximum: int = ID_MAX) -> int | None:
    """Return the parameter as a whole number within [minimum, maximum], or ``default`` when absent."""
    text = _text(params, name)
    if not text:
        return default
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 20:
        raise InvalidParameter(name, _("%(name)s must be a whole number.") % {"name": name})
    value = int(text)
    if not minimum <= value <= maximum:
        raise InvalidParameter(
            name, _("%(name)s must be between %(min)s and %(max)s.") % {"name": name, "min": minimum, "max": maximum}
        )
    return value


def object_id(params, name: str) -> int | None:
    """Return the parameter as the id of a record (a positive whole number), or None when absent."""
    return integer(params, name, minimum=1, maximum=ID_MAX)


def year(params, name: str = "year", *, default: int | None = None) -> int:
    """Return the year asked for, this year by default; refused outside YEAR_MIN–YEAR_MAX."""
    value = integer(params, name, default=default or timezone.localdate().year, minimum=YEAR_MIN, maximum=YEAR_MAX)
    return value


def check_year(value: int, name: str = "year") -> int:
    """Refuse a year (already read as a number, e.g. from ``2026-S1``) outside YEAR_MIN–YEAR_MAX."""
    if not YEAR_MIN <= value <= YEAR_MAX:
        raise InvalidParameter(
            name, _("%(name)s must be between %(min)s and %(max)s.") % {"name": name, "min": YEAR_MIN, "max": YEAR_MAX}
        )
    return value


def text(params, name: str, default: str = "") -> str:
    """Return the parameter as stripped text; a NUL character (which PostgreSQL cannot store or compare) is refused."""
    value = (params.get(name) or default).strip()
    if "\x00" in value:
        raise InvalidParameter(name, _("%(name)s contains a character that is not allowed.") % {"name": name})
    return value
