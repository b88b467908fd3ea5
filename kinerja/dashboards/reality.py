"""The reality check: signals computed from the data that figures on paper and the facts disagree.

For a government and a year, every agency's signals, each explained in one sentence with its facts and
links to them (docs/design.md, The reality check, for the rules, severities and weights). Nothing here is
stored or typed: the signals are recomputed from the records on every request, in a fixed number of
queries whatever the number of agencies, indicators or values (the aggregates are grouped in SQL by the
owning apps' selectors; the formulas then run once per agency or indicator). An inspector's review is the
only record (``SignalReview``), tied to a signal by its stable key; ``record_signals`` keeps, once a day, which
signals were computed from when to when (``SignalSighting``), so that the weekly brief can tell what was new or
resolved in a week.

Thresholds are settings (``REALITY_*`` in kinerja/settings.py).
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, FilteredRelation, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.core.choices import AGENCY_ROLES
from kinerja.core.models import Agency
from kinerja.core.numbers import format_number, format_percent, format_rupiah
from kinerja.core.periods import last_ended_month
from kinerja.core.permissions import VIEW, actions_for
from kinerja.core.querysets import user_grants
from kinerja.core.routes import route
from kinerja.dashboards.models import SignalReview, SignalSighting
from kinerja.dashboards.permissions import REALITY
from kinerja.monitoring import selectors as monitoring
from kinerja.monitoring.choices import MONTH_NAMES, QUARTER_NAMES
from kinerja.monitoring.models import ReportingPeriod
from kinerja.planning.choices import IndicatorType, NodeKind, Polarity
from kinerja.projects import selectors as projects
from kinerja.satisfaction import selectors as satisfaction

ACHIEVEMENT_WITHOUT_SATISFACTION = "achievement_without_satisfaction"
PROGRESS_DIVERGENCE = "progress_divergence"
MISSING_EVIDENCE = "missing_evidence"
YEAR_END_SURGE = "year_end_surge"
UNAMBITIOUS_TARGET = "unambitious_target"
PROCESS_KEY_INDICATOR = "process_key_indicator"
REUSED_EVIDENCE = "reused_evidence"
PHOTO_METADATA = "photo_metadata"

HIGH, MEDIUM, LOW = "high", "medium", "low"
WEIGHTS = {HIGH: 3, MEDIUM: 2, LOW: 1}
SEVERITY_LABELS = {HIGH: gettext_lazy("high"), MEDIUM: gettext_lazy("medium"), LOW: gettext_lazy("low")}

# kind → (severity, label); the order is the order of the page's columns and of the documentation.
KINDS = {
    ACHIEVEMENT_WITHOUT_SATISFACTION: (HIGH, gettext_lazy("Achievement without satisfaction")),
    REUSED_EVIDENCE: (HIGH, gettext_lazy("Reused evidence")),
    PROGRESS_DIVERGENCE: (MEDIUM, gettext_lazy("Physical and financial progress diverge")),
    MISSING_EVIDENCE: (MEDIUM, gettext_lazy("Values without evidence")),
    YEAR_END_SURGE: (MEDIUM, gettext_lazy("Year-end surge")),
    PHOTO_METADATA: (MEDIUM, gettext_lazy("Photo date or place does not match")),
    UNAMBITIOUS_TARGET: (LOW, gettext_lazy("Unambitious target")),
    PROCESS_KEY_INDICATOR: (LOW, gettext_lazy("Key indicator measures a process")),
}
# Plan levels at which a key indicator is expected to measure an outcome.
OUTCOME_LEVELS = {
    "goal": gettext_lazy("goal (tujuan)"),
    "objective": gettext_lazy("objective (sasaran)"),
    "program": gettext_lazy("program"),
}
EXAMPLES = 5  # uses or photos named in one sentence; the facts list all
# The names of the facts, as the signal's page shows them (the API gives the keys).
FACT_LABELS = {
    "achievement_to_date": gettext_lazy("Achievement to date (%)"),
    "achievement_high": gettext_lazy("High achievement from (%)"),
    "ikm": gettext_lazy("IKM"),
    "ikm_grade": gettext_lazy("IKM grade"),
    "ikm_low": gettext_lazy("Low IKM below"),
    "ikm_period": gettext_lazy("Survey period"),
    "respondents": gettext_lazy("Respondents"),
    "surveys": gettext_lazy("Surveys (id)"),
    "survey_units": gettext_lazy("Surveys"),
    "month": gettext_lazy("Up to month"),
    "physical_actual": gettext_lazy("Physical progress (%)"),
    "financial_actual": gettext_lazy("Financial realization (%)"),
    "divergence": gettext_lazy("Physical minus financial (points)"),
    "margin": gettext_lazy("Margin (points)"),
    "sub_activities": gettext_lazy("Sub-activities with a budget"),
    "sub_activities_diverging": gettext_lazy("Sub-activities diverging (id)"),
    "verified_values": gettext_lazy("Verified values"),
    "without_evidence": gettext_lazy("Without evidence"),
    "share": gettext_lazy("Share (%)"),
    "limit": gettext_lazy("Limit (%)"),
    "indicator": gettext_lazy("Indicator (id)"),
    "indicator_name": gettext_lazy("Indicator"),
    "periods_reported": gettext_lazy("Periods reported"),
    "year_total": gettext_lazy("Year's realization"),
    "latest_period": gettext_lazy("Latest period"),
    "latest_value": gettext_lazy("Value of the latest period"),
    "indicator_type": gettext_lazy("Type"),
    "node_kind": gettext_lazy("Plan level"),
    "polarity": gettext_lazy("Polarity"),
    "target": gettext_lazy("Target of the year"),
    "baseline": gettext_lazy("Baseline"),
    "baseline_year": gettext_lazy("Baseline year"),
    "previous_year_realization": gettext_lazy("Last year's realization"),
    "sha256": gettext_lazy("SHA-256"),
    "uses": gettext_lazy("Uses of the file"),
    "photos": gettext_lazy("Photos"),
    "ceiling": gettext_lazy("Budget ceiling (Rp)"),
    # the fields of the records a fact lists (the uses of a file, the photos)
    "evidence": gettext_lazy("Evidence (id)"),
    "name": gettext_lazy("File name"),
    "period": gettext_lazy("Period (id)"),
    "period_label": gettext_lazy("Period"),
    "photo": gettext_lazy("Photo (id)"),
    "project": gettext_lazy("Project (id)"),
    "project_name": gettext_lazy("Project"),
    "taken_at": gettext_lazy("Taken on"),
    "latitude": gettext_lazy("Latitude"),
    "longitude": gettext_lazy("Longitude"),
    "file": gettext_lazy("File"),
    "finding": gettext_lazy("Finding"),
}
# How a fact's value is shown: numbers the Indonesian way, rupiah to the rupiah, dates as the pages write them,
# codes by their labels; identifiers, years and texts as they are.
NUMBER_FACTS = frozenset({
    "achievement_to_date", "achievement_high", "ikm", "ikm_low", "respondents", "physical_actual",
    "financial_actual", "divergence", "margin", "sub_activities", "verified_values", "without_evidence", "share",
    "limit", "periods_reported", "year_total", "latest_value", "target", "baseline", "previous_year_realization",
    "uses", "latitude", "longitude",
})  # fmt: skip
# Percentages, points and the IKM with two decimals, as the sentences write them (``25,00``, not ``25``).
TWO_PLACES_FACTS = frozenset({
    "achievement_to_date", "achievement_high", "ikm", "ikm_low", "physical_actual", "financial_actual",
    "divergence", "margin", "share", "limit",
})  # fmt: skip
RUPIAH_FACTS = frozenset({"ceiling"})
MOMENT_FACTS = frozenset({"taken_at"})
CHOICE_FACTS = {"indicator_type": IndicatorType, "node_kind": NodeKind, "polarity": Polarity}


def fact_text(name: str, value) -> str:
    """One fact's value as the signal's page shows it (the API keeps the machine's form)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(fact_text(name, item) for item in value)
    if name in TWO_PLACES_FACTS:
        return format_number(value, 2)
    if name in NUMBER_FACTS:
        return format_number(value)
    if name in RUPIAH_FACTS:
        return format_rupiah(value)
    if name in MOMENT_FACTS:
        moment = parse_datetime(str(value))
        if moment is None:
            return str(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "d-m-Y H:i")
    if name == "ikm_period":
        try:
            return satisfaction.parse_period(str(value)).display
        except ValueError:
            return str(value)
    if name == "month" and isinstance(value, int) and value in MONTH_NAMES:
        return str(MONTH_NAMES[value])
    if name in CHOICE_FACTS:
        choices = CHOICE_FACTS[name]
        return str(choices(value).label) if value in choices.values else str(value)
    return str(value)


def fact_label(name: str) -> str:
    return str(FACT_LABELS.get(name, name))


# Facts that name a record by its id: on the page a link to the record, under its name where the facts hold it
# (the API keeps both). fact → (the fact holding its name, the record's address from its id and the year).
RECORD_FACTS = {
    "indicator": ("indicator_name", lambda pk, year: f"{route('monitoring:indicator_values', pk)}?year={year}"),
    "project": ("project_name", lambda pk, year: route("projects:detail", pk)),
    "evidence": ("name", lambda pk, year: route("monitoring:evidence", pk)),
    "photo": ("", lambda pk, year: route("projects:photo", pk)),
    "surveys": ("survey_units", lambda pk, year: route("satisfaction:survey_detail", pk)),
}
NAMED_BY = {name: fact for fact, (name, _address) in RECORD_FACTS.items() if name}


def _fact_cells(facts: dict, year: int, record: bool = False) -> list[tuple[str, str]]:
    """(label, HTML) of each fact of ``facts`` a page shows: a record's id as a link under its name (the name's
    own fact then left out), a period's id left out beside its label, a file as a link to it (a photo's id then
    left out, an evidence's name linking to it already). ``record``: the fields of one listed record, those
    without a value left out."""
    cells = []
    for name, value in facts.items():
        if name in NAMED_BY and NAMED_BY[name] in facts:
            continue  # shown as the link of its record
        if (name == "period" and "period_label" in facts) or (name == "photo" and "file" in facts):
            continue
        if name == "file" and "evidence" in facts:
            continue
        if record and value is None:
            continue
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            lines = [
                _joined("; ", (format_html("{}: {}", label, html) for label, html in _fact_cells(item, year, True)))
                if isinstance(item, dict)
                else escape(fact_text(name, item))
                for item in value
            ]
            cells.append((fact_label(name), _joined("<br>", lines)))
        elif name == "file":
            cells.append((fact_label(name), format_html('<a href="{}">{}</a>', value, _("Open the file"))))
        elif name in RECORD_FACTS and not isinstance(value, dict):
            label_fact, address = RECORD_FACTS[name]
            ids = value if isinstance(value, list) else [value]
            names = facts.get(label_fact) if label_fact else None
            names = names if isinstance(names, list) else [names] * len(ids)
            named = len(names) == len(ids) and all(n not in (None, "") for n in names)
            links = [
                format_html('<a href="{}">{}</a>', address(pk, year), name if named else f"#{pk}")
                for pk, name in zip(ids, names if named else ids, strict=True)
            ]
            cells.append((fact_label(label_fact if named else name), _joined(", ", links)))
        else:
            cells.append((fact_label(name), escape(fact_text(name, value))))
    return cells


def _joined(separator: str, parts) -> str:
    """``parts``, each escaped already (``format_html``, ``escape``), joined by the markup ``separator``."""
    return mark_safe(separator.join(parts))  # noqa: S308 (the parts are escaped, the separators are markup)


def fact_rows(signal: "Signal", year: int) -> list[tuple[str, str]]:
    """The facts of a signal as (label, HTML) rows for its page: records by their names, linked; a list of
    records one record per line, each field with its label."""
    return _fact_cells(signal.facts, year)


@dataclass
class Signal:
    """One signal of one agency: what it is, why (one sentence), the facts it rests on and where they are."""

    agency_id: int
    agency_code: str
    agency_name: str
    kind: str
    key: str
    explanation: str
    facts: dict = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)
    review: SignalReview | None = None

    @property
    def severity(self) -> str:
        return KINDS[self.kind][0]

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS[self.severity])

    @property
    def weight(self) -> int:
        return WEIGHTS[self.severity]

    @property
    def label(self) -> str:
        return str(KINDS[self.kind][1])

    @property
    def reviewed(self) -> bool:
        return self.review is not None


