"""Pages of monitoring: what I must report, entering and reviewing values, boards and dashboards."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.core import params
from kinerja.core.access import may
from kinerja.core.choices import AGENCY_ROLES
from kinerja.core.forms import add_conflict
from kinerja.core.models import Agency
from kinerja.core.permissions import actions_for
from kinerja.core.querysets import user_grants
from kinerja.core.selectors import government_for
from kinerja.core.services import ConflictError
from kinerja.core.storedfiles import open_intact
from kinerja.core.uploads import attachment_response
from kinerja.core.validators import validate_date
from kinerja.monitoring import selectors, services
from kinerja.monitoring.choices import EDITABLE_STATES, PeriodKind, RealizationState
from kinerja.monitoring.forms import CorrectionForm, EvidenceForm, PeriodStatusForm, RealizationForm, ReturnForm
from kinerja.monitoring.models import Budget, Evidence, Realization, ReportingPeriod
from kinerja.monitoring.permissions import MANAGE_PERIODS, MONITORING, SET_CEILING, SUBMIT, VERIFY
from kinerja.monitoring.widgets import chart_data
from kinerja.planning.models import Indicator, PlanNode


def _year(request) -> int:
    return params.year(request.GET)


def _is_government_wide(user) -> bool:
    """Return whether the user holds a role for the whole government (leader, planner, inspector, ...)."""
    return user.is_superuser or any(grant.role not in AGENCY_ROLES for grant in user_grants(user))


def _government_may(user, action: str) -> bool:
    government = government_for(user)
    return may(user, action, government, area=MONITORING)


@login_required
def my_reports(request):
    """What I must report: what is due now first, then what waits for verification; several submitted at once."""
    year, today = _year(request), timezone.localdate()
    agency_ids = sorted({a for g in user_grants(request.user) if g.agency_ids for a in g.agency_ids})
    due = (
        selectors.reporting_due(user=request.user, agency_ids=agency_ids, year=year, today=today, include_open=True)
        if agency_ids
        else None
    )
    queue = None
    if _government_may(request.user, VERIFY):
        queue = list(
            Realization.objects.restrict(request.user, "view")
            .filter(state=RealizationState.SUBMITTED, is_current=True)
            .select_related("indicator", "period", "agency")
            .order_by("submitted_at")[:200]
        )
        for realization in queue:
            realization.actions = services.allowed_actions(
                user=request.user, realization=realization, agency=realization.agency
            )
    status_filter = params.text(request.GET, "status")
    items = [i for i in due.by_urgency() if not status_filter or i.status == status_filter] if due else []
    for item in items:
        item.days_left = (item.period.deadline - today).days
        item.days_late = max(0, -item.days_left)
        agency = services.reporting_agency(item.indicator)
        item.actions = (
            services.allowed_actions(user=request.user, realization=item.realization, agency=agency)
            if agency is not None
            else frozenset()
        )
    labels = [
        ("late", _("Late")),
        ("returned", _("Returned")),
        ("missing", _("Not reported")),
        ("draft", _("Draft")),
        ("submitted", _("Submitted")),
        ("verified", _("Verified")),
    ]
    filters = [(key, label, due.count(key)) for key, label in labels] if due else []
    sheet_periods = []
    if agency_ids:
        sheet_periods = list(
            ReportingPeriod.objects.filter(
                government=government_for(request.user), year=year, starts__lte=today
            ).order_by("kind", "number")
        )
    return render(
        request,
        "monitoring/my_reports.html",
        {
            "due": due,
            "items": items,
            "can_submit_some": any("submit" in item.actions for item in items),
            "queue": queue,
            "can_verify_some": any("verify" in r.actions for r in queue or []),
            "year": year,
            "status_filter": status_filter,
            "filters": filters,
            "sheet_agencies": Agency.objects.filter(pk__in=agency_ids, parent__isnull=True) if agency_ids else [],
            "sheet_periods": sheet_periods,
        },
    )


def _bulk_step(request, *, right: str, states, step, done_message: str):
    """Take one workflow step on the values chosen on "what I must report": all of them, or none.

    A role that may take the step for no agency is refused (403) before the choice is read; the service
    checks each value's agency."""
    from kinerja.monitoring.forms import BulkStepForm

    if not (
        request.user.is_superuser or any(right in actions_for(g.role, MONITORING) for g in user_grants(request.user))
    ):
        raise PermissionDenied(_("You are not allowed to do this."))

    queryset = (
        Realization.objects.restrict(request.user, "view")
        .filter(is_current=True, state__in=states)
        .select_related("indicator", "period", "agency")
    )
    form = BulkStepForm(request.POST, queryset=queryset)
    year = _int(request.POST.get("year"))
    back = f"{reverse('monitoring:my_reports')}?year={year if year and 2000 <= year <= 2100 else timezone.localdate().year}"
    if not form.is_valid():
        for error in form.errors.get("realizations", []):
            messages.error(request, error)
        return redirect(back)
    items = form.items()
    try:
        done = step(user=request.user, items=items)
    except services.BulkRefused as exc:
        messages.error(
            request,
            _("Nothing was changed: %(refused)s of the %(chosen)s values chosen cannot take this step.")
            % {"refused": len(exc.errors), "chosen": len(items)},
        )
        for realization, _version in items:
            if realization.pk in exc.errors:
                messages.error(
                    request, f"{realization.indicator.name} · {realization.period}: {exc.errors[realization.pk]}"
                )
        return redirect(back)
    messages.success(request, done_message % {"n": len(done)})
    return redirect(back)


