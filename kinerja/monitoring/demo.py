"""Demo data of monitoring: 2026 up to the last month ended on the day of the load, generated, illustrative.

The demo runs to the last ended period of 2026 on the day it is loaded (``kinerja.core.periods``: loaded
on 2 December 2026, January–November and TW I–III), so that its cases sit in the most recent periods.
Values are deterministic for a given load day (derived from codes and periods, no randomness) and follow
a profile per agency, so that the dashboards show something to act on: most agencies report on time,
Dinas Sosial reports late, Disnakertrans has not reported the latest quarter, DPMPTSP's latest quarter
was returned, Ketahanan Pangan left the latest quarter in draft (each with the months since that quarter
began), Dishub is far behind its targets, and PU Bina Marga reports physical progress far ahead of its
spending. Perumahan reports little of its monthly outputs until the latest month, which catches up on the
year (a year-end surge); Dinas Sosial attaches its first period's file again as the evidence of its latest
ones (reused evidence). 2025 is reported in full and verified, on time, for the comparison with last year.
Values keep the indicator's decimal places: a count of documents or people is a whole number (each period
reports what brings the rounded year to date up to its profile). A value is submitted five days after its period ends (a late one twelve days after the
deadline), never after the load day; the latest month waits for verification. Most values carry a
small PDF as evidence.
"""

import datetime
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kinerja.core.access import SYSTEM
from kinerja.core.models import Government, User
from kinerja.core.periods import last_ended_month
from kinerja.monitoring import services
from kinerja.monitoring.models import Budget, Realization
from kinerja.planning import services as planning
from kinerja.planning.choices import NodeKind
from kinerja.planning.models import Indicator, PlanNode

YEAR = 2026
PREVIOUS_YEAR = 2025
NOTE = "ilustrasi: nilai dibangkitkan untuk demo"

# agency code → (achievement factor, what happens to the latest ended quarter and the months since it began)
PROFILES = {
    "dinkes": (Decimal("1.02"), "verified"),
    "disdik": (Decimal("0.97"), "verified"),
    "dpubmtr": (Decimal("0.95"), "verified"),
    "disperkim": (Decimal("0.78"), "verified"),
    "satpolpp": (Decimal("0.92"), "verified"),
    "dinsos": (Decimal("0.90"), "late"),
    "disnakertrans": (Decimal("0.85"), "missing"),
    "dispangan": (Decimal("0.88"), "draft"),
    "dishub": (Decimal("0.55"), "verified"),
    "dpmptsp": (Decimal("0.93"), "returned"),
    "bappeda": (Decimal("1.00"), "verified"),
    "bapenda": (Decimal("1.05"), "verified"),
    "kesbangpol": (Decimal("0.96"), "verified"),
}

# Monthly outputs reported at a fraction of their share until the latest month, which makes up the year.
SURGES = {"disperkim": Decimal("0.3")}
# Agencies whose latest periods carry the file of their first period again.
REUSES_EVIDENCE = {"dinsos"}


def _wobble(key: str) -> Decimal:
    """A deterministic factor between 0.85 and 1.15 for ``key``."""
    digest = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)
    return Decimal(85 + digest % 31) / 100


def _pdf(title: str) -> bytes:
    text = title.replace("(", "[").replace(")", "]")[:90]
    stream = f"BT /F1 11 Tf 50 780 Td (Bukti dukung - ILUSTRASI DEMO) Tj 0 -18 Td ({text}) Tj ET".encode(
        "latin-1", "replace"
    )
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _at(day: datetime.date, now: datetime.datetime) -> datetime.datetime:
    """10:00 UTC on ``day``, but never later than ``now`` (the load)."""
    return min(datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC), now)


