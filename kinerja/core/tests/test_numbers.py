"""The one way numbers are read and shown (kinerja.core.numbers) and the form fields built on it."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework import serializers

from kinerja.core.api.fields import IntegerNumberField, NumberField
from kinerja.core.forms import IndonesianDecimalField, IndonesianIntegerField
from kinerja.core.numbers import (
    format_number,
    format_number_for_input,
    format_percent,
    format_rupiah,
    parse_integer,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("84,5", "84.5"),
        ("70.000.000.000", "70000000000"),
        ("1.600,0", "1600"),
        ("1.234.567,89", "1234567.89"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        ("1,234,567.89", "1234567.89"),
        ("0,5", "0.5"),
        ("-3", "-3"),
        ("-2,5", "-2.5"),
        ("\u22122,5", "-2.5"),
        (" 1 600 ", "1600"),
        ("1\u00a0600", "1600"),
        ("2026", "2026"),
        (7, "7"),
        (2.5, "2.5"),
        (Decimal("71.26"), "71.26"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_a_number_is_read_whichever_way_it_is_written_when_it_has_one_reading(text, expected):
    assert parse_number(text) == (Decimal(expected) if expected is not None else None)


@pytest.mark.parametrize("text", ["1.600", "12.500", "100.000", "-1.600", "1,600", "2.026"])
def test_one_separator_before_three_digits_is_refused_as_ambiguous(text):
    with pytest.raises(ValidationError) as caught:
        parse_number(text)
    assert caught.value.code == "ambiguous_number"


def test_the_ambiguity_message_says_both_ways_to_write_it_in_indonesian():
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        parse_number("1.600")
    assert caught.value.messages == ["1.600 ambigu: tulis 1600 untuk bilangan bulat atau 1,6 untuk pecahan desimal."]


@pytest.mark.parametrize(
    "text", ["abc", "12,5,3", "1,5.3", "1.2,3.4", "1e5", "NaN", "Infinity", "12%", "Rp 5", "--1", "1.60.000", True]
)
def test_garbage_is_refused_as_not_a_number(text):
    with pytest.raises(ValidationError) as caught:
        parse_number(text)
    assert caught.value.code == "not_a_number"


def test_a_number_too_large_for_any_column_is_refused():
    with pytest.raises(ValidationError) as caught:
        parse_number("1.000.000.000.000.000.000")
    assert caught.value.code == "too_large"


def test_whole_numbers_accept_zero_decimals_and_refuse_fractions():
    assert parse_integer("1.600,0") == 1600
    assert parse_integer("70.000.000.000") == 70_000_000_000
    assert parse_integer(1600.0) == 1600
    assert parse_integer("") is None
    with pytest.raises(ValidationError) as caught:
        parse_integer("84,5")
    assert caught.value.code == "not_whole"
    with pytest.raises(ValidationError) as caught:
        parse_integer("1.600")
    assert caught.value.code == "ambiguous_number"


@pytest.mark.parametrize(
    ("value", "places", "indonesian", "english"),
    [
        (Decimal("71.2600"), None, "71,26", "71.26"),
        ("71.26", None, "71,26", "71.26"),
        (Decimal("825000000.00"), None, "825.000.000", "825,000,000"),
        (825000000, None, "825.000.000", "825,000,000"),
        (Decimal("1234.5"), 2, "1.234,50", "1,234.50"),
        (Decimal("2.345"), 2, "2,35", "2.35"),
        (Decimal("-2.5"), None, "-2,5", "-2.5"),
        (0, None, "0", "0"),
        (None, None, "–", "–"),
        ("", None, "–", "–"),
        ("n/a", None, "n/a", "n/a"),
    ],
)
def test_a_number_is_shown_in_the_active_language(value, places, indonesian, english):
    with translation.override("id"):
        assert format_number(value, places) == indonesian
    with translation.override("en"):
        assert format_number(value, places) == english


def test_rupiah_are_shown_to_the_whole_rupiah():
    with translation.override("id"):
        assert format_rupiah("1250000000.00") == "1.250.000.000"
        assert format_rupiah(Decimal("999.50")) == "1.000"
        assert format_rupiah(None) == "–"


def test_a_percentage_is_shown_as_the_pages_show_it():
    """Two decimals half up, a space before the sign: the same as the templates' ``percent`` filter."""
    from kinerja.monitoring.templatetags.monitoring import percent

    with translation.override("id"):
        assert format_percent(Decimal("72.7272")) == "72,73 %" == percent(Decimal("72.7272"))
        assert format_percent(100) == "100,00 %" and format_percent(None) == "–"
    with translation.override("en"):
        assert format_percent("1234.5") == "1,234.50 %"


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "value", [Decimal("825000000.00"), Decimal("1600"), Decimal("12500"), Decimal("84.50"), Decimal("1600.5"), 7, 0]
)
def test_what_an_edit_field_shows_reads_back_as_the_same_number(language, value):
    with translation.override(language):
        shown = format_number_for_input(value)
        assert parse_number(shown) == value


