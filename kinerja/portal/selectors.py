"""What the public portal shows: approved data only, read in a fixed number of queries per page.

Approved means: verified current realizations (never draft, submitted or returned values), the IKM of
survey periods that have ended (an open period's index still moves), projects' reported progress,
agreements in force (signed by both parties) and directives with the follow-up their agencies reported.
Nothing here takes a user: the portal is anonymous, and every query names its government.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from kinerja.core.models import Agency, Government, Region
from kinerja.integrity.choices import DocumentKind, DocumentState
from kinerja.integrity.models import SignedDocument
from kinerja.monitoring import formulas
from kinerja.monitoring.choices import RealizationState
from kinerja.monitoring.models import Realization
from kinerja.monitoring.selectors import IndicatorResult, indicator_results, mean, rollup_by_agency
from kinerja.monitoring.services import FREQUENCY_PERIODS
from kinerja.planning.models import Indicator, PlanNode, Target
from kinerja.projects.choices import Category, Health
from kinerja.projects.models import Assignment, Directive, Meeting, Photo, ProgressReport, Project
from kinerja.satisfaction.models import Survey
from kinerja.satisfaction.selectors import Period, ikm_of, ikm_per_survey

PUBLIC_CATEGORIES = (Category.NATIONAL, Category.REGIONAL)


def public_government() -> Government | None:
    """The government whose portal this installation serves: ``PORTAL_GOVERNMENT`` (its code), else the first."""
    code = getattr(settings, "PORTAL_GOVERNMENT", "")
    governments = Government.objects.order_by("pk")
    return governments.filter(code=code).first() if code else governments.first()


def public_years(government: Government, today: datetime.date | None = None) -> list[int]:
    """The years of the active RPJMD period up to this one, newest first (later years have no results)."""
    today = today or timezone.localdate()
    node = (
        PlanNode.objects.filter(period__government=government, period__status="active", period__kind="rpjmd")
        .values_list("period__start_year", "period__end_year")
        .first()
    )
    if node is None:
        return [today.year]
    start, end = node
    return list(range(min(end, today.year), start - 1, -1)) or [today.year]


def is_finished(year: int, today: datetime.date | None = None) -> bool:
    """A year whose every period has ended: its pages no longer change."""
    return year < (today or timezone.localdate()).year


def _indicators(government: Government) -> QuerySet[Indicator]:
    return Indicator.objects.filter(node__period__government=government, node__period__status="active")


def _verified_results(indicators: QuerySet[Indicator], year: int) -> dict[int, IndicatorResult]:
    # include_submitted=False: only verified values count. The as-of day is today: the periods ended so far.
    return indicator_results(indicators=indicators, year=year, include_submitted=False)


@dataclass
class MissionRow:
    node: PlanNode
    achievement: Decimal | None
    to_date: Decimal | None
    indicators: list = field(default_factory=list)  # (IndicatorResult, end target) of its key indicators
    standards: dict = field(default_factory=dict)  # indicator id -> (national standard, its source), where recorded


def missions(government: Government, year: int) -> list[MissionRow]:
    """The RPJMD missions with their key indicators: target, verified realization, achievement (4 queries)."""
    nodes = list(
        PlanNode.objects.filter(
            period__government=government, period__status="active", period__kind="rpjmd", kind="mission"
        ).order_by("code", "pk")
    )
    key = _indicators(government).filter(is_key=True, node__period__kind="rpjmd")
    results = _verified_results(key, year)
    end_targets, standards = _end_targets(list(results))
    rows = []
    for node in nodes:
        marker = f"/{node.pk}/"
        mine = sorted(
            (r for r in results.values() if marker in r.node_path), key=lambda r: (r.node_path, r.indicator_id)
        )
        rows.append(
            MissionRow(
                node,
                mean(r.achievement for r in mine),
                mean(r.achievement_to_date for r in mine),
                [(r, end_targets.get(r.indicator_id)) for r in mine],
                standard_entries(mine, standards),
            )
        )
    return rows


def _end_targets(indicator_ids: list[int]) -> tuple[dict[int, Decimal], dict[int, tuple[Decimal, str]]]:
    """The end-of-period (RPJMD) target and the national standard of each indicator, where recorded (1 query)."""
    rows = Indicator.objects.filter(pk__in=indicator_ids).filter(
        Q(final_target__isnull=False) | Q(national_standard__isnull=False)
    )
    ends, standards = {}, {}
    for pk, end, standard, source in rows.values_list(
        "pk", "final_target", "national_standard", "national_standard_source"
    ):
        if end is not None:
            ends[pk] = end
        if standard is not None:
            standards[pk] = (standard, source)
    return ends, standards


def standard_entries(results, standards: dict[int, tuple[Decimal, str]]) -> dict[int, tuple[Decimal, str, bool | None]]:
    """(national standard, source, whether the verified realization meets it) of each result that has one."""
    return {
        r.indicator_id: (*standards[r.indicator_id], formulas.meets(
            reference=standards[r.indicator_id][0], realization=r.realization, polarity=r.polarity))
        for r in results
        if r.indicator_id in standards
    }  # fmt: skip


def national_standards(results) -> dict[int, tuple[Decimal, str, bool | None]]:
    """The national standard of each result's indicator that has one, and whether it is met (1 query)."""
    return standard_entries(results, _end_targets([r.indicator_id for r in results])[1])


