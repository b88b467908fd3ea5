"""The weekly brief of a leader, computed from the records of one ISO week (Monday–Sunday); no language model.

Sections, each line linking to its record:
- what changed in the week: values verified in the week; indicators whose rating (Permendagri 86/2017,
  from the values the engine counted then: a pending correction takes its period out) was different at
  the end of the week than at its start; agencies whose
  achievement band (the rating of their indicators' mean achievement) changed the same way; projects whose
  phase changed (from the audit trail) or whose computed health changed (``ProjectHealthChange``); signals
  of the reality check new, back or resolved in the week (``SignalSighting``, recorded daily), of the
  agencies the leader may see;
- what is late (as the records stand when the brief is made): projects whose monthly progress report is
  late, directives past their due date and not finished, the leader's supervision requests unanswered
  after their due date;
- what needs a decision: obstacles escalated to the governor (or the central government) and not
  resolved, documents waiting for the leader's signature, and answered supervision requests the leader
  has still to close or reopen.
The "what changed" sections depend on the week only, so a past week regenerates the same; the "late" and
"decision" sections are as they stand when the brief is made. Every section runs a fixed number of queries.
Sending the brief of the current or the just-ended week first records today's signals (``record_signals_for``);
a past week regenerated writes nothing.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import BadRequest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kinerja.core import links
from kinerja.core.models import AuditEvent, Government
from kinerja.core.params import YEAR_MAX, YEAR_MIN
from kinerja.dashboards.models_supervision import RequestState, SupervisionRequest
from kinerja.monitoring import formulas
from kinerja.monitoring.choices import RealizationState
from kinerja.monitoring.models import Realization
from kinerja.planning.models import Indicator, Target

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
COUNTED = (RealizationState.VERIFIED, RealizationState.SUPERSEDED)


class InvalidWeek(BadRequest):
    """A week that is not written ``YYYY-Www`` (``2026-W40``) or does not exist; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Week:
    year: int
    number: int

    @property
    def monday(self) -> datetime.date:
        return datetime.date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def iso(self) -> str:
        return str(self)

    def previous(self) -> "Week":
        return week_of(self.monday - datetime.timedelta(days=7))

    def next(self) -> "Week":
        return week_of(self.monday + datetime.timedelta(days=7))


def week_of(day: datetime.date) -> Week:
    year, number, _weekday = day.isocalendar()
    return Week(year, number)


def last_week(today: datetime.date | None = None) -> Week:
    """The last complete week before ``today`` (on a Monday: the week that ended yesterday)."""
    return week_of((today or timezone.localdate()) - datetime.timedelta(days=7))


