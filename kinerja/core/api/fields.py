"""Serializer fields for numbers, reading text as the forms do (``kinerja.core.numbers``).

What the API accepts: a JSON number is taken as the number it is (``84.5``, ``70000000000``); a JSON
string goes through the same reader as every form and import, so ``"84,5"`` and ``"70.000.000.000"``
are accepted and ``"1.600"`` is refused as ambiguous, with the message in the ``extra.fields`` of the
error. Booleans are refused. Decimals come back as strings with their fixed places (``"84.5000"``).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework import serializers

from kinerja.core.numbers import parse_integer, parse_number


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
        if isinstance(data, (str, float, Decimal)):
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
