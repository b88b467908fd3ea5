"""The status rules of a project: how far behind plan, which milestone is late, and the words that say so.

Pure functions: the caller passes the latest report's figures and the open milestones. Defaults
(``PROJECT_STATUS`` in settings): on track within 5 percentage points behind plan, warning up to 10,
critical beyond 10 or when any milestone is more than 30 days late.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.core.numbers import format_number
from kinerja.projects.choices import Health, Phase


@dataclass(frozen=True)
class Limits:
    warning: Decimal = Decimal(5)  # points behind plan still on track
    critical: Decimal = Decimal(10)  # points behind plan still a warning
    milestone_days: int = 30  # days a milestone may be late before the project is critical
    report_due_day: int = 10  # the month's report is due by this day of the next month


def limits() -> Limits:
    conf = getattr(settings, "PROJECT_STATUS", {})
    return Limits(
        warning=Decimal(str(conf.get("warning_points", 5))),
        critical=Decimal(str(conf.get("critical_points", 10))),
        milestone_days=int(conf.get("milestone_days", 30)),
        report_due_day=int(conf.get("report_due_day", 10)),
    )


@dataclass
class Assessment:
    health: str
    plan: Decimal | None = None
    actual: Decimal | None = None
    deviation: Decimal | None = None  # actual − plan: negative is behind
    month: datetime.date | None = None
    late: list[tuple[str, int]] = field(default_factory=list)  # (milestone, days), worst first, beyond the limit


def escalation_days() -> int:
    return int(getattr(settings, "OBSTACLE_ESCALATION_DAYS", 30))


def escalation_level(*, level: int, since: datetime.date, today: datetime.date, days: int, top: int) -> int:
    """The level an unresolved obstacle has reached by ``today``: one level up for every ``days`` since ``since``.

    ``level`` is the level last recorded and ``since`` the day it was recorded (or the day the obstacle was
    raised): the level shown is derived from these dates, so it is right on any day whether or not the daily
    escalation step has run yet; the step records the same level (and its audit event and notification).
    """
    if days <= 0 or today <= since:
        return level
    return min(top, level + (today - since).days // days)


def report_due(month: datetime.date, limit: Limits) -> datetime.date:
    """The last day on which the report of ``month`` (its first day) is on time: day N of the next month."""
    following = (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return following.replace(day=min(limit.report_due_day, 28))


def month_due(today: datetime.date, limit: Limits) -> datetime.date:
    """The latest month whose report is due by ``today`` (first day of that month)."""
    first = today.replace(day=1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    if today.day > limit.report_due_day:
        return previous
    return (previous - datetime.timedelta(days=1)).replace(day=1)


def assess(
    *,
    phase: str,
    start: datetime.date,
    today: datetime.date,
    latest: tuple[datetime.date, Decimal, Decimal] | None,
    open_milestones: list[tuple[str, datetime.date]],
    limit: Limits,
) -> Assessment:
    """Classify a project from its latest report (month, plan %, actual %) and its milestones not yet met."""
    if phase in (Phase.COMPLETED, Phase.CANCELLED):
        return Assessment(Health.CLOSED, *(_figures(latest)))
    late = sorted(
        (
            (title, (today - planned).days)
            for title, planned in open_milestones
            if (today - planned).days > limit.milestone_days
        ),
        key=lambda item: -item[1],
    )
    if latest is None:
        if late:
            return Assessment(Health.CRITICAL, late=late)
        if start.replace(day=1) > month_due(today, limit):
            return Assessment(Health.NOT_STARTED)
        return Assessment(Health.NO_REPORT)
    month, plan, actual = latest
    behind = plan - actual
    if late or behind > limit.critical:
        health = Health.CRITICAL
    elif behind > limit.warning:
        health = Health.WARNING
    else:
        health = Health.ON_TRACK
    return Assessment(health, plan, actual, actual - plan, month, late)


def _figures(latest):
    if latest is None:
        return (None, None, None, None)
    month, plan, actual = latest
    return (plan, actual, actual - plan, month)


def explain(
    *,
    health: str,
    deviation: Decimal | None,
    month: datetime.date | None,
    late_title: str = "",
    late_days: int | None = None,
    late_count: int = 0,
    start: datetime.date | None = None,
    today: datetime.date | None = None,
    limit: Limits | None = None,
) -> str:
    """The status in words, e.g. "8.2 points behind plan; milestone 'Land handover' 45 days late"."""
    parts = []
    if health == Health.NOT_STARTED:
        return _("Not started yet (start %(date)s).") % {"date": start.strftime("%d-%m-%Y")} if start else ""
    if health == Health.CLOSED:
        return _("Completed or cancelled: no longer followed.")
    if deviation is not None:
        points = format_number(abs(deviation), 1)
        if deviation < 0:
            parts.append(_("%(points)s points behind plan") % {"points": points})
        elif deviation > 0:
            parts.append(_("%(points)s points ahead of plan") % {"points": points})
        else:
            parts.append(_("exactly on plan"))
    else:
        parts.append(_("no progress report yet"))
    if late_title and late_days is not None:
        parts.append(
            ngettext(
                "milestone '%(title)s' %(days)s day late",
                "milestone '%(title)s' %(days)s days late",
                late_days,
            )
            % {"title": late_title, "days": late_days}
        )
        if late_count > 1:
            parts.append(
                ngettext("%(count)s more milestone late", "%(count)s more milestones late", late_count - 1)
                % {"count": late_count - 1}
            )
    if month is not None and today is not None and limit is not None and month < month_due(today, limit):
        parts.append(_("last report %(month)s") % {"month": month.strftime("%m-%Y")})
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]