def parse_week(text: str) -> Week:
    """Read ``2026-W40``; anything else (``2026-40``, ``2026-W54``, ``2025-W53``) is refused with the reason."""
    match = WEEK.match((text or "").strip())
    if not match:
        raise InvalidWeek(
            _("%(text)s is not a week: write it as 2026-W40 (ISO year, W, week number).") % {"text": text}
        )
    year, number = int(match[1]), int(match[2])
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise InvalidWeek(_("The year must be between %(min)s and %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX})
    try:
        datetime.date.fromisocalendar(year, number, 1)
    except ValueError:
        raise InvalidWeek(_("%(year)s has no week %(number)s.") % {"year": year, "number": number}) from None
    return Week(year, number)


@dataclass
class Line:
    text: str
    url: str


@dataclass
class Section:
    key: str
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Brief:
    government: Government
    leader: object
    week: Week
    sections: list[Section]
    made_at: datetime.datetime

    @property
    def count(self) -> int:
        return sum(len(section.lines) for section in self.sections)

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


def _url(name: str, *args) -> str:
    return links.absolute_url(reverse(name, args=args))


def _d(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _bounds(week: Week) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week.monday, datetime.time.min, tzinfo=tz)
    return start, start + datetime.timedelta(days=7)


# --- what changed -----------------------------------------------------------------------------------------


def verified_values(government: Government, week: Week) -> tuple[Section, list[Realization]]:
    start, end = _bounds(week)
    values = list(
        Realization.objects.filter(
            government=government, state__in=COUNTED, reviewed_at__gte=start, reviewed_at__lt=end
        )
        .select_related("indicator", "agency", "period")
        .order_by("reviewed_at", "pk")
    )
    section = Section("verified", _("Values verified this week"))
    for value in values:
        section.lines.append(
            Line(
                "{agency} · {indicator}, {period}: {value} {unit}".format(
                    agency=value.agency,
                    indicator=value.indicator.name,
                    period=value.period,
                    value=f"{value.value.normalize():f}",
                    unit=value.indicator.unit,
                ),  # fmt: skip
                _url("monitoring:entry", value.indicator_id, value.period_id),
            )
        )
    return section, values


def _rating_as_of(indicator, target, values, as_of) -> str | None:
    """The rating of ``indicator`` at ``as_of``: the rating of ``_achievement_as_of``, as the engine rates it."""
    achievement = _achievement_as_of(indicator, target, values, as_of)
    return formulas.rating(achievement) if achievement is not None else None


def rating_changes(government: Government, week: Week, verified: list[Realization]) -> Section:
    """Indicators whose rating at the end of the week differs from the start (only a value verified in the week
    can change it: three queries whatever the number of indicators)."""
    section = Section("ratings", _("Rating changes"))
    years = {(v.indicator_id, v.period.year) for v in verified}
    if not years:
        return section
    indicator_ids = {pk for pk, _year in years}
    start, end = _bounds(week)
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=indicator_ids).select_related("node")}
    targets = {
        (t.indicator_id, t.year): t
        for t in Target.objects.filter(
            indicator_id__in=indicator_ids, period_kind="year", year__in={y for _i, y in years}
        )
    }
    values = defaultdict(list)
    for value in _values_until(indicator_ids, {y for _i, y in years}, end):
        values[(value.indicator_id, value.period.year)].append(value)
    for indicator_id, year in sorted(years, key=lambda key: (indicators[key[0]].name, key[1])):
        indicator, target, rows = (
            indicators[indicator_id],
            targets.get((indicator_id, year)),
            values[(indicator_id, year)],
        )
        before, after = _rating_as_of(indicator, target, rows, start), _rating_as_of(indicator, target, rows, end)
        if before == after or after is None:
            continue
        labels = formulas.RATING_LABELS
        section.lines.append(
            Line(
                "{indicator} ({year}): {before} → {after}".format(
                    indicator=indicator.name,
                    year=year,
                    before=labels.get(before, _("no rating")),
                    after=labels[after],
                ),  # fmt: skip
                _url("planning:indicator_detail", indicator_id),
            )
        )
    return section


def _counted_at(values, as_of) -> list[Realization]:
    """The value of each period that counted at ``as_of``, as the engine counted it then (its current version, if
    verified): the latest version verified before ``as_of``, unless a later version (a correction) had been opened
    before ``as_of`` and not yet verified, which took the period out of the verified figures until verified."""
    latest: dict[int, Realization] = {}
    opened: dict[int, int] = {}  # period → the highest version created before as_of
    for value in values:
        if value.created < as_of and value.version > opened.get(value.period_id, 0):
            opened[value.period_id] = value.version
        if (
            value.state in COUNTED
            and value.reviewed_at is not None
            and value.reviewed_at < as_of
            and (value.period_id not in latest or value.version > latest[value.period_id].version)
        ):
            latest[value.period_id] = value
    return [v for v in latest.values() if opened.get(v.period_id, 0) <= v.version]


