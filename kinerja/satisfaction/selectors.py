"""IKM computed in the database: the scores are summed and counted per element by SQL, never by a Python
loop over responses. Database triggers keep those sums per survey and element (the tallies, migration
0007), and the pure ``formulas.ikm_from_totals`` turns them into the index, so the database path and the
pure function agree by construction (tests check it on the same data).

An agency's or a government's IKM for a period pools the responses of all its units' surveys of that
period (each respondent weighs the same), the usual practice of consolidated SKM reports.
"""

import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from kinerja.satisfaction import formulas
from kinerja.satisfaction.choices import Education, Gender, Occupation, SurveyPeriodKind
from kinerja.satisfaction.models import Answer, ElementTally, Response, Survey, SurveyElement, SurveyTally

PERIOD_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<s>S)(?P<sn>[12])|(?P<q>TW)(?P<qn>[1-4])))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    year: int
    kind: str
    number: int

    @property
    def label(self) -> str:
        if self.kind == SurveyPeriodKind.YEAR:
            return str(self.year)
        if self.kind == SurveyPeriodKind.SEMESTER:
            return f"{self.year}-S{self.number}"
        return f"{self.year}-TW{self.number}"

    @property
    def display(self) -> str:
        """The period as the pages write it (``2026 S1``, ``2026 TW II``, as ``Survey.period_label``); ``label``
        is the code of the API and the addresses."""
        if self.kind == SurveyPeriodKind.YEAR:
            return str(self.year)
        if self.kind == SurveyPeriodKind.SEMESTER:
            return f"{self.year} S{self.number}"
        return f"{self.year} TW {['I', 'II', 'III', 'IV'][self.number - 1]}"


def parse_period(text: str) -> Period:
    """Read "2026" (year), "2026-S1" (semester) or "2026-TW2" (quarter); ValueError with a message otherwise."""
    match = PERIOD_PATTERN.match((text or "").strip())
    if not match:
        raise ValueError(_("Write the period as 2026, 2026-S1 or 2026-TW2."))
    year = int(match["year"])
    if match["s"]:
        return Period(year, SurveyPeriodKind.SEMESTER, int(match["sn"]))
    if match["q"]:
        return Period(year, SurveyPeriodKind.QUARTER, int(match["qn"]))
    return Period(year, SurveyPeriodKind.YEAR, 1)


def surveys_of_period(surveys: QuerySet[Survey], period: Period) -> QuerySet[Survey]:
    return surveys.filter(year=period.year, period_kind=period.kind, number=period.number)


def _codes() -> dict[int, str]:
    return dict(SurveyElement.objects.values_list("id", "code"))


def ikm_of(surveys: QuerySet[Survey], *, method: str = "exact") -> formulas.IkmResult:
    """The IKM of the pooled responses of ``surveys``: three queries whatever the number of responses.

    It reads the tallies the database triggers keep per survey and element (a few rows per survey), so a
    government's IKM over a million responses costs what a unit's does.
    """
    codes = _codes()
    totals: dict[str, list[int]] = {}
    for element_id, total, n in (
        ElementTally.objects.filter(survey__in=surveys.values("pk"))
        .order_by()
        .values("element_id")
        .annotate(total=Sum("score_sum"), n=Sum("answers"))
        .values_list("element_id", "total", "n")
    ):
        entry = totals.setdefault(codes[element_id], [0, 0])
        entry[0] += total
        entry[1] += n
    respondents = SurveyTally.objects.filter(survey__in=surveys.values("pk")).aggregate(n=Sum("respondents"))["n"]
    return formulas.ikm_from_totals({c: (t, n) for c, (t, n) in totals.items()}, respondents or 0, method=method)


def ikm_per_survey(survey_ids: list[int], *, method: str = "exact") -> dict[int, formulas.IkmResult]:
    """The IKM of each survey of a list (a page of surveys, a unit's trend): three queries."""
    if not survey_ids:
        return {}
    codes = _codes()
    totals: dict[int, dict[str, tuple[int, int]]] = {pk: {} for pk in survey_ids}
    for survey_id, element_id, total, n in ElementTally.objects.filter(survey_id__in=survey_ids).values_list(
        "survey_id", "element_id", "score_sum", "answers"
    ):
        totals[survey_id][codes[element_id]] = (total, n)
    respondents = dict(SurveyTally.objects.filter(survey_id__in=survey_ids).values_list("survey_id", "respondents"))
    return {pk: formulas.ikm_from_totals(totals[pk], respondents.get(pk, 0), method=method) for pk in survey_ids}


