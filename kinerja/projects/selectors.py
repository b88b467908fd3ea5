"""Reads for the pages: the leadership view, the project list, a project with its S-curve, obstacles, directives.

Every function runs a fixed number of queries whatever the number of projects (tests pin them); the
counts per status, category and region come from one grouped query on the stored status.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from kinerja.core import params as query
from kinerja.core.models import Region
from kinerja.planning.models import Indicator, PlanNode
from kinerja.projects import status
from kinerja.projects.choices import (
    DIRECTIVE_FINISHED,
    HEALTH_ORDER,
    Category,
    DirectiveStatus,
    Escalation,
    Health,
    ObstacleStatus,
)
from kinerja.projects.models import Assignment, Directive, FollowUp, Obstacle, ProgressReport, Project

URGENCY = Case(
    *[When(health=value, then=Value(position)) for position, value in enumerate(HEALTH_ORDER)],
    output_field=IntegerField(),
)


def projects_for(user, government_id: int | None = None):
    projects = Project.objects.restrict(user, "view")
    if government_id is not None:
        projects = projects.filter(government_id=government_id)
    return projects


def filter_projects(projects, params) -> tuple:
    """Apply the list's filters (category, health, region code, agency code, search text); return (qs, used)."""
    used = {}
    for name, lookup in (
        ("category", "category"),
        ("health", "health"),
        ("region", "region__code"),
        ("agency", "agency__code"),
        ("sector", "sector"),
    ):
        value = query.text(params, name)
        if value:
            projects = projects.filter(**{lookup: value})
            used[name] = value
    text = query.text(params, "q")
    if text:
        projects = projects.filter(Q(name__icontains=text) | Q(code__icontains=text) | Q(location__icontains=text))
        used["q"] = text
    return projects, used


def ordered(projects):
    """The critical first, then the furthest behind plan, then by name."""
    return projects.annotate(urgency=URGENCY).order_by(
        "urgency", F("deviation").asc(nulls_last=True), "-late_days", "name", "pk"
    )


def list_rows(projects):
    return (
        ordered(projects)
        .select_related("agency", "region")
        .only(
            "pk",
            "code",
            "name",
            "category",
            "sector",
            "phase",
            "value",
            "start",
            "planned_end",
            "health",
            "physical_plan",
            "physical_actual",
            "deviation",
            "last_report_month",
            "late_milestone",
            "late_days",
            "late_count",
            "health_on",
            "agency__short_name",
            "agency__name",
            "agency__code",
            "agency__government_id",
            "region__name",
            "region__code",
        )
    )


@dataclass
class Summary:
    total: int
    value: object
    by_health: dict
    by_category: list  # [(category, label, {health: n}, total)]
    by_region: list  # [{"code", "name", "total", "critical", "warning"}]


def summary(projects) -> Summary:
    """Counts by status, category and region in one grouped query."""
    rows = (
        projects.order_by()
        .values("health", "category", "region__code", "region__name")
        .annotate(
            n=Count("pk"), amount=Coalesce(Sum("value"), Value(0), output_field=projects.model._meta.get_field("value"))
        )
    )
    by_health = dict.fromkeys(HEALTH_ORDER, 0)
    by_category: dict[str, dict] = {value: defaultdict(int) for value in Category.values}
    by_region: dict[str, dict] = {}
    total, amount = 0, 0
    for row in rows:
        total += row["n"]
        amount += row["amount"]
        by_health[row["health"]] += row["n"]
        by_category[row["category"]][row["health"]] += row["n"]
        if row["region__code"]:
            region = by_region.setdefault(
                row["region__code"],
                {"code": row["region__code"], "name": row["region__name"], "total": 0, "critical": 0, "warning": 0},
            )
            region["total"] += row["n"]
            if row["health"] in (Health.CRITICAL, Health.WARNING):
                region[row["health"]] += row["n"]
    categories = [
        (value, label, dict(by_category[value]), sum(by_category[value].values())) for value, label in Category.choices
    ]
    return Summary(total, amount, by_health, categories, sorted(by_region.values(), key=lambda r: r["code"]))


def obstacles_for(user, government_id, *, today):
    """The obstacles in the user's scope with their count of overdue follow-ups (the lists and the leadership
    view read them here, so the figure is the same everywhere; FollowUp.is_overdue is the same rule)."""
    overdue = Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True, follow_ups__due__lt=today))
    return (
        Obstacle.objects.restrict(user, "view")
        .filter(government_id=government_id)
        .select_related("agency", "project")
        .annotate(overdue_follow_ups=overdue)
    )


def with_facts(obstacles, today):
    """Set what the pages show of each obstacle as of ``today``: days open and the escalation level reached."""
    days = status.escalation_days()
    for obstacle in obstacles:
        obstacle.days_open = obstacle.age(today)
        obstacle.level = obstacle.escalation_level(today)
        obstacle.level_label = Escalation(obstacle.level).label
        # The day the level was reached: recorded, or due by the dates while the daily step has not run yet.
        steps = obstacle.level - obstacle.escalation
        obstacle.level_since = (
            (obstacle.escalated_on or obstacle.raised_on) + datetime.timedelta(days=steps * days)
            if steps
            else obstacle.escalated_on
        )
    return obstacles


