"""Strict API input: JSON types as declared, every field with a range (see ``core.validators``).

DRF is lenient where Kinerja must not be: ``IntegerField`` takes ``true`` as 1 and ``18.9`` as 18, and
a primary-key field looks up ``18.9`` as object 18. ``StrictSerializer``/``StrictModelSerializer`` (the
base of every serializer in Kinerja) refuse a boolean or a fractional number where an integer or an id
is expected (``"18"`` as text stays accepted, for multipart forms), give every text field
``TEXT_MAX_LENGTH``, every date field the date window and every year field the year range.
Numbers: a JSON number is taken as the number it is (``84.5``, ``70000000000``); a JSON string goes
through the same reader as every form and import (``kinerja.core.numbers``), so ``"84,5"`` and
``"70.000.000.000"`` are accepted and ``"1.600"`` is refused as ambiguous. Booleans are refused.
Integer fields stay strict: digits only, as text or as a JSON integer.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, PrimaryKeyRelatedField, RelatedField

from kinerja.core.numbers import parse_integer, parse_number
from kinerja.core.validators import TextMaxLengthValidator, is_year_name, text_max_length, validate_date, validate_year

NOT_AN_INTEGER = _("A whole number is required (not true/false, not a fraction).")


def is_strict_integer(value) -> bool:
    """True for an int (not a bool) or a text of digits (with an optional sign)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, str):
        text = value.strip()
        return text.lstrip("+-").isdigit()
    return False


class StrictIntegerField(serializers.IntegerField):
    """An integer field that refuses booleans and fractions (``true``, ``18.9``, ``"18.0"``)."""

    def to_internal_value(self, data):
        if not is_strict_integer(data):
            raise serializers.ValidationError(NOT_AN_INTEGER, code="invalid")
        return super().to_internal_value(data)


def _integer_like(field) -> bool:
    return isinstance(field, serializers.IntegerField | PrimaryKeyRelatedField)


def _type_errors(field, value) -> list[str] | None:
    """The type error of one raw input value for ``field``, or None (checked before DRF converts it)."""
    if value is None or field.read_only:
        return None
    if _integer_like(field) and not isinstance(field, serializers.HiddenField | IntegerNumberField):
        # IntegerNumberField reads "1.600.000" the Indonesian way and refuses booleans and fractions itself.
        return None if is_strict_integer(value) else [str(NOT_AN_INTEGER)]
    child = getattr(field, "child", None) or getattr(field, "child_relation", None)
    if child is not None and _integer_like(child):
        items = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else ()
        if any(not is_strict_integer(item) for item in items):
            return [str(NOT_AN_INTEGER)]
    return None


def harden_serializer_fields(fields) -> None:
    """Give every writable field its limit: text length, date window, year range; idempotent."""
    limit = text_max_length()
    for name, field in fields.items():
        if field.read_only:
            continue
        if isinstance(field, serializers.ListField | serializers.DictField):
            harden_serializer_fields({name: field.child})
        if isinstance(field, serializers.CharField):
            if field.max_length is None or field.max_length > limit:
                field.max_length = limit
                field.validators.append(TextMaxLengthValidator(limit))
        elif (
            isinstance(field, serializers.DateField | serializers.DateTimeField)
            and validate_date not in field.validators
        ):
            field.validators.append(validate_date)
        elif (
            isinstance(field, serializers.IntegerField) and is_year_name(name) and validate_year not in field.validators
        ):
            field.validators.append(validate_year)


def restrict_related_fields(fields, user) -> None:
    """Offer a writable related field only the records ``user`` may view: an id out of the user's scope is
    then refused exactly like an id no record has ("Invalid pk"), telling nothing of its existence."""
    for field in fields.values():
        if field.read_only:
            continue
        related = getattr(field, "child_relation", field)
        queryset = getattr(related, "queryset", None)
        if isinstance(related, RelatedField) and hasattr(queryset, "restrict"):
            related.queryset = queryset.restrict(user, "view")


class StrictSerializerMixin:
    def get_fields(self):
        fields = super().get_fields()
        harden_serializer_fields(fields)
        request = self.context.get("request")
        if request is not None:
            restrict_related_fields(fields, request.user)
        return fields

    def to_internal_value(self, data):
        if hasattr(data, "get"):
            errors = {}
            for name, field in self.fields.items():
                if field.read_only or field.source == "*":
                    continue
                raw = data.get(field.field_name, None)
                if isinstance(field, ManyRelatedField) and hasattr(data, "getlist") and not isinstance(data, dict):
                    raw = data.getlist(field.field_name) or None
                problem = _type_errors(field, raw)
                if problem:
                    errors[name] = problem
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictSerializer(StrictSerializerMixin, serializers.Serializer):
    pass


class StrictModelSerializer(StrictSerializerMixin, serializers.ModelSerializer):
    pass


def _read(reader, data):
    try:
        return reader(data)
    except ValidationError as exc:
        raise serializers.ValidationError(exc.messages) from exc


class NumberField(serializers.DecimalField):
    """A decimal; text is read the Indonesian way as well ("12,5", "1.234.567,89"), ambiguous text refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 22)
        kwargs.setdefault("decimal_places", 4)
        kwargs.setdefault("coerce_to_string", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str):
            data = _read(parse_number, data)
            if data is None:
                self.fail("invalid")
            if data != data.to_integral_value():
                data = data.normalize()  # "84,50" has two decimals in writing only
        return super().to_internal_value(data)


class IntegerNumberField(serializers.IntegerField):
    """A whole number (population, counts); text is read as ``NumberField`` reads it, fractions refused."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str) and data.strip() == "":
            self.fail("invalid")
        if isinstance(data, float | Decimal):
            # A JSON number with a fraction part, even 2026.0: an integer is sent as one (strict JSON types).
            raise serializers.ValidationError(NOT_AN_INTEGER, code="invalid")
        if isinstance(data, str):
            data = _read(parse_integer, data)
        return super().to_internal_value(data)


# For a ModelSerializer: its decimal and integer model fields become NumberField / IntegerNumberField.
# DRF's own DecimalField reads the string "1.600" as 1.6, silently; these read it as the forms do.
# (A comment, not a docstring: the OpenAPI schema would show a docstring on every serializer using it.)
class NumberFieldsMixin:
    serializer_field_mapping = {
        model_field: (
            NumberField
            if field is serializers.DecimalField
            else IntegerNumberField
            if field is serializers.IntegerField and not issubclass(model_field, models.AutoField)
            else field
        )
        for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
    }
