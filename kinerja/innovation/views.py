"""Pages of the innovation registry, the IID readiness page with its IGA export, and the public catalogue.

The registry is for agencies (their own innovations), reviewers (Biro Organisasi, Bappeda) and readers
(leaders, Inspektorat); the catalogue under /inovasi/ is public and shows only implemented, reviewed ones.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinerja.core import params
from kinerja.core.access import may
from kinerja.core.forms import add_conflict, add_service_errors
from kinerja.core.models import Agency
from kinerja.core.params import InvalidParameter
from kinerja.core.selectors import government_for
from kinerja.core.services import ConflictError
from kinerja.core.storedfiles import open_intact
from kinerja.core.uploads import attachment_response
from kinerja.innovation import exports, selectors, services
from kinerja.innovation.choices import URUSAN, URUSAN_NAMES, ReviewState, Stage
from kinerja.innovation.forms import AdoptForm, ChangeForm, ClaimForm, InnovationForm, ReviewForm
from kinerja.innovation.models import CatalogueIndicator, Claim, Innovation, Measure
from kinerja.innovation.permissions import INNOVATION, REVIEW

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _government(request):
    government = government_for(request.user)
    if government is None:
        raise PermissionDenied(_("Your account has no role in any government yet."))
    return government


def _agencies_for(user, government, action: str):
    agencies = list(Agency.objects.filter(government=government).order_by("name"))
    return Agency.objects.filter(pk__in=[a.pk for a in agencies if may(user, action, a, area=INNOVATION)]).order_by(
        "name"
    )


def _choice(request, name: str, choices) -> str:
    value = params.text(request.GET, name)
    if value and value not in dict(choices):
        raise InvalidParameter(name, _("%(name)s is not one of the known values.") % {"name": name})
    return value


def _catalogue(request):
    year = params.integer(request.GET, "year", minimum=params.YEAR_MIN, maximum=params.YEAR_MAX)
    catalogue = selectors.current_catalogue(year)
    if catalogue is None:
        raise Http404(_("There is no innovation index catalogue for this year."))
    return catalogue


def _filters(request, government):
    agency = None
    agency_id = params.object_id(request.GET, "agency")
    if agency_id:
        agency = Agency.objects.filter(government=government, pk=agency_id).first()
    return {
        "agency": agency,
        "stage": _choice(request, "stage", Stage.choices),
        "urusan": _choice(request, "urusan", URUSAN),
        "review_state": _choice(request, "status", ReviewState.choices),
    }


@login_required
def registry(request):
    """The innovations the user may see, filtered by agency, stage, urusan and review, with their scores."""
    government = _government(request)
    filters = _filters(request, government)
    innovations = selectors.innovation_list(user=request.user, **filters).filter(government=government)
    page_obj = Paginator(innovations, 50).get_page(request.GET.get("page"))
    catalogue = selectors.current_catalogue()
    found = selectors.scores([i.pk for i in page_obj], catalogue) if catalogue else {}
    rows = [(i, found.get(i.pk)) for i in page_obj]
    context = {
        "page_obj": page_obj, "rows": rows, "filters": filters, "stages": Stage.choices, "urusan": URUSAN,
        "review_states": ReviewState.choices,
        "agencies": Agency.objects.restrict(request.user, "view").filter(government=government).order_by("name"),
        "may_add": bool(_agencies_for(request.user, government, "add")),
        "may_review": may(request.user, REVIEW, government, area=INNOVATION),
        "catalogue": catalogue,
    }  # fmt: skip
    return render(request, "innovation/registry.html", context)


@login_required
def registry_export(request):
    """The same list as an Excel workbook: one row per innovation, one per measure."""
    government = _government(request)
    innovations = list(selectors.innovation_list(user=request.user, **_filters(request, government)).filter(
        government=government))  # fmt: skip
    data = exports.registry_workbook(innovations, selectors.changes_of([i.pk for i in innovations]))
    return attachment_response(data, filename="inovasi-daerah.xlsx", content_type=XLSX)


@login_required
def detail(request, pk: int):
    try:
        innovation = selectors.innovation_detail(user=request.user, pk=pk)
    except Innovation.DoesNotExist as exc:
        raise Http404 from exc
    catalogue = selectors.current_catalogue()
    indicators = selectors.catalogue_with_indicators(catalogue) if catalogue else []
    claims = selectors.claims_of(innovation, catalogue) if catalogue else []
    by_indicator = {c.indicator_id: c for c in claims}
    may_change = may(request.user, "change", innovation)
    may_review = may(request.user, REVIEW, innovation)
    context = {
        "innovation": innovation,
        "changes": selectors.changes_of([innovation.pk]).get(innovation.pk, []),
        "ikm": selectors.ikm_before_after(user=request.user, innovations=[innovation]).get(innovation.pk),
        "catalogue": catalogue,
        "claim_rows": [(indicator, by_indicator.get(indicator.pk)) for indicator in indicators],
        "scores": selectors.scores([innovation.pk], catalogue).get(innovation.pk) if catalogue else None,
        "max_score": selectors.max_score(indicators),
        "checks": selectors.eligibility(innovation, catalogue, indicators, claims) if catalogue else [],
        "may_change": may_change, "may_review": may_review,
        "may_claim": may_change and innovation.stage == Stage.IMPLEMENTATION,
        "review_form": ReviewForm(),
    }  # fmt: skip
    return render(request, "innovation/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int | None = None):
    government = _government(request)
    innovation = get_object_or_404(Innovation.objects.restrict(request.user, "view"), pk=pk) if pk else None
    if innovation is not None and not may(request.user, "change", innovation):
        raise PermissionDenied  # seen but not changed: 403; out of scope: 404 above
    agencies = _agencies_for(request.user, government, "change" if innovation else "add")
    if not agencies:
        raise PermissionDenied(_("Your role does not allow you to register innovations."))
    form = InnovationForm(request.POST or None, instance=innovation, agencies=agencies, government=government)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if innovation is not None:
            data["agency"] = innovation.agency
        try:
            saved = services.innovation_save(
                user=request.user, government=government, data=data, innovation=innovation,
                expected_version=form.cleaned_data.get("version") if innovation else None,
            )  # fmt: skip
        except ConflictError as exc:
            add_conflict(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The innovation was saved."))
            return redirect("innovation:detail", saved.pk)
    return render(request, "innovation/edit.html", {"form": form, "innovation": innovation},
                  status=400 if form.errors else 200)  # fmt: skip


def _innovation_for(request, pk: int) -> Innovation:
    return get_object_or_404(Innovation.objects.restrict(request.user, "view").select_related("agency"), pk=pk)


def _service_call(request, pk: int, call) -> HttpResponse:
    try:
        call()
    except ConflictError:
        messages.error(request, _("The innovation was changed while you were reading it. Read it again, then decide."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("innovation:detail", pk)


def _posted_version(request) -> int | None:
    """The ``version`` the page showed (a hidden field); None when missing or not a number (a conflict)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
