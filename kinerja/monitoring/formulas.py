"""Achievement (capaian) and rating by Permendagri 86/2017, as settled in docs/regulations.md, Decisions.

Pure functions: Decimal in, Decimal out, no database, so that they can be checked against the
regulation's own rules and reused by the SQL-side aggregation tests.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
TWO = Decimal(2)
ZERO = Decimal(0)
REVIEW_ABOVE = Decimal(150)

POLARITIES = ("positive", "negative", "range")
ACCUMULATIONS = ("sum", "last", "average", "max")

# Lower bounds, inclusive, applied to the achievement rounded to 2 decimals (half up).
RATING_BANDS = (
    (Decimal("91"), "sangat_tinggi"),
    (Decimal("76"), "tinggi"),
    (Decimal("66"), "sedang"),
    (Decimal("51"), "rendah"),
)
RATING_LABELS = {
    "sangat_tinggi": "Sangat Tinggi",
    "tinggi": "Tinggi",
    "sedang": "Sedang",
    "rendah": "Rendah",
    "sangat_rendah": "Sangat Rendah",
}


def _positive(target: Decimal, realization: Decimal) -> Decimal | None:
    if target == ZERO:
        return None
    return realization / target * HUNDRED


def _negative(target: Decimal, realization: Decimal) -> Decimal | None:
    # (2 - R/T) x 100, the same as (T - (R - T)) / T x 100; never below 0.
    if target == ZERO:
        return None
    return max(ZERO, (TWO - realization / target) * HUNDRED)


def achievement(
    *, target: Decimal | None, realization: Decimal | None, polarity: str, target_high: Decimal | None = None
) -> Decimal | None:
    """Return the achievement in percent, or None where it cannot be computed.

    ``polarity`` is "positive" (higher is better), "negative" (lower is better) or "range", where
    ``target`` is the low and ``target_high`` the high end of the band: 100 inside the band, judged as
    negative polarity against the high end above it, as positive polarity against the low end below it.
    A zero target (or a missing value) is not computable: the caller shows "–" with the reason.
    """
    return compute(target, realization, polarity, target_high)


def compute(
    target: Decimal | None, realization: Decimal | None, polarity: str, target_high: Decimal | None = None
) -> Decimal | None:
    """``achievement`` with positional arguments, for the loops that run it once per indicator."""
    if polarity == "positive":
        return None if target is None or realization is None else _positive(target, realization)
    if polarity not in POLARITIES:
        raise ValueError(f"unknown polarity {polarity!r}")
    if target is None or realization is None:
        return None
    if polarity == "negative":
        return _negative(target, realization)
    if target_high is None:
        raise ValueError("a range target needs target_high")
    if target > target_high:
        raise ValueError("the low end of the range is above the high end")
    if target <= realization <= target_high:
        return HUNDRED
    if realization > target_high:
        return _negative(target_high, realization)
    return _positive(target, realization)


def against_reference(
    *, reference: Decimal | None, realization: Decimal | None, polarity: str, reference_high: Decimal | None = None
) -> Decimal | None:
    """The realization against a reference value (an end target, a national standard) with the indicator's
    polarity, in percent; a range indicator's reference is its band, or the single value itself."""
    if polarity == "range" and reference is not None:
        reference_high = reference_high if reference_high is not None else reference
    return achievement(target=reference, realization=realization, polarity=polarity, target_high=reference_high)


def meets(*, reference: Decimal | None, realization: Decimal | None, polarity: str) -> bool | None:
    """Whether the realization reaches the reference (a national standard): at or above it, at or below it for
    a negative indicator, on it for a range one; None when either is missing or the reference is zero."""
    value = against_reference(reference=reference, realization=realization, polarity=polarity)
    return None if value is None else value >= HUNDRED


def round_percent(value: Decimal) -> Decimal:
    """Round to 2 decimals, half up, as the rating and the reports do."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rating(value: Decimal) -> str:
    """Return the Permendagri 86/2017 rating of an achievement (values above 100 % are Sangat Tinggi)."""
    rounded = round_percent(value)
    for lower_bound, name in RATING_BANDS:
        if rounded >= lower_bound:
            return name
    return "sangat_rendah"


def needs_review(value: Decimal | None) -> bool:
    """Return whether an achievement is so high (above 150 %) that the target may have been set too low."""
    return value is not None and value > REVIEW_ABOVE


def annual_realization(values: Iterable[Decimal | None], accumulation: str) -> Decimal | None:
    """Combine the period values of a year (in period order, None for a missing period).

    ``sum`` adds the reported periods, ``last`` takes the last reported value, ``average`` the mean of
    the reported values, ``max`` the largest; None when nothing was reported.
    """
    if accumulation not in ACCUMULATIONS:
        raise ValueError(f"unknown accumulation {accumulation!r}")
    reported = [v for v in values if v is not None]
    if not reported:
        return None
    if accumulation == "sum":
        return sum(reported, ZERO)
    if accumulation == "last":
        return reported[-1]
    if accumulation == "average":
        return sum(reported, ZERO) / Decimal(len(reported))
    return max(reported)


def target_to_date(
    *, target: Decimal, accumulation: str, polarity: str, elapsed: int, expected: int
) -> tuple[Decimal, bool]:
    """Return the target to date after ``elapsed`` of the year's ``expected`` periods, and whether it is pro rata.

    A summed indicator's annual target is taken pro rata to the periods elapsed (the target profile is
    taken as even); a level indicator (last, average, max) or a range keeps its annual target.
    """
    if accumulation == "sum" and polarity != "range" and 0 < elapsed < expected:
        return target * Decimal(elapsed) / Decimal(expected), True
    return target, False


def achievement_to_period(
    *,
    annual_target: Decimal | None,
    annual_target_high: Decimal | None,
    values: list[Decimal | None],
    periods_in_year: int,
    accumulation: str,
    polarity: str,
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """Return (target to date, realization to date, achievement) at the end of the last of ``values``.

    ``values`` are the values of the year's periods up to and including the period in question (None
    for a period without a counted value). This is what the value of that period gives: the same rule as
    the dashboards' achievement to date, at that period.
    """
    realization = annual_realization(values, accumulation)
    if annual_target is None:
        return None, realization, None
    target, pro_rata = target_to_date(
        target=annual_target,
        accumulation=accumulation,
        polarity=polarity,
        elapsed=len(values),
        expected=periods_in_year,
    )
    try:
        value = achievement(
            target=target,
            realization=realization,
            polarity=polarity,
            target_high=None if pro_rata else annual_target_high,
        )
    except ValueError:
        value = None
    return target, realization, value
