"""Writes of projects, reports, milestones, obstacles, meetings and directives.

Every write checks the user's right, runs in a transaction, refuses a stale edit (``lock_version``)
and lands in the audit trail (AuditedModel); the computed status of a project is refreshed with it.
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import audit, exif
from kinerja.core.access import person, require
from kinerja.core.numbers import format_rupiah
from kinerja.core.services import apply_changes, check_version
from kinerja.core.uploads import PHOTO_TYPES, inspect_upload
from kinerja.projects import status
from kinerja.projects.choices import DirectiveStatus, Escalation, ObstacleStatus
from kinerja.projects.models import (
    Assignment,
    Directive,
    DirectiveReport,
    FollowUp,
    Funding,
    Meeting,
    Milestone,
    Obstacle,
    Photo,
    ProgressReport,
    Project,
    ProjectHealthChange,
)
from kinerja.projects.permissions import DIRECTIVES, PROJECTS, REPORT

CENT = Decimal("0.01")
PROJECT_FIELDS = [
    "code",
    "name",
    "description",
    "category",
    "sector",
    "agency",
    "partners",
    "region",
    "location",
    "latitude",
    "longitude",
    "value",
    "start",
    "planned_end",
    "actual_end",
    "phase",
    "key_outputs",
    "note",
]


def _locked(model, pk):
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def _attach(instance, upload, *, photo: bool = False) -> None:
    """Check an upload by its content and set the file fields of ``instance``; raise ValidationError if refused."""
    content_type, sha256, size = inspect_upload(upload, allowed=PHOTO_TYPES if photo else None)
    instance.sha256 = sha256
    if photo:
        instance.content_type, instance.size = content_type, size
        metadata = exif.read_upload(upload, content_type)
        instance.taken_at, instance.latitude, instance.longitude = (
            metadata.taken_at,
            metadata.latitude,
            metadata.longitude,
        )
        instance.image.save(upload.name, upload, save=False)
    else:
        instance.evidence_type, instance.evidence_name = content_type, upload.name[:255]
        instance.evidence.save(upload.name, upload, save=False)


# --- projects ---------------------------------------------------------------------------------------


@transaction.atomic
def project_save(
    *,
    user,
    government,
    data: dict,
    project: Project | None = None,
    partner_agencies=None,
    funded_by=None,
    indicators=None,
    fundings: list[tuple[str, Decimal, str]] | None = None,
    expected_version: int | None,
) -> Project:
    """Create or change a project; ``fundings`` (source, amount, note) replaces the funding rows when given."""
    agency = data.get("agency") or (project.agency if project else None)
    if agency is None or agency.government_id != government.pk:
        raise ValidationError({"agency": _("Choose an agency of this government.")})
    require(user, "change" if project else "add", agency, area=PROJECTS)
    if project is None:
        project = Project(government=government, **{k: v for k, v in data.items() if k in PROJECT_FIELDS})
    else:
        project = _locked(Project, project.pk)
        require(user, "change", project)  # moving a project needs the right on both agencies
        check_version(project, expected_version, PROJECT_FIELDS)
        changed = apply_changes(project, {k: v for k, v in data.items() if k in PROJECT_FIELDS})
    project.full_clean(exclude=["lock_version"])  # the government stays in: the code is unique within it
    if project.pk and changed:
        project.lock_version = F("lock_version") + 1
    project.save()
    project.refresh_from_db()
    links = {"partner_agencies": partner_agencies, "funded_by": funded_by, "indicators": indicators}
    before, after = {}, {}
    for name, values in links.items():
        if values is None:
            continue
        manager = getattr(project, name)
        old_ids = sorted(manager.values_list("pk", flat=True))
        new_ids = sorted(item.pk for item in values)
        if old_ids != new_ids:
            manager.set(values)
            before[name], after[name] = old_ids, new_ids
    if after:  # links are not fields of the row: record them in the trail explicitly
        audit.record_event(action="update", obj=project, before=before, after=after)
    if fundings is not None:
        project.fundings.all().delete()
        for source, amount, note in fundings:
            Funding.objects.create(project=project, source=source, amount=amount, note=note)
    refresh_health(project_ids=[project.pk], today=datetime.date.today())
    project.refresh_from_db()
    return project


@transaction.atomic
def report_save(
    *,
    user,
    project: Project,
    month: datetime.date,
    physical_plan: Decimal,
    physical_actual: Decimal,
    financial: Decimal,
    narrative: str = "",
    photos=(),
    expected_version: int | None,
    today: datetime.date | None = None,
) -> ProgressReport:
    """Record (or correct) the progress of ``month``; photos are (upload, caption) pairs."""
    today = today or datetime.date.today()
    project = _locked(Project, project.pk)  # reports of one project are written one after the other
    require(user, "change", project)
    month = month.replace(day=1)
    errors = {}
    if month > today.replace(day=1):
        errors["month"] = _("A month that has not begun cannot be reported.")
    elif month < project.start.replace(day=1):
        errors["month"] = _("The project starts on %(date)s; this month comes before it.") % {
            "date": project.start.strftime("%d-%m-%Y")
        }
    for name, value in (("physical_plan", physical_plan), ("physical_actual", physical_actual)):
        if value is None or not (Decimal(0) <= value <= Decimal(100)):
            errors[name] = _("Enter a percentage from 0 to 100.")
    if financial is None or financial < 0:
        errors["financial"] = _("Enter an amount of zero or more.")
    elif financial > project.value:
        errors["financial"] = _("The realization exceeds the project's value (Rp %(value)s).") % {
            "value": format_rupiah(project.value)
        }
    if errors:
        raise ValidationError(errors)
    physical_plan, physical_actual = _cents(physical_plan), _cents(physical_actual)
    report = ProgressReport.objects.select_for_update().filter(project=project, month=month).first()
    values = {
        "physical_plan": physical_plan,
        "physical_actual": physical_actual,
        "financial": financial,
        "narrative": narrative,
    }
    if report is None:
        report = ProgressReport(project=project, month=month, reported_by=person(user), **values)
        report.save()
    else:
        check_version(report, expected_version, list(values))
        if apply_changes(report, values):
            report.reported_by = person(user)
            report.lock_version = F("lock_version") + 1
            report.save()
            report.refresh_from_db()
    for upload, caption in photos:
        photo = Photo(report=report, caption=caption[:255], uploaded_by=person(user))
        _attach(photo, upload, photo=True)
        photo.save()
    refresh_health(project_ids=[project.pk], today=today)
    return report


@transaction.atomic
def milestone_save(
    *,
    user,
    project: Project,
    title: str,
    planned: datetime.date,
    actual: datetime.date | None = None,
    note: str = "",
    evidence=None,
    milestone: Milestone | None = None,
    expected_version: int | None,
    today: datetime.date | None = None,
) -> Milestone:
    today = today or datetime.date.today()
    project = _locked(Project, project.pk)
    require(user, "change", project)
    if actual is not None and actual > today:
        raise ValidationError({"actual": _("A milestone cannot be met on a date still to come.")})
    if not title.strip():
        raise ValidationError({"title": _("Name the milestone.")})
    values = {"title": title.strip(), "planned": planned, "actual": actual, "note": note}
    if milestone is None:
        milestone = Milestone(project=project, **values)
    else:
        milestone = _locked(Milestone, milestone.pk)
        if milestone.project_id != project.pk:
            raise ValidationError(_("This milestone belongs to another project."))
        check_version(milestone, expected_version, list(values))
        if apply_changes(milestone, values):
            milestone.lock_version = F("lock_version") + 1
    if evidence is not None:
        _attach(milestone, evidence)
    milestone.save()
    milestone.refresh_from_db()
    refresh_health(project_ids=[project.pk], today=today)
    return milestone


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def refresh_health(*, today: datetime.date, project_ids=None, government=None, batch: int = 2000) -> int:
    """Recompute the stored status of the given projects (or all of a government, or all); return how many changed.

    A project whose health changes gets a ``ProjectHealthChange`` (its first computation is not a change), all
    written in one query per batch; dated now, or at the start of ``today`` when it is not today."""
    limit = status.limits()
    now = timezone.now()
    moment = (
        now
        if today == timezone.localdate(now)
        else datetime.datetime.combine(today, datetime.time.min, tzinfo=timezone.get_current_timezone())
    )
    projects = Project.objects.all()
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    if government is not None:
        projects = projects.filter(government=government)
    latest = ProgressReport.objects.filter(project=OuterRef("pk")).order_by("-month")
    ids = list(projects.order_by("pk").values_list("pk", flat=True))
    changed = 0
    fields = [
        "health",
        "health_on",
        "physical_plan",
        "physical_actual",
        "deviation",
        "last_report_month",
        "late_milestone",
        "late_days",
        "late_count",
    ]
    for offset in range(0, len(ids), batch):
        chunk = ids[offset : offset + batch]
        rows = (
            Project.objects.filter(pk__in=chunk)
            .annotate(
                l_month=Subquery(latest.values("month")[:1]),
                l_plan=Subquery(latest.values("physical_plan")[:1]),
                l_actual=Subquery(latest.values("physical_actual")[:1]),
            )
            .only("pk", "phase", "start", *fields)
        )
        open_by_project = defaultdict(list)
        for project_id, title, planned in Milestone.objects.filter(
            project_id__in=chunk, actual__isnull=True, planned__lt=today
        ).values_list("project_id", "title", "planned"):
            open_by_project[project_id].append((title, planned))
        updates, changes = [], []
        for project in rows:
            latest_row = (project.l_month, project.l_plan, project.l_actual) if project.l_month else None
            result = status.assess(
                phase=project.phase,
                start=project.start,
                today=today,
                latest=latest_row,
                open_milestones=open_by_project.get(project.pk, []),
                limit=limit,
            )
            values = {
                "health": result.health,
                "health_on": today,
                "physical_plan": result.plan,
                "physical_actual": result.actual,
                "deviation": result.deviation,
                "last_report_month": result.month,
                "late_milestone": result.late[0][0][:255] if result.late else "",
                "late_days": result.late[0][1] if result.late else None,
                "late_count": len(result.late),
            }
            if any(getattr(project, name) != value for name, value in values.items() if name != "health_on"):
                changed += 1
            if project.health_on is not None and project.health != result.health:  # never computed: no change
                changes.append(
                    ProjectHealthChange(
                        project_id=project.pk, old_health=project.health, new_health=result.health, changed_at=moment
                    )
                )
            for name, value in values.items():
                setattr(project, name, value)
            updates.append(project)
        Project.objects.bulk_update(updates, fields)  # derived values: not audited (see Project.audit_exclude)
        if changes:
            ProjectHealthChange.objects.bulk_create(changes)
    return changed


# --- obstacles ------------------------------------------------------------------------------------------

OBSTACLE_FIELDS = ["title", "description", "category", "severity", "raised_on", "owner", "project", "plan_node"]


@transaction.atomic
def obstacle_save(
    *,
    user,
    agency,
    data: dict,
    obstacle: Obstacle | None = None,
    expected_version: int | None,
    today: datetime.date | None = None,
) -> Obstacle:
    today = today or datetime.date.today()
    values = {k: v for k, v in data.items() if k in OBSTACLE_FIELDS}
    if obstacle is None:
        require(user, "add", agency, area=PROJECTS)
        obstacle = Obstacle(government_id=agency.government_id, agency=agency)
        apply_changes(obstacle, values)
    else:
        obstacle = _locked(Obstacle, obstacle.pk)
        require(user, "change", obstacle)
        check_version(obstacle, expected_version, list(values))
        apply_changes(obstacle, values)
    if obstacle.raised_on and obstacle.raised_on > today:
        raise ValidationError({"raised_on": _("An obstacle cannot be raised on a date still to come.")})
    if obstacle.project_id and obstacle.project.government_id != obstacle.government_id:
        raise ValidationError({"project": _("The project belongs to another government.")})
    if obstacle.plan_node_id and obstacle.plan_node.agency_id not in (None, obstacle.agency_id):
        raise ValidationError({"plan_node": _("The plan node belongs to another agency.")})
    obstacle.full_clean(exclude=["government", "agency", "lock_version"])
    if obstacle.pk:
        obstacle.lock_version = F("lock_version") + 1
    obstacle.save()
    obstacle.refresh_from_db()
    return obstacle


@transaction.atomic
def obstacle_set_status(
    *,
    user,
    obstacle: Obstacle,
    status_value: str,
    note: str = "",
    expected_version: int | None,
    today: datetime.date | None = None,
) -> Obstacle:
    today = today or datetime.date.today()
    obstacle = _locked(Obstacle, obstacle.pk)
    require(user, "change", obstacle)
    check_version(obstacle, expected_version, ["status"])
    if status_value not in ObstacleStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if status_value == ObstacleStatus.RESOLVED and obstacle.status != ObstacleStatus.RESOLVED:
        level = obstacle.escalation_level(today)  # the level it reached stays on record once resolved
        if level > obstacle.escalation:
            _record_escalation(obstacle, level, today)
    obstacle.status = status_value
    obstacle.resolved_on = today if status_value == ObstacleStatus.RESOLVED else None
    obstacle.lock_version = F("lock_version") + 1
    obstacle.save()
    obstacle.refresh_from_db()
    return obstacle


@transaction.atomic
def follow_up_save(
    *,
    user,
    obstacle: Obstacle,
    action: str,
    responsible: str,
    due: datetime.date,
    outcome: str = "",
    done_on: datetime.date | None = None,
    follow_up: FollowUp | None = None,
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> FollowUp:
    """Record a follow-up action, or change one (``expected_version``: the version the user edited)."""
    today = today or datetime.date.today()
    obstacle = _locked(Obstacle, obstacle.pk)
    require(user, "change", obstacle)
    values = {
        "action": action.strip(),
        "responsible": responsible.strip(),
        "due": due,
        "outcome": outcome,
        "done_on": done_on,
    }
    if follow_up is not None:
        follow_up = _locked(FollowUp, follow_up.pk)
        if follow_up.obstacle_id != obstacle.pk:
            raise ValidationError(_("This action belongs to another obstacle."))
        check_version(follow_up, expected_version, list(values))
    errors = {}
    if not values["action"]:
        errors["action"] = _("Describe the action.")
    if not values["responsible"]:
        errors["responsible"] = _("Name who is responsible.")
    if done_on is not None and done_on > today:
        errors["done_on"] = _("An action cannot be done on a date still to come.")
    if errors:
        raise ValidationError(errors)
    if follow_up is None:
        follow_up = FollowUp(obstacle=obstacle)
        apply_changes(follow_up, values)
        follow_up.save()
    elif apply_changes(follow_up, values):
        follow_up.lock_version = F("lock_version") + 1
        follow_up.save()
        follow_up.refresh_from_db()
    if obstacle.status == ObstacleStatus.OPEN:
        obstacle.status = ObstacleStatus.IN_PROGRESS
        obstacle.lock_version = F("lock_version") + 1
        obstacle.save(update_fields=["status", "lock_version", "updated"])
    return follow_up


def escalation_days() -> int:
    return status.escalation_days()


def _record_escalation(obstacle: Obstacle, level: int, today: datetime.date) -> None:
    before = obstacle.escalation
    obstacle.escalation, obstacle.escalated_on = level, today
    # One audit entry, the escalation itself (a plain save would add an "update" entry for the same change).
    Obstacle.objects.filter(pk=obstacle.pk).update(escalation=level, escalated_on=today)
    loaded = getattr(obstacle, "_audit_loaded", None)
    if loaded is not None:  # a later save of this instance must not record the escalation again
        loaded.update(escalation=level, escalated_on=today)
    audit.record_event(
        action="escalate",
        obj=obstacle,
        before={"escalation": before},
        after={"escalation": level},
        reason=_("Unresolved for more than %(days)s days") % {"days": escalation_days()},
    )


@transaction.atomic
def escalate_obstacles(*, today: datetime.date) -> list[Obstacle]:
    """Record the level every unresolved obstacle has reached (Obstacle.escalation_level), with its audit event.

    An obstacle rises one level per OBSTACLE_ESCALATION_DAYS since it was raised or last escalated; when the
    step has not run for a while (a new installation, the demo load) it rises at once to the level due.
    """
    cutoff = today - datetime.timedelta(days=escalation_days())
    due = (
        Obstacle.objects.select_for_update(of=("self",))
        .exclude(status=ObstacleStatus.RESOLVED)
        .filter(escalation__lt=Escalation.CENTRAL)
        .filter(Q(escalated_on__isnull=True, raised_on__lte=cutoff) | Q(escalated_on__lte=cutoff))
        .order_by("pk")
    )
    escalated = []
    for obstacle in due:
        level = obstacle.escalation_level(today)
        if level > obstacle.escalation:
            # Dated the day the level was reached by the rule, not the day this step ran: a step that ran
            # late (or the demo load) neither shows "since today" nor delays the next level.
            since = obstacle.escalated_on or obstacle.raised_on
            reached = since + datetime.timedelta(days=escalation_days() * (level - obstacle.escalation))
            _record_escalation(obstacle, level, min(reached, today))
            escalated.append(obstacle)
    return escalated


# --- meetings and directives ---------------------------------------------------------------------


MEETING_FIELDS = ["title", "date", "place", "chair", "other_attendees", "minutes"]


@transaction.atomic
def meeting_save(
    *,
    user,
    government,
    data: dict,
    attendees=None,
    meeting: Meeting | None = None,
    expected_version: int | None = None,
) -> Meeting:
    """Record a meeting, or change one (``expected_version``: the version the user edited)."""
    if meeting is None:
        require(user, "add", government, area=DIRECTIVES)
        meeting = Meeting(government=government)
        apply_changes(meeting, {k: data[k] for k in MEETING_FIELDS if k in data})
        meeting.full_clean(exclude=["government", "lock_version"])
        meeting.save()
    else:
        meeting = _locked(Meeting, meeting.pk)
        require(user, "change", meeting)
        check_version(meeting, expected_version, MEETING_FIELDS)
        changed = apply_changes(meeting, {k: data[k] for k in MEETING_FIELDS if k in data})
        meeting.full_clean(exclude=["government", "lock_version"])
        if attendees is not None and sorted(a.pk for a in attendees) != sorted(
            meeting.attendees.values_list("pk", flat=True)
        ):
            changed.append("attendees")
        if changed:
            meeting.lock_version = F("lock_version") + 1
            meeting.save()
            meeting.refresh_from_db()
    if attendees is not None:
        meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def directive_save(
    *,
    user,
    meeting: Meeting,
    text: str,
    due: datetime.date,
    agencies,
    number: int | None = None,
    project: Project | None = None,
    directive: Directive | None = None,
    expected_version: int | None = None,
) -> Directive:
    """Issue (or change) a directive; each agency it concerns gets its own assignment to report on.

    A change names the version of the directive the user edited (``expected_version``)."""
    require(user, "change", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # numbers are given one after the other
    if directive is not None:
        directive = _locked(Directive, directive.pk)
        if directive.meeting_id != meeting.pk:
            raise ValidationError(_("This directive belongs to another meeting."))
        check_version(directive, expected_version, ["text", "due", "project"])
    agencies = list(agencies)
    if not text.strip():
        raise ValidationError({"text": _("Write the directive.")})
    if not agencies:
        raise ValidationError({"agencies": _("Choose at least one agency.")})
    if any(agency.government_id != meeting.government_id for agency in agencies):
        raise ValidationError({"agencies": _("Choose agencies of this government.")})
    if due < meeting.date:
        raise ValidationError({"due": _("The due date comes before the meeting.")})
    if directive is None:
        number = number or (meeting.directives.count() + 1)
        if meeting.directives.filter(number=number).exists():
            raise ValidationError({"number": _("This meeting already has directive number %(n)s.") % {"n": number}})
        directive = Directive(meeting=meeting, number=number)
    changed = apply_changes(directive, {"text": text.strip(), "due": due, "project": project})
    current = {a.agency_id: a for a in directive.assignments.all()} if directive.pk else {}
    wanted = {agency.pk for agency in agencies}
    if directive.pk and (changed or set(current) != wanted):
        directive.lock_version = F("lock_version") + 1
    directive.save()
    directive.refresh_from_db()
    for agency in agencies:
        if agency.pk not in current:
            Assignment.objects.create(directive=directive, agency=agency)
    for agency_id, assignment in current.items():
        if agency_id not in wanted:
            if assignment.reports.exists():
                raise ValidationError(
                    {
                        "agencies": _("%(agency)s has already reported on this directive.")
                        % {"agency": assignment.agency}
                    }
                )
            assignment.delete()
    return directive


@transaction.atomic
def assignment_report(
    *,
    user,
    assignment: Assignment,
    status_value: str,
    text: str,
    evidence=None,
    expected_version: int | None,
    today: datetime.date | None = None,
) -> DirectiveReport:
    """An agency reports what it did on a directive; the assignment takes the reported status."""
    today = today or datetime.date.today()
    assignment = _locked(Assignment, assignment.pk)
    require(user, REPORT, assignment)
    check_version(assignment, expected_version, ["status"])
    errors = {}
    if status_value not in DirectiveStatus.values or status_value == DirectiveStatus.NOT_STARTED:
        errors["status"] = _("Choose in progress, done, or done and continuing.")
    if not text.strip():
        errors["text"] = _("Describe what was done.")
    if errors:
        raise ValidationError(errors)
    report = DirectiveReport(
        assignment=assignment,
        status=status_value,
        text=text.strip(),
        reported_on=today,
        reported_by=person(user),
    )
    if evidence is not None:
        _attach(report, evidence)
    report.save()
    assignment.status = status_value
    assignment.reported_on = today
    assignment.lock_version = F("lock_version") + 1
    assignment.save()
    return report