@dataclass
class AgencySignals:
    """An agency's row on the page: its signals, how many and how heavy (open ones first)."""

    agency: Agency
    signals: list[Signal]

    @property
    def count(self) -> int:
        return len(self.signals)

    @property
    def weight(self) -> int:
        return sum(s.weight for s in self.signals)

    @property
    def open_weight(self) -> int:
        return sum(s.weight for s in self.signals if not s.reviewed)

    @property
    def open_count(self) -> int:
        return sum(1 for s in self.signals if not s.reviewed)


def visible_agencies(user, government) -> list[Agency]:
    """The agencies of ``government`` whose signals ``user`` may see (one query once the grants are loaded)."""
    agencies = Agency.objects.filter(government=government).only("id", "code", "name", "short_name", "government_id")
    if user.is_superuser:
        return list(agencies.order_by("name"))
    allowed: set[int] = set()
    everything = False
    for grant in user_grants(user):
        if grant.government_id != government.pk or VIEW not in actions_for(grant.role, REALITY):
            continue
        if grant.role in AGENCY_ROLES:
            allowed |= grant.agency_ids
        else:
            everything = True
    if not everything:
        if not allowed:
            return []
        agencies = agencies.filter(pk__in=allowed)
    return list(agencies.order_by("name"))


def _pct(value) -> str:
    """A figure with two decimals (an IKM, points of difference); percentages use ``format_percent``."""
    return format_number(value, 2)