def at_escalation_level(obstacles, level: int, today):
    """Filter to the obstacles whose escalation level reached by ``today`` is ``level`` (Obstacle.escalation_level
    in SQL): the recorded level plus one per escalation period since it was recorded, up to the top."""
    days = status.escalation_days()
    if days <= 0 or level not in Escalation.values:
        return obstacles.filter(escalation=level)
    since = Coalesce("escalated_on", "raised_on")
    condition = Q(status=ObstacleStatus.RESOLVED, escalation=level)
    for recorded in range(Escalation.AGENCY, level + 1):
        steps = level - recorded
        window = Q(escalation=recorded, since_on__lte=today - datetime.timedelta(days=steps * days))
        if level < Escalation.CENTRAL:
            window &= Q(since_on__gt=today - datetime.timedelta(days=(steps + 1) * days))
        condition |= ~Q(status=ObstacleStatus.RESOLVED) & window
    return obstacles.annotate(since_on=since).filter(condition)


def oldest_obstacles(user, government_id, *, today, limit: int = 10):
    obstacles = obstacles_for(user, government_id, today=today).exclude(status=ObstacleStatus.RESOLVED)
    return with_facts(list(obstacles.order_by("raised_on", "pk")[:limit]), today)


def directive_progress(assignments, mine=None) -> dict:
    """A directive's progress over all the agencies it is addressed to, and the part of the user's agencies.

    ``assignments`` are all of the directive's assignments (whoever looks: the figure means the same for
    the governor and for an agency's operator); ``mine`` the ids of those in the user's scope, when the user
    sees only some of them: the result then holds ``mine`` with the same counts over that part.
    """
    assignments = list(assignments)
    progress = _progress(assignments)
    part = [a for a in assignments if a.pk in mine] if mine is not None else assignments
    if part and len(part) < len(assignments):  # the user's agencies are some of those addressed
        progress["mine"] = _progress(part)
    return progress


def _progress(assignments) -> dict:
    counts = dict.fromkeys(DirectiveStatus.values, 0)
    for assignment in assignments:
        counts[assignment.status] += 1
    total = sum(counts.values())
    finished = sum(counts[value] for value in DIRECTIVE_FINISHED)
    return {
        "counts": counts,
        "labelled": [(label, counts[value]) for value, label in DirectiveStatus.choices],
        "total": total,
        "finished": finished,
        "open": total - finished,
        "percent": round(100 * finished / total) if total else 0,
    }


def finished_on(assignment, reports) -> datetime.date | None:
    """The day the agency reported the directive finished (done, or done and continuing), from its reports.

    Lateness is history: a directive finished after its due date stays finished late, whatever is reported
    after; a report that reopens it (in progress) starts the count again. ``reports`` in the order made.
    """
    if assignment.status not in DIRECTIVE_FINISHED:
        return None
    day = None
    for report in reports:
        if report.status in DIRECTIVE_FINISHED:
            day = day or report.reported_on
        else:
            day = None
    return day or assignment.reported_on


def with_lateness(assignments, today):
    """Set ``finished_on`` and ``days_late`` (past the due date: until finished, or until today while open)."""
    for assignment in assignments:
        assignment.finished_on = finished_on(assignment, assignment.reports.all())
        end = assignment.finished_on or today
        assignment.days_late = max(0, (end - assignment.directive.due).days)
    return assignments


def overdue_directives(user, government_id, *, today, limit: int = 10, agency=None):
    """Directives past their due date that some agency in the user's scope (or ``agency``) has not finished,
    oldest first, each with ``progress`` over all its agencies (and ``progress["mine"]`` for the user's part)."""
    assignments = Assignment.objects.restrict(user, "view").filter(directive__meeting__government_id=government_id)
    if agency is not None:
        assignments = assignments.filter(agency=agency)
    open_here = Q(assignments__in=assignments.exclude(status__in=DIRECTIVE_FINISHED))
    directives = list(
        Directive.objects.filter(meeting__government_id=government_id, due__lt=today)
        .annotate(open_here=Count("assignments", filter=open_here, distinct=True))
        .filter(open_here__gt=0)
        .select_related("meeting")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.only("pk", "directive_id", "status")))
        .order_by("due", "meeting_id", "number")[:limit]
    )
    mine = set(assignments.filter(directive__in=[d.pk for d in directives]).values_list("pk", flat=True))
    for directive in directives:
        directive.progress = directive_progress(directive.assignments.all(), mine)
    return directives


def regions(government_id):
    return list(Region.objects.filter(government_id=government_id).order_by("code").values("code", "name"))


