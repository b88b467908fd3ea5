"""Monitoring's widgets on the pages of ``kinerja.dashboards``: an agency's achievement, budget and warnings;
the government's ranking of agencies and missions.

Each reads through ``kinerja.monitoring.selectors`` and runs a fixed number of queries whatever the size
of the data (pinned in kinerja/dashboards/tests). Monitoring does not import dashboards: the registry finds
``WIDGETS`` here.
"""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from kinerja.core.periods import last_ended_month
from kinerja.core.widgets import Panel, WidgetContext
from kinerja.monitoring import selectors
from kinerja.monitoring.models import Budget
from kinerja.planning.models import PlanNode

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
ORDERS = ("achievement", "to_date", "completeness")


def chart_data(curve) -> dict:
    """The S-curve as the page's ECharts script reads it (``kinerja/static/kinerja/charts.js``)."""

    def series(key):
        return [float(round(m[key], 2)) if m[key] is not None else None for m in curve.months]

    return {
        "months": MONTHS,
        "series": [
            {"name": _("Financial plan"), "data": series("financial_plan")},
            {"name": _("Financial realization"), "data": series("financial_actual")},
            {"name": _("Physical plan"), "data": series("physical_plan")},
            {"name": _("Physical progress"), "data": series("physical_actual")},
        ],
    }


def agency_achievement(ctx: WidgetContext) -> Panel | None:
    """An agency's achievement per objective and program, its S-curve, late reports and early warnings."""
    agency, user, year = ctx.agency, ctx.user, ctx.year
    if agency is None:
        return None
    indicators = selectors.reportable_indicators(user=user, agency_ids=[agency.pk])
    results = selectors.indicator_results(
        indicators=indicators, year=year, include_submitted=ctx.include_submitted, as_of=ctx.today
    )
    programs = list(
        PlanNode.objects.restrict(user, "view")
        .filter(agency=agency, kind="program", period__status="active")
        .select_related("parent")
        .order_by("code")
    )
    program_rows = [
        {
            "node": p,
            "achievement": selectors.rollup_subtree(results, p.pk),
            "to_date": selectors.rollup_subtree(results, p.pk, "achievement_to_date"),
        }
        for p in programs
    ]
    objectives = {p.parent_id: p.parent for p in programs if p.parent_id}
    node_means = selectors.rollup_by_node(results)
    node_to_date = selectors.rollup_by_node(results, "achievement_to_date")
    objective_rows = [
        {"node": o, "achievement": node_means.get(o.pk), "to_date": node_to_date.get(o.pk)} for o in objectives.values()
    ]
    budgets = Budget.objects.restrict(user, "view").filter(node__agency=agency, node__period__status="active")
    # The month to which budget progress is read (the overview reads the same one): the last month ended
    # on today, since to date counts ended months only.
    month = last_ended_month(year, ctx.today)
    progress = selectors.budget_progress(budgets=budgets, year=year, month=month)
    curve = selectors.combined_curve(list(progress.values()), month)
    subs = list(
        PlanNode.objects.restrict(user, "view")
        .filter(agency=agency, kind="sub_activity", period__status="active")
        .only("id", "code", "title", "path")
        .order_by("code")
    )
    warnings = selectors.early_warnings(
        user=user, year=year, month=month, results=results, agency_ids=[agency.pk], progress=progress
    ).get(agency.pk, selectors.EarlyWarnings())
    due = selectors.reporting_due(user=user, agency_ids=[agency.pk], year=year, today=ctx.today)
    ordered = sorted(results.values(), key=lambda r: r.node_path)
    return Panel(
        "monitoring/_agency_dashboard.html",
        {
            "wide": True,
            "agency": agency,
            "year": year,
            "include_submitted": ctx.include_submitted,
            "overall": selectors.mean(r.achievement for r in results.values()),
            "overall_to_date": selectors.mean(r.achievement_to_date for r in results.values()),
            "objective_rows": objective_rows,
            "program_rows": program_rows,
            "early_warnings": warnings,
            "reviews": [r for r in ordered if r.needs_review],
            "results": ordered,
            "sub_rows": [(node, progress.get(node.pk)) for node in subs],
            "curve": curve,
            "chart": chart_data(curve) if curve else None,
            "late": [i for i in due.items if i.status in ("late", "returned")],
            "month": month,
        },
    )