def _day(day: datetime.date) -> str:
    """A date in a sentence, as the pages write it (``14-09-2026``, as ``date_format(day, "d-m-Y")``)."""
    return day.strftime("%d-%m-%Y")


def _period_label(kind: str, number: int, year: int, months=MONTH_NAMES) -> str:
    """``TW III 2026`` or ``September 2026``; ``months`` the month names already translated, in a loop."""
    return f"{QUARTER_NAMES[number]} {year}" if kind == "quarter" else f"{months[number]} {year}"


def _short(text: str, length: int) -> str:
    """``Truncator(text).chars(length)``, without its work for the texts that already fit (most of them)."""
    return text if len(text) <= length else Truncator(text).chars(length)


def _distance_km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(a)))


class _Builder:
    """Collects the signals of one computation; ``add`` drops those of agencies the user may not see."""

    def __init__(self, agencies: dict[int, Agency], year: int):
        self.agencies, self.year, self.signals = agencies, year, []
        self._dashboards: dict[int, tuple[str, str]] = {}
        # The month names of the sentences, translated once per computation.
        self.months = {number: str(name) for number, name in MONTH_NAMES.items()}

    def add(self, agency_id, kind: str, subject: str, explanation: str, facts: dict, links) -> None:
        agency = self.agencies.get(agency_id)
        if agency is None:
            return
        self.signals.append(
            Signal(
                agency_id=agency.pk,
                agency_code=agency.code,
                agency_name=agency.short_name or agency.name,
                kind=kind,
                key=f"{kind}:{subject}",
                explanation=explanation,
                facts=facts,
                links=list(links),
            )
        )

    def dashboard(self, agency_id) -> tuple[str, str]:
        link = self._dashboards.get(agency_id)
        if link is None:
            agency = self.agencies.get(agency_id)
            if agency is None:  # not shown to this user: ``add`` drops the signal
                return "", ""
            link = self._dashboards[agency_id] = (
                _("Agency dashboard"),
                f"{reverse('dashboards:agency_dashboard', args=[agency.code])}?year={self.year}",
            )
        return link

    def indicator(self, indicator_id) -> tuple[str, str]:
        return _("Values of the indicator"), f"{route('monitoring:indicator_values', indicator_id)}?year={self.year}"


