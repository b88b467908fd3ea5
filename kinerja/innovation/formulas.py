"""The innovation index's arithmetic, pure (Decimal in, Decimal out, no ORM); see docs/regulations.md, IID.

- ``innovation_score``: the SID score of one innovation, Σ weight × parameter level (1–3).
- ``service_cut``: how much a service shrank, (before − after) / before × 100, two decimals half up.
- ``iid_band``: the predikat of an index; bands are data per assessment year, 2026's by default.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
LEVELS = (1, 2, 3)
# (exclusive lower bound, band) from the best band down; an index of 0 (or none) cannot be assessed.
BANDS_2026 = (
    (Decimal("65.00"), "sangat_inovatif"),
    (Decimal("40.00"), "inovatif"),
    (Decimal("0"), "kurang_inovatif"),
)
NOT_ASSESSABLE = "tidak_dapat_dinilai"


def innovation_score(*, levels: dict, weights: dict) -> Decimal:
    """Return Σ ``weights[k] × levels[k]`` over the indicators ``k`` in ``levels``.

    A level outside 1–3 (or not a whole number) or an indicator absent from ``weights`` raises ValueError:
    a score built on a wrong level would look valid.
    """
    total = Decimal(0)
    for key, level in levels.items():
        if key not in weights:
            raise ValueError(f"indicator {key!r} is not in the catalogue's weights")
        if isinstance(level, bool) or Decimal(level) not in {Decimal(v) for v in LEVELS}:
            raise ValueError(f"level {level!r} of indicator {key!r} is not 1, 2 or 3")
        total += Decimal(weights[key]) * Decimal(level)
    return total


def service_cut(*, before: Decimal, after: Decimal) -> Decimal | None:
    """Return (before − after) / before × 100, rounded half up to 2 decimals; None when ``before`` is 0.

    Negative when the service became slower, longer or costlier.
    """
    before, after = Decimal(before), Decimal(after)
    if before == 0:
        return None
    return ((before - after) / before * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def iid_band(index: Decimal | None, bands=BANDS_2026) -> str:
    """Return the band of an index: above 65.00 sangat_inovatif, above 40.00 inovatif, above 0 kurang_inovatif,
    otherwise tidak_dapat_dinilai (the 2026 bands; another year passes its own, exclusive lower bounds).

    The index is rounded half up to 2 decimals first, as the bands are published (65,01 is the first
    "sangat inovatif" value)."""
    if index is None:
        return NOT_ASSESSABLE
    index = Decimal(index).quantize(CENT, rounding=ROUND_HALF_UP)  # as published: two decimals
    for lower, band in bands:
        if index > Decimal(lower):
            return band
    return NOT_ASSESSABLE
