"""Pages of projects, obstacles, meetings and directives.

The leadership view (``/proyek/``) shows the whole government to leaders, planners and inspectors and
an agency's own projects, obstacles and directives to its head and operators: scope does the rest.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.core import links, params
from kinerja.core.access import may
from kinerja.core.forms import add_conflict, add_service_errors
from kinerja.core.models import Agency
from kinerja.core.selectors import government_for
from kinerja.core.services import ConflictError
from kinerja.core.storedfiles import open_intact
from kinerja.core.uploads import attachment_response
from kinerja.core.validators import bounded_text
from kinerja.projects import oc4ids, selectors, services, status
from kinerja.projects.choices import (
    DIRECTIVE_FINISHED,
    HEALTH_ORDER,
    Category,
    Escalation,
    Health,
    ObstacleCategory,
    ObstacleStatus,
    Sector,
)
from kinerja.projects.forms import (
    AssignmentReportForm,
    DirectiveForm,
    FollowUpForm,
    MeetingForm,
    MilestoneForm,
    ObstacleForm,
    ProjectForm,
    ReportForm,
)
from kinerja.projects.models import Assignment, DirectiveReport, Meeting, Milestone, Obstacle, Photo, Project
from kinerja.projects.permissions import DIRECTIVES, PROJECTS, REPORT

PAGE_SIZE = 25


def _government(request):
    government = government_for(request.user)
    if government is None:
        raise PermissionDenied(_("Your account has no role in any government yet."))
    return government


_form_errors = add_service_errors
_conflict = add_conflict


def _agencies_for(user, government, action: str, area: str = PROJECTS):
    agencies = Agency.objects.filter(government=government).order_by("name")
    return agencies.filter(pk__in=[a.pk for a in agencies if may(user, action, a, area=area)])


def _may_change(user, project) -> bool:
    return may(user, "change", project.agency, area=PROJECTS)


def _rows(projects, today):
    return [(project, selectors.explanation(project, today)) for project in projects]


@login_required
def overview(request):
    """Projects by status, category and region, the critical first with their reasons, old obstacles, overdue directives."""
    government, today = _government(request), timezone.localdate()
    projects, used = selectors.filter_projects(selectors.projects_for(request.user, government.pk), request.GET)
    summary = selectors.summary(projects)
    top = list(selectors.list_rows(projects.exclude(health=Health.CLOSED))[:PAGE_SIZE])
    chart = {
        "health": [
            {"value": value, "label": str(Health(value).label), "count": summary.by_health[value]}
            for value in HEALTH_ORDER
        ],
        "categories": [str(row[1]) for row in summary.by_category],
        "series": [
            {
                "name": str(Health(value).label),
                "health": value,
                "data": [row[2].get(value, 0) for row in summary.by_category],
            }
            for value in HEALTH_ORDER
        ],
        "regions": [
            {
                "name": r["code"],
                "label": r["name"],
                "value": r["total"],
                "critical": r["critical"],
                "warning": r["warning"],
            }
            for r in summary.by_region
        ],
        "labels": {"projects": _("projects"), "critical": _("critical"), "warning": _("warning")},
    }
    context = {
        "government": government,
        "summary": summary,
        "rows": _rows(top, today),
        "obstacles": selectors.oldest_obstacles(request.user, government.pk, today=today),
        "directives": selectors.overdue_directives(request.user, government.pk, today=today),
        "chart": chart,
        "used": used,
        "today": today,
        "may_add": bool(_agencies_for(request.user, government, "add")),
        "filters": _filter_choices(government),
    }
    return render(request, "projects/overview.html", context)


def _filter_choices(government):
    return {
        "categories": Category.choices,
        "healths": [(value, Health(value).label) for value in HEALTH_ORDER],
        "sectors": Sector.choices,
        "regions": selectors.regions(government.pk),
    }


@login_required
def project_list(request):
    government, today = _government(request), timezone.localdate()
    projects, used = selectors.filter_projects(selectors.projects_for(request.user, government.pk), request.GET)
    paginator = Paginator(selectors.list_rows(projects), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": _rows(page.object_list, today),
        "used": used,
        "today": today,
        "filters": _filter_choices(government),
    }
    return render(request, "projects/list.html", context)


@login_required
def project_detail(request, pk: int):
    today = timezone.localdate()
    project = selectors.project_detail(pk, request.user)
    if project is None:
        raise Http404(_("No project with this number is visible to you."))
    curve = selectors.s_curve(project)
    reports, limit = list(project.reports.all()), status.limits()
    context = {
        "project": project,
        "explanation": selectors.explanation(project, today),
        "curve": {
            "months": curve["months"],
            "series": [
                {"name": _("Plan (%)"), "data": curve["plan"]},
                {"name": _("Actual (%)"), "data": curve["actual"]},
            ],
        },
        "reports": [(r, r.days_late(limit)) for r in reversed(reports)],
        "photos": [photo for report in reversed(reports) for photo in report.photos.all()][:12],
        "milestones": [(m, m.days_late(today)) for m in project.milestones.all()],
        "obstacles": selectors.with_facts(list(project.obstacles.all()), today),
        "directives": [(d, selectors.directive_progress(d.assignments.all())) for d in project.directives.all()],
        "may_change": _may_change(request.user, project),
        "funding_total": sum(f.amount for f in project.fundings.all()),
        "today": today,
    }
    return render(request, "projects/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int | None = None):
    government = _government(request)
    project = None
    if pk is not None:
        project = get_object_or_404(Project.objects.restrict(request.user, "change").select_related("agency"), pk=pk)
    agencies = _agencies_for(request.user, government, "change" if project else "add")
    if not agencies:
        raise PermissionDenied(_("Your role does not allow you to keep projects."))
    form = ProjectForm(request.POST or None, instance=project, government=government, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.PROJECT_FIELDS if name in form.cleaned_data}
        try:
            project = services.project_save(
                user=request.user,
                government=government,
                data=data,
                project=project,
                partner_agencies=form.cleaned_data["partner_agencies"],
                funded_by=form.cleaned_data["funded_by"],
                indicators=form.cleaned_data["indicators"],
                fundings=form.fundings(),
                expected_version=form.cleaned_data.get("version"),
            )
        except ConflictError as exc:
            _conflict(form, exc)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("projects:detail", project.pk)
    return render(request, "projects/edit.html", {"form": form, "project": project}, status=400 if form.errors else 200)


def _changeable_project(request, pk):
    project = get_object_or_404(Project.objects.restrict(request.user, "view").select_related("agency"), pk=pk)
    if not _may_change(request.user, project):
        raise PermissionDenied(_("You may see this project but not report on it."))
    return project


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    """The monthly progress report: a month already reported is corrected in place (the audit keeps the old values)."""
    project = _changeable_project(request, pk)
    today = timezone.localdate()
    month_param = request.GET.get("month") or request.POST.get("month")
    existing = None
    if month_param:
        try:
            month = datetime.datetime.strptime(month_param, "%Y-%m").date()
            existing = project.reports.filter(month=month).first()
        except ValueError:
            existing = None
    initial = {"month": (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)}
    if existing:
        initial = {
            "month": existing.month,
            "physical_plan": existing.physical_plan,
            "physical_actual": existing.physical_actual,
            "financial": existing.financial,
            "narrative": existing.narrative,
            "version": existing.lock_version,
        }
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and existing and not form.cleaned_data.get("version"):
        # A second report of the same month from a blank form would silently replace the first one.
        form.add_error(
            "month",
            _("%(month)s is already reported; open it from the table to correct it.")
            % {"month": existing.month.strftime("%m-%Y")},
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_save(
                user=request.user,
                project=project,
                month=data["month"],
                physical_plan=data["physical_plan"],
                physical_actual=data["physical_actual"],
                financial=data["financial"],
                narrative=data["narrative"],
                photos=[(upload, data["caption"]) for upload in data["photos"]],
                expected_version=data.get("version") if existing else None,
                today=today,
            )
        except ConflictError as exc:
            _conflict(form, exc)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("The progress report of %(month)s was saved.") % {"month": data["month"].strftime("%m-%Y")}
            )
            return redirect("projects:detail", project.pk)
    return render(
        request,
        "projects/report.html",
        {"form": form, "project": project, "existing": existing},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk: int, milestone_pk: int | None = None):
    project = _changeable_project(request, pk)
    milestone = get_object_or_404(Milestone, pk=milestone_pk, project=project) if milestone_pk else None
    form = MilestoneForm(
        request.POST or None,
        request.FILES or None,
        instance=milestone,
        initial={"version": milestone.lock_version} if milestone else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.milestone_save(
                user=request.user,
                project=project,
                milestone=milestone,
                title=data["title"],
                planned=data["planned"],
                actual=data["actual"],
                note=data["note"],
                evidence=data.get("evidence_file"),
                expected_version=data.get("version") if milestone else None,
            )
        except ConflictError as exc:
            _conflict(form, exc)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The milestone was saved."))
            return redirect("projects:detail", project.pk)
    return render(
        request,
        "projects/milestone.html",
        {"form": form, "project": project, "milestone": milestone},
        status=400 if form.errors else 200,
    )


@login_required
def oc4ids_export(request, pk: int):
    project = selectors.project_detail(pk, request.user)
    if project is None:
        raise Http404(_("No project with this number is visible to you."))
    data = oc4ids.project_to_oc4ids(project, base_url=links.base_url(request))
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="oc4ids-{project.code}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _file_response(field, name: str, content_type: str, sha256: str = ""):
    handle = open_intact(field, sha256)  # refuses a file altered on disk, 404 when it is missing
    return attachment_response(handle, filename=name, content_type=content_type)


@login_required
def photo(request, pk: int):
    item = get_object_or_404(Photo.objects.restrict(request.user, "view"), pk=pk)
    return _file_response(item.image, f"foto-{item.pk}", item.content_type, item.sha256)


@login_required
def milestone_evidence(request, pk: int):
    item = get_object_or_404(Milestone.objects.restrict(request.user, "view").exclude(evidence=""), pk=pk)
    return _file_response(item.evidence, item.evidence_name, item.evidence_type, item.sha256)


@login_required
def directive_evidence(request, pk: int):
    item = get_object_or_404(DirectiveReport.objects.restrict(request.user, "view").exclude(evidence=""), pk=pk)
    return _file_response(item.evidence, item.evidence_name, item.evidence_type, item.sha256)


# --- obstacles ------------------------------------------------------------------------------------------


@login_required
def obstacle_list(request):
    government, today = _government(request), timezone.localdate()
    obstacles = selectors.obstacles_for(request.user, government.pk, today=today)
    state = params.text(request.GET, "status", "unresolved")
    if state == "unresolved":
        obstacles = obstacles.exclude(status=ObstacleStatus.RESOLVED)
    elif state in ObstacleStatus.values:
        obstacles = obstacles.filter(status=state)
    category = params.text(request.GET, "category")
    if category in ObstacleCategory.values:
        obstacles = obstacles.filter(category=category)
    # The leader's home drills down here: the obstacles at one escalation level (reached by today), of one
    # agency (code) or on the projects of one regency (code).
    level = params.integer(request.GET, "level", minimum=min(Escalation.values), maximum=max(Escalation.values))
    if level:
        obstacles = selectors.at_escalation_level(obstacles, level, today)
    agency_code = params.text(request.GET, "agency")
    if agency_code:
        obstacles = obstacles.filter(agency__code=agency_code)
    region_code = params.text(request.GET, "region")
    if region_code:
        obstacles = obstacles.filter(project__region__code=region_code)
    page = Paginator(obstacles.order_by("raised_on", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_facts(page.object_list, today)
    context = {
        "page_obj": page,
        "today": today,
        "state": state,
        "category": category,
        "level": level,
        "level_label": Escalation(level).label if level else "",
        "agency_code": agency_code,
        "region_code": region_code,
        "statuses": ObstacleStatus.choices,
        "categories": ObstacleCategory.choices,
        "may_add": bool(_agencies_for(request.user, government, "add")),
    }
    return render(request, "projects/obstacles.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def obstacle_edit(request, pk: int | None = None):
    government = _government(request)
    obstacle = get_object_or_404(Obstacle.objects.restrict(request.user, "change"), pk=pk) if pk else None
    agencies = _agencies_for(request.user, government, "change" if obstacle else "add")
    if not agencies:
        raise PermissionDenied(_("Your role does not allow you to record obstacles."))
    projects = Project.objects.restrict(request.user, "change").filter(government=government).order_by("name")
    initial = {}
    project_id = params.object_id(request.GET, "project")
    if obstacle is None and project_id:
        project = projects.filter(pk=project_id).select_related("agency").first()
        if project:
            initial = {"project": project, "agency": project.agency}
    form = ObstacleForm(request.POST or None, instance=obstacle, agencies=agencies, projects=projects, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = obstacle.agency if obstacle else data["agency"]
        if data.get("project") and data["project"].agency_id != agency.pk:
            form.add_error("project", _("This project belongs to another agency."))
        else:
            try:
                saved = services.obstacle_save(
                    user=request.user,
                    agency=agency,
                    obstacle=obstacle,
                    expected_version=data.get("version") if obstacle else None,
                    data={
                        k: data[k]
                        for k in (
                            "title",
                            "description",
                            "category",
                            "severity",
                            "raised_on",
                            "owner",
                            "project",
                            "plan_node",
                        )
                    },
                )
            except ConflictError as exc:
                _conflict(form, exc)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The obstacle was saved."))
                return redirect("projects:obstacle", saved.pk)
    return render(
        request, "projects/obstacle_edit.html", {"form": form, "obstacle": obstacle}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def obstacle_detail(request, pk: int):
    today = timezone.localdate()
    obstacle = get_object_or_404(
        Obstacle.objects.restrict(request.user, "view").select_related("agency", "project", "plan_node"), pk=pk
    )
    may_change = may(request.user, "change", obstacle.agency, area=PROJECTS)
    form = FollowUpForm(request.POST if request.POST.get("op") == "follow_up" else None)
    kept_outcome = None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(_("You may see this obstacle but not change it."))
        action = request.POST.get("op")
        try:
            if action == "follow_up" and form.is_valid():
                services.follow_up_save(user=request.user, obstacle=obstacle, **form.cleaned_data)
                messages.success(request, _("The follow-up action was recorded."))
                return redirect("projects:obstacle", obstacle.pk)
            if action == "done":
                follow_up = get_object_or_404(obstacle.follow_ups, pk=request.POST.get("follow_up"))
                version = request.POST.get("version")
                services.follow_up_save(
                    user=request.user,
                    obstacle=obstacle,
                    follow_up=follow_up,
                    action=follow_up.action,
                    responsible=follow_up.responsible,
                    due=follow_up.due,
                    done_on=today,
                    outcome=bounded_text(request.POST.get("outcome", "")).strip() or follow_up.outcome,
                    expected_version=int(version) if version and version.isdigit() else None,
                )
                messages.success(request, _("The action was marked done."))
                return redirect("projects:obstacle", obstacle.pk)
            if action == "status":
                version = request.POST.get("version")
                services.obstacle_set_status(
                    user=request.user,
                    obstacle=obstacle,
                    status_value=request.POST.get("status", ""),
                    expected_version=int(version) if version and version.isdigit() else None,
                )
                messages.success(request, _("The status of the obstacle was changed."))
                return redirect("projects:obstacle", obstacle.pk)
        except ConflictError as exc:
            messages.error(request, exc.message)
            if action != "done":
                return redirect("projects:obstacle", obstacle.pk)
            # The action was changed meanwhile: show it as stored now, with the outcome the user typed kept.
            kept_outcome = {"follow_up": follow_up.pk, "outcome": bounded_text(request.POST.get("outcome", ""))}
        except ValidationError as exc:
            _form_errors(form, exc)
    selectors.with_facts([obstacle], today)
    follow_ups = [(f, f.is_overdue(today)) for f in obstacle.follow_ups.all()]
    context = {
        "obstacle": obstacle,
        "follow_ups": follow_ups,
        "form": form,
        "may_change": may_change,
        "today": today,
        "age": obstacle.age(today),
        "statuses": ObstacleStatus.choices,
        "kept_outcome": kept_outcome,
    }
    return render(
        request, "projects/obstacle.html", context, status=409 if kept_outcome else 400 if form.errors else 200
    )


# --- meetings and directives ------------------------------------------------------------------------


@login_required
def meeting_list(request):
    government = _government(request)
    meetings = (
        Meeting.objects.restrict(request.user, "view")
        .filter(government=government)
        .annotate(directive_count=Count("directives", distinct=True))
        .order_by("-date", "pk")
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    may_add = may(request.user, "add", government, area=DIRECTIVES)
    return render(request, "projects/meetings.html", {"page_obj": page, "may_add": may_add})


@login_required
def meeting_detail(request, pk: int):
    today = timezone.localdate()
    meeting = get_object_or_404(Meeting.objects.restrict(request.user, "view").prefetch_related("attendees"), pk=pk)
    # Every member sees how far each directive is; the agencies' rows only within the user's scope.
    mine = set(
        Assignment.objects.restrict(request.user, "view")
        .filter(directive__meeting=meeting)
        .values_list("pk", flat=True)
    )
    directives = []
    for directive in meeting.directives.select_related("project").prefetch_related("assignments__agency"):
        assignments = list(directive.assignments.all())
        progress = selectors.directive_progress(assignments, mine)
        overdue = directive.due < today and progress["finished"] < progress["total"]
        directives.append((directive, progress, overdue, [a for a in assignments if a.pk in mine]))
    may_change = may(request.user, "change", meeting)
    return render(
        request,
        "projects/meeting.html",
        {
            "meeting": meeting,
            "directives": directives,
            "today": today,
            "may_change": may_change,
            "finished": DIRECTIVE_FINISHED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int | None = None):
    government = _government(request)
    if not may(request.user, "add", government, area=DIRECTIVES):
        raise PermissionDenied(_("Only planners record coordination meetings."))
    meeting = get_object_or_404(Meeting.objects.restrict(request.user, "change"), pk=pk) if pk else None
    agencies = Agency.objects.filter(government=government).order_by("name")
    form = MeetingForm(request.POST or None, instance=meeting, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.meeting_save(
                user=request.user,
                government=government,
                meeting=meeting,
                data=form.cleaned_data,
                attendees=form.cleaned_data["attendees"],
                expected_version=form.cleaned_data.get("version") if meeting else None,
            )
        except ConflictError as exc:
            _conflict(form, exc)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("projects:meeting", saved.pk)
    return render(
        request, "projects/meeting_edit.html", {"form": form, "meeting": meeting}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def directive_create(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.restrict(request.user, "view"), pk=pk)
    if not may(request.user, "change", meeting):
        raise PermissionDenied(_("Only planners issue directives."))
    agencies = Agency.objects.filter(government=meeting.government).order_by("name")
    projects = Project.objects.filter(government=meeting.government).order_by("name")
    form = DirectiveForm(request.POST or None, agencies=agencies, projects=projects)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.directive_save(
                user=request.user,
                meeting=meeting,
                text=data["text"],
                due=data["due"],
                agencies=data["agencies"],
                project=data.get("project"),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The directive was issued to %(n)s agencies.") % {"n": len(data["agencies"])})
            return redirect("projects:meeting", meeting.pk)
    return render(
        request, "projects/directive_edit.html", {"form": form, "meeting": meeting}, status=400 if form.errors else 200
    )


@login_required
def my_directives(request):
    """The directives addressed to the user's agencies (or every agency, for the leadership), open ones first."""
    government, today = _government(request), timezone.localdate()
    assignments = (
        Assignment.objects.restrict(request.user, "view")
        .filter(directive__meeting__government=government)
        .select_related("directive__meeting", "agency")
    )
    state = params.text(request.GET, "status", "open")
    if state == "open":
        assignments = assignments.exclude(status__in=DIRECTIVE_FINISHED)
    elif state == "overdue":
        assignments = assignments.exclude(status__in=DIRECTIVE_FINISHED).filter(directive__due__lt=today)
    # The leader's home drills down here with its agency filter (a code); directives have no region.
    agency_code = params.text(request.GET, "agency")
    if agency_code:
        assignments = assignments.filter(agency__code=agency_code)
    assignments = assignments.prefetch_related(
        Prefetch("directive__assignments", queryset=Assignment.objects.only("pk", "directive_id", "status")),
        Prefetch("reports", queryset=DirectiveReport.objects.only("pk", "assignment_id", "status", "reported_on")),
    )
    page = Paginator(
        assignments.order_by("directive__due", "directive__meeting_id", "directive__number", "agency__name"), 50
    ).get_page(request.GET.get("page"))
    for assignment in selectors.with_lateness(page.object_list, today):
        assignment.progress = selectors.directive_progress(assignment.directive.assignments.all())
    return render(
        request,
        "projects/directives.html",
        {"page_obj": page, "today": today, "state": state, "finished": DIRECTIVE_FINISHED, "agency_code": agency_code},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_detail(request, pk: int):
    assignment = get_object_or_404(
        Assignment.objects.restrict(request.user, "view")
        .select_related("directive__meeting", "agency")
        .prefetch_related(Prefetch("reports", queryset=DirectiveReport.objects.select_related("reported_by"))),
        pk=pk,
    )
    may_report = may(request.user, REPORT, assignment.agency, area=DIRECTIVES)
    form = AssignmentReportForm(
        request.POST or None, request.FILES or None, initial={"version": assignment.lock_version}
    )
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied(_("You may see this directive but not report on it."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assignment_report(
                    user=request.user,
                    assignment=assignment,
                    status_value=data["status"],
                    text=data["text"],
                    evidence=data.get("evidence"),
                    expected_version=data.get("version"),
                )
            except ConflictError as exc:
                _conflict(form, exc)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Your follow-up was reported."))
                return redirect("projects:assignment", assignment.pk)
    selectors.with_lateness([assignment], timezone.localdate())
    context = {
        "assignment": assignment,
        "reports": assignment.reports.all(),
        "form": form,
        "may_report": may_report,
        "today": timezone.localdate(),
        "finished": DIRECTIVE_FINISHED,
    }
    return render(request, "projects/assignment.html", context, status=400 if form.errors else 200)