def project_detail(project_id: int, user):
    """A project with everything its page shows, in a fixed number of queries."""
    return (
        Project.objects.restrict(user, "view")
        .select_related("agency", "region", "government")
        .prefetch_related(
            "fundings",
            "milestones",
            "partner_agencies",
            Prefetch("reports", queryset=ProgressReport.objects.order_by("month").prefetch_related("photos")),
            Prefetch(
                "obstacles",
                queryset=Obstacle.objects.order_by("status", "raised_on").prefetch_related(
                    Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due", "pk"))
                ),
            ),
            Prefetch("funded_by", queryset=PlanNode.objects.only("pk", "code", "title", "kind")),
            Prefetch("indicators", queryset=Indicator.objects.only("pk", "name", "unit", "node_id")),
            Prefetch(
                "directives", queryset=Directive.objects.select_related("meeting").prefetch_related("assignments")
            ),
        )
        .filter(pk=project_id)
        .first()
    )


def s_curve(project) -> dict:
    """Months from the start to the later of the planned end and the last report; plan, actual, deviation."""
    reports = list(project.reports.all())
    months, plan, actual, deviation = [], [], [], []
    by_month = {r.month: r for r in reports}
    month = project.start.replace(day=1)
    last = max([project.planned_end.replace(day=1)] + [r.month for r in reports])
    while month <= last:
        report = by_month.get(month)
        months.append(month.strftime("%m-%Y"))
        plan.append(float(report.physical_plan) if report else None)
        actual.append(float(report.physical_actual) if report else None)
        deviation.append(float(report.deviation) if report else None)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return {"months": months, "plan": plan, "actual": actual, "deviation": deviation}


def explanation(project, today) -> str:
    return status.explain(
        health=project.health,
        deviation=project.deviation,
        month=project.last_report_month,
        late_title=project.late_milestone,
        late_days=project.late_days,
        late_count=project.late_count,
        start=project.start,
        today=today,
        limit=status.limits(),
    )


# --- the leader's home -------------------------------------------------------------------------------


def _home_filter(queryset, *, agency=None, region=None, agency_field="agency", region_field="region"):
    if agency is not None:
        queryset = queryset.filter(**{agency_field: agency})
    if region is not None:
        queryset = queryset.filter(**{region_field: region})
    return queryset


def critical_projects(user, government_id, *, today, agency=None, region=None, limit: int = 5):
    """The critical projects (of an agency, in a regency), worst first, each with why: (count, [(project, why)])."""
    projects = _home_filter(
        projects_for(user, government_id).filter(health=Health.CRITICAL), agency=agency, region=region
    )
    rows = list(list_rows(projects)[:limit])
    count = projects.count()  # always counted: the same queries whatever the number
    return count, [(project, explanation(project, today)) for project in rows]


def escalated_obstacles(user, government_id, *, today, agency=None, region=None):
    """The unresolved obstacles per escalation level above the agency's (reached by ``today``): {level: count}."""
    obstacles = _home_filter(
        Obstacle.objects.restrict(user, "view")
        .filter(government_id=government_id)
        .exclude(status=ObstacleStatus.RESOLVED),
        agency=agency,
        region=region,
        region_field="project__region",
    )
    return {
        level: at_escalation_level(obstacles, level, today).count()
        for level in (Escalation.SEKDA, Escalation.GOVERNOR, Escalation.CENTRAL)
    }


def governor_obstacles(user, government_id, *, today, agency=None, region=None, limit: int = 5):
    """The unresolved obstacles at the governor's escalation level, oldest first: (count, [obstacle])."""
    obstacles = _home_filter(
        obstacles_for(user, government_id, today=today).exclude(status=ObstacleStatus.RESOLVED),
        agency=agency,
        region=region,
        region_field="project__region",
    )
    obstacles = at_escalation_level(obstacles, Escalation.GOVERNOR, today)
    rows = list(obstacles.order_by("raised_on", "pk")[:limit])
    count = obstacles.count()  # always counted: the same queries whatever the number
    return count, with_facts(rows, today)


def overdue_directive_count(user, government_id, *, today, agency=None) -> int:
    """How many directives are past their due date and not finished by some agency in the user's scope."""
    assignments = Assignment.objects.restrict(user, "view").filter(
        directive__meeting__government_id=government_id, directive__due__lt=today
    )
    if agency is not None:
        assignments = assignments.filter(agency=agency)
    return assignments.exclude(status__in=DIRECTIVE_FINISHED).values("directive_id").distinct().count()


def photos_with_metadata(*, user, government_id: int, year: int) -> list[dict]:
    """The site photos of ``year``'s monthly reports that carry an EXIF date or position, with their project's site."""
    from kinerja.projects.models import Photo

    return list(
        Photo.objects.restrict(user, "view")
        .filter(report__project__government_id=government_id, report__month__year=year)
        .filter(Q(taken_at__isnull=False) | Q(latitude__isnull=False, longitude__isnull=False))
        .order_by("report__project__agency_id", "report__project_id", "report__month", "id")
        .values(
            "id", "caption", "taken_at", "latitude", "longitude", "report_id", "report__month", "report__project_id",
            "report__project__name", "report__project__agency_id", "report__project__latitude",
            "report__project__longitude",
        )
    )  # fmt: skip