def compute(*, user, government, year: int, today: datetime.date | None = None) -> list[Signal]:
    """Every signal of ``year`` for the agencies of ``government`` the user may see, reviews attached."""
    today = today or timezone.localdate()
    agencies = {a.pk: a for a in visible_agencies(user, government)}
    if not agencies:
        return []
    build = _Builder(agencies, year)
    gid = government.pk
    indicators = monitoring.reportable_indicators(user=user).filter(government_id=gid)
    _achievement_without_satisfaction(build, user, gid, year, today)
    _progress_divergence(build, user, gid, year, today)
    _missing_evidence(build, user, gid, year)
    _year_end_surge(build, user, gid, year)
    _targets(build, indicators, year)
    _reused_evidence(build, user, gid, year)
    _photo_metadata(build, user, gid, year)
    reviews = {
        (r.agency_id, r.key): r
        for r in SignalReview.objects.filter(government_id=gid, year=year, agency_id__in=list(agencies)).select_related(
            "reviewer"
        )
    }
    for signal in build.signals:
        signal.review = reviews.get((signal.agency_id, signal.key))
    order = list(KINDS)
    build.signals.sort(key=lambda s: (-s.weight, s.agency_name, order.index(s.kind), s.key))
    return build.signals


def by_agency(signals: list[Signal], agencies: list[Agency]) -> list[AgencySignals]:
    """Agencies with signals, the heaviest open ones first (then all signals' weight, then the count)."""
    grouped: dict[int, list[Signal]] = {}
    for signal in signals:
        grouped.setdefault(signal.agency_id, []).append(signal)
    rows = [AgencySignals(a, grouped[a.pk]) for a in agencies if a.pk in grouped]
    rows.sort(key=lambda r: (-r.open_weight, -r.weight, -r.count, r.agency.name))
    return rows