def _achievement_as_of(indicator, target, values, as_of):
    """The achievement of ``indicator`` from the values counted at ``as_of`` (None without target or value): the
    engine's formulas (``formulas.annual_realization`` and ``formulas.achievement``) on the values it counted."""
    counted = _counted_at(values, as_of)
    if not counted or target is None:
        return None
    ordered = [v.value for v in sorted(counted, key=lambda v: v.period.ends)]
    try:
        realization = formulas.annual_realization(ordered, indicator.accumulation)
        return formulas.achievement(
            target=target.value, realization=realization, polarity=indicator.polarity, target_high=target.value_high
        )
    except ValueError:
        return None


def _values_until(indicator_ids, years, end):
    """The versions of the indicators' values of ``years`` that matter before ``end``: those verified before it,
    and any version opened before it (a pending correction); one query."""
    return Realization.objects.filter(
        Q(state__in=COUNTED, reviewed_at__lt=end) | Q(created__lt=end, version__gt=1),
        indicator_id__in=indicator_ids,
        period__year__in=years,
    ).select_related("period")


def agency_rating_changes(government: Government, week: Week, verified: list[Realization]) -> Section:
    """Agencies whose achievement band (the rating of the mean achievement of their indicators of the year) at the
    end of the week differs from the start; only an agency with a value verified in the week can change (three
    queries whatever the number of agencies or indicators)."""
    section = Section("agency_ratings", _("Agency rating changes"))
    touched = {(v.agency_id, v.period.year) for v in verified}
    if not touched:
        return section
    agency_ids, years = {a for a, _y in touched}, {y for _a, y in touched}
    start, end = _bounds(week)
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            government=government, node__agency_id__in=agency_ids, node__period__status="active"
        ).select_related("node__agency")
    }
    targets = {
        (t.indicator_id, t.year): t
        for t in Target.objects.filter(indicator_id__in=list(indicators), period_kind="year", year__in=years)
    }
    values = defaultdict(list)
    for value in _values_until(list(indicators), years, end):
        values[(value.indicator_id, value.period.year)].append(value)
    by_agency = defaultdict(list)
    for indicator in indicators.values():
        by_agency[indicator.node.agency_id].append(indicator)
    rows = []
    for agency_id, year in touched:
        means = []
        for moment in (start, end):
            found = [
                a
                for i in by_agency.get(agency_id, [])
                if (a := _achievement_as_of(i, targets.get((i.pk, year)), values[(i.pk, year)], moment)) is not None
            ]
            means.append(sum(found) / len(found) if found else None)
        before, after = (formulas.rating(m) if m is not None else None for m in means)
        if before == after or after is None:
            continue
        agency = by_agency[agency_id][0].node.agency
        rows.append((agency.name, year, agency, before, after, means))
    labels = formulas.RATING_LABELS
    for name, year, agency, before, after, (was, now) in sorted(rows, key=lambda r: (r[0], r[1])):
        section.lines.append(
            Line(
                _("%(agency)s (%(year)s): %(before)s → %(after)s (achievement %(was)s → %(now)s %%)")
                % {
                    "agency": name,
                    "year": year,
                    "before": labels.get(before, _("no rating")),
                    "after": labels[after],
                    "was": "–" if was is None else f"{was:.1f}",
                    "now": f"{now:.1f}",
                },  # fmt: skip
                links.absolute_url(f"{reverse('dashboards:agency_dashboard', args=[agency.code])}?year={year}"),
            )
        )
    return section


