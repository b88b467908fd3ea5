from decimal import Decimal as D

import pytest

from kinerja.monitoring.formulas import achievement, annual_realization, needs_review, rating


@pytest.mark.parametrize(
    ("target", "realization", "expected"),
    [("80", "80", "100"), ("80", "60", "75"), ("50", "75", "150"), ("4", "1", "25"), ("80", "0", "0")],
)
def test_positive_polarity_is_realization_over_target(target, realization, expected):
    assert achievement(target=D(target), realization=D(realization), polarity="positive") == D(expected)


@pytest.mark.parametrize(
    ("target", "realization", "expected"),
    [
        ("10", "10", "100"),
        ("10", "8", "120"),  # lower than target: better
        ("10", "12", "80"),  # (2 - 12/10) x 100
        ("10", "15", "50"),
        ("10", "20", "0"),
        ("10", "35", "0"),  # never below 0
    ],
)
def test_negative_polarity_is_two_minus_ratio(target, realization, expected):
    assert achievement(target=D(target), realization=D(realization), polarity="negative") == D(expected)


def test_poverty_rate_above_its_target_rates_tinggi():
    from kinerja.monitoring.formulas import round_percent

    value = achievement(target=D("8.5"), realization=D("10.51"), polarity="negative")
    assert round_percent(value) == D("76.35") and rating(value) == "tinggi"


def test_negative_polarity_equals_the_lkjip_form():
    target, realization = D("3.2"), D("3.86")
    lkjip = (target - (realization - target)) / target * 100
    assert achievement(target=target, realization=realization, polarity="negative") == lkjip


@pytest.mark.parametrize(
    ("realization", "expected"),
    [("2.5", "100"), ("1.5", "100"), ("3.5", "100"), ("4.2", "80"), ("1.2", "80"), ("0", "0"), ("7", "0")],
)
def test_range_is_full_inside_the_band_and_judged_against_the_nearer_end_outside(realization, expected):
    assert achievement(target=D("1.5"), target_high=D("3.5"), realization=D(realization), polarity="range") == D(
        expected
    )


def test_zero_target_is_not_computable():
    assert achievement(target=D(0), realization=D(5), polarity="positive") is None
    assert achievement(target=D(0), realization=D(0), polarity="negative") is None
    assert achievement(target=D(0), target_high=D(0), realization=D(1), polarity="range") is None
    assert achievement(target=D(0), target_high=D(0), realization=D(0), polarity="range") == D(100)


def test_missing_target_or_realization_is_not_computable():
    assert achievement(target=None, realization=D(1), polarity="positive") is None
    assert achievement(target=D(1), realization=None, polarity="negative") is None


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        achievement(target=D(1), realization=D(1), polarity="up")
    with pytest.raises(ValueError):
        achievement(target=D(1), realization=D(1), polarity="range")
    with pytest.raises(ValueError):
        achievement(target=D(5), target_high=D(1), realization=D(1), polarity="range")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("250", "sangat_tinggi"),
        ("100", "sangat_tinggi"),
        ("91", "sangat_tinggi"),
        ("90.995", "sangat_tinggi"),  # rounds half up to 91.00
        ("90.994", "tinggi"),
        ("90.99", "tinggi"),
        ("76", "tinggi"),
        ("75.995", "tinggi"),
        ("75.99", "sedang"),
        ("66", "sedang"),
        ("65.99", "rendah"),
        ("51", "rendah"),
        ("50.999", "rendah"),
        ("50.99", "sangat_rendah"),
        ("0", "sangat_rendah"),
        ("-5", "sangat_rendah"),
    ],
)
def test_rating_at_every_boundary(value, expected):
    assert rating(D(value)) == expected


def test_values_above_150_percent_are_flagged_for_review():
    assert needs_review(D("150.01")) and not needs_review(D("150")) and not needs_review(None)


@pytest.mark.parametrize(
    ("accumulation", "expected"),
    [("sum", "60"), ("last", "25"), ("average", "20"), ("max", "25")],
)
def test_annual_realization_by_accumulation(accumulation, expected):
    assert annual_realization([D(10), None, D(25), D(25), None], accumulation) == D(expected)


def test_annual_realization_of_nothing_reported_is_none():
    for accumulation in ("sum", "last", "average", "max"):
        assert annual_realization([None, None], accumulation) is None
        assert annual_realization([], accumulation) is None
    with pytest.raises(ValueError):
        annual_realization([D(1)], "median")


def test_average_of_reported_values_only():
    assert annual_realization([D(1), D(2), None, D(4)], "average") == D(7) / D(3)
