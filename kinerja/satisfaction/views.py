"""Pages of the satisfaction app: the public questionnaire (no login) and the officers' survey pages."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kinerja.core import params
from kinerja.core.access import may
from kinerja.core.links import absolute_url
from kinerja.core.models import ServiceUnit
from kinerja.core.services import ConflictError
from kinerja.core.storedfiles import open_intact
from kinerja.core.uploads import attachment_response
from kinerja.satisfaction import documents, excel, selectors, services, tasks
from kinerja.satisfaction.choices import Education, Gender, Occupation, SurveyPeriodKind, SurveyStatus
from kinerja.satisfaction.forms import PopulationForm, SurveyNumbersForm
from kinerja.satisfaction.models import KioskKey, Response, Survey, SurveyExport, export_basename
from kinerja.satisfaction.permissions import MODERATE, SATISFACTION

FORM_SALT = "kinerja.satisfaction.form"
FORM_MAX_AGE = 24 * 3600


def _form_token(survey: Survey) -> str:
    return signing.dumps({"s": survey.pk, "n": secrets.token_hex(16)}, salt=FORM_SALT)


def _read_token(survey: Survey, token: str) -> str:
    try:
        data = signing.loads(token or "", salt=FORM_SALT, max_age=FORM_MAX_AGE)
    except signing.SignatureExpired as error:
        raise services.Refused(_("This form is too old. Please reload the page and fill it again.")) from error
    except signing.BadSignature as error:
        raise services.Refused(_("This form is not valid. Please reload the page and fill it again.")) from error
    if data.get("s") != survey.pk:
        raise services.Refused(_("This form is not valid. Please reload the page and fill it again."))
    return data["n"]


@require_http_methods(["GET", "POST"])
def public_survey(request, code: str):
    """The questionnaire a citizen answers on a phone: profile, service used, nine questions, a suggestion."""
    survey = get_object_or_404(Survey.objects.select_related("service_unit__agency", "method"), public_code=code)
    elements = list(survey.method.elements.all())
    closed = services.survey_accepts(survey)
    errors: dict[str, str] = {}
    refused = ""
    values = {}
    status = 400 if request.method == "POST" and closed else 200  # refused, nothing stored
    if request.method == "POST" and not closed:
        values = request.POST
        data = {
            "service": request.POST.get("service"),
            "gender": request.POST.get("gender"),
            "age": request.POST.get("age"),
            "education": request.POST.get("education"),
            "occupation": request.POST.get("occupation"),
            "suggestion": request.POST.get("suggestion"),
            "scores": {e.code: request.POST.get(e.code) for e in elements if request.POST.get(e.code)},
        }
        try:
            if request.POST.get("website"):  # the honeypot: people never see this field
                raise services.Refused(_("Your questionnaire could not be accepted."))
            nonce = _read_token(survey, request.POST.get("token"))
            services.response_submit(
                survey=survey,
                data=data,
                form_token=nonce,
                client=services.client_key(request.META.get("REMOTE_ADDR", "")),
                elements=elements,
            )
        except services.Refused as refusal:
            refused, status = str(refusal), refusal.status
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"form": error.messages}
            status = 400
        else:
            return redirect("satisfaction:public_thanks", code=survey.public_code)
    return render(
        request,
        "satisfaction/public_survey.html",
        {
            "survey": survey,
            "elements": elements,
            "closed": closed,
            "errors": errors,
            "refused": refused,
            "values": values,
            "token": _form_token(survey),
            "genders": Gender.choices,
            "educations": Education.choices,
            "occupations": Occupation.choices,
        },
        status=status,
    )


def public_thanks(request, code: str):
    survey = get_object_or_404(Survey.objects.select_related("service_unit"), public_code=code)
    return render(request, "satisfaction/public_thanks.html", {"survey": survey})


# --- officers -------------------------------------------------------------------------------------


@login_required
def survey_list(request):
    """Surveys in the user's scope with their respondents and IKM, newest first."""
    surveys = (
        Survey.objects.restrict(request.user, "view")
        .select_related("service_unit__agency")
        .order_by("-year", "-starts", "service_unit__agency__name", "service_unit__name")
    )
    year = params.integer(request.GET, "year", minimum=params.YEAR_MIN, maximum=params.YEAR_MAX)
    if year:
        surveys = surveys.filter(year=year)
    page = Paginator(surveys, 50).get_page(request.GET.get("page"))
    results = selectors.ikm_per_survey([s.pk for s in page])
    rows = [{"survey": s, "ikm": results[s.pk]} for s in page]
    can_add = _may_add_any(request.user)
    return render(
        request, "satisfaction/survey_list.html", {"rows": rows, "page": page, "year": year or "", "can_add": can_add}
    )