def project_changes(government: Government, week: Week) -> Section:
    """Projects whose phase changed in the week (from the audit trail) or whose computed health changed
    (``ProjectHealthChange``), in the order they happened; two queries."""
    from kinerja.projects.choices import Health, Phase
    from kinerja.projects.models import ProjectHealthChange

    start, end = _bounds(week)
    section = Section("projects", _("Projects changing status"))
    rows = []
    phases = dict(Phase.choices)
    for event in AuditEvent.objects.filter(
        government_id=government.pk,
        object_type="projects.project",
        action="update",
        created__gte=start,
        created__lt=end,
    ).order_by("sequence"):
        before, after = (event.before or {}).get("phase"), (event.after or {}).get("phase")
        if before == after or after is None:
            continue
        text = "{project}: {before} → {after} ({day})".format(
            project=event.object_repr,
            before=phases.get(before, before or "–"),
            after=phases.get(after, after),
            day=_d(timezone.localdate(event.created)),
        )  # fmt: skip
        rows.append((event.created, text, int(event.object_id)))
    healths = dict(Health.choices)
    for change in (
        ProjectHealthChange.objects.filter(project__government=government, changed_at__gte=start, changed_at__lt=end)
        .select_related("project")
        .only("project__name", "old_health", "new_health", "changed_at")
        .order_by("changed_at", "pk")
    ):
        text = _("%(project)s: progress status %(before)s → %(after)s (%(day)s)") % {
            "project": change.project.name,
            "before": healths.get(change.old_health, change.old_health),
            "after": healths.get(change.new_health, change.new_health),
            "day": _d(timezone.localdate(change.changed_at)),
        }
        rows.append((change.changed_at, text, change.project_id))
    for _moment, text, project_id in sorted(rows, key=lambda row: row[0]):  # stable: phase first at one moment
        section.lines.append(Line(text, _url("projects:detail", project_id)))
    return section


def signal_changes(government: Government, leader, week: Week) -> Section:
    """Reality-check signals first seen (new, or back after being resolved) or resolved in the week, of the
    agencies whose signals the leader may see, from the daily record (``SignalSighting``); three queries at most
    (the leader's grants, the agencies, the sightings)."""
    from urllib.parse import urlencode

    from kinerja.dashboards import reality
    from kinerja.dashboards.models import SignalSighting

    section = Section("signals", _("New and resolved signals"))
    agencies = {a.pk: a for a in reality.visible_agencies(leader, government)}
    if not agencies:
        return section
    monday, sunday = week.monday, week.sunday
    rows = []
    for sighting in SignalSighting.objects.filter(government=government, agency_id__in=list(agencies)).filter(
        Q(first_seen__range=(monday, sunday)) | Q(resolved_on__range=(monday, sunday))
    ):
        agency = agencies[sighting.agency_id]
        values = {
            "agency": agency.short_name or agency.name,
            "kind": reality.KINDS[sighting.kind][1] if sighting.kind in reality.KINDS else sighting.kind,
            "explanation": Truncator(sighting.explanation).chars(160),
        }
        listing = reverse("dashboards:reality_check") + "?" + urlencode(
            {"year": sighting.year, "agency": sighting.agency_id, "kind": sighting.kind}
        )  # fmt: skip
        if monday <= sighting.first_seen <= sunday:
            text = (
                _("Signal back at %(agency)s on %(day)s, resolved before: %(kind)s. %(explanation)s")
                if sighting.returned
                else _("New signal at %(agency)s on %(day)s: %(kind)s. %(explanation)s")
            ) % (values | {"day": _d(sighting.first_seen)})
            url = (
                reverse("dashboards:reality_signal") + "?" + urlencode({"year": sighting.year, "key": sighting.key})
                if sighting.resolved_on is None
                else listing  # resolved since: the signal has no page any more
            )
            rows.append((sighting.first_seen, 0, values["agency"], sighting.pk, text, url))
        if sighting.resolved_on is not None and monday <= sighting.resolved_on <= sunday:
            text = _("Signal resolved at %(agency)s on %(day)s: %(kind)s. %(explanation)s") % (
                values | {"day": _d(sighting.resolved_on)}
            )
            rows.append((sighting.resolved_on, 1, values["agency"], sighting.pk, text, listing))
    for *_order, text, url in sorted(rows, key=lambda row: row[:4]):
        section.lines.append(Line(text, links.absolute_url(url)))
    return section


def record_signals_for(government: Government, week: Week, today: datetime.date) -> bool:
    """Record today's signals (``reality.record_signals``, the current year) before a brief of the current or the
    just-ended week is made; a past week regenerated records nothing. Return whether it recorded."""
    from kinerja.dashboards import reality

    if week not in (week_of(today), last_week(today)):
        return False
    reality.record_signals(government, today.year, today)
    return True


