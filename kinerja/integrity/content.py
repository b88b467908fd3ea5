"""The content of a performance agreement, drawn from the performance tree, frozen as JSON.

The annex (PermenPAN-RB 53/2014): the objectives and programs with their indicators and the year's targets,
then the programs and activities with their budgets (the sum of their sub-activities' ceilings). Freezing it
at preparation makes the PDF reproducible and the signed text independent of later edits; a change in the
plan is a revision (a new version) of the agreement.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from kinerja.core.models import Agency, Government
from kinerja.core.numbers import format_number
from kinerja.monitoring.models import Budget
from kinerja.planning.choices import NodeKind, PeriodStatus, TargetPeriod
from kinerja.planning.models import Indicator, PlanNode, Target


def _number(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def _active_nodes(government: Government, year: int):
    return PlanNode.objects.filter(
        government=government,
        period__status=PeriodStatus.ACTIVE,
        period__start_year__lte=year,
        period__end_year__gte=year,
    )


def _indicator_rows(nodes: list[PlanNode], year: int, *, key_only: bool = False) -> list[dict]:
    """Each node with its indicators and the year's annual target: three queries whatever the count."""
    indicators = Indicator.objects.filter(node__in=[n.pk for n in nodes]).order_by("node_id", "position", "pk")
    if key_only:
        indicators = indicators.filter(is_key=True)
    by_node = defaultdict(list)
    indicator_list = list(indicators)
    targets = {
        t.indicator_id: t
        for t in Target.objects.filter(
            indicator__in=[i.pk for i in indicator_list], year=year, period_kind=TargetPeriod.YEAR
        )
    }
    for indicator in indicator_list:
        target = targets.get(indicator.pk)
        by_node[indicator.node_id].append(
            {
                "id": indicator.pk,
                "name": indicator.name,
                "unit": indicator.unit,
                "target": _number(target.value) if target else None,
                "target_high": _number(target.value_high) if target else None,
            }
        )
    return [
        {"id": n.pk, "kind": n.kind, "code": n.code, "title": n.title, "indicators": by_node.get(n.pk, [])}
        for n in nodes
        if by_node.get(n.pk) or not key_only
    ]


def _budgets(nodes: list[PlanNode], year: int) -> list[dict]:
    """Each program or activity with the sum of its sub-activities' ceilings for the year."""
    if not nodes:
        return []
    clauses = Q()
    for node in nodes:
        clauses |= Q(node__path__startswith=node.path)
    ceilings = list(
        Budget.objects.filter(clauses, year=year, node__kind=NodeKind.SUB_ACTIVITY).values_list("node__path", "ceiling")
    )
    rows = []
    for node in nodes:
        total = sum((c for path, c in ceilings if path.startswith(node.path)), Decimal(0))
        rows.append(
            {"id": node.pk, "kind": node.kind, "code": node.code, "title": node.title, "budget": _number(total)}
        )
    return rows


def _total(budgets: list[dict], kind: str | None = None) -> str | None:
    return _number(sum((Decimal(b["budget"]) for b in budgets if kind is None or b["kind"] == kind), Decimal(0)))


def agency_agreement(agency: Agency, year: int) -> dict:
    """The annex of an agency head's agreement: objectives and programs with targets; budgets."""
    nodes = _active_nodes(agency.government, year)
    objectives = list(
        nodes.filter(kind=NodeKind.OBJECTIVE)
        .filter(Q(agency=agency) | Q(indicators__responsible_agency=agency))
        .distinct()
        .order_by("path")
    )
    programs = list(nodes.filter(kind=NodeKind.PROGRAM, agency=agency).order_by("code", "pk"))
    activities = list(nodes.filter(kind=NodeKind.ACTIVITY, agency=agency).order_by("code", "pk"))
    budgets = _budgets(programs + activities, year)
    return {
        "performance": _indicator_rows(objectives, year) + _indicator_rows(programs, year),
        "budgets": budgets,
        "total_budget": _total(budgets, NodeKind.PROGRAM),
    }


def government_agreement(government: Government, year: int) -> dict:
    """The annex of the government's agreement: the objectives with their key indicators (IKU); programs' budgets."""
    nodes = _active_nodes(government, year)
    objectives = list(nodes.filter(kind=NodeKind.OBJECTIVE).order_by("path"))
    programs = list(nodes.filter(kind=NodeKind.PROGRAM).order_by("code", "pk"))
    budgets = _budgets(programs, year)
    return {
        "performance": _indicator_rows(objectives, year, key_only=True),
        "budgets": budgets,
        "total_budget": _total(budgets),
    }


def division_agreement(activities: list[PlanNode], year: int) -> dict:
    """The annex of a division head's agreement: the division's activities with their indicators and budgets."""
    budgets = _budgets(activities, year)
    return {"performance": _indicator_rows(activities, year), "budgets": budgets, "total_budget": _total(budgets)}


def agreement_rows(document, with_empty_nodes: bool = False) -> list[dict]:
    """The rows of an agreement's annex (objectives, programs or activities; indicators; targets), from the
    content frozen in the signed document: the one source of the signed PDF, its page, the LKjIP (Bab II and
    the annex) and the public portal.

    Each node keeps the number the signed annex gives it (1, 2, 3 ... in the order of the content, counting
    nodes without an indicator too), shown on its first row (``first``; ``span`` rows). A range target keeps
    both bounds: ``target`` and ``target_high`` as frozen (decimal text), ``target_text`` in the active
    language ("60 – 75"). A node without an indicator gives one row without indicator only
    ``with_empty_nodes`` (the signed annex lists every node of the agreement).
    """
    content = getattr(document, "content", None) or {}
    rows = []
    for number, node in enumerate(content.get("performance", []), start=1):
        indicators = node.get("indicators") or []
        if not indicators and not with_empty_nodes:
            continue
        for position, indicator in enumerate(indicators or [{}]):
            target, high = indicator.get("target"), indicator.get("target_high")
            rows.append(
                {
                    "number": number,
                    "first": position == 0,
                    "span": max(1, len(indicators)),
                    "code": node.get("code") or "",
                    "title": node.get("title", ""),
                    "kind": node.get("kind", ""),
                    "indicator": indicator.get("name", ""),
                    "unit": indicator.get("unit", ""),
                    "target": target,
                    "target_high": high,
                    "target_text": target_text(target, high),
                }
            )
    return rows


def target_text(target: str | None, high: str | None = None) -> str:
    """A target of the frozen content in the active language, a range with both bounds: "60 – 75"."""
    if high is not None and high != "":
        return f"{format_number(target)} – {format_number(high)}"
    return format_number(target)