@dataclass
class AgencyRow:
    agency: Agency
    achievement: Decimal | None
    to_date: Decimal | None
    indicators: int


def agencies(government: Government, year: int) -> list[AgencyRow]:
    """Every agency with the achievement of the indicators it reports (verified values only; 2 queries)."""
    results = _verified_results(_reported(government), year)
    achievement = rollup_by_agency(results)
    to_date = rollup_by_agency(results, "achievement_to_date")
    counts: dict[int, int] = defaultdict(int)
    for result in results.values():
        if result.agency_id:
            counts[result.agency_id] += 1
    rows = [
        AgencyRow(agency, achievement.get(agency.pk), to_date.get(agency.pk), counts.get(agency.pk, 0))
        for agency in Agency.objects.filter(government=government).order_by("name")
    ]
    return rows


def _reported(government: Government, agency: Agency | None = None) -> QuerySet[Indicator]:
    indicators = _indicators(government)
    if agency is None:
        return indicators.filter(Q(node__agency__isnull=False) | Q(responsible_agency__isnull=False))
    return indicators.filter(Q(node__agency=agency) | Q(node__agency__isnull=True, responsible_agency=agency))


def agency_results(government: Government, agency: Agency, year: int) -> list[IndicatorResult]:
    results = _verified_results(_reported(government, agency), year)
    return sorted(results.values(), key=lambda r: (r.node_path, r.indicator_id))


def agreement_in_force(agency: Agency, year: int) -> SignedDocument | None:
    """The agency head's performance agreement of the year, only once both parties signed it."""
    return (
        SignedDocument.objects.filter(
            agency=agency, year=year, kind=DocumentKind.PK_AGENCY, state=DocumentState.IN_FORCE
        )
        .order_by("-version")
        .first()
    )


def published_surveys(government: Government, today: datetime.date | None = None) -> QuerySet[Survey]:
    """Surveys whose period has ended and that were opened: their IKM no longer changes (published)."""
    today = today or timezone.localdate()
    return Survey.objects.filter(government=government, ends__lt=today).exclude(status="draft")


@dataclass
class UnitIkm:
    unit_name: str
    period: str
    ikm: object  # formulas.IkmResult


def agency_ikm(government: Government, agency: Agency, year: int) -> list[UnitIkm]:
    """The IKM of each of the agency's service units for every published survey period of the year."""
    surveys = list(
        published_surveys(government)
        .filter(service_unit__agency=agency, year=year)
        .select_related("service_unit")
        .order_by("service_unit__name", "ends", "pk")
    )
    results = ikm_per_survey([s.pk for s in surveys])
    return [
        UnitIkm(s.service_unit.name, Period(s.year, s.period_kind, s.number).label, results.get(s.pk)) for s in surveys
    ]


def government_ikm(government: Government, year: int):
    """The IKM of every published survey of the year, pooled (None when none is published)."""
    surveys = published_surveys(government).filter(year=year)
    result = ikm_of(surveys)
    return result if result.index is not None else None


def agency_innovations(government: Government, agency: Agency) -> list:
    """The agency's implemented innovations whose record a reviewer accepted (the public catalogue's)."""
    from kinerja.innovation.selectors import public_innovations

    return list(public_innovations(agency_code=agency.code).filter(government=government))


def public_projects(government: Government, agency: Agency | None = None) -> QuerySet[Project]:
    """National strategic and regional priority projects with their reported progress and region."""
    projects = Project.objects.filter(government=government, category__in=PUBLIC_CATEGORIES)
    if agency is not None:
        projects = projects.filter(agency=agency)
    return projects.select_related("agency", "region").order_by("category", "name", "pk")


