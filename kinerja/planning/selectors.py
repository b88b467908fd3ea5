"""Reads of the performance tree, restricted to the user and prefetched so that query counts stay fixed."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from kinerja.core.models import Agency
from kinerja.planning.choices import PeriodStatus
from kinerja.planning.models import Indicator, NomenclatureItem, PlanNode, PlanPeriod, Target


def period_list(*, user) -> QuerySet[PlanPeriod]:
    return PlanPeriod.objects.restrict(user, "view").select_related("agency", "government", "previous")


def current_period(*, user, period_id=None) -> PlanPeriod | None:
    """Return the requested period, or the RPJMD in force."""
    periods = period_list(user=user)
    if period_id:
        return get_object_or_404(periods, pk=period_id)
    return (
        periods.filter(kind="rpjmd", status=PeriodStatus.ACTIVE).order_by("-start_year", "-version").first()
        or periods.order_by("-start_year", "-version").first()
    )


def _annotate_counts(nodes: QuerySet[PlanNode], user) -> QuerySet[PlanNode]:
    """Add the number of children the user may see and the number of indicators of each node."""
    visible_children = (
        PlanNode.objects.restrict(user, "view")
        .filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    indicator_count = (
        Indicator.objects.filter(node=OuterRef("pk")).order_by().values("node").annotate(n=Count("pk")).values("n")
    )
    return nodes.annotate(
        child_count=Coalesce(Subquery(visible_children, output_field=IntegerField()), Value(0)),
        indicator_count=Coalesce(Subquery(indicator_count, output_field=IntegerField()), Value(0)),
    )


def node_queryset(*, user) -> QuerySet[PlanNode]:
    return PlanNode.objects.restrict(user, "view").select_related("agency")


def tree_roots(*, user, period: PlanPeriod) -> list[PlanNode]:
    """Return the top of the tree: the vision and its missions (two levels, two queries)."""
    roots = list(_annotate_counts(node_queryset(user=user).filter(period=period, parent__isnull=True), user))
    children = node_children(user=user, parent_ids=[r.pk for r in roots])
    for root in roots:
        root.loaded_children = children.get(root.pk, [])
    return roots


def node_children(*, user, parent_ids: list[int]) -> dict[int, list[PlanNode]]:
    """Return the visible children of several nodes at once, grouped by parent id."""
    grouped: dict[int, list[PlanNode]] = {pid: [] for pid in parent_ids}
    if not parent_ids:
        return grouped
    for child in _annotate_counts(node_queryset(user=user).filter(parent_id__in=parent_ids), user):
        grouped[child.parent_id].append(child)
    return grouped


def ancestors_of(nodes: list[PlanNode]) -> dict[int, PlanNode]:
    """Return every ancestor of the given nodes in one query, keyed by id (read from their paths)."""
    ids = {ancestor for node in nodes for ancestor in node.ancestor_ids}
    if not ids:
        return {}
    return {
        n.pk: n for n in PlanNode.objects.filter(pk__in=ids).only("id", "code", "title", "kind", "path", "agency_id")
    }


def attach_breadcrumbs(nodes: list[PlanNode]) -> list[PlanNode]:
    ancestors = ancestors_of(nodes)
    for node in nodes:
        node.breadcrumbs = [ancestors[a] for a in node.ancestor_ids if a in ancestors]
    return nodes


def node_text_match(q: str) -> Q:
    """Nodes whose title contains ``q``, whose code starts with it, or one of whose indicators is named with it.

    Shared by the tree page and the API's ``q`` filter. An indicator is visible wherever its node is (the
    same scope), so matching on it reveals nothing the user may not see.
    """
    named = Indicator.objects.filter(node=OuterRef("pk"), name__icontains=q)
    return Q(title__icontains=q) | Q(code__istartswith=q) | Q(Exists(named))


def attach_matching_indicators(nodes: list[PlanNode], q: str) -> list[PlanNode]:
    """Set ``matching_indicators`` on each node: its indicators named with ``q`` (one query for the page)."""
    grouped: dict[int, list[Indicator]] = {node.pk: [] for node in nodes}
    if q and nodes:
        for indicator in (
            Indicator.objects.filter(node_id__in=list(grouped), name__icontains=q)
            .only("id", "node_id", "name", "unit")
            .order_by("position", "id")
        ):
            grouped[indicator.node_id].append(indicator)
    for node in nodes:
        node.matching_indicators = grouped[node.pk]
    return nodes


def node_search(
    *, user, period: PlanPeriod, q: str = "", kind: str = "", agency: Agency | None = None, code_prefix: str = ""
) -> QuerySet[PlanNode]:
    nodes = _annotate_counts(node_queryset(user=user).filter(period=period), user)
    if q:
        nodes = nodes.filter(node_text_match(q))
    if kind:
        nodes = nodes.filter(kind=kind)
    if agency is not None:
        nodes = nodes.filter(agency=agency)
    if code_prefix:
        nodes = nodes.filter(code__startswith=code_prefix)
    return nodes.order_by("path")


def agency_top_nodes(*, user, period: PlanPeriod, agency: Agency) -> list[PlanNode]:
    """Return the highest nodes of the agency's part of the tree (usually its programs), with breadcrumbs."""
    nodes = list(
        _annotate_counts(
            node_queryset(user=user).filter(period=period, agency=agency).exclude(parent__agency=agency), user
        ).order_by("code")
    )
    return attach_breadcrumbs(nodes)