def tallies_differ(survey_ids: list[int] | None = None) -> list[int]:
    """The surveys whose tallies differ from the aggregates of their rows (empty when the triggers held)."""
    answers = Answer.objects.order_by().values("survey_id", "element_id").annotate(total=Sum("score"), n=Count("*"))
    responses = Response.objects.order_by().values("survey_id").annotate(n=Count("id"))
    element_tallies = ElementTally.objects.filter(answers__gt=0)
    survey_tallies = SurveyTally.objects.filter(respondents__gt=0)
    if survey_ids is not None:
        answers, responses = answers.filter(survey_id__in=survey_ids), responses.filter(survey_id__in=survey_ids)
        element_tallies = element_tallies.filter(survey_id__in=survey_ids)
        survey_tallies = survey_tallies.filter(survey_id__in=survey_ids)
    counted = {(r["survey_id"], r["element_id"], r["total"], r["n"]) for r in answers}
    kept = set(element_tallies.values_list("survey_id", "element_id", "score_sum", "answers"))
    counted_respondents = {(r["survey_id"], r["n"]) for r in responses}
    kept_respondents = set(survey_tallies.values_list("survey_id", "respondents"))
    return sorted({row[0] for row in counted ^ kept} | {row[0] for row in counted_respondents ^ kept_respondents})


AGE_GROUPS = ((15, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 100))


def respondent_profile(surveys: QuerySet[Survey]) -> dict[str, list[tuple[str, int]]]:
    """Respondents by gender, age group, education and occupation (one query)."""
    age_counts = {f"age_{low}": Count("id", filter=Q(age__gte=low, age__lte=high)) for low, high in AGE_GROUPS}
    choice_counts = {
        f"{field}_{value}": Count("id", filter=Q(**{field: value}))
        for field, choices in (("gender", Gender), ("education", Education), ("occupation", Occupation))
        for value in choices.values
    }
    row = Response.objects.filter(survey__in=surveys.values("pk")).aggregate(**age_counts, **choice_counts)
    return {
        "gender": [(label, row[f"gender_{value}"]) for value, label in Gender.choices],
        "age": [(f"{low}–{high}" if high < 100 else f"≥ {low}", row[f"age_{low}"]) for low, high in AGE_GROUPS],
        "education": [(label, row[f"education_{value}"]) for value, label in Education.choices],
        "occupation": [(label, row[f"occupation_{value}"]) for value, label in Occupation.choices],
    }


def service_counts(surveys: QuerySet[Survey]) -> list[tuple[str, int]]:
    return list(
        Response.objects.filter(survey__in=surveys.values("pk"))
        .order_by()
        .values("service__name")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("service__name", "n")
    )


def latest_ikm(surveys: QuerySet[Survey]) -> dict | None:
    """The IKM of the latest survey period among ``surveys`` and its three weakest elements (five queries).

    None when there is no survey. What an agency's dashboard and the government overview show.
    """
    latest = surveys.order_by("-ends").values_list("year", "period_kind", "number", "method_id").first()
    if latest is None:
        return None
    period = Period(*latest[:3])
    result = ikm_of(surveys_of_period(surveys, period))
    codes = result.weakest(3)
    names = dict(SurveyElement.objects.filter(method_id=latest[3], code__in=codes).values_list("code", "name"))
    return {"period": period, "ikm": result, "priorities": [f"{c} {names.get(c, '')}" for c in codes]}


# --- the leader's home -------------------------------------------------------------------------------


@dataclass
class SectorIkm:
    """The IKM of one SPM sector: the pooled responses of its agencies' service units."""

    code: str
    label: str
    ikm: formulas.IkmResult
    previous: formulas.IkmResult
    agencies: list  # [(agency, respondents this year)] of the agencies serving the sector, with responses first


@dataclass
class LeaderIkm:
    year: int
    government: formulas.IkmResult
    previous: formulas.IkmResult
    sectors: list[SectorIkm]


def _pool(rows, respondent_rows, keys, codes) -> tuple[formulas.IkmResult, int]:
    """The IKM of the (year, agency) keys of the grouped rows."""
    totals: dict[str, list[int]] = {}
    for key, element_id, total, n in rows:
        if key in keys:
            entry = totals.setdefault(codes[element_id], [0, 0])
            entry[0] += total
            entry[1] += n
    respondents = sum(n for key, n in respondent_rows if key in keys)
    return formulas.ikm_from_totals({c: (t, n) for c, (t, n) in totals.items()}, respondents), respondents


