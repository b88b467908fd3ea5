"""Parsing numbers as Indonesian users type them ("12,5", "1.234.567,89") and as machines do ("12.5").

A dot followed by exactly three digits and no comma ("1.600") reads differently to a person and to a
machine, so it is refused with a message saying how to write it.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")
# "1.600" is 1600 to an Indonesian reader and 1.6 to a machine: refused rather than guessed.
_AMBIGUOUS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_ID_DECIMAL = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")


def parse_number(value) -> Decimal | None:
    """Return ``value`` as a Decimal, None when empty; raise ValidationError when it is not a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(_("%(value)s is not a number.") % {"value": value}, code="not_a_number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        if text == "":
            return None
        if _AMBIGUOUS.match(text):
            raise ValidationError(
                _("%(value)s is ambiguous: write %(whole)s for a whole number, or use a decimal comma.")
                % {"value": value, "whole": text.replace(".", "")},
                code="ambiguous_number",
            )
        if _PLAIN.match(text):
            number = Decimal(text)
        elif _ID_DECIMAL.match(text):
            number = Decimal(text.replace(".", "").replace(",", "."))
        else:
            raise ValidationError(_("%(value)s is not a number.") % {"value": value}, code="not_a_number")
    try:
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation as exc:
        raise ValidationError(_("%(value)s is not a number.") % {"value": value}, code="not_a_number") from exc
    if abs(number) >= Decimal(10) ** 18:
        raise ValidationError(_("%(value)s is too large.") % {"value": value}, code="too_large")
    return number
