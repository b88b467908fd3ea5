"""Reads of the innovation registry: lists, the measured cuts beside the service unit's IKM, claimed and verified
scores, eligibility for the IID entry and the government's readiness. Each runs a fixed number of queries
whatever the number of innovations (the pages' counts are pinned in tests).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from kinerja.core.models import Agency
from kinerja.innovation import formulas
from kinerja.innovation.choices import (
    BASIC_SERVICE_URUSAN,
    MEASURE_ORDER,
    STAGE_ORDER,
    URUSAN_NAMES,
    ClaimState,
    ReviewState,
    Stage,
)
from kinerja.innovation.models import Catalogue, CatalogueIndicator, Claim, Innovation, Measure, ServiceChange
from kinerja.satisfaction.models import Survey
from kinerja.satisfaction.selectors import ikm_per_survey

ZERO = Decimal(0)


def innovation_list(*, user, agency=None, stage: str = "", urusan: str = "", review_state: str = "") -> QuerySet:
    innovations = Innovation.objects.restrict(user, "view").select_related("agency", "service_unit", "adopted_from")
    if agency is not None:
        innovations = innovations.filter(agency=agency)
    if stage:
        innovations = innovations.filter(stage=stage)
    if urusan:
        innovations = innovations.filter(urusan=urusan)
    if review_state:
        innovations = innovations.filter(review_state=review_state)
    return innovations.order_by("agency__name", "name", "id")


def current_catalogue(year: int | None = None) -> Catalogue | None:
    catalogues = Catalogue.objects.all()
    if year is not None:
        return catalogues.filter(year=year).first()
    return catalogues.order_by("-year").first()


def catalogue_with_indicators(catalogue: Catalogue) -> list[CatalogueIndicator]:
    return list(catalogue.indicators.order_by("number"))


@dataclass
class Scores:
    claimed: Decimal = ZERO
    verified: Decimal = ZERO
    claims: int = 0
    accepted: int = 0
    waiting: int = 0
    returned: int = 0


def scores(innovation_ids, catalogue: Catalogue) -> dict[int, Scores]:
    """Claimed (every claim) and verified (accepted claims) Σ weight × level per innovation: one query.

    The database sums what ``formulas.innovation_score`` computes (tests check they agree)."""
    product = ExpressionWrapper(F("indicator__weight") * F("level"), output_field=DecimalField())
    rows = (
        Claim.objects.filter(innovation_id__in=list(innovation_ids), indicator__catalogue=catalogue)
        .order_by()
        .values("innovation_id", "state")
        .annotate(total=Sum(product), n=Count("id"))
    )
    found: dict[int, Scores] = {pk: Scores() for pk in innovation_ids}
    for row in rows:
        entry = found.setdefault(row["innovation_id"], Scores())
        total = Decimal(row["total"] or 0)
        entry.claimed += total
        entry.claims += row["n"]
        if row["state"] == ClaimState.ACCEPTED:
            entry.verified += total
            entry.accepted += row["n"]
        elif row["state"] == ClaimState.SUBMITTED:
            entry.waiting += row["n"]
        else:
            entry.returned += row["n"]
    return found


def max_score(indicators: list[CatalogueIndicator]) -> Decimal:
    return sum((i.weight * 3 for i in indicators), ZERO)


@dataclass
class MeasureRow:
    kind: str
    label: str
    before: Decimal
    after: Decimal
    unit: str
    cut: Decimal | None
    measure: Measure


def _unit(kind: str, change: ServiceChange) -> str:
    if kind == "time":
        return change.get_time_unit_display()
    return {"steps": _("steps"), "documents": _("documents"), "cost": "Rp"}[kind]


def measure_rows(change: ServiceChange) -> list[MeasureRow]:
    """The measures of a changed service in a fixed order with their cut (uses the prefetched measures)."""
    by_kind = {m.kind: m for m in change.measures.all()}
    rows = []
    for kind in MEASURE_ORDER:
        measure = by_kind.get(kind)
        if measure is not None:
            rows.append(MeasureRow(kind, measure.get_kind_display(), measure.before, measure.after,
                                   _unit(kind, change), measure.cut, measure))  # fmt: skip
    return rows


def changes_of(innovation_ids) -> dict[int, list]:
    """Per innovation, its changed services each with its measure rows: two queries."""
    changes = ServiceChange.objects.filter(innovation_id__in=list(innovation_ids)).prefetch_related(
        Prefetch("measures", queryset=Measure.objects.order_by("kind"))
    )
    found = defaultdict(list)
    for change in changes:
        found[change.innovation_id].append((change, measure_rows(change)))
    return found


@dataclass
class IkmSide:
    period: str
    index: Decimal | None
    grade: str | None
    respondents: int


def ikm_before_after(*, user, innovations) -> dict[int, tuple[IkmSide | None, IkmSide | None]]:
    """For each innovation with a service unit and a penerapan date: the unit's IKM of the last survey period
    that ended before that date and of the first that began on or after it (four queries in all).

    So "faster on paper" meets "felt by citizens": the cut in steps and days beside what respondents said."""
    wanted = [i for i in innovations if i.service_unit_id and i.implemented_on]
    if not wanted:
        return {}
    surveys = list(
        Survey.objects.restrict(user, "view")
        .filter(service_unit_id__in={i.service_unit_id for i in wanted})
        .only("pk", "service_unit_id", "starts", "ends", "year", "period_kind", "number")
        .order_by("starts")
    )
    by_unit = defaultdict(list)
    for survey in surveys:
        by_unit[survey.service_unit_id].append(survey)
    chosen = {}
    for innovation in wanted:
        unit_surveys = by_unit.get(innovation.service_unit_id, [])
        before = [s for s in unit_surveys if s.ends < innovation.implemented_on]
        after = [s for s in unit_surveys if s.starts >= innovation.implemented_on]
        chosen[innovation.pk] = (before[-1] if before else None, after[0] if after else None)
    results = ikm_per_survey(sorted({s.pk for pair in chosen.values() for s in pair if s is not None}))

    def side(survey):
        if survey is None:
            return None
        result = results[survey.pk]
        return IkmSide(survey.period_label, result.index, result.grade, result.respondents)

    return {pk: (side(before), side(after)) for pk, (before, after) in chosen.items()}


@dataclass
class Check:
    name: str
    ok: bool
    explanation: str


def eligibility(innovation: Innovation, catalogue: Catalogue, indicators, claims) -> list[Check]:
    """Whether the innovation can be entered in the catalogue's assessment, each rule explained.

    ``indicators`` are the catalogue's, ``claims`` the innovation's (no query here)."""
    checks = [
        Check(
            _("Stage"),
            innovation.stage == Stage.IMPLEMENTATION,
            _("At penerapan.")
            if innovation.stage == Stage.IMPLEMENTATION
            else _("Only innovations at penerapan are assessed; this one is at %(stage)s.")
            % {"stage": innovation.get_stage_display()},
        ),
    ]
    start, end = catalogue.window_start, catalogue.window_end
    window = {"start": start.strftime("%d-%m-%Y"), "end": end.strftime("%d-%m-%Y")}
    in_window = innovation.implemented_on is not None and start <= innovation.implemented_on <= end
    checks.append(Check(
        _("Implementation date"),
        in_window,
        (_("Implemented on %(date)s, within %(start)s – %(end)s.")
         % (window | {"date": innovation.implemented_on.strftime("%d-%m-%Y")})) if in_window
        else _("The %(year)s assessment takes innovations implemented from %(start)s to %(end)s.")
        % (window | {"year": catalogue.year}),
    ))  # fmt: skip
    words = innovation.design_words
    checks.append(Check(
        _("Design (rancang bangun)"),
        words >= catalogue.min_design_words,
        _("%(words)s words (at least %(minimum)s).") % {"words": words, "minimum": catalogue.min_design_words},
    ))  # fmt: skip
    by_indicator = {c.indicator_id: c for c in claims}
    missing = [
        i for i in indicators if i.mandatory and not (by_indicator.get(i.pk) and by_indicator[i.pk].has_evidence)
    ]
    checks.append(Check(
        _("Evidence of mandatory indicators"),
        not missing,
        _("Every mandatory indicator has a claim with evidence.") if not missing
        else _("Missing: %(list)s.") % {"list": ", ".join(str(i) for i in missing)},
    ))  # fmt: skip
    return checks


def innovation_detail(*, user, pk: int) -> Innovation:
    return (
        Innovation.objects.restrict(user, "view")
        .select_related("agency", "service_unit", "plan_node", "sub_activity", "region", "adopted_from__agency")
        .prefetch_related(
            Prefetch("replications", queryset=Innovation.objects.select_related("agency").order_by("name"))
        )
        .get(pk=pk)
    )


def claims_of(innovation: Innovation, catalogue: Catalogue) -> list[Claim]:
    return list(
        innovation.claims.filter(indicator__catalogue=catalogue)
        .select_related("indicator")
        .order_by("indicator__number")
    )


# --- the government's readiness ---------------------------------------------------------------------


@dataclass
class Readiness:
    catalogue: Catalogue
    by_stage: list = field(default_factory=list)
    by_agency: list = field(default_factory=list)
    by_urusan: list = field(default_factory=list)
    basic_without: list = field(default_factory=list)
    missing_evidence: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    max_score: Decimal = ZERO
    mean_verified: Decimal | None = None
    indicative_index: Decimal | None = None
    band: str = ""
    band_label: str = ""


def readiness(*, user, government, catalogue: Catalogue) -> Readiness:
    """What the province can enter in the catalogue's assessment: counts by stage, agency and urusan, the basic-
    service urusan without an innovation, the evidence still missing, and per innovation at penerapan its
    eligibility with claimed and verified scores. A fixed number of queries."""
    innovations = list(
        Innovation.objects.restrict(user, "view").filter(government=government).select_related("agency")
        .order_by("agency__name", "name")
    )  # fmt: skip
    indicators = catalogue_with_indicators(catalogue)
    report = Readiness(catalogue=catalogue, max_score=max_score(indicators))
    stage_counts = Counter(i.stage for i in innovations)
    report.by_stage = [(Stage(s).label, stage_counts.get(s, 0)) for s in STAGE_ORDER]
    agencies = list(Agency.objects.restrict(user, "view").filter(government=government).order_by("name"))
    per_agency = defaultdict(Counter)
    for innovation in innovations:
        per_agency[innovation.agency_id][innovation.stage] += 1
    implemented = [i for i in innovations if i.stage == Stage.IMPLEMENTATION]
    found_scores = scores([i.pk for i in implemented], catalogue)
    agency_scores = defaultdict(lambda: [ZERO, ZERO])
    for innovation in implemented:
        agency_scores[innovation.agency_id][0] += found_scores[innovation.pk].claimed
        agency_scores[innovation.agency_id][1] += found_scores[innovation.pk].verified
    report.by_agency = [
        {"agency": a, "counts": [per_agency[a.pk].get(s, 0) for s in STAGE_ORDER],
         "total": sum(per_agency[a.pk].values()), "claimed": agency_scores[a.pk][0],
         "verified": agency_scores[a.pk][1]}
        for a in agencies
    ]  # fmt: skip
    report.by_agency.sort(key=lambda row: (-row["total"], row["agency"].name))
    urusan_counts = Counter(i.urusan for i in innovations)
    implemented_urusan = Counter(i.urusan for i in implemented)
    report.by_urusan = sorted(
        ((code, URUSAN_NAMES.get(code, code), n, implemented_urusan.get(code, 0)) for code, n in urusan_counts.items()),
        key=lambda row: row[0],
    )
    report.basic_without = [(code, URUSAN_NAMES[code]) for code in BASIC_SERVICE_URUSAN if not implemented_urusan[code]]
    claims = defaultdict(list)
    for claim in Claim.objects.filter(innovation__in=[i.pk for i in implemented], indicator__catalogue=catalogue):
        claims[claim.innovation_id].append(claim)
    unevidenced = set(
        Measure.objects.filter(
            change__innovation__in=[i.pk for i in implemented], evidence_link="", evidence_file=""
        ).values_list("change__innovation_id", "change__service", "kind")
    )
    missing = defaultdict(list)
    for innovation_id, service, kind in sorted(unevidenced):
        missing[innovation_id].append(_("%(service)s: evidence of %(measure)s") % {
            "service": service, "measure": dict(Measure._meta.get_field("kind").choices)[kind]})  # fmt: skip
    by_pk = {i.pk: i for i in innovations}
    for innovation in implemented:
        claimed = {c.indicator_id: c for c in claims[innovation.pk]}
        for indicator in indicators:
            claim = claimed.get(indicator.pk)
            if indicator.mandatory and not (claim and claim.has_evidence):
                missing[innovation.pk].append(_("indicator %(indicator)s (mandatory)") % {"indicator": indicator})
            elif claim and not claim.has_evidence:
                missing[innovation.pk].append(_("indicator %(indicator)s") % {"indicator": indicator})
        checks = eligibility(innovation, catalogue, indicators, claims[innovation.pk])
        report.entries.append({
            "innovation": innovation, "checks": checks, "eligible": all(c.ok for c in checks),
            "scores": found_scores[innovation.pk],
        })  # fmt: skip
    report.missing_evidence = [(by_pk[pk], items) for pk, items in missing.items() if items]
    eligible = [e for e in report.entries if e["eligible"]]
    if eligible and report.max_score:
        report.mean_verified = sum((e["scores"].verified for e in eligible), ZERO) / len(eligible)
        # Indicative only: the SID part of the score of an average eligible innovation, in percent of its maximum
        # (the official index adds the government-level SPD indicators and the number of innovations).
        report.indicative_index = (report.mean_verified / report.max_score * 100).quantize(
            formulas.CENT, rounding=ROUND_HALF_UP
        )
    band = formulas.iid_band(report.indicative_index, catalogue.band_table)
    report.band, report.band_label = band, catalogue.band_label(band)
    return report


# --- the public catalogue ---------------------------------------------------------------------------


def public_innovations(*, urusan: str = "", agency_code: str = "") -> QuerySet:
    """Implemented innovations whose record a reviewer accepted (what the public catalogue shows)."""
    innovations = Innovation.objects.filter(stage=Stage.IMPLEMENTATION, review_state=ReviewState.REVIEWED)
    if urusan:
        innovations = innovations.filter(urusan=urusan)
    if agency_code:
        innovations = innovations.filter(agency__code=agency_code)
    return innovations.select_related("agency", "service_unit", "government").order_by("name", "id")


# --- widgets ------------------------------------------------------------------------------------------


def agency_summary(*, user, agency) -> dict | None:
    """An agency's innovations by stage and its claimed and verified scores (three queries)."""
    innovations = list(Innovation.objects.restrict(user, "view").filter(agency=agency).only("pk", "stage"))
    if not innovations:
        return None
    catalogue = current_catalogue()
    counts = Counter(i.stage for i in innovations)
    implemented = [i.pk for i in innovations if i.stage == Stage.IMPLEMENTATION]
    found = scores(implemented, catalogue) if catalogue and implemented else {}
    return {
        "agency": agency, "total": len(innovations),
        "by_stage": [(Stage(s).label, counts.get(s, 0)) for s in STAGE_ORDER],
        "claimed": sum((s.claimed for s in found.values()), ZERO),
        "verified": sum((s.verified for s in found.values()), ZERO),
        "waiting": sum(s.waiting for s in found.values()),
    }  # fmt: skip


def government_summary(*, user, government) -> dict | None:
    """The government's innovations by stage and the basic-service urusan without one at penerapan (one query)."""
    rows = list(
        Innovation.objects.restrict(user, "view")
        .filter(government=government)
        .values_list("stage", "urusan", "review_state")
    )
    if not rows:
        return None
    counts = Counter(stage for stage, _u, _r in rows)
    covered = {urusan for stage, urusan, _r in rows if stage == Stage.IMPLEMENTATION}
    return {
        "total": len(rows),
        "by_stage": [(Stage(s).label, counts.get(s, 0)) for s in STAGE_ORDER],
        "awaiting_review": sum(1 for _s, _u, r in rows if r == ReviewState.SUBMITTED),
        "basic_without": [URUSAN_NAMES[c] for c in BASIC_SERVICE_URUSAN if c not in covered],
    }


def pending_claims(*, user) -> QuerySet:
    return (
        Claim.objects.restrict(user, "view")
        .filter(state=ClaimState.SUBMITTED)
        .select_related("innovation__agency", "indicator")
        .order_by("innovation__agency__name", "innovation__name", "indicator__number")
    )


def public_q() -> Q:
    return Q(stage=Stage.IMPLEMENTATION, review_state=ReviewState.REVIEWED)