def _may_add_any(user) -> bool:
    from kinerja.core.querysets import user_can

    return user_can(user, Survey, "add")


def _units_for(user, action: str):
    units = ServiceUnit.objects.restrict(user, "view").select_related("agency").order_by("agency__name", "name")
    return [u for u in units if may(user, action, u.agency, area=SATISFACTION)]


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request):
    units = _units_for(request.user, "add")
    if not units:
        raise PermissionDenied(_("You are not allowed to do this."))
    errors: dict[str, list[str]] = {}
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == request.POST.get("service_unit")), None)
        try:
            if unit is None:
                raise ValidationError({"service_unit": _("Choose a service unit.")})
            numbers = SurveyNumbersForm(request.POST)
            if not numbers.is_valid():
                raise ValidationError(numbers.errors.as_data())
            survey = services.survey_create(
                user=request.user,
                service_unit=unit,
                period_kind=request.POST.get("period_kind", ""),
                year=numbers.cleaned_data["year"],
                number=numbers.cleaned_data["number"],
                population=numbers.cleaned_data["population"],
                services=request.POST.get("services", "").splitlines(),
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"form": error.messages}
        else:
            messages.success(request, _("Survey created and open for answers."))
            return redirect("satisfaction:survey_detail", pk=survey.pk)
    return render(
        request,
        "satisfaction/survey_form.html",
        {
            "units": units,
            "errors": errors,
            "values": values,
            "kinds": SurveyPeriodKind.choices,
            "year": timezone.localdate().year,
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_detail(request, pk: int):
    """A survey's results: IKM and grade, per element, priorities, sample, profile, trend, suggestions."""
    survey = get_object_or_404(
        Survey.objects.restrict(request.user, "view").select_related("service_unit__agency", "method"), pk=pk
    )
    agency = survey.service_unit.agency
    may_change = may(request.user, "change", agency, area=SATISFACTION)
    may_moderate = may(request.user, MODERATE, agency, area=SATISFACTION)
    new_key = None
    if request.method == "POST":
        try:
            action = request.POST.get("action")
            if action == "kiosk_create":
                if not may_change:
                    raise PermissionDenied
                _record, new_key = services.kiosk_key_create(
                    user=request.user, service_unit=survey.service_unit, name=request.POST.get("name", "")
                )
            elif action == "kiosk_revoke":
                if not may_change:
                    raise PermissionDenied
                key = get_object_or_404(KioskKey, pk=request.POST.get("key"), service_unit=survey.service_unit)
                services.kiosk_key_revoke(user=request.user, key=key)
                messages.success(request, _("Kiosk key revoked: it can no longer send answers."))
            elif action == "moderate":
                if not may_moderate:
                    raise PermissionDenied
                response = get_object_or_404(Response, pk=request.POST.get("response"), survey=survey)
                services.suggestion_moderate(
                    user=request.user, response=response, status=request.POST.get("status", ""),
                    expected_version=params.object_id(request.POST, "lock_version"),
                )  # fmt: skip
                messages.success(request, _("Suggestion updated."))
            else:
                if not may_change:
                    raise PermissionDenied
                data = {"status": request.POST.get("status", survey.status)}
                if "follow_up_plan" in request.POST:
                    data["follow_up_plan"] = request.POST["follow_up_plan"]
                population = PopulationForm(request.POST)
                if not population.is_valid():
                    raise ValidationError(population.errors["population"].as_data())
                if population.cleaned_data["population"] is not None:
                    data["population"] = population.cleaned_data["population"]
                version = request.POST.get("lock_version")
                services.survey_update(
                    user=request.user,
                    survey=survey,
                    data=data,
                    expected_version=int(version) if version and version.isdigit() else None,
                )
                messages.success(request, _("Survey saved."))
        except ConflictError as error:
            messages.error(request, str(error.message))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if new_key is None:  # a new kiosk key is shown once, on this response, never stored or redirected
            return redirect("satisfaction:survey_detail", pk=survey.pk)
        survey.refresh_from_db()
    surveys = Survey.objects.filter(pk=survey.pk)
    result = selectors.ikm_of(surveys, method=survey.method.weight_rule)
    trend_surveys = list(
        Survey.objects.filter(service_unit=survey.service_unit)
        .order_by("year", "starts")
        .only("pk", "year", "period_kind", "number")
    )
    trend = selectors.ikm_per_survey([s.pk for s in trend_surveys], method=survey.method.weight_rule)
    elements = {e.code: e for e in survey.method.elements.all()}
    suggestions = (
        Response.objects.filter(survey=survey)
        .exclude(suggestion="")
        .select_related("service")
        .order_by("-created")[:50]
    )
    link = absolute_url(reverse("satisfaction:public_survey", args=[survey.public_code]), request)
    return render(
        request,
        "satisfaction/survey_detail.html",
        {
            "survey": survey,
            "result": result,
            "element_rows": [
                {"element": elements.get(code), "code": code, "nrr": result.nrr[code], "index": value}
                for code, value in result.element_index.items()
            ],
            "priorities": [elements.get(code) or code for code in result.weakest(3)],
            "short": result.respondents < survey.minimum_sample,
            "profile": selectors.respondent_profile(surveys),
            "service_counts": selectors.service_counts(surveys),
            "trend": [{"survey": s, "ikm": trend[s.pk]} for s in trend_surveys],
            "suggestions": suggestions,
            "may_change": may_change,
            "may_moderate": may_moderate,
            "statuses": SurveyStatus.choices,
            "link": link,
            "qr": _qr_svg(link),
            "may_add": may(request.user, "add", agency, area=SATISFACTION),
            "kiosk_keys": list(survey.service_unit.kiosk_keys.order_by("revoked", "name")) if may_change else [],
            "new_key": new_key,
            "exports": list(survey.exports.filter(user=request.user)[:5]),
        },
    )


def _qr_svg(link: str) -> str:
    import segno

    return segno.make(link, error="m").svg_inline(scale=4, dark="#000", light="#fff")


@login_required
def agency_results(request, code: str):
    """An agency's IKM for a period, pooled over its units, and each unit's."""
    from kinerja.planning.selectors import agency_detail

    agency = agency_detail(user=request.user, code=code)  # codes are unique per government only
    surveys = Survey.objects.restrict(request.user, "view").filter(service_unit__agency=agency)
    periods = sorted(
        {selectors.Period(y, k, n) for y, k, n in surveys.values_list("year", "period_kind", "number")},
        key=lambda p: (p.year, p.kind, p.number),
        reverse=True,
    )
    if not periods:
        raise Http404(_("This agency has no survey yet."))
    try:
        period = selectors.parse_period(request.GET["period"]) if request.GET.get("period") else periods[0]
    except ValueError as error:
        messages.error(request, str(error))
        period = periods[0]
    in_period = selectors.surveys_of_period(surveys, period).select_related("service_unit")
    units = list(in_period)
    per_unit = selectors.ikm_per_survey([s.pk for s in units])
    return render(
        request,
        "satisfaction/agency_results.html",
        {
            "agency": agency,
            "period": period,
            "periods": periods,
            "result": selectors.ikm_of(in_period),
            "units": [{"survey": s, "ikm": per_unit[s.pk]} for s in units],
            "profile": selectors.respondent_profile(in_period),
        },
    )


# --- documents and Excel ----------------------------------------------------------------------------


def _survey_for(request, pk: int, action: str = "view") -> Survey:
    survey = get_object_or_404(
        Survey.objects.restrict(request.user, "view").select_related("service_unit__agency", "method", "government"),
        pk=pk,
    )
    if action != "view" and not may(request.user, action, survey.service_unit.agency, area=SATISFACTION):
        raise PermissionDenied
    return survey


def _download(content: bytes, filename: str, content_type: str):
    return attachment_response(content, filename=filename, content_type=content_type)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def survey_poster(request, pk: int):
    """The A4 poster with the QR code, to print and put at the service counter."""
    survey = _survey_for(request, pk)
    link = absolute_url(reverse("satisfaction:public_survey", args=[survey.public_code]), request)
    content = documents.poster_pdf(survey, link, language=get_language())
    return _download(content, f"poster-skm-{survey.service_unit.code}-{survey.public_code}.pdf", "application/pdf")


def _export(request, survey: Survey, kind: str):
    """Small surveys are answered at once; large ones are made by the worker and the page shows the progress."""
    if survey.responses.count() <= settings.SURVEY_REPORT_BACKGROUND_RESPONSES:
        if kind == SurveyExport.REPORT:
            content = documents.report_pdf(survey, language=get_language())
            return _download(content, export_basename(survey, kind) + ".pdf", "application/pdf")
        return _download(excel.raw_data_workbook(survey), export_basename(survey, kind) + ".xlsx", XLSX)
    export = SurveyExport.objects.create(survey=survey, kind=kind, user=request.user, language=get_language())
    tasks.build_survey_export.enqueue(export.pk)
    return redirect("satisfaction:survey_export", pk=export.pk)


@login_required
def survey_report(request, pk: int):
    return _export(request, _survey_for(request, pk), SurveyExport.REPORT)


@login_required
def survey_data(request, pk: int):
    return _export(request, _survey_for(request, pk), SurveyExport.RAW_DATA)


@login_required
def survey_export(request, pk: int):
    """A background export's state; the page refreshes itself with HTMX until the file is ready."""
    export = get_object_or_404(
        SurveyExport.objects.restrict(request.user, "view").select_related("survey__service_unit"),
        pk=pk,
        user=request.user,
    )
    template = "satisfaction/_export.html" if request.htmx else "satisfaction/export.html"
    return render(request, template, {"export": export})


@login_required
def survey_export_download(request, pk: int):
    export = get_object_or_404(
        SurveyExport.objects.restrict(request.user, "view"), pk=pk, user=request.user, status=SurveyExport.DONE
    )
    handle = open_intact(export.file, None)  # generated, no hash recorded; a missing file is reported
    content_type = "application/pdf" if export.kind == SurveyExport.REPORT else XLSX
    return attachment_response(handle, filename=export.filename, content_type=content_type)


@login_required
def paper_template(request, pk: int):
    survey = _survey_for(request, pk, "add")
    return _download(
        excel.paper_template(survey), f"kuesioner-{survey.service_unit.code}-{survey.public_code}.xlsx", XLSX
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_import(request, pk: int):
    """Upload the typed-in paper questionnaires: saved all together, or none with the errors of every row."""
    from kinerja.planning.forms import ImportForm

    survey = _survey_for(request, pk, "add")
    form = ImportForm(request.POST or None, request.FILES or None, max_bytes=settings.IMPORT_MAX_BYTES)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = excel.import_paper(user=request.user, survey=survey, data=upload.read(), filename=upload.name)
        if result.ok:
            messages.success(request, _("%(n)s paper questionnaires saved.") % {"n": result.saved})
            return redirect("satisfaction:survey_detail", pk=survey.pk)
    return render(request, "satisfaction/paper_import.html", {"survey": survey, "form": form, "result": result})