def record_signals(government, year: int, today: datetime.date) -> dict[str, int]:
    """Record which signals of ``year`` the data give ``today`` (``SignalSighting``), for every agency.

    A signal without an open sighting opens one (first and last seen today), marked ``returned`` when the same
    signal had been resolved before; an open sighting still computed is seen today; one no longer computed is
    resolved today. Only the current year is recorded (``year`` must be ``today``'s), and a day before one
    already recorded changes nothing. The signals' queries, then at most four: the open sightings, the resolved
    ones among the new keys, the inserts and the two updates. Return the counts.
    """
    from kinerja.core.access import SYSTEM

    counts = {"opened": 0, "returned": 0, "seen": 0, "resolved": 0}
    if year != today.year:
        return counts
    computed = {(s.agency_id, s.key): s for s in compute(user=SYSTEM, government=government, year=year, today=today)}
    with transaction.atomic():
        sightings = SignalSighting.objects.filter(government=government, year=year)
        open_rows = {
            (agency_id, key): (pk, last_seen)
            for pk, agency_id, key, last_seen in sightings.filter(resolved_on__isnull=True)
            .select_for_update()
            .values_list("pk", "agency_id", "key", "last_seen")
        }
        if any(last_seen > today for _pk, last_seen in open_rows.values()):
            return counts  # a later day was recorded already: the past is not rewritten from today's data
        new = [pair for pair in computed if pair not in open_rows]
        seen = [pk for pair, (pk, _last) in open_rows.items() if pair in computed]
        gone = [pk for pair, (pk, _last) in open_rows.items() if pair not in computed]
        if seen:
            counts["seen"] = sightings.filter(pk__in=seen, last_seen__lt=today).update(last_seen=today)
        if gone:
            counts["resolved"] = sightings.filter(pk__in=gone).update(resolved_on=today)
        if new:
            before = set(
                sightings.filter(resolved_on__isnull=False, key__in={key for _a, key in new}).values_list(
                    "agency_id", "key"
                )
            )
            rows = [
                SignalSighting(
                    government=government,
                    agency_id=agency_id,
                    year=year,
                    kind=computed[(agency_id, key)].kind,
                    key=key,
                    explanation=computed[(agency_id, key)].explanation,
                    first_seen=today,
                    last_seen=today,
                    returned=(agency_id, key) in before,
                )
                for agency_id, key in new
            ]
            SignalSighting.objects.bulk_create(rows, ignore_conflicts=True)  # a concurrent run opened it: kept once
            counts["opened"] = len(rows)
            counts["returned"] = sum(1 for row in rows if row.returned)
    return counts


def record_daily(today: datetime.date) -> None:
    """The daily step before the digests: record the signals of the current year of every government."""
    from kinerja.core.models import Government

    for government in Government.objects.order_by("code"):
        record_signals(government, today.year, today)


# --- the kinds ----------------------------------------------------------------------------------------


def _achievement_without_satisfaction(build, user, gid, year, today) -> None:
    """The IKM of every agency first (a few rows per survey); the achievement, which reads every indicator,
    only for the agencies whose IKM is low."""
    high, low = settings.REALITY_ACHIEVEMENT_HIGH, settings.REALITY_IKM_LOW
    latest_ikm = satisfaction.latest_ikm_by_agency(user=user, government_id=gid, year=year, today=today)
    unhappy = {
        agency_id: latest
        for agency_id, latest in latest_ikm.items()
        if agency_id in build.agencies and latest["ikm"].index is not None and latest["ikm"].index < low
    }
    results = monitoring.indicator_results(
        indicators=monitoring.reportable_indicators(user=user, agency_ids=list(unhappy)).filter(government_id=gid),
        year=year,
        as_of=today,
        labels=False,  # the agencies' roll-ups only
    )
    achievement = monitoring.rollup_by_agency(results, "achievement_to_date")
    for agency_id, latest in unhappy.items():
        value, ikm = achievement.get(agency_id), latest["ikm"]
        if value is None or value < high:
            continue
        agency = build.agencies[agency_id]
        period = latest["period"].label
        period_text = latest["period"].display
        build.add(
            agency_id,
            ACHIEVEMENT_WITHOUT_SATISFACTION,
            f"agency-{agency_id}",
            _(
                "Achievement to date is %(achievement)s while the IKM of its service units for %(period)s is "
                "%(ikm)s (grade %(grade)s): the figures rise, but the public does not yet feel it."
            )
            % {"achievement": format_percent(value), "period": period_text, "ikm": _pct(ikm.index), "grade": ikm.grade},
            {
                "achievement_to_date": str(value.quantize(Decimal("0.01"))),
                "achievement_high": str(settings.REALITY_ACHIEVEMENT_HIGH),
                "ikm": str(ikm.index),
                "ikm_grade": ikm.grade,
                "ikm_low": str(low),
                "ikm_period": period,
                "respondents": ikm.respondents,
                "surveys": latest["surveys"],
                "survey_units": latest["units"],
            },
            [
                build.dashboard(agency_id),
                (
                    _("IKM of the agency's service units"),
                    f"{reverse('satisfaction:agency_results', args=[agency.code])}?period={period}",
                ),
                (_("IKM in the API"), f"/api/v1/agencies/{agency_id}/ikm/?period={period}"),
                (_("Achievement in the API"), f"/api/v1/agencies/{agency_id}/achievement/?year={year}"),
            ],
        )