def test_an_edit_field_shows_thousands_dots_unless_they_would_be_ambiguous():
    with translation.override("id"):
        assert format_number_for_input(Decimal("825000000.00")) == "825.000.000"
        assert format_number_for_input(Decimal("1600.50")) == "1.600,5"
        assert format_number_for_input(1600) == "1600"
        assert format_number_for_input(None) == ""


class AmountForm(forms.Form):
    amount = IndonesianDecimalField(required=False, min_value=0, max_digits=20, decimal_places=2)
    progress = IndonesianDecimalField(required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2)
    population = IndonesianIntegerField(required=False, min_value=0)
    year = IndonesianIntegerField(required=False, grouping=False)


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("progress", "84,5", Decimal("84.5")),
        ("progress", "84,50", Decimal("84.5")),
        ("amount", "70.000.000.000", Decimal("70000000000")),
        ("amount", "1.600,0", Decimal("1600")),
        ("population", "1.600,0", 1600),
        ("population", "12.000.000", 12_000_000),
        ("year", "2026", 2026),
    ],
)
def test_the_number_fields_store_what_was_typed(field, typed, stored):
    form = AmountForm({field: typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data[field] == stored


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("amount", "1.600"),
        ("population", "1.600"),
        ("population", "84,5"),
        ("amount", "banyak"),
        ("progress", "100,5"),
        ("progress", "12,345"),
        ("amount", "-5"),
        ("population", "-1"),
    ],
)
def test_the_number_fields_refuse_what_they_cannot_store_exactly(field, typed):
    form = AmountForm({field: typed})
    assert not form.is_valid()
    assert field in form.errors


def test_a_number_field_is_a_text_input_with_a_numeric_keyboard():
    html = str(AmountForm()["amount"]) + str(AmountForm()["population"])
    assert 'type="number"' not in html
    assert 'inputmode="decimal"' in html and 'inputmode="numeric"' in html


def test_a_number_field_shows_its_initial_value_as_the_page_does_and_takes_it_back_unchanged():
    initial = {"amount": Decimal("825000000.00"), "progress": Decimal("84.50"), "population": 12500, "year": 2026}
    with translation.override("id"):
        form = AmountForm(initial=initial)
        shown = {name: form[name].value() for name in initial}
        html = {name: str(form[name]) for name in initial}
        assert 'value="825.000.000"' in html["amount"]
        assert 'value="84,5"' in html["progress"]
        assert 'value="12500"' in html["population"]  # "12.500" would be refused as ambiguous
        assert 'value="2026"' in html["year"]
        data = {name: form.fields[name].widget.format_value(value) for name, value in shown.items()}
        resubmitted = AmountForm(data, initial=initial)
        assert resubmitted.is_valid(), resubmitted.errors
        assert resubmitted.cleaned_data == initial
        assert resubmitted.changed_data == []


class _Body(serializers.Serializer):
    amount = NumberField(max_digits=20, decimal_places=2, required=False)
    count = IntegerNumberField(min_value=0, required=False)


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ({"amount": 84.5}, {"amount": Decimal("84.50")}),
        ({"amount": "84,5"}, {"amount": Decimal("84.50")}),
        ({"amount": "84,50"}, {"amount": Decimal("84.50")}),
        ({"amount": "70.000.000.000"}, {"amount": Decimal("70000000000.00")}),
        ({"amount": 70000000000}, {"amount": Decimal("70000000000.00")}),
        ({"count": 1600}, {"count": 1600}),
        ({"count": "1.600,0"}, {"count": 1600}),
        ({"count": "12.000.000"}, {"count": 12_000_000}),
    ],
)
def test_the_api_takes_json_numbers_as_they_are_and_reads_strings_as_the_forms_do(sent, stored):
    body = _Body(data=sent)
    assert body.is_valid(), body.errors
    assert body.validated_data == stored


@pytest.mark.parametrize(
    "sent",
    [
        {"amount": "1.600"},
        {"amount": "banyak"},
        {"amount": True},
        {"amount": "84,5555"},
        {"count": "1.600"},
        {"count": 1600.5},
        {"count": "84,5"},
        {"count": False},
        {"count": ""},
        {"count": -1},
    ],
)
def test_the_api_refuses_ambiguous_fractional_and_non_numbers(sent):
    body = _Body(data=sent)
    assert not body.is_valid()
    assert set(body.errors) == set(sent)


def test_the_api_names_the_ambiguity_in_its_message():
    body = _Body(data={"amount": "1.600"})
    assert not body.is_valid()
    assert body.errors["amount"] == ["1.600 is ambiguous: write 1600 for the whole number or 1.6 for the decimal."]
