"""What projects add to the daily digest, and the escalation of aged obstacles run before it.

Operators and agency heads hear about follow-up actions due within three days or overdue, progress
reports that are late and directives due within a week or overdue, all of their agency; agency heads
also about their obstacles escalated today; planners and leaders about obstacles escalated today to
the Sekda and to the governor or the central government.
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kinerja.core import digest
from kinerja.core.choices import Role
from kinerja.core.models import Membership
from kinerja.projects import services, status
from kinerja.projects.choices import DIRECTIVE_FINISHED, Escalation, ObstacleStatus, Phase
from kinerja.projects.models import Assignment, FollowUp, Obstacle, Project

SOON = datetime.timedelta(days=3)
DIRECTIVE_SOON = datetime.timedelta(days=7)


def _d(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def agency_lines(agency_ids, today: datetime.date) -> dict[int, list[tuple[str, str]]]:
    """Per agency, (kind, line) pairs: kind "all" for every member, "head" for the agency head only."""
    lines: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for follow_up in (
        FollowUp.objects.filter(obstacle__agency_id__in=agency_ids, done_on__isnull=True, due__lte=today + SOON)
        .exclude(obstacle__status=ObstacleStatus.RESOLVED)
        .select_related("obstacle")
        .order_by("due", "pk")
    ):
        template = (
            _("Follow-up overdue since %(due)s: %(action)s (obstacle: %(obstacle)s)")
            if follow_up.due < today
            else _("Follow-up due %(due)s: %(action)s (obstacle: %(obstacle)s)")
        )
        lines[follow_up.obstacle.agency_id].append(
            (
                "all",
                template
                % {
                    "due": _d(follow_up.due),
                    "action": Truncator(follow_up.action).chars(90),
                    "obstacle": Truncator(follow_up.obstacle.title).chars(60),
                },
            )
        )
    due_month = status.month_due(today, status.limits())
    for project in (
        Project.objects.filter(
            agency_id__in=agency_ids, phase__in=[Phase.PREPARATION, Phase.IMPLEMENTATION, Phase.COMPLETION]
        )
        .filter(start__lt=due_month + datetime.timedelta(days=31), planned_end__gte=due_month)
        .filter(Q(last_report_month__isnull=True) | Q(last_report_month__lt=due_month))
        .only("pk", "name", "agency_id")
        .order_by("name")
    ):
        lines[project.agency_id].append(
            (
                "all",
                _("Progress report of %(month)s is late: %(project)s")
                % {"month": due_month.strftime("%m-%Y"), "project": Truncator(project.name).chars(90)},
            )
        )
    for assignment in (
        Assignment.objects.filter(agency_id__in=agency_ids, directive__due__lte=today + DIRECTIVE_SOON)
        .exclude(status__in=DIRECTIVE_FINISHED)
        .select_related("directive")
        .order_by("directive__due", "pk")
    ):
        due = assignment.directive.due
        template = (
            _("Directive overdue since %(due)s: %(text)s") if due < today else _("Directive due %(due)s: %(text)s")
        )
        lines[assignment.agency_id].append(
            ("all", template % {"due": _d(due), "text": Truncator(assignment.directive.text).chars(90)})
        )
    for obstacle in Obstacle.objects.filter(agency_id__in=agency_ids, escalated_on=today).order_by("pk"):
        lines[obstacle.agency_id].append(
            (
                "head",
                _("Obstacle escalated to %(level)s: %(title)s")
                % {"level": obstacle.get_escalation_display(), "title": Truncator(obstacle.title).chars(90)},
            )
        )
    return lines


def collect(today: datetime.date) -> dict[int, tuple[object, list[str]]]:
    result: dict[int, tuple[object, list[str]]] = {}
    memberships = list(
        Membership.objects.filter(is_active=True, user__is_active=True).exclude(user__email="").select_related("user")
    )
    agency_ids = {m.agency_id for m in memberships if m.role in (Role.OPERATOR, Role.AGENCY_HEAD) and m.agency_id}
    by_agency = agency_lines(agency_ids, today) if agency_ids else {}
    escalated = list(Obstacle.objects.filter(escalated_on=today).values_list("government_id", "escalation").order_by())
    for membership in memberships:
        lines: list[str] = []
        if membership.role in (Role.OPERATOR, Role.AGENCY_HEAD):
            for kind, line in by_agency.get(membership.agency_id, []):
                if kind == "all" or membership.role == Role.AGENCY_HEAD:
                    lines.append(line)
        elif membership.role in (Role.PLANNER, Role.LEADER):
            lowest = Escalation.SEKDA if membership.role == Role.PLANNER else Escalation.GOVERNOR
            count = sum(1 for gov, level in escalated if gov == membership.government_id and level >= lowest)
            if count:
                lines.append(_("%(count)s obstacles were escalated to your level today.") % {"count": count})
        if lines:
            user, existing = result.get(membership.user_id, (membership.user, []))
            result[membership.user_id] = (user, existing + lines)
    return result


def escalate(today: datetime.date) -> None:
    services.escalate_obstacles(today=today)
    services.refresh_health(today=today)  # milestones grow later every day


digest.register_preparation(escalate)