# --- what is late, what needs a decision -----------------------------------------------------------------


def late_items(government: Government, leader, today: datetime.date) -> Section:
    from kinerja.projects import status
    from kinerja.projects.choices import DIRECTIVE_FINISHED, Phase
    from kinerja.projects.models import Assignment, Project

    section = Section("late", _("Late"))
    due_month = status.month_due(today, status.limits())
    for project in (
        Project.objects.filter(
            government=government, phase__in=[Phase.PREPARATION, Phase.IMPLEMENTATION, Phase.COMPLETION]
        )
        .filter(start__lt=due_month + datetime.timedelta(days=31), planned_end__gte=due_month)
        .filter(Q(last_report_month__isnull=True) | Q(last_report_month__lt=due_month))
        .select_related("agency")
        .order_by("agency__name", "name")
    ):
        section.lines.append(
            Line(
                _("Progress report of %(month)s late: %(project)s (%(agency)s)")
                % {"month": due_month.strftime("%m-%Y"), "project": project.name, "agency": project.agency},
                _url("projects:detail", project.pk),
            )
        )
    # One line per directive, naming the agencies that have not finished it (a directive goes to many).
    late_directives: dict[int, list] = {}
    for assignment in (
        Assignment.objects.filter(directive__meeting__government=government, directive__due__lt=today)
        .exclude(status__in=DIRECTIVE_FINISHED)
        .select_related("directive", "agency")
        .order_by("directive__due", "directive_id", "agency__name")
    ):
        late_directives.setdefault(assignment.directive_id, []).append(assignment)
    for assignments in late_directives.values():
        directive = assignments[0].directive
        names = ", ".join(str(a.agency) for a in assignments[:5]) + (" …" if len(assignments) > 5 else "")
        section.lines.append(
            Line(
                _("Directive overdue since %(due)s at %(count)s agencies (%(agencies)s): %(text)s")
                % {
                    "due": _d(directive.due),
                    "count": len(assignments),
                    "agencies": names,
                    "text": Truncator(directive.text).chars(120),
                },  # fmt: skip
                _url("projects:assignment", assignments[0].pk)
                if len(assignments) == 1
                else _url("projects:meeting", directive.meeting_id),
            )
        )
    for request in (
        SupervisionRequest.objects.filter(
            government=government, supervisor_id=leader.pk, state=RequestState.OPEN, due__lt=today
        )
        .select_related("agency")
        .order_by("due", "pk")
    ):
        section.lines.append(
            Line(
                _("Your supervision request to %(agency)s unanswered since %(due)s: %(text)s")
                % {"agency": request.agency, "due": _d(request.due), "text": Truncator(request.text).chars(120)},
                _url("dashboards:supervision_request", request.pk),
            )
        )
    return section


def decisions(government: Government, leader) -> Section:
    from kinerja.integrity.choices import DocumentState
    from kinerja.integrity.models import SignedDocument
    from kinerja.projects.choices import Escalation, ObstacleStatus
    from kinerja.projects.models import Obstacle

    section = Section("decisions", _("Needs your decision"))
    for obstacle in (
        Obstacle.objects.filter(government=government, escalation__gte=Escalation.GOVERNOR)
        .exclude(status=ObstacleStatus.RESOLVED)
        .select_related("agency")
        .order_by("raised_on", "pk")
    ):
        section.lines.append(
            Line(
                _("Obstacle at %(level)s level, raised %(day)s at %(agency)s: %(title)s")
                % {
                    "level": obstacle.get_escalation_display(),
                    "day": _d(obstacle.raised_on),
                    "agency": obstacle.agency,
                    "title": obstacle.title,
                },  # fmt: skip
                _url("projects:obstacle", obstacle.pk),
            )
        )
    for document in (
        SignedDocument.objects.filter(government=government)
        .filter(
            Q(first_party_id=leader.pk, state=DocumentState.READY)
            | Q(second_party_id=leader.pk, state=DocumentState.FIRST_SIGNED)
        )
        .select_related("agency")
        .order_by("year", "pk")
    ):
        section.lines.append(Line(_("Waiting for your signature: %(document)s") % {"document": document},
                                  _url("integrity:document", document.pk)))  # fmt: skip
    for request in (
        SupervisionRequest.objects.filter(government=government, supervisor_id=leader.pk, state=RequestState.ANSWERED)
        .select_related("agency")
        .order_by("due", "pk")
    ):
        section.lines.append(
            Line(
                _("%(agency)s answered your request; close or reopen it: %(text)s")
                % {"agency": request.agency, "text": Truncator(request.text).chars(120)},
                _url("dashboards:supervision_request", request.pk),
            )
        )
    return section