def _progress_divergence(build, user, gid, year, today) -> None:
    month = last_ended_month(year, today)
    if month < 1:
        return
    margin = settings.REALITY_PROGRESS_MARGIN
    for agency_id, p in monitoring.progress_by_agency(user=user, government_id=gid, year=year, month=month).items():
        gap = p["physical"] - p["financial"]
        if agency_id not in build.agencies or abs(gap) <= margin:
            continue
        values = {
            "physical": format_percent(p["physical"]),
            "financial": format_percent(p["financial"]),
            "month": f"{MONTH_NAMES[month]} {year}",
            "gap": _pct(abs(gap)),
            "margin": _pct(margin),
        }
        explanation = (
            _(
                "Physical progress %(physical)s is ahead of the financial realization %(financial)s by "
                "%(month)s: %(gap)s points apart, more than the margin of %(margin)s."
            )
            if gap > 0
            else _(
                "Physical progress %(physical)s lags the financial realization %(financial)s by %(month)s: "
                "%(gap)s points apart, more than the margin of %(margin)s."
            )
        ) % values
        build.add(
            agency_id,
            PROGRESS_DIVERGENCE,
            f"agency-{agency_id}",
            explanation,
            {
                "month": month,
                "physical_actual": str(p["physical"].quantize(Decimal("0.01"))),
                "financial_actual": str(p["financial"].quantize(Decimal("0.01"))),
                "divergence": str(gap.quantize(Decimal("0.01"))),
                "margin": str(margin),
                "ceiling": str(p["ceiling"].quantize(Decimal("1"))),
            },
            [build.dashboard(agency_id)],
        )


def _missing_evidence(build, user, gid, year) -> None:
    limit = settings.REALITY_MISSING_EVIDENCE_SHARE
    without = reverse("monitoring:without_evidence")
    for agency_id, (total, bare) in monitoring.evidence_coverage(user=user, government_id=gid, year=year).items():
        if not total or agency_id not in build.agencies:
            continue
        share = Decimal(bare * 100) / Decimal(total)
        if share <= limit:
            continue
        build.add(
            agency_id,
            MISSING_EVIDENCE,
            f"agency-{agency_id}",
            _(
                "%(bare)s of its %(total)s verified values (%(share)s) have no evidence file, above the limit of "
                "%(limit)s."
            )
            % {
                "bare": format_number(bare),
                "total": format_number(total),
                "share": format_percent(share),
                "limit": format_percent(limit),
            },
            {
                "verified_values": total,
                "without_evidence": bare,
                "share": str(share.quantize(Decimal("0.01"))),
                "limit": str(limit),
            },
            [
                (
                    _("Verified values without evidence"),
                    f"{without}?{urlencode({'agency': build.agencies[agency_id].code, 'year': year})}",
                ),
                build.dashboard(agency_id),
            ],
        )


def _year_end_surge(build, user, gid, year) -> None:
    limit = settings.REALITY_SURGE_SHARE
    rows = monitoring.surge_candidates(
        user=user, government_id=gid, year=year, min_periods=settings.REALITY_SURGE_MIN_PERIODS, share=limit
    )
    periods = {
        p.pk: p.label
        for p in ReportingPeriod.objects.filter(government_id=gid, year=year).only("kind", "number", "year")
    }
    for row in rows:
        total, last = row["working_sum"], row["working_last"]
        if not total or last is None:
            continue
        share = last * 100 / total
        if share <= limit:
            continue
        agency_id = row["indicator__node__agency_id"] or row["indicator__responsible_agency_id"]
        period = periods.get(row["latest_period"], "")
        build.add(
            agency_id,
            YEAR_END_SURGE,
            f"indicator-{row['indicator_id']}",
            _(
                "%(indicator)s: %(share)s of the year's realization (%(last)s of %(total)s %(unit)s) was reported "
                "in its latest period, %(period)s."
            )
            % {
                "indicator": row["indicator__name"],
                "share": format_percent(share),
                "last": format_number(last),
                "total": format_number(total),
                "unit": row["indicator__unit"],
                "period": period,
            },
            {
                "indicator": row["indicator_id"],
                "indicator_name": row["indicator__name"],
                "periods_reported": row["working_count"],
                "year_total": str(total.normalize()),
                "latest_period": period,
                "latest_value": str(last.normalize()),
                "share": str(share.quantize(Decimal("0.01"))),
                "limit": str(limit),
            },
            [build.indicator(row["indicator_id"]), build.dashboard(agency_id)],
        )


