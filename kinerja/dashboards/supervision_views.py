"""Pages of supervision: the supervisor's agencies and requests, one request with its answers, the assignments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.core import params
from kinerja.core.access import may
from kinerja.core.choices import Role
from kinerja.core.forms import add_conflict, add_service_errors
from kinerja.core.models import Agency, User
from kinerja.core.permissions import actions_for
from kinerja.core.querysets import user_grants
from kinerja.core.selectors import government_for
from kinerja.core.services import ConflictError
from kinerja.core.storedfiles import open_intact
from kinerja.core.uploads import attachment_response
from kinerja.dashboards import supervision as services
from kinerja.dashboards import supervision_selectors as selectors
from kinerja.dashboards.models_supervision import (
    RequestState,
    SupervisionAnswer,
    SupervisionAssignment,
)
from kinerja.dashboards.permissions import ADD, ANSWER, ASSIGN, BRIEF, SUPERVISION, VIEW
from kinerja.dashboards.supervision_forms import AnswerForm, AssignmentForm, DecisionForm, RequestForm
from kinerja.monitoring.selectors import reportable_indicators
from kinerja.projects.choices import ObstacleStatus
from kinerja.projects.models import Obstacle, Project

PAGE_SIZE = 50
STATES = ("open", "overdue", "answered", "closed", "all")
SENDERS = ("me", "all")


def _reads_supervision(user, government) -> bool:
    """Whether ``user`` holds a role reading supervision in ``government`` (agency roles: their agency's requests)."""
    if user.is_superuser:
        return True
    return any(
        grant.government_id == government.pk and VIEW in actions_for(grant.role, SUPERVISION)
        for grant in user_grants(user)
    )


def _government(request):
    government = government_for(request.user)
    if government is None or not _reads_supervision(request.user, government):
        raise PermissionDenied(_("Your role does not include supervision."))
    return government


@login_required
def supervision_home(request):
    """A supervisor's agencies with their figures and his requests; for the others, the requests they may see."""
    government, today = _government(request), timezone.localdate()
    year = params.year(request.GET, default=today.year)
    state = params.text(request.GET, "state", "open")
    if state not in STATES:
        raise params.InvalidParameter("state", _("state must be one of %(states)s.") % {"states": ", ".join(STATES)})
    sender = params.text(request.GET, "from", "")
    if sender and sender not in SENDERS:
        raise params.InvalidParameter("from", _("from must be one of %(values)s.") % {"values": ", ".join(SENDERS)})
    overview = selectors.supervisor_overview(user=request.user, government=government, year=year, today=today)
    # A supervisor reads his own requests first (the agencies listed above); every request he may see is one
    # click away. Whoever supervises nothing reads every request in reach (an agency's, Inspektorat's).
    sender = sender or ("me" if overview.agencies else "all")
    requests = selectors.visible_requests(request.user, government)
    if sender == "me":
        requests = requests.filter(supervisor=request.user)
    if state == "overdue":
        requests = requests.filter(services.overdue_filter(today))
    elif state != "all":
        requests = requests.filter(state=state)
    page = Paginator(requests.order_by("due", "pk"), PAGE_SIZE).get_page(params.integer(request.GET, "page", default=1))
    context = {
        "overview": overview,
        "page_obj": page,
        "state": state,
        "states": STATES,
        "sender": sender,
        "today": today,
        "year": year,
        "may_assign": may(request.user, ASSIGN, government, area=SUPERVISION),
        "may_brief": may(request.user, BRIEF, government, area=SUPERVISION),
    }
    return render(request, "dashboards/supervision.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def supervision_request_create(request):
    government, today = _government(request), timezone.localdate()
    if not may(request.user, ADD, government, area=SUPERVISION):  # before anything of the request is read
        raise PermissionDenied(_("Only leaders send supervision requests."))
    agency_id = params.object_id(request.GET, "agency")
    if agency_id is None:
        raise params.InvalidParameter("agency", _("Choose the agency the request is for."))
    agency = get_object_or_404(Agency, government=government, pk=agency_id)
    if not services.may_supervise(request.user, agency):
        raise PermissionDenied(_("You may send supervision requests only to the agencies assigned to you."))
    form = RequestForm(
        request.POST if request.method == "POST" else None,  # an empty POST is an incomplete form, explained
        indicators=reportable_indicators(user=request.user, agency_ids=[agency.pk]).order_by("name"),
        projects=Project.objects.filter(agency=agency).order_by("name"),
        obstacles=Obstacle.objects.filter(agency=agency).exclude(status=ObstacleStatus.RESOLVED).order_by("title"),
        initial={"due": today + timezone.timedelta(days=14)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.request_send(
                user=request.user, agency=agency, kind=data["kind"], text=data["text"], due=data["due"],
                indicator=data.get("indicator"), project=data.get("project"), obstacle=data.get("obstacle"),
                signal_key=data.get("signal_key") or "", today=today,
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The request was sent to %(agency)s.") % {"agency": agency})
            return redirect("dashboards:supervision_request", sent.pk)
    return render(
        request,
        "dashboards/supervision_request_form.html",
        {"form": form, "agency": agency},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def supervision_request_detail(request, pk: int):
    item = get_object_or_404(
        selectors.visible_requests(request.user, government_for(request.user)).prefetch_related(
            Prefetch("answers", queryset=SupervisionAnswer.objects.select_related("author"))
        ),
        pk=pk,
    )
    today = timezone.localdate()
    may_answer = item.state == RequestState.OPEN and may(request.user, ANSWER, item)
    may_decide = item.supervisor_id == request.user.pk or request.user.is_superuser
    answer_form = AnswerForm(initial={"version": item.lock_version}, prefix="answer")
    decision_form = DecisionForm(initial={"version": item.lock_version}, prefix="decision")
    if request.method == "POST":
        step = params.text(request.POST, "step")
        if step == "answer":
            if not may_answer:
                raise PermissionDenied(_("Only the head of the agency answers an open request."))
            answer_form = AnswerForm(request.POST, request.FILES, prefix="answer")
            if answer_form.is_valid():
                data = answer_form.cleaned_data
                try:
                    services.request_answer(
                        user=request.user, request=item, text=data["text"], evidence=data.get("evidence"),
                        expected_version=data.get("version"),
                    )  # fmt: skip
                except ConflictError as exc:
                    add_conflict(answer_form, exc)
                except ValidationError as exc:
                    add_service_errors(answer_form, exc)
                else:
                    messages.success(request, _("Your answer was sent."))
                    return redirect("dashboards:supervision_request", item.pk)
        elif step == "decide":
            if not may_decide:
                raise PermissionDenied(_("Only the supervisor who sent this request may close or reopen it."))
            decision_form = DecisionForm(request.POST, prefix="decision")
            if decision_form.is_valid():
                data = decision_form.cleaned_data
                try:
                    if data["decision"] == "close":
                        services.request_close(
                            user=request.user, request=item, note=data.get("note") or "",
                            expected_version=data.get("version"),
                        )  # fmt: skip
                    else:
                        services.request_reopen(
                            user=request.user, request=item, note=data.get("note") or "", due=data.get("due"),
                            expected_version=data.get("version"), today=today,
                        )  # fmt: skip
                except ConflictError as exc:
                    add_conflict(decision_form, exc)
                except ValidationError as exc:
                    add_service_errors(decision_form, exc)
                else:
                    messages.success(request, _("The request was updated."))
                    return redirect("dashboards:supervision_request", item.pk)
        else:
            raise params.InvalidParameter("step", _("step must be answer or decide."))
    context = {
        "item": item,
        "answers": item.answers.all(),
        "answer_form": answer_form,
        "decision_form": decision_form,
        "may_answer": may_answer,
        "may_decide": may_decide,
        "overdue": item.is_overdue(today),
    }
    failed = answer_form.errors or decision_form.errors
    return render(request, "dashboards/supervision_request.html", context, status=400 if failed else 200)


@login_required
def supervision_evidence(request, pk: int):
    answer = get_object_or_404(SupervisionAnswer.objects.restrict(request.user, "view").exclude(evidence=""), pk=pk)
    handle = open_intact(answer.evidence, answer.sha256)
    return attachment_response(handle, filename=answer.evidence_name, content_type=answer.evidence_type)


@login_required
@require_http_methods(["GET", "POST"])
def supervision_assignments(request):
    """The administrator assigns leaders to the agencies they supervise (and ends assignments)."""
    government = government_for(request.user)
    if government is None or not may(request.user, ASSIGN, government, area=SUPERVISION):
        raise PermissionDenied(_("Only the administrator assigns supervisors."))
    leaders = (
        User.objects.filter(
            memberships__government=government, memberships__role=Role.LEADER, memberships__is_active=True
        )
        .distinct()
        .order_by("username")
    )
    agencies = Agency.objects.filter(government=government).order_by("name")
    form = AssignmentForm(request.POST or None, leaders=leaders, agencies=agencies)
    if request.method == "POST":
        end_id = params.object_id(request.POST, "end")
        if end_id is not None:
            assignment = get_object_or_404(SupervisionAssignment, government=government, pk=end_id)
            try:
                services.assignment_end(
                    user=request.user, assignment=assignment, expected_version=params.integer(request.POST, "version")
                )
            except (ValidationError, ConflictError) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(getattr(exc, "message", exc))])))
            else:
                messages.success(request, _("The assignment was ended."))
            return redirect("dashboards:supervision_assignments")
        if form.is_valid():
            try:
                services.assignment_create(
                    user=request.user, government=government, supervisor=form.cleaned_data["supervisor"],
                    agency=form.cleaned_data.get("agency"),
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The supervisor was assigned."))
                return redirect("dashboards:supervision_assignments")
    assignments = (
        SupervisionAssignment.objects.filter(government=government, is_active=True)
        .select_related("supervisor", "agency")
        .order_by("supervisor__username", "agency__name")
    )
    return render(
        request,
        "dashboards/supervision_assignments.html",
        {"form": form, "assignments": assignments},
        status=400 if form.errors else 200,
    )