def government_ranking(ctx: WidgetContext) -> Panel | None:
    """Every agency ranked by achievement and by reporting completeness, and the missions, with drill-down.

    Kept for ``DASHBOARD_CACHE_SECONDS`` until the next audited write (kinerja.core.cache): it reads every
    indicator of the government."""
    from kinerja.core.cache import kept

    return kept(
        "overview-ranking",
        user=ctx.user,
        government_id=ctx.government.pk if ctx.government else None,
        parts=(ctx.year, ctx.today.isoformat(), ctx.order, ctx.include_submitted),
        seconds=settings.DASHBOARD_CACHE_SECONDS,
        compute=lambda: _government_ranking(ctx),
    )


def _government_ranking(ctx: WidgetContext) -> Panel | None:
    user, year = ctx.user, ctx.year
    as_of = selectors.as_of_date(year, ctx.today)
    results = selectors.indicator_results(
        indicators=selectors.reportable_indicators(user=user),
        year=year,
        include_submitted=ctx.include_submitted,
        as_of=as_of,
        labels=False,  # agencies and missions are named, not indicators
    )
    by_agency = selectors.rollup_by_agency(results)
    to_date = selectors.rollup_by_agency(results, "achievement_to_date")
    missions = list(
        PlanNode.objects.restrict(user, "view")
        .filter(kind="mission", period__status="active", period__kind="rpjmd")
        .order_by("code")
    )
    subtrees = selectors.rollup_subtrees(results, [m.pk for m in missions])
    mission_rows = [{"node": m, "achievement": subtrees[m.pk][0], "to_date": subtrees[m.pk][1]} for m in missions]
    warnings = selectors.early_warning_counts(
        user=user, year=year, month=last_ended_month(year, as_of), results=results
    )
    board = selectors.completeness_board(user=user, year=year, today=ctx.today, results=results)
    rows = [
        {
            "agency": row["agency"],
            "achievement": by_agency.get(row["agency"].pk),
            "to_date": to_date.get(row["agency"].pk),
            "completeness": row["completeness"],
            "warnings": warnings.get(row["agency"].pk, 0),
        }
        for row in board
    ]
    measure = ctx.order if ctx.order in ORDERS else "to_date"
    rows.sort(key=lambda r: r[measure] if r[measure] is not None else Decimal(-1), reverse=True)
    return Panel(
        "monitoring/_overview.html",
        {
            "wide": True,
            "rows": rows,
            "year": year,
            "order": measure,
            "include_submitted": ctx.include_submitted,
            "overall": selectors.mean(by_agency.values()),
            "overall_to_date": selectors.mean(to_date.values()),
            "missions": mission_rows,
        },
    )


# --- the leader's home (slot "home") -------------------------------------------------------------------


def home_achievement(ctx: WidgetContext) -> Panel | None:
    """Achievement to date by mission and by agency, last year beside it, against the RPJMD final target;
    the agencies behind. Indicators have no region: the region filter does not apply here."""
    from kinerja.monitoring import selectors

    data = selectors.leader_achievement_cached(
        user=ctx.user,
        government_id=ctx.government.pk,
        year=ctx.year,
        as_of=selectors.as_of_date(ctx.year, ctx.today),
        agency_ids=[ctx.agency.pk] if ctx.agency else None,
    )
    return Panel(
        "monitoring/_home_achievement.html",
        {
            "data": data,
            "year": ctx.year,
            "previous_year": ctx.year - 1,
            "agency": ctx.agency,
            "region": ctx.region,
            "wide": True,
        },
    )


HOME_WIDGETS = [home_achievement]


WIDGETS = {"agency": [agency_achievement], "overview": [government_ranking], "home": HOME_WIDGETS}
