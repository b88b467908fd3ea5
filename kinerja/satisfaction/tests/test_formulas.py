from decimal import Decimal

import pytest

from kinerja.satisfaction import formulas
from kinerja.satisfaction.formulas import ikm, minimum_sample

CODES = [f"U{i}" for i in range(1, 10)]


def everyone(score, n=1):
    return [dict.fromkeys(CODES, score) for _ in range(n)]


@pytest.mark.parametrize(
    ("index", "grade", "label"),
    [
        ("100", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.305", "A", "Sangat Baik"),  # rounds half up to 88,31
        ("88.3049", "B", "Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.605", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.995", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25", "D", "Tidak Baik"),
    ],
)
def test_grade_boundaries_are_inclusive_after_rounding(index, grade, label):
    assert formulas.grade(Decimal(index)) == (grade, label)


def test_all_best_and_all_worst():
    best = ikm(everyone(4, 3))
    assert (best.index, best.grade, best.label, best.respondents) == (Decimal("100.00"), "A", "Sangat Baik", 3)
    worst = ikm(everyone(1))
    assert (worst.index, worst.grade) == (Decimal("25.00"), "D")
    assert worst.element_index["U9"] == Decimal("25.00")


def test_hand_computed_mixed_case_in_both_methods():
    # U1 answered 4, 4, 3, 3 (NRR 3,5); every other element 3. Sum of NRRs 27,5.
    responses = everyone(3, 4)
    for response, score in zip(responses, (4, 4, 3, 3), strict=True):
        response["U1"] = score
    exact = ikm(responses)
    assert exact.nrr["U1"] == Decimal("3.5000") and exact.nrr["U2"] == Decimal("3.0000")
    assert exact.element_index["U1"] == Decimal("87.50")
    assert exact.index == Decimal("76.39") and exact.grade == "C"  # 27,5 / 9 × 25 = 76,388…
    rounded = ikm(responses, method="rounded")
    assert rounded.index == Decimal("76.31") and rounded.grade == "C"  # 27,5 × 0,111 × 25 = 76,3125
    assert exact.weakest(2) == ["U2", "U3"]


def test_rounded_weight_caps_the_index_below_100():
    assert ikm(everyone(4), method="rounded").index == Decimal("99.90")


def test_unanswered_elements_are_left_out_of_their_mean():
    responses = [{"U1": 4, "U2": None}, {"U1": 2, "U2": 3}, {"U1": None, "U2": None}]
    result = ikm(responses)
    assert result.nrr == {"U1": Decimal("3.0000"), "U2": Decimal("3.0000")}
    assert result.index == Decimal("75.00") and result.grade == "C" and result.respondents == 3
    # A boundary reached through unanswered elements: U1 4,4 (4), U2 3,4,3 (3,3333…): 7,3333/2 × 25 = 91,67.
    result = ikm([{"U1": 4, "U2": 3}, {"U1": 4, "U2": 4}, {"U1": None, "U2": 3}])
    assert result.index == Decimal("91.67") and result.grade == "A"


def test_nothing_answered_has_no_index_and_bad_scores_are_refused():
    empty = ikm([{"U1": None}])
    assert empty.index is None and empty.grade is None and empty.respondents == 1
    with pytest.raises(ValueError):
        ikm([{"U1": 5}])
    with pytest.raises(ValueError):
        ikm(everyone(4), method="approximate")


def test_ikm_from_totals_is_what_ikm_computes():
    responses = everyone(3, 5) + everyone(2, 2)
    direct = ikm(responses)
    totals = dict.fromkeys(CODES, (3 * 5 + 2 * 2, 7))
    assert formulas.ikm_from_totals(totals, 7) == direct


@pytest.mark.parametrize(("population", "sample"), formulas.KREJCIE_MORGAN)
def test_minimum_sample_matches_every_row_of_the_krejcie_morgan_table(population, sample):
    assert minimum_sample(population) == sample
    # And the table is the formula: chi² 3,841, P 0,5, d 0,05.
    chi, p, d = 3.841, 0.5, 0.05
    assert round(chi * population * p * (1 - p) / (d * d * (population - 1) + chi * p * (1 - p))) == sample


def test_minimum_sample_between_rows_and_at_the_ends():
    assert minimum_sample(101) == 86  # the next row up (110)
    assert minimum_sample(5) == 5 and minimum_sample(0) == 0
    assert minimum_sample(5_000_000) == 384
    with pytest.raises(ValueError):
        minimum_sample(-1)