def leader_ikm(*, user, government, year: int, agency=None, region=None) -> LeaderIkm:
    """The IKM of the government in ``year`` and ``year - 1`` and of each SPM sector (five queries).

    Every survey of the year counts, whatever its period (a semester's and a year's respondents each weigh the
    same), pooled as ``ikm_of`` pools them. An agency serves the sectors whose bidang codes its programs carry
    (``kinerja.planning.spm``); ``agency`` and ``region`` (of the service unit) narrow the surveys.
    """
    from kinerja.core.models import Agency
    from kinerja.planning.spm import SpmSector, agency_sectors

    surveys = Survey.objects.restrict(user, "view").filter(government=government, year__in=[year, year - 1])
    if agency is not None:
        surveys = surveys.filter(service_unit__agency=agency)
    if region is not None:
        surveys = surveys.filter(service_unit__region=region)
    codes = _codes()
    rows = [
        ((y, agency_id), element_id, total, n)
        for y, agency_id, element_id, total, n in ElementTally.objects.filter(survey__in=surveys.values("pk"))
        .order_by()
        .values("survey__year", "survey__service_unit__agency_id", "element_id")
        .annotate(total=Sum("score_sum"), n=Sum("answers"))
        .values_list("survey__year", "survey__service_unit__agency_id", "element_id", "total", "n")
    ]
    respondent_rows = [
        ((y, agency_id), n)
        for y, agency_id, n in SurveyTally.objects.filter(survey__in=surveys.values("pk"))
        .order_by()
        .values("survey__year", "survey__service_unit__agency_id")
        .annotate(n=Sum("respondents"))
        .values_list("survey__year", "survey__service_unit__agency_id", "n")
    ]
    this_year = {key for key, *_rest in rows if key[0] == year}
    last_year = {key for key, *_rest in rows if key[0] == year - 1}
    government_ikm, _n = _pool(rows, respondent_rows, this_year, codes)
    previous_ikm, _n = _pool(rows, respondent_rows, last_year, codes)
    sectors_of = agency_sectors(government_id=government.pk)
    agency_ids = {agency_id for agency_id, sectors in sectors_of.items() if sectors}
    if agency is not None:
        agency_ids &= {agency.pk}
    agencies = {
        a.pk: a
        for a in Agency.objects.restrict(user, "view")
        .filter(pk__in=agency_ids)
        .only("id", "code", "name", "short_name")
    }
    sectors = []
    for code, label in SpmSector.choices:
        members = [a for pk, a in agencies.items() if code in sectors_of.get(pk, ())]
        ikm, _n = _pool(rows, respondent_rows, {(year, a.pk) for a in members}, codes)
        previous, _n = _pool(rows, respondent_rows, {(year - 1, a.pk) for a in members}, codes)
        counted = [(a, sum(n for key, n in respondent_rows if key == (year, a.pk))) for a in members]
        counted.sort(key=lambda item: (-item[1], item[0].name))
        sectors.append(SectorIkm(code, str(label), ikm, previous, counted))
    return LeaderIkm(year, government_ikm, previous_ikm, sectors)


def latest_ikm_by_agency(*, user, government_id: int, year: int, today, method: str = "exact") -> dict[int, dict]:
    """Per agency, the IKM of its service units for the latest survey period of ``year`` ended on ``today``.

    The figure ``/api/v1/agencies/{id}/ikm/?period=…`` gives for that period (the pooled responses of all
    the agency's units' surveys of the period), for every agency at once: two queries, the surveys of the
    year and the tallies of the chosen ones summed per agency and element.
    """
    surveys = (
        Survey.objects.restrict(user, "view")
        .filter(government_id=government_id, year=year, ends__lt=today)
        .order_by()
        .values_list("id", "service_unit__agency_id", "period_kind", "number", "ends", "service_unit__name")
    )
    periods: dict[int, dict[tuple, list]] = {}  # agency → (kind, number) → [last day, survey ids]
    units: dict[int, str] = {}  # survey → its service unit's name
    for pk, agency_id, kind, number, ends, unit in surveys:
        units[pk] = unit
        entry = periods.setdefault(agency_id, {}).setdefault((kind, number), [ends, []])
        entry[0] = max(entry[0], ends)
        entry[1].append(pk)
    latest: dict[int, tuple] = {}
    chosen: dict[int, list[int]] = {}
    for agency_id, by_period in periods.items():
        period, (ends, pks) = max(by_period.items(), key=lambda item: (item[1][0], item[0]))
        latest[agency_id], chosen[agency_id] = (period, ends), sorted(pks)
    by_survey = {pk: agency_id for agency_id, pks in chosen.items() for pk in pks}
    totals: dict[int, dict[str, list[int]]] = {}
    respondents: dict[int, int] = {}
    rows = (
        ElementTally.objects.filter(survey_id__in=list(by_survey))
        .values_list("survey_id", "element__code", "score_sum", "answers", "survey__tally__respondents")
        .order_by("survey_id")
    )
    seen = set()
    for survey_id, code, total, n, people in rows:
        agency_id = by_survey[survey_id]
        entry = totals.setdefault(agency_id, {}).setdefault(code, [0, 0])
        entry[0] += total
        entry[1] += n
        if survey_id not in seen:
            seen.add(survey_id)
            respondents[agency_id] = respondents.get(agency_id, 0) + (people or 0)
    result = {}
    for agency_id, ((kind, number), _ends) in latest.items():
        ikm = formulas.ikm_from_totals(
            {c: (t, n) for c, (t, n) in totals.get(agency_id, {}).items()}, respondents.get(agency_id, 0), method=method
        )
        result[agency_id] = {
            "period": Period(year, kind, number),
            "ikm": ikm,
            "surveys": chosen[agency_id],
            "units": [units[pk] for pk in chosen[agency_id]],
        }
    return result
