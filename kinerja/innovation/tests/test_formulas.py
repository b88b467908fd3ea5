from decimal import Decimal

import pytest

from kinerja.innovation.formulas import iid_band, innovation_score, service_cut

WEIGHTS = {16: Decimal(3), 17: Decimal(2), 35: Decimal(4)}


def test_the_score_is_the_sum_of_weight_times_level_over_the_claimed_indicators():
    assert innovation_score(levels={16: 3, 17: 1}, weights=WEIGHTS) == Decimal(11)
    assert innovation_score(levels={}, weights=WEIGHTS) == Decimal(0)


def test_the_maximum_of_the_2026_catalogue_is_111():
    from kinerja.innovation.catalogue_data import INDICATORS

    weights = {number: Decimal(weight) for number, _n, weight, *_rest in INDICATORS}
    assert innovation_score(levels=dict.fromkeys(weights, 3), weights=weights) == Decimal(111)
    assert innovation_score(levels=dict.fromkeys(weights, 1), weights=weights) == Decimal(37)


@pytest.mark.parametrize("level", [0, 4, -1, Decimal("2.5"), True])
def test_a_level_outside_one_to_three_raises(level):
    with pytest.raises(ValueError):
        innovation_score(levels={16: level}, weights=WEIGHTS)


def test_an_indicator_absent_from_the_weights_raises():
    with pytest.raises(ValueError):
        innovation_score(levels={99: 2}, weights=WEIGHTS)


@pytest.mark.parametrize(
    "before, after, cut",
    [
        (10, 4, Decimal("60.00")),
        (14, 3, Decimal("78.57")),  # 78.5714…
        (3, 2, Decimal("33.33")),
        (8, 7, Decimal("12.50")),
        (200, 1, Decimal("99.50")),
        (40000, 39999, Decimal("0.00")),  # 0.0025 rounds to 0.00
        (40000, 39998, Decimal("0.01")),  # 0.005 rounds half up
        (5, 5, Decimal("0.00")),
        (5, 0, Decimal("100.00")),
        (4, 5, Decimal("-25.00")),  # slower or costlier: negative
        (3, 4, Decimal("-33.33")),
    ],
)
def test_the_cut_is_the_share_removed_rounded_half_up(before, after, cut):
    assert service_cut(before=Decimal(before), after=Decimal(after)) == cut


def test_the_cut_of_a_free_or_zero_service_is_none():
    assert service_cut(before=Decimal(0), after=Decimal(0)) is None
    assert service_cut(before=Decimal(0), after=Decimal(50000)) is None


@pytest.mark.parametrize(
    "index, band",
    [
        (Decimal("100"), "sangat_inovatif"),
        (Decimal("65.01"), "sangat_inovatif"),
        (Decimal("65.005"), "sangat_inovatif"),  # published with two decimals: 65,01
        (Decimal("65.004"), "inovatif"),
        (Decimal("65.00"), "inovatif"),
        (Decimal("40.01"), "inovatif"),
        (Decimal("40.00"), "kurang_inovatif"),
        (Decimal("0.01"), "kurang_inovatif"),
        (Decimal("0.004"), "tidak_dapat_dinilai"),
        (Decimal("0"), "tidak_dapat_dinilai"),
        (None, "tidak_dapat_dinilai"),
    ],
)
def test_the_2026_bands_at_every_boundary(index, band):
    assert iid_band(index) == band


def test_another_years_bands_are_data():
    bands_2023 = (
        (Decimal("60.00"), "sangat_inovatif"),
        (Decimal("34.99"), "inovatif"),
        (Decimal(0), "kurang_inovatif"),
    )
    assert iid_band(Decimal("60.01"), bands_2023) == "sangat_inovatif"
    assert iid_band(Decimal("35.00"), bands_2023) == "inovatif"
    assert iid_band(Decimal("34.99"), bands_2023) == "kurang_inovatif"