def _targets(build, indicators, year) -> None:
    """Unambitious targets and key indicators of type process: one query, filtered in SQL, that joins each
    indicator's target of the year and last year's verified totals; the comparison is then made again exactly."""
    rows = (
        indicators.order_by()
        .annotate(
            annual=FilteredRelation("targets", condition=Q(targets__year=year, targets__period_kind="year")),
            before=FilteredRelation(
                "year_totals", condition=Q(year_totals__year=year - 1, year_totals__verified_count__gt=0)
            ),
        )
        .annotate(
            previous=Case(
                When(accumulation="last", then=F("before__verified_last")),
                When(accumulation="max", then=F("before__verified_max")),
                When(accumulation="average", then=F("before__verified_sum") / F("before__verified_count")),
                default=F("before__verified_sum"),
            )
        )
    )
    positive = Q(polarity="positive") & (
        Q(annual__value__lt=F("baseline"), baseline_year__lt=year) | Q(annual__value__lt=F("previous"))
    )
    negative = Q(polarity="negative") & (
        Q(annual__value__gt=F("baseline"), baseline_year__lt=year) | Q(annual__value__gt=F("previous"))
    )
    flagged = rows.filter(Q(is_key=True, indicator_type="process") | positive | negative).values_list(
        "id", "name", "polarity", "indicator_type", "is_key", "baseline", "baseline_year", "node__kind",
        "node__agency_id", "responsible_agency_id", "annual__value", "accumulation", "before__verified_sum",
        "before__verified_count", "before__verified_last", "before__verified_max",
    )  # fmt: skip
    for row in flagged:
        pk, name, polarity, kind, is_key, baseline, baseline_year, node_kind, node_agency, responsible = row[:10]
        target, accumulation, total, count, last, largest = row[10:]
        agency_id = node_agency or responsible
        if is_key and kind == "process":
            level = OUTCOME_LEVELS.get(node_kind, OUTCOME_LEVELS["objective"])
            build.add(
                agency_id,
                PROCESS_KEY_INDICATOR,
                f"indicator-{pk}",
                _(
                    "%(indicator)s is a key indicator (IKU) of type process: it counts work done, not the outcome "
                    "expected at the level of a %(level)s."
                )
                % {"indicator": name, "level": level},
                {"indicator": pk, "indicator_name": name, "indicator_type": kind, "node_kind": node_kind},
                [
                    (_("The indicator"), route("planning:indicator_detail", pk)),
                    build.dashboard(agency_id),
                ],
            )
        if target is None or polarity == "range":
            continue
        last_value = None
        if count:
            last_value = {"last": last, "max": largest, "average": total / count if total is not None else None}.get(
                accumulation, total
            )
        lower = polarity == "negative"
        against_baseline = _weaker(target, baseline, lower) and (baseline_year is None or baseline_year < year)
        against_last = _weaker(target, last_value, lower)
        if not (against_baseline or against_last):
            continue
        values = {
            "indicator": name,
            "year": year,
            "target": format_number(target),
            "baseline": format_number(baseline),
            "baseline_year": baseline_year or "",
            "previous": format_number(last_value),
        }
        if against_baseline:
            sentence = (
                _("%(indicator)s: the %(year)s target %(target)s is above the baseline %(baseline)s of %(baseline_year)s, where lower is better.")
                if lower
                else _("%(indicator)s: the %(year)s target %(target)s is below the baseline %(baseline)s of %(baseline_year)s.")
            )  # fmt: skip
        else:
            sentence = (
                _("%(indicator)s: the %(year)s target %(target)s is above last year's realization %(previous)s, where lower is better.")
                if lower
                else _("%(indicator)s: the %(year)s target %(target)s is below last year's realization %(previous)s.")
            )  # fmt: skip
        build.add(
            agency_id,
            UNAMBITIOUS_TARGET,
            f"indicator-{pk}",
            sentence % values,
            {
                "indicator": pk,
                "indicator_name": name,
                "polarity": polarity,
                "target": str(target.normalize()),
                "baseline": str(baseline.normalize()) if baseline is not None else None,
                "baseline_year": baseline_year,
                "previous_year_realization": str(last_value.normalize()) if last_value is not None else None,
            },
            [
                (_("Targets of the indicator"), route("planning:indicator_detail", pk)),
                build.indicator(pk),
            ],
        )


def _weaker(target: Decimal, reference: Decimal | None, lower_is_better: bool) -> bool:
    """Whether ``target`` asks less than ``reference`` (below it, or above it where lower is better)."""
    return reference is not None and (target > reference if lower_is_better else target < reference)


def _reused_evidence(build, user, gid, year) -> None:
    groups: dict[tuple[int, str], list[dict]] = {}
    for row in monitoring.reused_evidence(user=user, government_id=gid, year=year):
        groups.setdefault((row["realization__agency_id"], row["sha256"]), []).append(row)
    for (agency_id, sha256), uses in groups.items():
        where = [
            f"{_short(u['realization__indicator__name'], 60)} · "
            f"{_period_label(u['realization__period__kind'], u['realization__period__number'], u['realization__period__year'], build.months)}"
            for u in uses
        ]
        build.add(
            agency_id,
            REUSED_EVIDENCE,
            f"file-{sha256}",
            _("The same file %(name)s (SHA-256 %(short)s…) is the evidence of %(uses)s values: %(where)s.")
            % {"name": uses[0]["name"], "short": sha256[:12], "uses": len(uses), "where": "; ".join(where[:EXAMPLES])},
            {
                "sha256": sha256,
                "uses": [
                    {
                        "evidence": u["id"],
                        "name": u["name"],
                        "indicator": u["realization__indicator_id"],
                        "indicator_name": u["realization__indicator__name"],
                        "period": u["realization__period_id"],
                        "period_label": label,
                    }
                    for u, label in zip(uses, [w.split(" · ")[-1] for w in where], strict=True)
                ],
            },
            [
                (
                    _("Values of %(period)s") % {"period": w.split(" · ")[-1]},
                    route("monitoring:entry", u["realization__indicator_id"], u["realization__period_id"]),
                )
                for u, w in list(zip(uses, where, strict=True))[:EXAMPLES]
            ],
        )