def public_project(government: Government, pk: int) -> Project | None:
    """One public project with its progress reports, their photos and its milestones (4 queries)."""
    return (
        public_projects(government)
        .prefetch_related(
            "milestones",
            "fundings",
            "partner_agencies",
            Prefetch("reports", queryset=ProgressReport.objects.order_by("month").prefetch_related("photos")),
        )
        .filter(pk=pk)
        .first()
    )


def public_photo(government: Government, pk: int) -> Photo | None:
    return Photo.objects.filter(
        pk=pk, report__project__government=government, report__project__category__in=PUBLIC_CATEGORIES
    ).first()


def projects_by_region(government: Government) -> list[dict]:
    """Each regency and city with its number of public projects (for the map and its table twin)."""
    counts = dict(
        public_projects(government)
        .order_by()
        .values("region_id")
        .annotate(n=Count("id"), critical=Count("id", filter=Q(health=Health.CRITICAL)))
        .values_list("region_id", "n")
    )
    return [
        {"code": code, "name": name, "projects": counts.get(pk, 0)}
        for pk, code, name in Region.objects.filter(government=government)
        .order_by("code")
        .values_list("pk", "code", "name")
    ]


def directives(government: Government, year: int) -> list[Meeting]:
    """The coordination meetings of the year with their directives and each agency's reported follow-up."""
    return list(
        Meeting.objects.filter(government=government, date__year=year)
        .order_by("-date", "pk")
        .prefetch_related(
            Prefetch(
                "directives",
                queryset=Directive.objects.order_by("pk").prefetch_related(
                    Prefetch(
                        "assignments", queryset=Assignment.objects.select_related("agency").order_by("agency__name")
                    )
                ),
            )
        )
    )


# --- open data --------------------------------------------------------------------------------------


def period_code(kind: str, year: int, number: int) -> str:
    """A reporting period as machine-readable text: 2026-03 (a month), 2026-TW1 (a quarter)."""
    if kind == "quarter":
        return f"{year}-TW{number}"
    return f"{year}-{number:02d}"


FOUR_PLACES = Decimal("0.0001")


def realization_rows(government: Government, year: int):
    """Every verified current value of the year with its target to date and achievement, as a stream of rows.

    The achievement of a period's value is the one the entry page shows once it is verified: the value
    to date (summed, last, mean or maximum, as the indicator accumulates) against the annual target
    pro rata to the periods up to it, from the verified values of the year only. Two queries, read in
    chunks (half a million values at ten times a province): nothing is held in memory but one indicator.
    """
    annual = {
        indicator_id: (value, high)
        for indicator_id, value, high in Target.objects.filter(
            indicator__government=government, year=year, period_kind="year"
        ).values_list("indicator_id", "value", "value_high")
    }
    values = (
        Realization.objects.filter(
            government=government, period__year=year, is_current=True, state=RealizationState.VERIFIED
        )
        .order_by("indicator_id", "period__kind", "period__number")
        .values_list(
            "agency__code", "indicator_id", "indicator__name", "indicator__unit", "indicator__frequency",
            "indicator__accumulation", "indicator__polarity", "indicator__national_standard",
            "indicator__national_standard_source", "period__kind", "period__number", "value",
        )
        .iterator(chunk_size=5000)
    )  # fmt: skip
    current, known = None, {}
    for agency, pk, name, unit, frequency, accumulation, polarity, standard, source, kind, number, value in values:
        if pk != current:
            current, known = pk, {}
        own_kind, numbers = FREQUENCY_PERIODS[frequency]
        target_to_date = achievement = None
        if kind == own_kind:
            known[number] = value  # ordered by period: every earlier period of the indicator is known by now
            target, high = annual.get(pk, (None, None))
            upto = [n for n in numbers if n <= number]
            target_to_date, _to_date, achievement = formulas.achievement_to_period(
                annual_target=target,
                annual_target_high=high,
                values=[known.get(n) for n in upto],
                periods_in_year=len(numbers),
                accumulation=accumulation,
                polarity=polarity,
            )
        yield {
            "agency_code": agency,
            "indicator_id": pk,
            "indicator": name,
            "unit": unit,
            "period": period_code(kind, year, number),
            "value": value,
            "target": target_to_date.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
            if target_to_date is not None
            else None,
            "achievement": formulas.round_percent(achievement) if achievement is not None else None,
            # The indicator's national standard, no verdict: a period's value is not the year's realization.
            "national_standard": standard,
            "national_standard_source": source,
        }
