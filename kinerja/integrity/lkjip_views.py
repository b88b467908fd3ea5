"""LKjIP pages: the agencies' narratives (written, submitted, reviewed), the report's preview, issuing and
the issued versions (``/lkjip/``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kinerja.core import params
from kinerja.core.access import may
from kinerja.core.models import Agency
from kinerja.core.selectors import government_for
from kinerja.core.services import ConflictError
from kinerja.core.storedfiles import open_intact
from kinerja.core.uploads import attachment_response
from kinerja.integrity import lkjip, lkjip_services
from kinerja.integrity.models import AnnualReport
from kinerja.integrity.permissions import INTEGRITY
from kinerja.monitoring import narratives
from kinerja.monitoring.models import Narrative
from kinerja.monitoring.permissions import MONITORING, SUBMIT, VERIFY


def _government(request):
    government = government_for(request.user)
    if government is None:
        raise PermissionDenied(_("Your account has no role in any government yet."))
    return government


def _agency(request, code: str) -> Agency:
    agency = Agency.objects.restrict(request.user, "view").filter(code=code).first()
    if agency is None or not may(request.user, "view", agency, area=MONITORING):
        raise Http404(_("No agency with this code is visible to you."))
    return agency


@login_required
@require_safe
def report_list(request):
    """Every agency in scope with its narratives' states and its latest report; the government's report."""
    government = _government(request)
    year = params.year(request.GET)
    agencies = list(Agency.objects.restrict(request.user, "view").filter(government=government).order_by("name"))
    states: dict[int, dict[str, int]] = {}
    for agency_id, state, n in (
        Narrative.objects.filter(agency__in=agencies, year=year)
        .values("agency_id", "state")
        .annotate(n=Count("id"))
        .values_list("agency_id", "state", "n")
    ):
        states.setdefault(agency_id, {})[state] = n
    latest: dict[int | None, AnnualReport] = {}
    for report in AnnualReport.objects.restrict(request.user, "view").filter(government=government, year=year):
        latest.setdefault(report.agency_id, report)  # ordered newest version first
    rows = [{"agency": a, "states": states.get(a.pk, {}), "report": latest.get(a.pk)} for a in agencies]
    return render(
        request,
        "integrity/lkjip_list.html",
        {
            "year": year,
            "rows": rows,
            "government": government,
            "government_report": latest.get(None),
            "may_government": may(request.user, "add", government, area=INTEGRITY),
        },
    )


def _narrative_forms(agency: Agency, year: int) -> tuple[list[dict], Narrative | None]:
    objectives = narratives.agency_objectives(agency)
    stored = {n.objective_id: n for n in Narrative.objects.filter(agency=agency, year=year)}
    return [{"objective": o, "narrative": stored.get(o.pk)} for o in objectives], stored.get(None)


@login_required
@require_http_methods(["GET", "POST"])
def agency_report(request, code: str):
    agency = _agency(request, code)
    year = params.year(request.GET if request.method == "GET" else request.POST)
    if request.method == "POST":
        return _act(request, agency, year)
    sections, own = _narrative_forms(agency, year)
    user = request.user
    return render(
        request,
        "integrity/lkjip_agency.html",
        {
            "agency": agency,
            "year": year,
            "sections": sections,
            "own": own,
            "may_edit": may(user, "change", agency, area=MONITORING),
            "may_submit": may(user, SUBMIT, agency, area=MONITORING),
            "may_review": may(user, VERIFY, agency, area=MONITORING),
            "may_issue": may(user, "add", agency, area=INTEGRITY),
            "fields": narratives.OBJECTIVE_FIELDS,
            **_reports(user, agency=agency, year=year),
        },
    )


REFRESH_SECONDS = 5


def _reports(user, **filters) -> dict:
    """The issued versions and whether one is still being made (the page then refreshes itself)."""
    reports = list(AnnualReport.objects.restrict(user, "view").filter(**filters))
    pending = next((r for r in reports if r.status in (AnnualReport.QUEUED, AnnualReport.RUNNING)), None)
    return {"reports": reports, "pending": pending, "refresh_seconds": REFRESH_SECONDS}


def _version(request) -> int | None:
    return params.integer(request.POST, "version", minimum=0)


def _narrative_step(request, narrative: Narrative, action: str, submitted: str) -> None:
    """Submit a narrative, or approve or return it (the agency's and the government's alike)."""
    if action == "submit":
        narratives.narrative_submit(user=request.user, narrative=narrative, expected_version=_version(request))
        messages.success(request, submitted)
    else:
        narratives.narrative_review(
            user=request.user, narrative=narrative, approve=action == "approve",
            note=request.POST.get("note", ""), expected_version=_version(request),
        )  # fmt: skip
        messages.success(request, _("The review was recorded."))


def _act(request, agency: Agency, year: int):
    action = params.text(request.POST, "action")
    back = reverse("integrity:lkjip_agency", args=[agency.code]) + f"?year={year}"
    try:
        if action == "save":
            objective_id = params.object_id(request.POST, "objective")
            objective = None
            if objective_id is not None:
                objective = next((o for o in narratives.agency_objectives(agency) if o.pk == objective_id), None)
                if objective is None:
                    raise ValidationError(_("This objective is not one that the agency's programs serve."))
            fields = narratives.OBJECTIVE_FIELDS if objective is not None else narratives.AGENCY_FIELDS
            narratives.narrative_save(
                user=request.user, agency=agency, year=year, objective=objective,
                data={name: request.POST.get(name, "") for name in fields}, expected_version=_version(request),
            )  # fmt: skip
            messages.success(request, _("The narrative was saved as a draft."))
        elif action in ("submit", "approve", "return"):
            narrative = Narrative.objects.filter(
                agency=agency, year=year, pk=params.object_id(request.POST, "narrative") or 0
            ).first()
            if narrative is None:
                raise Http404(_("No narrative with this number."))
            _narrative_step(request, narrative, action, _("The narrative was submitted to Bappeda."))
        elif action == "issue":
            lkjip_services.report_issue(user=request.user, government=agency.government, year=year, agency=agency)
            messages.success(request, _("The LKjIP is being made; its version appears below when it is ready."))
        else:
            raise ValidationError(_("Unknown action."))
    except ConflictError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def government_report(request):
    """The government's LKjIP: Bappeda's own narrative (per RPJMD objective, introduction and closing), written,
    submitted and reviewed here, and the issuing of the report."""
    government = _government(request)
    year = params.year(request.GET if request.method == "GET" else request.POST)
    user = request.user
    may_issue = may(user, "add", government, area=INTEGRITY)
    may_edit = may(user, "change", government, area=INTEGRITY)
    if request.method == "POST":
        return _government_act(request, government, year, may_issue)
    stored = {
        n.objective_id: n for n in Narrative.objects.filter(government=government, agency__isnull=True, year=year)
    }
    return render(
        request,
        "integrity/lkjip_government.html",
        {
            "government": government,
            "year": year,
            "may_issue": may_issue,
            "may_edit": may_edit,
            "may_submit": may_edit,
            "may_review": may(user, VERIFY, government, area=MONITORING),
            "sections": [
                {"objective": o, "narrative": stored.get(o.pk)} for o in narratives.government_objectives(government)
            ],
            "own": stored.get(None),
            **_reports(user, government=government, agency__isnull=True, year=year),
        },
    )


def _government_act(request, government, year: int, may_issue: bool):
    action = params.text(request.POST, "action") or "issue"
    back = reverse("integrity:lkjip_government") + f"?year={year}"
    try:
        if action == "issue":
            if not may_issue:
                raise PermissionDenied(_("Only planners issue the government's LKjIP."))
            lkjip_services.report_issue(user=request.user, government=government, year=year)
            messages.success(request, _("The LKjIP is being made; its version appears below when it is ready."))
        elif action == "save":
            objective_id = params.object_id(request.POST, "objective")
            objective = None
            if objective_id is not None:
                objective = next(
                    (o for o in narratives.government_objectives(government) if o.pk == objective_id), None
                )
                if objective is None:
                    raise ValidationError(_("This is not an objective of the government's active RPJMD."))
            fields = narratives.OBJECTIVE_FIELDS if objective is not None else narratives.AGENCY_FIELDS
            narratives.government_narrative_save(
                user=request.user, government=government, year=year, objective=objective,
                data={name: request.POST.get(name, "") for name in fields}, expected_version=_version(request),
            )  # fmt: skip
            messages.success(request, _("The narrative was saved as a draft."))
        elif action in ("submit", "approve", "return"):
            narrative = Narrative.objects.filter(
                government=government, agency__isnull=True, year=year,
                pk=params.object_id(request.POST, "narrative") or 0,
            ).first()  # fmt: skip
            if narrative is None:
                raise Http404(_("No narrative with this number."))
            _narrative_step(request, narrative, action, _("The narrative was submitted for review."))
        else:
            raise ValidationError(_("Unknown action."))
    except ConflictError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


@login_required
@require_safe
def preview(request, code: str, fmt: str):
    """The report as it would be issued now: PDF, or DOCX for agencies that edit the final text."""
    if code == "pemda":
        government, agency = _government(request), None
        if not may(request.user, "view", government, area=INTEGRITY):
            raise PermissionDenied
    else:
        agency = _agency(request, code)
        government = agency.government
    year = params.year(request.GET)
    report = lkjip.build(government=government, year=year, agency=agency)
    name = f"lkjip-{year}-{code}.{fmt}"
    if fmt == "pdf":
        return attachment_response(lkjip.render(report), filename=name, content_type="application/pdf")
    if fmt == "docx":
        return attachment_response(
            lkjip.render_docx(report),
            filename=name,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    raise Http404


@login_required
@require_safe
def issued(request, pk: int):
    report = AnnualReport.objects.restrict(request.user, "view").filter(pk=pk, status=AnnualReport.DONE).first()
    if report is None:
        raise Http404(_("No issued report with this number is visible to you."))
    handle = open_intact(report.pdf, report.sha256)
    who = report.agency.code if report.agency_id else "pemda"
    return attachment_response(
        handle, filename=f"lkjip-{report.year}-{who}-v{report.version}.pdf", content_type="application/pdf"
    )