def _photo_metadata(build, user, gid, year) -> None:
    limit = float(settings.REALITY_PHOTO_DISTANCE_KM)
    months = build.months
    # The sentences' parts, translated once: a province at ten times the size has thousands of photos.
    taken_on, taken_far = _("taken on %(date)s, not in %(month)s"), _("taken %(km)s km from the project site")
    found: dict[int, list[dict]] = {}
    for row in projects.photos_with_metadata(user=user, government_id=gid, year=year):
        month = row["report__month"]
        problems = []
        if row["taken_at"] is not None:
            taken = timezone.localtime(row["taken_at"]).date()
            if (taken.year, taken.month) != (month.year, month.month):
                problems.append(taken_on % {"date": _day(taken), "month": f"{months[month.month]} {month.year}"})
        site = (row["report__project__latitude"], row["report__project__longitude"])
        if row["latitude"] is not None and site[0] is not None and site[1] is not None:
            distance = _distance_km(row["latitude"], row["longitude"], *site)
            if distance > limit:
                problems.append(taken_far % {"km": format_number(Decimal(str(round(distance, 1))))})
        if problems:
            found.setdefault(row["report__project__agency_id"], []).append(
                {
                    "photo": row["id"],
                    "project": row["report__project_id"],
                    "project_name": row["report__project__name"],
                    "what": f"{_short(row['report__project__name'], 60)}, {months[month.month]} {month.year}: "
                    f"{', '.join(problems)}",
                    "taken_at": row["taken_at"].isoformat() if row["taken_at"] else None,
                    "latitude": str(row["latitude"]) if row["latitude"] is not None else None,
                    "longitude": str(row["longitude"]) if row["longitude"] is not None else None,
                    "link": route("projects:detail", row["report__project_id"]),
                    "file": route("projects:photo", row["id"]),
                }
            )
    for row in monitoring.evidence_photos(user=user, government_id=gid, year=year):
        taken = timezone.localtime(row["taken_at"]).date()
        starts, ends = row["realization__period__starts"], row["realization__period__ends"]
        if starts <= taken <= ends:
            continue
        label = _period_label(
            row["realization__period__kind"],
            row["realization__period__number"],
            row["realization__period__year"],
            months,
        )
        found.setdefault(row["realization__agency_id"], []).append(
            {
                "evidence": row["id"],
                "name": row["name"],
                "indicator": row["realization__indicator_id"],
                "indicator_name": row["realization__indicator__name"],
                "what": f"{_short(row['name'], 60)}: " + taken_on % {"date": _day(taken), "month": label},
                "taken_at": row["taken_at"].isoformat(),
                "link": f"{route('monitoring:indicator_values', row['realization__indicator_id'])}?year={year}",
                "file": route("monitoring:evidence", row["id"]),
            }
        )
    for agency_id, photos in found.items():
        build.add(
            agency_id,
            PHOTO_METADATA,
            f"agency-{agency_id}",
            _("%(count)s photos do not match what they document (EXIF): %(examples)s.")
            % {"count": len(photos), "examples": "; ".join(p["what"] for p in photos[:EXAMPLES])},
            {
                "photos": [
                    {k: v for k, v in p.items() if k not in ("link", "what")} | {"finding": p["what"]} for p in photos
                ]
            },
            [(_short(p["what"], 80), p["link"]) for p in photos[:EXAMPLES]],
        )


def compute_kept(*, user, government, year: int, today: datetime.date | None = None) -> list[Signal]:
    """``compute``, kept for ``DASHBOARD_CACHE_SECONDS`` until the next audited write (kinerja.core.cache):
    the signals read every value, file and budget of the government. Kept per language, the explanations
    being sentences; a review is audited, so marking a signal reviewed shows at once."""
    from django.utils.translation import get_language

    from kinerja.core.cache import kept

    today = today or timezone.localdate()
    return kept(
        "reality",
        user=user,
        government_id=government.pk,
        parts=(year, today.isoformat(), get_language()),
        seconds=settings.DASHBOARD_CACHE_SECONDS,
        compute=lambda: compute(user=user, government=government, year=year, today=today),
    )
