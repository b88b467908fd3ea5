import pytest
from django.core.exceptions import ValidationError

from kinerja.planning.codes import lookup_candidates, normalize_code, validate_code


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("program", "1.02.02"),
        ("program", "X.XX.01"),
        ("activity", "1.02.02.1.01"),
        ("sub_activity", "1.02.02.1.01.0009"),
    ],
)
def test_valid_sipd_codes_are_accepted(kind, code):
    assert validate_code(kind, code) == code


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("program", "1.2.02"),
        ("program", "1.02.02.1"),
        ("activity", "1.02.02.01.01"),
        ("sub_activity", "1.02.02.1.01.009"),
        ("sub_activity", "1.02.02.1.01.00009"),
        ("sub_activity", "abc"),
        ("program", ""),
    ],
)
def test_malformed_sipd_codes_are_refused_with_the_expected_form(kind, code):
    with pytest.raises(ValidationError, match="expected the form"):
        validate_code(kind, code)


def test_legacy_two_digit_sub_activity_is_widened_to_four():
    assert normalize_code("1.02.02.1.01.09") == "1.02.02.1.01.0009"
    assert validate_code("sub_activity", " 1.02.02.1.01.09 ", "1.02.02.1.01") == "1.02.02.1.01.0009"


def test_code_must_extend_its_parents_code():
    with pytest.raises(ValidationError, match="does not extend"):
        validate_code("activity", "1.02.03.1.01", "1.02.02")


def test_support_program_codes_are_looked_up_under_the_generic_placeholder():
    assert lookup_candidates("1.02.01.1.01.0001") == ["1.02.01.1.01.0001", "X.XX.01.1.01.0001"]
    assert lookup_candidates("1.02.02.1.01") == ["1.02.02.1.01"]
