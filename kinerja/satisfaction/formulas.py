"""The satisfaction index (IKM) of PermenPAN-RB 14/2017, as settled in docs/regulations.md, Decisions.

Pure functions, no database. The database path (selectors.py) aggregates the scores per element (sum and
count) and hands them to ``ikm_from_totals``, the same function ``ikm`` uses, so both agree by construction
and a test checks it on the same data.

- NRR of an element (unsur): the mean of its answered scores (1–4).
- IKM: the mean of the NRRs of the answered elements × 25, i.e. weight exactly 1/k for k answered elements
  (1/9 when all nine are). The "rounded" method reproduces the older practice of a weight rounded to three
  decimals (0,111 for nine), which caps the index at 99,90.
- The index is rounded to 2 decimals, half up, then graded: A ≥ 88,31 (Sangat Baik), B ≥ 76,61 (Baik),
  C ≥ 65,00 (Kurang Baik), D otherwise (Tidak Baik); lower bounds inclusive.
- Minimum sample: Krejcie & Morgan (1970), the table's next row at or above the population.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWENTY_FIVE = Decimal(25)
CENT = Decimal("0.01")
NRR_PLACES = Decimal("0.0001")
SCORES = (1, 2, 3, 4)
METHODS = ("exact", "rounded")

# Lower bounds, inclusive, on the index rounded to 2 decimals.
GRADES = (
    (Decimal("88.31"), "A", "Sangat Baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang Baik"),
    (Decimal("25.00"), "D", "Tidak Baik"),
)

# Krejcie & Morgan (1970): population N -> sample n (each equals the formula with chi² 3,841, P 0,5, d 0,05).
KREJCIE_MORGAN = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44), (55, 48),
    (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76), (100, 80), (110, 86),
    (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132),
    (210, 136), (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165),
    (300, 169), (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265),
    (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306),
    (1600, 310), (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364),
    (8000, 367), (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
)  # fmt: skip


@dataclass(frozen=True)
class IkmResult:
    index: Decimal | None
    grade: str | None
    label: str | None
    nrr: dict[str, Decimal] = field(default_factory=dict)
    element_index: dict[str, Decimal] = field(default_factory=dict)
    respondents: int = 0

    def weakest(self, count: int = 3) -> list[str]:
        """The element codes with the lowest index: the priorities to improve."""
        return sorted(self.element_index, key=lambda code: (self.element_index[code], code))[:count]


def round_2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def grade(index: Decimal, grades=GRADES) -> tuple[str, str]:
    """Return (grade, label) of an index; the index is rounded to 2 decimals first.

    ``grades`` is a method's table, (lower bound, grade, label) from the best grade down."""
    rounded = round_2(index)
    for lower, letter, label in grades:
        if rounded >= Decimal(lower):
            return letter, label
    return grades[-1][1], grades[-1][2]


def ikm_from_totals(
    totals: Mapping[str, tuple[int, int]], respondents: int, *, method: str = "exact", grades=GRADES
) -> IkmResult:
    """The IKM from, per element code, (sum of scores, number of answers)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    nrr = {code: Decimal(total) / Decimal(n) for code, (total, n) in totals.items() if n}
    if not nrr:
        return IkmResult(None, None, None, {}, {}, respondents)
    if method == "exact":
        value = sum(nrr.values(), Decimal(0)) / len(nrr) * TWENTY_FIVE
    else:
        weight = (Decimal(1) / len(nrr)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        value = sum((v * weight for v in nrr.values()), Decimal(0)) * TWENTY_FIVE
    index = round_2(value)
    letter, label = grade(index, grades)
    return IkmResult(
        index=index,
        grade=letter,
        label=label,
        nrr={code: v.quantize(NRR_PLACES, rounding=ROUND_HALF_UP) for code, v in sorted(nrr.items())},
        element_index={code: round_2(v * TWENTY_FIVE) for code, v in sorted(nrr.items())},
        respondents=respondents,
    )


def ikm(responses: Iterable[Mapping[str, int | None]], *, method: str = "exact") -> IkmResult:
    """The IKM of responses, each a mapping from element code ("U1"…"U9") to a score 1–4 or None (unanswered)."""
    totals: dict[str, list[int]] = {}
    respondents = 0
    for response in responses:
        respondents += 1
        for code, score in response.items():
            if score is None:
                continue
            if score not in SCORES:
                raise ValueError(f"score {score!r} of {code} is not 1, 2, 3 or 4")
            entry = totals.setdefault(code, [0, 0])
            entry[0] += score
            entry[1] += 1
    return ikm_from_totals({code: (t, n) for code, (t, n) in totals.items()}, respondents, method=method)


def minimum_sample(population: int) -> int:
    """Krejcie–Morgan minimum sample: the table row at or above the population (all of a population under 10)."""
    if population < 0:
        raise ValueError("the population cannot be negative")
    if population < KREJCIE_MORGAN[0][0]:
        return population
    for size, sample in KREJCIE_MORGAN:
        if population <= size:
            return sample
    return KREJCIE_MORGAN[-1][1]
