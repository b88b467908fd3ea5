"""Read and show numbers one way everywhere: forms, the API, Excel imports, pages, PDFs and the audit trail.

Reading (``parse_number``, ``parse_integer``) does not depend on the interface language. A text is read
both ways: the Indonesian way (dots group thousands, a comma marks the decimals: ``1.234.567,89``) and
the machine or English way (``1,234,567.89``, ``12.5``). A text with one reading is accepted; a text that
reads as two different numbers is refused, never guessed. That happens exactly when one separator is
followed by three digits and nothing else: ``1.600`` is 1600 to an Indonesian reader and 1.6 to a
machine. ``84,5``, ``70.000.000.000``, ``1.600,0`` and ``12.5`` have one reading each.

Showing (``format_number``, ``format_percent``) follows the active language: ``1.234,5`` in Indonesian, ``1,234.5`` in
English. ``format_number_for_input`` is what an edit field shows: the same text, except where grouping
would make it ambiguous (``1.600``), where it shows ``1600``; whatever an edit field shows reads back as
the stored value, so submitting an unchanged form changes nothing.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _

EMPTY = "–"
LIMIT = Decimal(10) ** 18  # the largest amount column holds 20 digits with 2 decimals

# Groups of exactly three digits after the first group; the decimal part after the other separator.
_INDONESIAN = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$|^\d+(,\d+)?$")
_MACHINE = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009\t")


def _not_a_number(value) -> ValidationError:
    return ValidationError(_("%(value)s is not a number.") % {"value": value}, code="not_a_number")


def _read(text: str, pattern: re.Pattern, group: str, decimal: str) -> Decimal | None:
    if not pattern.match(text):
        return None
    return Decimal(text.replace(group, "").replace(decimal, "."))


def parse_number(value) -> Decimal | None:
    """Return ``value`` as a Decimal, None when empty; raise ValidationError when it is no number or ambiguous.

    Numbers (int, Decimal, float) are taken as they are; text is read as the module docstring says.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _not_a_number(value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = str(value).translate(_SPACES).replace("\u2212", "-")
        if text == "":
            return None
        sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
        indonesian = _read(digits, _INDONESIAN, ".", ",")
        machine = _read(digits, _MACHINE, ",", ".")
        if indonesian is None and machine is None:
            raise _not_a_number(value)
        if indonesian is not None and machine is not None and indonesian != machine:
            whole, fraction = max(indonesian, machine), min(indonesian, machine)
            raise ValidationError(
                _("%(value)s is ambiguous: write %(whole)s for the whole number or %(fraction)s for the decimal.")
                % {
                    "value": value,
                    "whole": f"{sign}{int(whole)}",
                    "fraction": f"{sign}{fraction.normalize():f}".replace(".", get_format("DECIMAL_SEPARATOR")),
                },
                code="ambiguous_number",
            )
        number = Decimal(f"{sign}{indonesian if indonesian is not None else machine}")
    try:
        finite = number.is_finite()
    except InvalidOperation:  # pragma: no cover - Decimal.is_finite does not raise; kept for odd subclasses
        finite = False
    if not finite:
        raise _not_a_number(value)
    if abs(number) >= LIMIT:
        raise ValidationError(_("%(value)s is too large.") % {"value": value}, code="too_large")
    return number


def parse_integer(value) -> int | None:
    """Return ``value`` as an int, None when empty; refuse what is no number, ambiguous or not whole."""
    number = parse_number(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValidationError(_("%(value)s is not a whole number.") % {"value": value}, code="not_whole")
    return int(number)


def _as_decimal(value) -> Decimal | None:
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):  # numbers kept as text, e.g. in JSON ("71.26"): the machine way
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def format_number(value, places: int | None = None, *, grouping: bool = True, empty: str = EMPTY) -> str:
    """Show a number in the active language (``1.234,5`` in Indonesian), with ``places`` decimals when given.

    Without ``places`` trailing zeros are dropped (``71.2600`` shows ``71,26``). ``empty`` is shown for None
    and ""; any other value that is no number is returned as text, unchanged.
    """
    if value is None or value == "":
        return empty
    number = _as_decimal(value)
    if number is None:
        return str(value)
    if places is None:
        number = number.normalize()
        exponent = number.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    else:  # Django's number_format cuts extra decimals off; round them half up as people do
        number = number.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    return number_format(number, decimal_pos=int(places), use_l10n=True, force_grouping=grouping)


def format_percent(value, places: int = 2, *, empty: str = EMPTY) -> str:
    """A percentage as the pages show it: the number with ``places`` decimals (half up), a space, ``%``
    (``85,25 %`` in Indonesian); ``empty`` for None and ""."""
    if value is None or value == "":
        return empty
    return f"{format_number(value, places)} %"


def format_number_for_input(value, places: int | None = None, *, grouping: bool = True) -> str:
    """The text an edit field shows for ``value``: as ``format_number``, ungrouped where grouping is ambiguous."""
    if value is None or value == "":
        return ""
    text = format_number(value, places, grouping=grouping, empty="")
    if grouping:
        try:
            parse_number(text)
        except ValidationError:
            return format_number(value, places, grouping=False, empty="")
    return text


def format_rupiah(value, *, empty: str = EMPTY) -> str:
    """A rupiah amount to the whole rupiah (``825.000.000``), without the currency sign."""
    number = _as_decimal(value)
    if number is None:
        return empty if value is None or value == "" else str(value)
    return format_number(number, 0, empty=empty)