@login_required
@require_http_methods(["POST"])
def bulk_submit(request):
    """Submit several draft or returned values at once (agency head), all or nothing."""
    return _bulk_step(
        request,
        right=SUBMIT,
        states=EDITABLE_STATES,
        step=services.realization_submit_many,
        done_message=_("%(n)s values submitted for verification."),
    )


@login_required
@require_http_methods(["POST"])
def bulk_verify(request):
    """Verify several submitted values at once (planner), all or nothing."""
    return _bulk_step(
        request,
        right=VERIFY,
        states=[RealizationState.SUBMITTED],
        step=services.realization_verify_many,
        done_message=_("%(n)s values verified."),
    )


def _entry_target(request, indicator_id: int, period_id: int):
    """The indicator, period and reporting agency of an entry page, or 404 out of scope."""
    indicator = get_object_or_404(
        Indicator.objects.restrict(request.user, "view").select_related(
            "node__agency", "responsible_agency", "node__period"
        ),
        pk=indicator_id,
    )
    period = get_object_or_404(
        ReportingPeriod.objects.restrict(request.user, "view"), pk=period_id, government_id=indicator.government_id
    )
    agency = services.reporting_agency(indicator)
    if agency is None or not may(request.user, "view", agency, area=MONITORING):
        raise Http404
    return indicator, period, agency