def build(*, government: Government, leader, week: Week, today: datetime.date | None = None) -> Brief:
    """The brief of ``leader`` for ``week``; ``today`` (when the brief is made) dates the late and decision parts."""
    today = today or timezone.localdate()
    verified_section, verified = verified_values(government, week)
    sections = [
        verified_section,
        rating_changes(government, week, verified),
        agency_rating_changes(government, week, verified),
        project_changes(government, week),
        signal_changes(government, leader, week),
        late_items(government, leader, today),
        decisions(government, leader),
    ]
    return Brief(government=government, leader=leader, week=week, sections=sections, made_at=timezone.now())


def chart_svg(brief: Brief) -> str:
    """A horizontal bar chart of the lines per section, as inline SVG (server-side, no script)."""
    from django.utils.html import escape

    rows = [(section.title, len(section.lines)) for section in brief.sections]
    top = max([n for _t, n in rows] + [1])
    height = 22 * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="{height}" role="img" '
             f'aria-label="{escape(_("Lines per section"))}" font-family="sans-serif" font-size="12">']  # fmt: skip
    for index, (title, count) in enumerate(rows):
        y = 5 + index * 22
        width = round(300 * count / top)
        parts.append(f'<text x="0" y="{y + 14}">{escape(title)}</text>')
        parts.append(f'<rect x="250" y="{y + 3}" width="{max(width, 1)}" height="14" fill="#0d6efd"/>')
        parts.append(f'<text x="{256 + width}" y="{y + 14}">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def leaders(government: Government):
    """The users holding an active leader role in ``government``, who each get a brief."""
    from kinerja.core.choices import Role
    from kinerja.core.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__government=government,
            memberships__role=Role.LEADER,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def render_pdf(brief: Brief) -> bytes:
    from django.utils.safestring import mark_safe

    from kinerja.core.pdf import render_pdf as render

    return render("dashboards/brief_pdf.html", {"brief": brief, "chart": mark_safe(chart_svg(brief))})  # noqa: S308


def send(*, government: Government, week: Week, today: datetime.date | None = None, users=None) -> int:
    """E-mail every leader (with an address) the brief of ``week``: text and HTML, the PDF attached. Return the count."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.utils import translation

    today = today or timezone.localdate()
    record_signals_for(government, week, today)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):  # e-mails go out in the government's language
        for leader in users if users is not None else leaders(government):
            if not leader.email:
                continue
            brief = build(government=government, leader=leader, week=week, today=today)
            context = {"brief": brief, "page_url": _url("dashboards:brief", str(week))}
            subject = _("Kinerja: weekly brief %(week)s (%(count)s items)") % {"week": week, "count": brief.count}
            mail = EmailMultiAlternatives(
                subject, render_to_string("dashboards/brief_email.txt", context), None, [leader.email]
            )
            mail.attach_alternative(render_to_string("dashboards/brief_email.html", context), "text/html")
            mail.attach(f"ringkasan-{week}.pdf", render_pdf(brief), "application/pdf")
            mail.send()
            sent += 1
    return sent