def _indicators_with_targets() -> Prefetch:
    return Prefetch(
        "indicators",
        queryset=Indicator.objects.select_related("responsible_agency").prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year", "period_kind", "period_no"))
        ),
    )


def node_detail(*, user, pk: int) -> PlanNode:
    """Return a node with its breadcrumbs, visible children and indicators with targets (fixed query count)."""
    node = get_object_or_404(
        node_queryset(user=user)
        .select_related("period", "parent", "government")
        .prefetch_related(_indicators_with_targets()),
        pk=pk,
    )
    attach_breadcrumbs([node])
    node.loaded_children = node_children(user=user, parent_ids=[node.pk])[node.pk]
    return node


def indicator_queryset(*, user) -> QuerySet[Indicator]:
    return Indicator.objects.restrict(user, "view").select_related("node__period", "node__agency", "responsible_agency")


def indicator_detail(*, user, pk: int) -> Indicator:
    indicator = get_object_or_404(
        indicator_queryset(user=user).prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year", "period_kind", "period_no"))
        ),
        pk=pk,
    )
    attach_breadcrumbs([indicator.node])
    return indicator


def target_table(indicator: Indicator) -> list[dict]:
    """Return one row per year of the plan period with the annual target (or None)."""
    annual = {t.year: t for t in indicator.targets.all() if t.period_kind == "year"}
    return [{"year": year, "target": annual.get(year)} for year in indicator.node.period.years]


def agency_detail(*, user, code: str) -> Agency:
    """Return the agency with ``code`` in the user's government (codes are unique per government only)."""
    from kinerja.core.selectors import government_for

    agencies = Agency.objects.restrict(user, "view").filter(government=government_for(user))
    return get_object_or_404(
        agencies.select_related("government", "parent").prefetch_related("service_units", "children"), code=code
    )


def nomenclature_search(*, government, kind_level: str, prefix: str = "", q: str = "", limit: int = 30):
    """Return nomenclature items of one level under a code prefix, matching ``q`` in code or name."""
    from kinerja.planning.services import active_nomenclature

    version = active_nomenclature()
    if version is None:
        return NomenclatureItem.objects.none(), None
    items = NomenclatureItem.objects.filter(
        version=version, level=kind_level, government_level__in=[government.nomenclature_level, "all"]
    )
    if prefix:
        parts = prefix.split(".")
        generic = ".".join(["X", "XX", *parts[2:]]) if len(parts) >= 3 and parts[2] == "01" else None
        items = items.filter(
            Q(code__startswith=prefix + ".") | (Q(code__startswith=generic + ".") if generic else Q(pk=None))
        )
    if government.nomenclature_level == "provinsi" and kind_level != "program":
        # The ordinary provincial list: fourth segment 1 (3-8 are special-status sets).
        items = items.filter(Q(code__regex=r"^[^.]+\.[^.]+\.[^.]+\.1\."))
    if q:
        items = items.filter(Q(code__startswith=q) | Q(name__icontains=q))
    return items.order_by("code")[:limit], version


def home_panel(user):
    """The plan in force on the home page: how many missions, objectives, ... and indicators (two queries)."""
    from kinerja.core.widgets import Panel

    period = current_period(user=user)
    if period is None:
        return None
    counts = dict(
        PlanNode.objects.restrict(user, "view")
        .filter(period=period)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts["indicators"] = Indicator.objects.restrict(user, "view").filter(node__period=period).count()
    return Panel("planning/_home_panel.html", {"period": period, "counts": counts})