def _rounded(value: Decimal, places: int) -> Decimal:
    """``value`` to the indicator's decimal places (half up): whole numbers for a count."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _previous_year(indicator, sub, periods, *, factor, operator, head, planner, now) -> int:
    """The whole of 2025 reported, with evidence, submitted on time and verified: last year's column."""
    target = indicator.targets.filter(year=PREVIOUS_YEAR, period_kind="year").first()
    if target is None:
        return 0
    if indicator.frequency == "monthly":
        keys, share = [("month", m) for m in range(1, 13)], target.value / 12
    else:
        keys, share = [("quarter", q) for q in range(1, 5)], target.value / 4
    planned = reported = Decimal(0)
    for kind, number in keys:
        period = periods[(kind, number)]
        planned += share * factor * _wobble(f"{PREVIOUS_YEAR}/{sub.code}/{kind}{number}")
        value = max(Decimal(0), _rounded(planned, indicator.precision) - reported)
        reported += value
        realization = services.realization_save(
            user=operator,
            indicator=indicator,
            period=period,
            value=value,
            explanation=f"Capaian {period.label} ({NOTE}).",
            today=period.ends + datetime.timedelta(days=1),
            is_illustrative=True,
            expected_version=None,
        )
        if _wobble(f"evidence/{PREVIOUS_YEAR}/{sub.code}/{number}") < Decimal("1.10"):
            upload = SimpleUploadedFile(
                f"bukti-{sub.code}-{PREVIOUS_YEAR}-{kind}{number}.pdf", _pdf(f"{sub.code} {period.label}")
            )
            services.evidence_add(user=operator, realization=realization, upload=upload)
        realization = services.realization_submit(
            user=head,
            realization=realization,
            now=_at(period.ends + datetime.timedelta(days=5), now),
            expected_version=realization.lock_version,
        )
        services.realization_verify(user=planner, realization=realization, expected_version=realization.lock_version)
    return len(keys)


def months_loaded(today: datetime.date) -> tuple[int, int]:
    """(the last month, the last quarter) of 2026 the demo reports when loaded on ``today``: the ended ones."""
    last_month = last_ended_month(YEAR, today)
    return last_month, last_month // 3


