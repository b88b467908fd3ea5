"""PDF documents of a survey, rendered with WeasyPrint from templates: the QR poster for the service counter
and the survey report in the usual structure (method, respondents, results per element, IKM, analysis of the
weakest elements, follow-up plan). Nothing is fetched while rendering: every image is inline."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone, translation

from kinerja.core.pdf import qr_data_uri, render_pdf
from kinerja.satisfaction import formulas, selectors
from kinerja.satisfaction.models import Answer, Survey


def poster_pdf(survey: Survey, link: str, language: str = "id") -> bytes:
    """An A4 poster for the service counter: the unit, the QR code of the public questionnaire, the short link."""
    with translation.override(language):
        return render_pdf("satisfaction/pdf/poster.html", {"survey": survey, "link": link, "qr": qr_data_uri(link)})


def score_distribution(survey: Survey) -> dict[str, dict[int, int]]:
    """How many respondents gave each score to each element (one query)."""
    codes = dict(survey.method.elements.values_list("pk", "code"))
    result: dict[str, dict[int, int]] = {code: dict.fromkeys((1, 2, 3, 4), 0) for code in codes.values()}
    for element_id, score, n in (
        Answer.objects.filter(survey=survey)
        .order_by()
        .values("element_id", "score")
        .annotate(n=Count("id"))
        .values_list("element_id", "score", "n")
    ):
        result[codes[element_id]][score] = n
    return result


def report_context(survey: Survey) -> dict:
    surveys = Survey.objects.filter(pk=survey.pk)
    result = selectors.ikm_of(surveys, method=survey.method.weight_rule)
    elements = list(survey.method.elements.all())
    distribution = score_distribution(survey)
    answered_elements = len(result.nrr) or 1
    weight = Decimal(1) / answered_elements
    if survey.method.weight_rule == "rounded":
        weight = weight.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    rows = []
    for element in elements:
        nrr = result.nrr.get(element.code)
        counts = distribution.get(element.code, {})
        answered = sum(counts.values())
        rows.append(
            {
                "element": element,
                "nrr": nrr,
                "weighted": (nrr * weight).quantize(formulas.NRR_PLACES, rounding=ROUND_HALF_UP) if nrr else None,
                "index": result.element_index.get(element.code),
                "counts": [counts.get(score, 0) for score in (1, 2, 3, 4)],
                "low_share": round(100 * (counts.get(1, 0) + counts.get(2, 0)) / answered, 1) if answered else None,
            }
        )
    by_code = {row["element"].code: row for row in rows}
    trend_surveys = list(Survey.objects.filter(service_unit=survey.service_unit).order_by("year", "starts"))
    trend = selectors.ikm_per_survey([s.pk for s in trend_surveys], method=survey.method.weight_rule)
    return {
        "survey": survey,
        "result": result,
        "rows": rows,
        "weakest": [by_code[code] for code in result.weakest(3) if code in by_code],
        "profile": selectors.respondent_profile(surveys),
        "service_counts": selectors.service_counts(surveys),
        "short": result.respondents < survey.minimum_sample,
        "trend": [{"survey": s, "ikm": trend[s.pk]} for s in trend_surveys],
        "grades": survey.method.grades,
        "weight": weight.quantize(formulas.NRR_PLACES, rounding=ROUND_HALF_UP),
        "generated": timezone.localtime(),
    }


def report_pdf(survey: Survey, language: str = "id") -> bytes:
    with translation.override(language):
        return render_pdf("satisfaction/pdf/report.html", report_context(survey))
