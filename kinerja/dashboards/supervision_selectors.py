"""Reads of supervision: a supervisor's agencies with their figures, the requests a user may see, what waits.

Every function runs a fixed number of queries whatever the number of agencies or requests.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from kinerja.core.models import Agency, Government
from kinerja.dashboards.models_supervision import RequestState, SupervisionAssignment, SupervisionRequest
from kinerja.dashboards.supervision import supervised_agency_ids
from kinerja.monitoring import selectors as monitoring


@dataclass
class SupervisedAgency:
    agency: Agency
    achievement: Decimal | None = None
    achievement_to_date: Decimal | None = None
    open: int = 0
    overdue: int = 0
    answered: int = 0
    signals: list = field(default_factory=list)  # the agency's reality-check signals of the year

    @property
    def signals_reviewed(self) -> int:
        return sum(1 for s in self.signals if s.reviewed)

    @property
    def signals_open(self) -> int:
        return len(self.signals) - self.signals_reviewed

    @property
    def signals_by_severity(self) -> list[tuple[str, str, int]]:
        """(severity, label, count) for the severities present, the heaviest first."""
        from kinerja.dashboards import reality

        counts = {}
        for signal in self.signals:
            counts[signal.severity] = counts.get(signal.severity, 0) + 1
        return [(sev, str(reality.SEVERITY_LABELS[sev]), counts[sev]) for sev in reality.WEIGHTS if sev in counts]

    @property
    def signals_by_kind(self) -> list[tuple[str, str, int]]:
        from kinerja.dashboards import reality

        counts = {}
        for signal in self.signals:
            counts[signal.kind] = counts.get(signal.kind, 0) + 1
        return [(kind, str(label), counts[kind]) for kind, (_sev, label) in reality.KINDS.items() if kind in counts]


@dataclass
class Overview:
    agencies: list[SupervisedAgency] = field(default_factory=list)
    covers_all: bool = False


def visible_requests(user, government: Government) -> QuerySet[SupervisionRequest]:
    return (
        SupervisionRequest.objects.restrict(user, "view")
        .filter(government=government)
        .select_related("agency", "supervisor", "indicator", "project", "obstacle")
    )


def supervised_agencies(user, government: Government) -> tuple[list[Agency], bool]:
    """The agencies ``user`` supervises (every agency for an assignment of the whole government), and whether all."""
    ids = supervised_agency_ids(user, government)
    agencies = Agency.objects.filter(government=government).order_by("name")
    if ids is None:
        if not SupervisionAssignment.objects.filter(
            supervisor_id=user.pk, government=government, is_active=True
        ).exists():
            return [], False  # the system actor or a superuser without an assignment: nothing to list
        return list(agencies), True
    return (list(agencies.filter(pk__in=ids)) if ids else []), False


def supervisor_overview(*, user, government: Government, year: int, today: datetime.date) -> Overview:
    """The supervisor's agencies with their achievement to date, their reality-check signals of the year and his
    open and overdue requests to each."""
    from kinerja.dashboards import reality

    agencies, covers_all = supervised_agencies(user, government)
    overview = Overview(covers_all=covers_all)
    if not agencies:
        return overview
    ids = [agency.pk for agency in agencies]
    results = monitoring.indicator_results(
        indicators=monitoring.reportable_indicators(user=user, agency_ids=ids), year=year, as_of=today, labels=False
    )
    achievement = monitoring.rollup_by_agency(results)
    to_date = monitoring.rollup_by_agency(results, "achievement_to_date")
    counts = {
        row["agency_id"]: row
        for row in SupervisionRequest.objects.filter(government=government, supervisor_id=user.pk, agency_id__in=ids)
        .values("agency_id")
        .annotate(
            open=Count("pk", filter=Q(state=RequestState.OPEN)),
            overdue=Count("pk", filter=Q(state=RequestState.OPEN, due__lt=today)),
            answered=Count("pk", filter=Q(state=RequestState.ANSWERED)),
        )
        .order_by()
    }
    signals: dict[int, list] = {}
    for signal in reality.compute_kept(user=user, government=government, year=year, today=today):
        signals.setdefault(signal.agency_id, []).append(signal)
    for agency in agencies:
        row = counts.get(agency.pk, {})
        overview.agencies.append(
            SupervisedAgency(
                agency=agency,
                achievement=achievement.get(agency.pk),
                achievement_to_date=to_date.get(agency.pk),
                open=row.get("open", 0),
                overdue=row.get("overdue", 0),
                answered=row.get("answered", 0),
                signals=signals.get(agency.pk, []),
            )
        )
    return overview


def waiting_for_leader(*, user, today: datetime.date, limit: int = 10) -> tuple[list[SupervisionRequest], int]:
    """The requests ``user`` sent that need him: answered (to close or reopen) and overdue; with their count."""
    pending = (
        SupervisionRequest.objects.filter(supervisor_id=user.pk)
        .filter(Q(state=RequestState.ANSWERED) | Q(state=RequestState.OPEN, due__lt=today))
        .select_related("agency")
        .order_by("due", "pk")
    )
    rows = list(pending[: limit + 1])
    if len(rows) > limit:
        return rows[:limit], pending.count()
    return rows, len(rows)


def open_for_agency(*, user, agency: Agency, limit: int = 10) -> tuple[list[SupervisionRequest], int]:
    """The open requests to ``agency`` that ``user`` may see, earliest due first; with their count (1–2 queries)."""
    requests = (
        SupervisionRequest.objects.restrict(user, "view")
        .filter(agency=agency, state=RequestState.OPEN)
        .select_related("supervisor")
        .order_by("due", "pk")
    )
    rows = list(requests[: limit + 1])
    if len(rows) > limit:
        return rows[:limit], requests.count()
    return rows, len(rows)