def load(*, stdout, government: Government) -> None:
    previous = {(p.kind, p.number): p for p in services.periods_ensure(government=government, year=PREVIOUS_YEAR)}
    periods = {(p.kind, p.number): p for p in services.periods_ensure(government=government, year=YEAR)}
    if Realization.objects.filter(government=government).exists():
        stdout.write("  monitoring: already loaded")
        return
    planner = User.objects.get(username="bappeda")
    now = timezone.now()
    today = timezone.localdate(now)
    last_month, last_quarter = months_loaded(today)
    # The cases fall in the latest ended quarter and the months since it began (every month before TW I ends).
    first_case_month = 3 * last_quarter - 2 if last_quarter else 1
    nodes = PlanNode.objects.filter(
        period__government=government, period__status="active", kind=NodeKind.SUB_ACTIVITY, agency__code__in=PROFILES
    )
    count = previous_count = 0
    for sub in nodes.select_related("agency").order_by("code", "agency__code"):
        factor, case = PROFILES[sub.agency.code]
        operator = User.objects.get(username=f"{sub.agency.code}.operator")
        head = User.objects.get(username=f"{sub.agency.code}.kepala")
        for indicator in Indicator.objects.filter(node=sub):
            if sub.code.endswith(".0001") and indicator.frequency != "monthly":
                indicator = planning.indicator_update(
                    user=SYSTEM,
                    indicator=indicator,
                    data={"frequency": "monthly"},
                    expected_version=indicator.lock_version,
                )
            previous_count += _previous_year(
                indicator, sub, previous, factor=factor, operator=operator, head=head, planner=planner, now=now
            )
            target = indicator.targets.get(year=YEAR, period_kind="year").value
            if indicator.frequency == "monthly":
                keys = [("month", m) for m in range(1, last_month + 1)]
                share = target / 12
            else:
                keys = [("quarter", q) for q in range(1, last_quarter + 1)]
                share = target / 4
            planned = reported = Decimal(0)
            for kind, number in keys:
                period = periods[(kind, number)]
                latest = number == last_quarter if kind == "quarter" else number >= first_case_month
                fate = case if latest else "verified"
                if fate == "missing":
                    continue
                surge = SURGES.get(sub.agency.code) if kind == "month" else None
                if surge is not None and number == last_month:
                    # little month by month, then the latest month brings the year to date up to the profile
                    value = _rounded(max(share * factor * number - reported, share), indicator.precision)
                else:
                    planned += share * factor * (surge if surge is not None else _wobble(f"{sub.code}/{kind}{number}"))
                    value = max(Decimal(0), _rounded(planned, indicator.precision) - reported)
                reported += value
                realization = services.realization_save(
                    user=operator,
                    indicator=indicator,
                    period=period,
                    value=value,
                    explanation=f"Capaian {period.label} ({NOTE}).",
                    today=period.ends + datetime.timedelta(days=1),
                    is_illustrative=True,
                    expected_version=None,  # a new value
                )
                if _wobble(f"evidence/{sub.code}/{number}") < Decimal("1.10"):
                    source = period
                    if latest and sub.agency.code in REUSES_EVIDENCE:
                        source = periods[keys[0]]  # the first period's attendance list, uploaded again
                    upload = SimpleUploadedFile(
                        f"bukti-{sub.code}-{source.kind}{source.number}.pdf", _pdf(f"{sub.code} {source.label}")
                    )
                    services.evidence_add(user=operator, realization=realization, upload=upload)
                if fate == "draft":
                    continue
                late = fate == "late"
                submitted_on = (
                    period.deadline + datetime.timedelta(days=12) if late else period.ends + datetime.timedelta(days=5)
                )
                realization = services.realization_submit(
                    user=head,
                    realization=realization,
                    now=_at(submitted_on, now),
                    expected_version=realization.lock_version,
                )
                if fate == "returned":
                    services.realization_return(
                        user=planner,
                        realization=realization,
                        reason="Bukti dukung belum memuat daftar hadir dan foto kegiatan (ilustrasi).",
                        expected_version=realization.lock_version,
                    )
                elif not (kind == "month" and number == last_month):
                    services.realization_verify(
                        user=planner, realization=realization, expected_version=realization.lock_version
                    )
                count += 1
        _budget(sub, last_month)
    stdout.write(
        f"  monitoring: {count} values submitted for {YEAR} up to month {last_month}, "
        f"{previous_count} verified for {PREVIOUS_YEAR}, "
        f"budgets for {nodes.count()} sub-activities"
    )


def _budget(sub: PlanNode, last_month: int) -> None:
    if Budget.objects.filter(node=sub, year=YEAR).exists():
        return
    ceiling = (Decimal(250_000_000) * _wobble(f"pagu/{sub.agency.code}/{sub.code}") * 3).quantize(Decimal("1000"))
    budget = services.budget_set(user=SYSTEM, node=sub, year=YEAR, ceiling=ceiling, expected_version=None)
    # Spending is planned to rise through the year (an S-curve); each month's share of the ceiling in percent.
    shares = [3, 4, 6, 7, 8, 9, 9, 10, 10, 11, 11, 12]
    factor, _case = PROFILES[sub.agency.code]
    ahead = sub.agency.code == "dpubmtr"
    cumulative_plan = 0
    spent_share = Decimal(0)
    for month, share in enumerate(shares, start=1):
        cumulative_plan += share
        cash = (ceiling * share / 100).quantize(Decimal("1000"))
        spent = None
        actual = None
        if month <= last_month:
            spend_factor = Decimal("0.55") if ahead else factor
            spent = (cash * spend_factor * _wobble(f"spent/{sub.code}/{month}") / Decimal("1.1")).quantize(
                Decimal("1000")
            )
            spent_share += spent / ceiling * 100
            physical = spent_share * (Decimal("2.1") if ahead else Decimal("1.02"))
            actual = min(Decimal(100), physical).quantize(Decimal("0.01"))
        services.budget_month_set(
            user=SYSTEM,
            budget=budget,
            month=month,
            cash_plan=cash,
            spent=spent,
            physical_plan=Decimal(cumulative_plan),
            physical_actual=actual,
            expected_version=None,  # a new month
        )