@require_POST
def submit(request, pk: int):
    innovation = _innovation_for(request, pk)
    if not may(request.user, "change", innovation):
        raise PermissionDenied
    return _service_call(request, pk, lambda: services.innovation_submit(
        user=request.user, innovation=innovation, expected_version=_posted_version(request)))  # fmt: skip


@login_required
@require_POST
def review(request, pk: int):
    innovation = _innovation_for(request, pk)
    if not may(request.user, REVIEW, innovation):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or return."))
        return redirect("innovation:detail", pk)
    accept = form.cleaned_data["decision"] == "accept"
    return _service_call(request, pk, lambda: services.innovation_review(
        user=request.user, innovation=innovation, accept=accept, note=form.cleaned_data["note"],
        expected_version=form.cleaned_data["version"]))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def change_edit(request, pk: int, change_pk: int | None = None):
    """A service the innovation changes: the before and after of steps, documents, time and cost."""
    innovation = _innovation_for(request, pk)
    if not may(request.user, "change", innovation):
        raise PermissionDenied
    change = get_object_or_404(innovation.changes.prefetch_related("measures"), pk=change_pk) if change_pk else None
    initial, measured = {}, []
    if change is not None:
        initial = {"service": change.service, "standard": change.standard, "time_unit": change.time_unit,
                   "version": change.lock_version}  # fmt: skip
        for measure in change.measures.all():
            measured.append(measure.kind)
            initial |= {f"{measure.kind}_before": measure.before, f"{measure.kind}_after": measure.after,
                        f"{measure.kind}_link": measure.evidence_link}  # fmt: skip
    form = ChangeForm(request.POST or None, request.FILES or None, initial=initial, measured=measured)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_save(
                user=request.user, innovation=innovation, change=change, service=form.cleaned_data["service"],
                standard=form.cleaned_data["standard"], time_unit=form.cleaned_data["time_unit"],
                measures=form.measures(), expected_version=form.cleaned_data.get("version") if change else None,
            )  # fmt: skip
        except ConflictError as exc:
            add_conflict(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The service and its measures were saved."))
            return redirect("innovation:detail", innovation.pk)
    return render(request, "innovation/change_edit.html", {"form": form, "innovation": innovation, "change": change},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def claim_edit(request, pk: int, indicator_pk: int):
    """The agency's claim of a parameter level for one indicator, with its evidence."""
    innovation = _innovation_for(request, pk)
    if not may(request.user, "change", innovation):
        raise PermissionDenied
    indicator = get_object_or_404(CatalogueIndicator.objects.select_related("catalogue"), pk=indicator_pk)
    claim = innovation.claims.filter(indicator=indicator).first()
    initial = {"level": claim.level, "explanation": claim.explanation, "evidence_link": claim.evidence_link,
               "version": claim.lock_version} if claim else {}  # fmt: skip
    form = ClaimForm(request.POST or None, request.FILES or None, indicator=indicator, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.claim_save(
                user=request.user, innovation=innovation, indicator=indicator, level=data["level"],
                explanation=data["explanation"], evidence_link=data["evidence_link"],
                upload=data.get("evidence_file") or None, expected_version=data.get("version") if claim else None,
            )  # fmt: skip
        except ConflictError as exc:
            add_conflict(form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The claim was saved and awaits review."))
            return redirect("innovation:detail", innovation.pk)
    context = {"form": form, "innovation": innovation, "indicator": indicator, "claim": claim}
    return render(request, "innovation/claim_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def claim_review(request, pk: int):
    claim = get_object_or_404(Claim.objects.restrict(request.user, "view"), pk=pk)
    if not may(request.user, REVIEW, claim):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or return."))
        return redirect("innovation:detail", claim.innovation_id)
    data = form.cleaned_data

    def call():
        try:
            services.claim_review(user=request.user, claim=claim, accept=data["decision"] == "accept",
                                  note=data["note"], expected_version=data.get("version"))  # fmt: skip
        except ConflictError as exc:
            raise ValidationError(str(exc.message)) from exc

    return _service_call(request, claim.innovation_id, call)


@login_required
def measure_evidence(request, pk: int):
    measure = get_object_or_404(Measure.objects.restrict(request.user, "view").exclude(evidence_file=""), pk=pk)
    handle = open_intact(measure.evidence_file, measure.sha256)
    return attachment_response(handle, filename=measure.evidence_name, content_type=measure.evidence_type)


@login_required
def claim_evidence(request, pk: int):
    claim = get_object_or_404(Claim.objects.restrict(request.user, "view").exclude(evidence_file=""), pk=pk)
    handle = open_intact(claim.evidence_file, claim.sha256)
    return attachment_response(handle, filename=claim.evidence_name, content_type=claim.evidence_type)


def _readiness(request):
    government = _government(request)
    if not may(request.user, "view", government, area=INNOVATION):  # government-wide roles only
        raise PermissionDenied(_("The readiness page is for reviewers, planners, leaders and inspectors."))
    catalogue = _catalogue(request)
    return government, catalogue, selectors.readiness(user=request.user, government=government, catalogue=catalogue)


@login_required
def readiness(request):
    """The government's readiness for the innovation index: by stage, agency and urusan, gaps, eligibility."""
    government, catalogue, report = _readiness(request)
    return render(request, "innovation/readiness.html", {"report": report, "catalogue": catalogue,
                                                          "government": government})  # fmt: skip


@login_required
def readiness_export(request):
    """The entries in the layout of the IGA submission (one sheet of innovations, one of indicator levels)."""
    government, catalogue, report = _readiness(request)
    implemented = [entry["innovation"] for entry in report.entries]
    claims = Claim.objects.filter(innovation__in=[i.pk for i in implemented], indicator__catalogue=catalogue)
    data = exports.iga_workbook(report, list(claims.select_related("indicator")),
                                selectors.changes_of([i.pk for i in implemented]))  # fmt: skip
    return attachment_response(data, filename=f"iga-{catalogue.year}-{government.code}.xlsx", content_type=XLSX)


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request, pk: int):
    """Another agency records that it replicates an implemented, reviewed innovation."""
    original = get_object_or_404(selectors.public_innovations().select_related("agency"), pk=pk)
    government = _government(request)
    if original.government_id != government.pk:
        raise Http404
    agencies = _agencies_for(request.user, government, "add").exclude(pk=original.agency_id)
    if not agencies:
        raise PermissionDenied(_("Your role does not allow you to register innovations."))
    form = AdoptForm(request.POST or None, agencies=agencies, initial={"name": original.name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copy = services.innovation_adopt(
                user=request.user, original=original, agency=data["agency"],
                data={"name": data["name"], "initiated_on": data["initiated_on"],
                      "person_in_charge": data["person_in_charge"]},
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The replication was recorded."))
            return redirect("innovation:detail", copy.pk)
    return render(request, "innovation/adopt.html", {"form": form, "original": original},
                  status=400 if form.errors else 200)  # fmt: skip


# --- public -------------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def public_list(request):
    """Implemented, reviewed innovations and what changed for citizens, in numbers (no login)."""
    urusan = _choice(request, "urusan", URUSAN)
    innovations = selectors.public_innovations(urusan=urusan)
    page_obj = Paginator(innovations, 24).get_page(request.GET.get("page"))
    changes = selectors.changes_of([i.pk for i in page_obj])
    rows = [(i, changes.get(i.pk, [])) for i in page_obj]
    return render(request, "innovation/public_list.html", {"page_obj": page_obj, "rows": rows, "urusan": urusan,
                                                            "urusan_choices": URUSAN})  # fmt: skip


@require_http_methods(["GET"])
def public_detail(request, pk: int):
    innovation = get_object_or_404(
        selectors.public_innovations().select_related("adopted_from").prefetch_related("replications__agency"), pk=pk
    )
    changes = selectors.changes_of([innovation.pk]).get(innovation.pk, [])
    may_adopt = request.user.is_authenticated and bool(
        government_for(request.user) and government_for(request.user).pk == innovation.government_id
        and _agencies_for(request.user, innovation.government, "add").exclude(pk=innovation.agency_id)
    )  # fmt: skip
    replications = list(innovation.replications.all())
    return render(request, "innovation/public_detail.html", {
        "innovation": innovation, "changes": changes, "urusan_name": URUSAN_NAMES.get(innovation.urusan),
        "may_adopt": may_adopt, "replications": replications,
    })  # fmt: skip


@login_required
def pending(request):
    """Claims and innovations awaiting review (for Biro Organisasi and Bappeda)."""
    government = _government(request)
    if not may(request.user, REVIEW, government, area=INNOVATION):
        raise PermissionDenied
    claims = selectors.pending_claims(user=request.user).filter(innovation__government=government)[:200]
    innovations = selectors.innovation_list(user=request.user, review_state=ReviewState.SUBMITTED).filter(
        government=government
    )[:200]
    return render(request, "innovation/pending.html", {"claims": claims, "innovations": innovations})