def _entry_context(request, indicator_id: int, period_id: int):
    indicator, period, agency = _entry_target(request, indicator_id, period_id)
    versions = list(
        Realization.objects.filter(indicator=indicator, period=period)
        .select_related("entered_by", "submitted_by", "reviewed_by")
        .prefetch_related("evidence")
        .order_by("-version")
    )
    current = next((v for v in versions if v.is_current), None)
    allowed, why = services.entry_allowed(period, agency.pk, timezone.localdate())
    actions = services.allowed_actions(user=request.user, realization=current, agency=agency, entry_open=allowed)
    return {
        "indicator": indicator,
        "period": period,
        "agency": agency,
        "current": current,
        "versions": versions,
        "evidence_history": selectors.evidence_history(versions),
        "entry_allowed": allowed,
        "entry_blocked_reason": why,
        "actions": actions,
        "can_edit": "save" in actions,
        "can_submit": "submit" in actions,
        "can_review": "verify" in actions,
        "can_correct": "correct" in actions,
        # The period's targets and the achievement to date the current value gives once verified.
        "would_give": selectors.value_achievement(
            indicator=indicator, period=period, value=current.value if current is not None else None
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def entry(request, indicator_id: int, period_id: int):
    """Enter, submit, verify, return or correct the value of one indicator for one period, with evidence."""
    context = _entry_context(request, indicator_id, period_id)
    current = context["current"]
    initial = (
        {"value": current.value, "explanation": current.explanation, "lock_version": current.lock_version}
        if current
        else {"lock_version": 0}
    )
    form = RealizationForm(initial=initial)
    evidence_form, return_form, correction_form = EvidenceForm(), ReturnForm(), CorrectionForm()
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        if action == "save":
            form = RealizationForm(request.POST)
            if form.is_valid():
                services.realization_save(
                    user=request.user,
                    indicator=context["indicator"],
                    period=context["period"],
                    value=form.cleaned_data["value"],
                    explanation=form.cleaned_data["explanation"],
                    expected_version=form.cleaned_data["lock_version"],
                )
                messages.success(request, _("Value saved as a draft."))
                return redirect(request.path)
        elif action == "upload" and current is not None:
            evidence_form = EvidenceForm(request.POST, request.FILES)
            if evidence_form.is_valid():
                services.evidence_add(user=request.user, realization=current, upload=evidence_form.cleaned_data["file"])
                messages.success(request, _("Evidence attached."))
                return redirect(request.path)
        elif action == "remove_evidence" and current is not None:
            evidence = get_object_or_404(current.evidence.all(), pk=request.POST.get("evidence"))
            services.evidence_remove(
                user=request.user, evidence=evidence, expected_version=_int(request.POST.get("lock_version"))
            )
            messages.success(request, _("Evidence removed."))
            return redirect(request.path)
        elif action == "submit" and current is not None:
            services.realization_submit(
                user=request.user, realization=current, expected_version=_int(request.POST.get("lock_version"))
            )
            messages.success(request, _("Submitted for verification."))
            return redirect(request.path)
        elif action == "verify" and current is not None:
            services.realization_verify(
                user=request.user, realization=current, expected_version=_int(request.POST.get("lock_version"))
            )
            messages.success(request, _("Value verified."))
            return redirect(request.path)
        elif action == "return" and current is not None:
            return_form = ReturnForm(request.POST)
            if return_form.is_valid():
                services.realization_return(
                    user=request.user,
                    realization=current,
                    reason=return_form.cleaned_data["reason"],
                    expected_version=_int(request.POST.get("lock_version")),
                )
                messages.success(request, _("Value returned to the agency."))
                return redirect(request.path)
        elif action == "correct" and current is not None:
            correction_form = CorrectionForm(request.POST)
            if correction_form.is_valid():
                services.realization_correct(
                    user=request.user,
                    realization=current,
                    expected_version=_int(request.POST.get("lock_version")),
                    **correction_form.cleaned_data,
                )
                messages.success(request, _("Correction saved as a new version; submit it for verification."))
                return redirect(request.path)
    except ConflictError as exc:
        details = ", ".join(f"{k} = {v}" for k, v in exc.current.items())
        messages.error(request, f"{exc.message} ({details})")
        return redirect(request.path)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    # As the value is typed, show the achievement it would give (HTMX, see entry_achievement).
    form.fields["value"].widget.attrs.update(
        {
            "hx-get": reverse("monitoring:entry_achievement", args=[indicator_id, period_id]),
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#would-give",
            "hx-swap": "innerHTML",
        }
    )
    return render(
        request,
        "monitoring/entry.html",
        context
        | {
            "form": form,
            "evidence_form": evidence_form,
            "return_form": return_form,
            "correction_form": correction_form,
        },
    )


@login_required
def entry_achievement(request, indicator_id: int, period_id: int):
    """HTMX: the achievement to date the value being typed on the entry page would give once verified."""
    from kinerja.planning.numbers import parse_number

    indicator, period, _agency = _entry_target(request, indicator_id, period_id)
    context = {"indicator": indicator, "period": period, "mode": "preview"}
    try:
        value = parse_number(request.GET.get("value", ""))
    except ValidationError as exc:
        context["error"] = " ".join(exc.messages)
    else:
        if value is None:  # nothing typed yet: the preview stays empty
            return render(request, "monitoring/_would_give_empty.html")
        context["w"] = selectors.value_achievement(indicator=indicator, period=period, value=value)
    return render(request, "monitoring/_would_give.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.restrict(request.user, "view"), pk=pk)
    handle = open_intact(evidence.file, evidence.sha256)  # refuses a file altered on disk, 404 when it is missing
    return attachment_response(handle, filename=evidence.name, content_type=evidence.content_type)


@login_required
def without_evidence(request):
    """An agency's verified values of a year that have no evidence file (where the reality check's count of
    them leads), a page of 50 at a time."""
    from django.core.paginator import Paginator

    agency = get_object_or_404(
        Agency.objects.restrict(request.user, "view").filter(government=government_for(request.user)),
        code=params.text(request.GET, "agency"),
    )
    if not may(request.user, "view", agency, area=MONITORING):
        raise Http404
    year = _year(request)
    page_obj = Paginator(
        selectors.values_without_evidence(user=request.user, agency_id=agency.pk, year=year), 50
    ).get_page(request.GET.get("page"))
    return render(request, "monitoring/without_evidence.html", {"agency": agency, "year": year, "page_obj": page_obj})


@login_required
def board(request):
    """Which agencies have not reported which quarter: completeness and timeliness in percent."""
    if not _is_government_wide(request.user):
        raise PermissionDenied(_("The reporting board is for leaders, planners and inspectors."))
    year = _year(request)
    rows = selectors.completeness_board(user=request.user, year=year, today=timezone.localdate())
    rows.sort(key=lambda row: row["completeness"])
    return render(request, "monitoring/board.html", {"rows": rows, "year": year})


@login_required
@require_http_methods(["GET", "POST"])
def periods(request):
    """Reporting periods of a year and their status per agency (Bappeda opens, closes, locks, grants exceptions)."""
    if not _government_may(request.user, MANAGE_PERIODS):
        raise PermissionDenied
    year = _year(request)
    government = government_for(request.user)
    rows = services.periods_ensure(government=government, year=year)
    deadline_kept, deadline_conflict = {}, False
    if request.method == "POST" and request.POST.get("action") == "deadline":
        period = get_object_or_404(ReportingPeriod, pk=request.POST.get("period"), government=government)
        # A refused change keeps what the user chose and typed (shown again beside the stored deadlines).
        deadline_kept = {"period": period.pk, "deadline": request.POST.get("deadline", "")[:10]}
        try:
            deadline = datetime.date.fromisoformat(request.POST.get("deadline", ""))
            validate_date(deadline)
            # Each period's version rides in its own hidden field: the one of the period chosen is the one seen.
            version = params.object_id(request.POST, f"version_{period.pk}")
            services.period_set_deadline(user=request.user, period=period, deadline=deadline, expected_version=version)
        except ConflictError as exc:
            messages.error(request, exc.message)
            deadline_conflict = True
        except ValueError:
            messages.error(request, _("Enter the deadline as a date."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The deadline of %(period)s is now %(date)s.")
                % {"period": period, "date": deadline.strftime("%d-%m-%Y")},
            )
            return redirect(f"{reverse('monitoring:periods')}?year={year}")
    from kinerja.monitoring.models import PeriodAgencyStatus

    # "Change" on a row of the table fills the form with that row (its version included); the form without
    # a row chosen sets a status where there was none.
    wanted = (params.object_id(request.GET, "period"), params.object_id(request.GET, "agency"))
    chosen = (
        PeriodAgencyStatus.objects.filter(period__government=government, period_id=wanted[0], agency_id=wanted[1])
        .select_related("period")
        .first()
        if request.method == "GET" and all(wanted)
        else None
    )
    initial = (
        {"status": chosen.status, "exception_until": chosen.exception_until, "note": chosen.note,
         "version": chosen.lock_version}
        if chosen else {}
    )  # fmt: skip
    posted = request.method == "POST" and request.POST.get("action") != "deadline"
    form = PeriodStatusForm(request.POST if posted else None, initial=initial)
    selected = {"period": chosen.period_id, "agency": chosen.agency_id} if chosen else {}
    conflict = False
    if request.method == "POST" and request.POST.get("action") != "deadline":
        selected = {
            "period": params.object_id(request.POST, "period"),
            "agency": params.object_id(request.POST, "agency"),
        }
    if request.method == "POST" and request.POST.get("action") != "deadline" and form.is_valid():
        period = get_object_or_404(ReportingPeriod, pk=request.POST.get("period"), government=government)
        agency = get_object_or_404(Agency, pk=request.POST.get("agency"), government=government)
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.period_set_status(
                user=request.user, period=period, agency=agency, expected_version=version, **data
            )
        except ConflictError as exc:
            # Nothing was changed. The stored status is shown; the form keeps what the user chose and now
            # carries the stored version, so saving again (after reviewing) replaces it knowingly.
            add_conflict(form, exc)
            stored = PeriodAgencyStatus.objects.get(period=period, agency=agency)
            form.data = form.data.copy()
            form.data["version"] = stored.lock_version
            conflict = True
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(period)s is now %(status)s for %(agency)s.")
                % {"period": period, "status": form.cleaned_data["status"], "agency": agency},
            )
            return redirect(f"{reverse('monitoring:periods')}?year={year}")
    statuses = PeriodAgencyStatus.objects.filter(period__government=government, period__year=year).select_related(
        "period", "agency"
    )
    return render(
        request,
        "monitoring/periods.html",
        {
            "periods": [p for p in rows if p.kind == PeriodKind.QUARTER]
            + [p for p in rows if p.kind == PeriodKind.MONTH],
            "statuses": statuses,
            "agencies": Agency.objects.filter(government=government).order_by("name"),
            "form": form,
            "year": year,
            "selected": selected,
            "deadline_kept": deadline_kept,
        },
        status=409 if conflict or deadline_conflict else 200,
    )


def _as_of(year: int):
    return selectors.as_of_date(year)


@login_required
def node_achievement(request, pk: int):
    """A node's achievement and what it is made of: its subtree's indicators and its children's roll-ups.

    ``?agency=code`` limits it to the indicators that agency reports, as the agency's dashboard counts them.
    """
    from kinerja.planning.selectors import agency_detail, attach_breadcrumbs

    node = get_object_or_404(PlanNode.objects.restrict(request.user, "view").select_related("agency", "period"), pk=pk)
    agency = None
    code = params.text(request.GET, "agency")  # NUL and over-long text refused (400), as everywhere
    if code:
        agency = agency_detail(user=request.user, code=code)
        if not may(request.user, "view", agency, area=MONITORING):
            raise Http404
    year = _year(request)
    include_submitted = request.GET.get("working") == "1"
    data = selectors.node_achievement(
        user=request.user,
        node=node,
        year=year,
        include_submitted=include_submitted,
        as_of=_as_of(year),
        agency_ids=[agency.pk] if agency else None,
    )
    attach_breadcrumbs([node])
    rows = [(data.nodes.get(r.node_id), r) for r in data.results]
    return render(
        request,
        "monitoring/node_achievement.html",
        {
            "node": node,
            "agency": agency,
            "year": year,
            "include_submitted": include_submitted,
            "data": data,
            "rows": rows,
        },
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet_target(request, code: str, period_id: int):
    from kinerja.planning.selectors import agency_detail

    agency = agency_detail(user=request.user, code=code)
    if not may(request.user, "view", agency, area=MONITORING):
        raise Http404
    period = get_object_or_404(
        ReportingPeriod.objects.restrict(request.user, "view"), pk=period_id, government_id=agency.government_id
    )
    return agency, period


@login_required
def sheet_download(request, code: str, period_id: int):
    """The entry sheet of a period for an agency: its indicators, targets and current values."""

    from kinerja.monitoring.entry_excel import build_sheet

    agency, period = _sheet_target(request, code, period_id)
    return attachment_response(
        build_sheet(user=request.user, agency=agency, period=period),
        filename=f"realisasi-{agency.code}-{period.year}-{period.kind}{period.number}.xlsx",
        content_type=XLSX,
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_upload(request, code: str, period_id: int):
    """Upload a filled entry sheet: small files are saved at once, large ones by the worker with progress."""
    from django.conf import settings

    from kinerja.monitoring.entry_excel import import_sheet, read_rows, row_limit
    from kinerja.monitoring.models import ImportJob
    from kinerja.monitoring.tasks import process_entry_import
    from kinerja.planning.forms import ImportForm

    agency, period = _sheet_target(request, code, period_id)
    if not may(request.user, "change", agency, area=MONITORING):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, max_bytes=settings.IMPORT_MAX_BYTES)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            rows = len(read_rows(data, max_rows=row_limit(user=request.user, agency=agency, period=period)))
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            if rows > settings.IMPORT_BACKGROUND_ROWS:
                upload.seek(0)
                job = ImportJob.objects.create(
                    government_id=agency.government_id,
                    agency=agency,
                    period=period,
                    user=request.user,
                    file=upload,
                    filename=upload.name[:255],
                    total=rows,
                )
                process_entry_import.enqueue(job.pk)
                return redirect("monitoring:import_job", pk=job.pk)
            result = import_sheet(user=request.user, agency=agency, period=period, data=data)
            if result.ok:
                messages.success(
                    request, _("%(saved)s values saved from %(file)s.") % {"saved": result.saved, "file": upload.name}
                )
                return redirect("monitoring:my_reports")
    return render(
        request, "monitoring/sheet_upload.html", {"form": form, "agency": agency, "period": period, "result": result}
    )


@login_required
def import_job(request, pk: int):
    """The progress of a background import; the page refreshes itself with HTMX until it is finished."""
    from kinerja.monitoring.models import ImportJob

    job = get_object_or_404(ImportJob.objects.restrict(request.user, "view").select_related("agency", "period"), pk=pk)
    template = "monitoring/_import_job.html" if request.htmx else "monitoring/import_job.html"
    return render(request, template, {"job": job})


@login_required
def evaluation_form(request):
    """The Permendagri 86/2017 evaluation form as Excel, for one agency (?agency=code) or the whole government."""

    from kinerja.monitoring import evaluation

    year = _year(request)
    government = government_for(request.user)
    agency = None
    if request.GET.get("agency"):
        from kinerja.planning.selectors import agency_detail

        agency = agency_detail(user=request.user, code=params.text(request.GET, "agency"))
        if not may(request.user, "view", agency, area=MONITORING):
            raise Http404
    elif not _is_government_wide(request.user):
        raise PermissionDenied(_("The government's form is for leaders, planners and inspectors; choose your agency."))
    content = evaluation.build(user=request.user, government=government, year=year, agency=agency)
    name = f"evaluasi-renja-{agency.code}-{year}" if agency else f"evaluasi-rkpd-{year}"
    return attachment_response(content, filename=f"{name}.xlsx", content_type=XLSX)


@login_required
def indicator_values(request, pk: int):
    """Every period of a year for one indicator: values, states, evidence, and achievement per period."""
    from kinerja.monitoring import formulas

    indicator = get_object_or_404(
        Indicator.objects.restrict(request.user, "view").select_related(
            "node__agency", "responsible_agency", "node__period"
        ),
        pk=pk,
    )
    agency = services.reporting_agency(indicator)
    if agency is None or not may(request.user, "view", agency, area=MONITORING):
        raise Http404
    year = _year(request)
    kind, numbers = services.FREQUENCY_PERIODS[indicator.frequency]
    periods = {
        p.number: p
        for p in ReportingPeriod.objects.filter(
            government_id=indicator.government_id, year=year, kind=kind, number__in=list(numbers)
        )
    }
    current = {
        r.period_id: r
        for r in Realization.objects.filter(indicator=indicator, period__year=year, is_current=True).prefetch_related(
            "evidence"
        )
    }
    annual = indicator.targets.filter(year=year, period_kind="year").first()
    rows, counted = [], []
    for number in numbers:
        period = periods.get(number)
        realization = current.get(period.pk) if period else None
        verified = realization is not None and realization.state == RealizationState.VERIFIED
        counted.append(realization.value if verified else None)
        # The dashboards' rule at this period (formulas.achievement_to_period): the annual target pro rata
        # to the periods so far for a summed indicator, the annual target otherwise.
        target, to_date, achievement = formulas.achievement_to_period(
            annual_target=annual.value if annual else None,
            annual_target_high=annual.value_high if annual else None,
            values=list(counted),
            periods_in_year=len(numbers),
            accumulation=indicator.accumulation,
            polarity=indicator.polarity,
        )
        rows.append(
            {
                "period": period,
                "realization": realization,
                "target_to_date": target,
                "to_date": to_date,
                "achievement": achievement,
            }
        )
    return render(
        request,
        "monitoring/indicator_values.html",
        {"indicator": indicator, "agency": agency, "year": year, "rows": rows, "annual": annual},
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget(request, pk: int):
    """A sub-activity's budget of a year: ceiling, monthly cash plan, spending and physical progress."""
    from kinerja.monitoring.forms import BudgetMonthForm

    node = get_object_or_404(
        PlanNode.objects.restrict(request.user, "view").select_related("agency"), pk=pk, kind="sub_activity"
    )
    if not may(request.user, "view", node.agency, area=MONITORING):
        raise Http404
    year = _year(request)
    budget_row = Budget.objects.filter(node=node, year=year).prefetch_related("months").first()
    months = {m.month: m for m in budget_row.months.all()} if budget_row else {}
    can_edit = may(request.user, "change", node.agency, area=MONITORING)
    can_set_ceiling = may(request.user, SET_CEILING, node.agency, area=MONITORING)
    forms = []
    for month in range(1, 13):
        row = months.get(month)
        initial = (
            {k: getattr(row, k) for k in ("cash_plan", "spent", "physical_plan", "physical_actual", "lock_version")}
            if row
            else {}
        )
        forms.append((month, BudgetMonthForm(request.POST or None, prefix=f"m{month}", initial=initial)))
    if request.method == "POST":
        if not (can_edit or can_set_ceiling):
            raise PermissionDenied
        try:
            with transaction.atomic():
                if can_set_ceiling:
                    budget_row = services.budget_set(
                        user=request.user,
                        node=node,
                        year=year,
                        ceiling=request.POST.get("ceiling"),
                        expected_version=_int(request.POST.get("lock_version")),
                    )
                elif budget_row is None:
                    raise ValidationError(_("Bappeda has not set the budget ceiling (pagu) of this year yet."))
                for month, form in forms if can_edit else ():
                    if not form.is_valid():
                        raise ValidationError(
                            _("Month %(month)s: %(errors)s") % {"month": month, "errors": form.errors.as_text()}
                        )
                    values = dict(form.cleaned_data)
                    version = values.pop("lock_version", None)
                    if any(v is not None for v in values.values()) or month in months:
                        services.budget_month_set(
                            user=request.user, budget=budget_row, month=month, expected_version=version, **values
                        )
        except ConflictError as exc:
            messages.error(request, str(exc.message))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Budget and progress saved."))
            return redirect(f"{reverse('monitoring:budget', args=[node.pk])}?year={year}")
    progress = selectors.budget_progress(budgets=Budget.objects.filter(node=node), year=year, month=12).get(node.pk)
    return render(
        request,
        "monitoring/budget.html",
        {
            "node": node,
            "year": year,
            "budget": budget_row,
            "forms": forms,
            "can_edit": can_edit,
            "can_set_ceiling": can_set_ceiling,
            "progress": progress,
            "chart": chart_data(progress) if progress else None,
        },
    )
