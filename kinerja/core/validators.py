"""Input limits shared by every form and API field: text length, NUL bytes, years and dates.

``harden_form_fields`` (called by ``core.forms.BootstrapMixin`` for every form) and
``core.api.fields.harden_serializer_fields`` (called by ``StrictSerializer``/``StrictModelSerializer``)
apply them, so a field declared without a limit still gets one:

- text: at most ``TEXT_MAX_LENGTH`` characters (10,000 by default) unless the field says less; NUL
  bytes refused (Django and DRF refuse them in CharFields; this keeps it so for every text field);
- years: ``YEAR_MIN``–``YEAR_MAX`` for every integer field named ``year`` or ``…_year``;
- dates: ``DATE_MIN``–``DATE_MAX`` for every date field.

Numbers (decimal fields) are not handled here: their shared field lives with the decimal-comma parsing;
it can reuse ``validate_year``/``range_validator``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

YEAR_MIN, YEAR_MAX = 1900, 2100
DATE_MIN, DATE_MAX = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)


class TextMaxLengthValidator(MaxLengthValidator):
    """The length limit, for text only: a CharField subclass that cleans to a number (decimal comma) is skipped."""

    def __call__(self, value):
        if isinstance(value, str):
            super().__call__(value)


def text_max_length() -> int:
    return settings.TEXT_MAX_LENGTH


def validate_year(value) -> None:
    """Refuse a year outside YEAR_MIN–YEAR_MAX (0 and 32767 fit a small integer column, not a plan)."""
    if value is not None and not YEAR_MIN <= value <= YEAR_MAX:
        raise ValidationError(
            _("Enter a year between %(min)s and %(max)s."), code="year_range", params={"min": YEAR_MIN, "max": YEAR_MAX}
        )


def validate_date(value) -> None:
    """Refuse a date outside DATE_MIN–DATE_MAX (0001-01-01 and 9999-12-31 are typing slips, not dates)."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s."),
            code="date_range",
            params={"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
        )


def validate_no_nul(value) -> None:
    ProhibitNullCharactersValidator()(value)


def bounded_text(value) -> str:
    """Check free text a view reads straight from the request (no form): length limit and no NUL bytes."""
    text = "" if value is None else str(value)
    validate_no_nul(text)
    MaxLengthValidator(text_max_length())(text)
    return text


def is_year_name(name: str) -> bool:
    return name == "year" or name.endswith("_year")


def _add(validators: list, validator) -> None:
    if not any(v is validator or type(v) is type(validator) and v == validator for v in validators):
        validators.append(validator)


def harden_form_fields(fields) -> None:
    """Give every field of a Django form its limit (see the module docstring); idempotent."""
    from django import forms

    limit = text_max_length()
    for name, field in fields.items():
        if isinstance(field, forms.CharField):
            if field.max_length is None or field.max_length > limit:
                field.max_length = limit
                _add(field.validators, TextMaxLengthValidator(limit))
                field.widget.attrs.setdefault("maxlength", str(limit))
            if not any(isinstance(v, ProhibitNullCharactersValidator) for v in field.validators):
                field.validators.append(ProhibitNullCharactersValidator())
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            _add(field.validators, validate_date)
        elif isinstance(field, forms.IntegerField) and is_year_name(name):
            _add(field.validators, validate_year)
