"""Writes to the performance tree. Each service checks scope, validates, saves and audits in one transaction."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kinerja.core import audit
from kinerja.core.access import require
from kinerja.core.models import Agency, Government
from kinerja.core.numbers import parse_number
from kinerja.core.services import apply_changes, check_version
from kinerja.planning import codes
from kinerja.planning.choices import (
    ALLOWED_PARENT,
    CHILD_KIND,
    CODED_KINDS,
    NODE_KIND_TO_NOMENCLATURE,
    IndicatorType,
    NodeKind,
    PeriodKind,
    PeriodStatus,
    Polarity,
    TargetPeriod,
)
from kinerja.planning.models import Indicator, NomenclatureItem, NomenclatureVersion, PlanNode, PlanPeriod, Target
from kinerja.planning.signals import plan_amended

_CODE_LETTER = {NodeKind.MISSION: "M", NodeKind.GOAL: "T", NodeKind.OBJECTIVE: "S"}
NODE_EDITABLE_FIELDS = ["code", "title", "description", "position", "note", "is_illustrative"]
INDICATOR_EDITABLE_FIELDS = [
    "name",
    "unit",
    "polarity",
    "indicator_type",
    "frequency",
    "accumulation",
    "baseline",
    "baseline_year",
    "precision",
    "definition",
    "data_source",
    "responsible_agency_id",
    "is_key",
    "final_target",
    "final_target_high",
    "national_standard",
    "national_standard_source",
    "position",
    "is_illustrative",
]


def _require_editable(period: PlanPeriod) -> None:
    if not period.is_editable:
        raise ValidationError(
            _("%(period)s has been superseded by an amendment and can no longer be changed.") % {"period": period}
        )


def _integrity_message(exc: IntegrityError) -> ValidationError:
    text = str(exc)
    if "unique" in text.lower() or "duplicate" in text.lower():
        return ValidationError({"code": _("Another node of this plan already uses this code.")})
    if "parent kind" in text or "no longer fit" in text:
        return ValidationError({"parent": _("This parent is not allowed for a node of this kind.")})
    return ValidationError(_("The change conflicts with the rules of the plan: %(error)s") % {"error": text})


# --- plan periods ---------------------------------------------------------------------------------


@transaction.atomic
def period_create(
    *,
    user,
    government: Government,
    kind: str,
    name: str,
    start_year: int,
    end_year: int,
    agency: Agency | None = None,
    legal_basis: str = "",
) -> PlanPeriod:
    period = PlanPeriod(
        government=government,
        kind=kind,
        name=name,
        start_year=start_year,
        end_year=end_year,
        agency=agency,
        legal_basis=legal_basis,
    )
    if kind == PeriodKind.RENSTRA and agency is None:
        raise ValidationError({"agency": _("A Renstra belongs to an agency.")})
    if agency is not None and agency.government_id != government.pk:
        raise ValidationError({"agency": _("The agency belongs to another government.")})
    require(user, "add", period)
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def period_amend(*, user, period: PlanPeriod, reason: str, legal_basis: str = "") -> PlanPeriod:
    """Copy the plan into a new version (perubahan) and mark this one superseded; both stay readable."""
    period = PlanPeriod.objects.select_for_update().get(pk=period.pk)
    require(user, "change", period)
    _require_editable(period)
    if not reason.strip():
        raise ValidationError({"reason": _("State the reason for the amendment.")})
    with audit.audit_context(reason=reason):
        period.status = PeriodStatus.SUPERSEDED
        period.save()
        new = PlanPeriod.objects.create(
            government_id=period.government_id,
            kind=period.kind,
            agency_id=period.agency_id,
            name=period.name,
            start_year=period.start_year,
            end_year=period.end_year,
            version=period.version + 1,
            previous=period,
            legal_basis=legal_basis or period.legal_basis,
            amendment_reason=reason,
        )
        counts, node_map, indicator_map = _copy_tree(period, new)
        for _receiver, moved in plan_amended.send(
            sender=PlanPeriod, source=period, target=new, node_map=node_map, indicator_map=indicator_map
        ):
            counts.update(moved or {})
        audit.record_event(
            action="amend",
            obj=new,
            before={"period_id": period.pk, "version": period.version},
            after={"period_id": new.pk, "version": new.version, **counts},
        )
    return new


def _copy_tree(source: PlanPeriod, target: PlanPeriod) -> tuple[dict, dict[int, int], dict[int, int]]:
    """Copy nodes (level by level, so parents exist first), indicators and targets into ``target``.

    Return the counts and the old-to-new id maps of nodes and indicators. The copy is recorded as one
    "amend" event rather than one event per copied row.
    """
    node_map: dict[int, PlanNode] = {}
    nodes = list(source.nodes.all().order_by("id"))
    by_depth: dict[int, list[PlanNode]] = {}
    for node in nodes:
        by_depth.setdefault(node.depth, []).append(node)
    for depth in sorted(by_depth):
        copies = []
        for node in by_depth[depth]:
            copies.append(
                PlanNode(
                    government_id=node.government_id,
                    period=target,
                    parent=node_map[node.parent_id] if node.parent_id else None,
                    kind=node.kind,
                    agency_id=node.agency_id,
                    code=node.code,
                    title=node.title,
                    description=node.description,
                    position=node.position,
                    path="",
                    is_illustrative=node.is_illustrative,
                    note=node.note,
                )
            )
        created = PlanNode.objects.bulk_create(copies, batch_size=500)
        for original, copy in zip(by_depth[depth], created, strict=True):
            copy.path = (copy.parent.path if copy.parent else "/") + f"{copy.pk}/"
            node_map[original.pk] = copy
        PlanNode.objects.bulk_update(created, ["path"], batch_size=500)
    indicator_map: dict[int, Indicator] = {}
    indicators = list(Indicator.objects.filter(node__period=source).order_by("id"))
    copies = []
    for indicator in indicators:
        copy = Indicator(
            **{f: getattr(indicator, f) for f in INDICATOR_EDITABLE_FIELDS},
            government_id=indicator.government_id,
            node=node_map[indicator.node_id],
        )
        copies.append(copy)
    for original, copy in zip(indicators, Indicator.objects.bulk_create(copies, batch_size=500), strict=True):
        indicator_map[original.pk] = copy
    targets = [
        Target(
            indicator=indicator_map[t.indicator_id],
            year=t.year,
            period_kind=t.period_kind,
            period_no=t.period_no,
            value=t.value,
            value_high=t.value_high,
        )
        for t in Target.objects.filter(indicator__node__period=source).order_by("id")
    ]
    Target.objects.bulk_create(targets, batch_size=1000)
    counts = {"nodes": len(node_map), "indicators": len(indicator_map), "targets": len(targets)}
    return (
        counts,
        {old: copy.pk for old, copy in node_map.items()},
        {old: copy.pk for old, copy in indicator_map.items()},
    )


# --- nomenclature -----------------------------------------------------------------------------------


def active_nomenclature() -> NomenclatureVersion | None:
    return NomenclatureVersion.objects.filter(is_active=True).first()


def nomenclature_lookup(*, government: Government, kind: str, code: str) -> NomenclatureItem:
    """Return the official item for ``code``; raise ValidationError naming the version when it is absent."""
    version = active_nomenclature()
    if version is None:
        raise ValidationError({"code": _("No SIPD nomenclature is loaded; run: python manage.py load_nomenclature")})
    items = {
        item.code: item
        for item in NomenclatureItem.objects.filter(
            version=version,
            level=NODE_KIND_TO_NOMENCLATURE[kind],
            code__in=codes.lookup_candidates(code),
            government_level__in=[government.nomenclature_level, "all"],
        )
    }
    for candidate in codes.lookup_candidates(code):
        if candidate in items:
            return items[candidate]
    raise ValidationError(
        {
            "code": _("Code %(code)s is not in the SIPD nomenclature %(version)s (%(level)s list).")
            % {"code": code, "version": version.label, "level": government.nomenclature_level}
        }
    )


# --- plan nodes -----------------------------------------------------------------------------------


def _next_code(period: PlanPeriod, parent: PlanNode | None, kind: str) -> str:
    if kind == NodeKind.VISION:
        return "V"
    letter = _CODE_LETTER[kind]
    siblings = PlanNode.objects.filter(period=period, parent=parent).count()
    prefix = "" if parent is None or parent.kind == NodeKind.VISION else f"{parent.code}."
    return f"{prefix}{letter}{siblings + 1}"


def _validate_node(node: PlanNode, parent: PlanNode | None) -> None:
    period = node.period
    expected_parent_kind = ALLOWED_PARENT[node.kind]
    if expected_parent_kind is None and parent is not None:
        raise ValidationError({"parent": _("A vision has no parent.")})
    if expected_parent_kind is not None:
        if parent is None:
            raise ValidationError(
                {"parent": _("A %(kind)s needs a parent.") % {"kind": node.get_kind_display().lower()}}
            )
        if parent.kind != expected_parent_kind:
            raise ValidationError(
                {
                    "parent": _("A %(kind)s must sit under a %(parent)s, not under a %(actual)s.")
                    % {
                        "kind": node.get_kind_display().lower(),
                        "parent": NodeKind(expected_parent_kind).label.lower(),
                        "actual": parent.get_kind_display().lower(),
                    }
                }
            )
        if parent.period_id != node.period_id:
            raise ValidationError({"parent": _("The parent belongs to another plan period.")})
        if node.pk and f"/{node.pk}/" in parent.path:
            raise ValidationError({"parent": _("A node cannot be placed under itself or its descendants.")})
    if (
        node.kind == NodeKind.VISION
        and PlanNode.objects.filter(period=period, kind=NodeKind.VISION).exclude(pk=node.pk).exists()
    ):
        raise ValidationError(_("This plan period already has a vision."))
    if period.kind == PeriodKind.RENSTRA and node.agency_id != period.agency_id:
        raise ValidationError({"agency": _("Every node of a Renstra belongs to the Renstra's agency.")})
    if node.kind in CODED_KINDS:
        if not node.agency_id:
            raise ValidationError({"agency": _("A program, activity or sub-activity belongs to an agency.")})
        if parent is not None and parent.agency_id and parent.agency_id != node.agency_id:
            raise ValidationError({"agency": _("A node belongs to the same agency as its parent.")})
        try:
            node.code = codes.validate_code(
                node.kind, node.code, parent.code if parent and parent.kind in CODED_KINDS else None
            )
        except ValidationError as exc:
            raise ValidationError({"code": exc.messages}) from exc
    if node.agency_id and node.agency.government_id != node.government_id:
        raise ValidationError({"agency": _("The agency belongs to another government.")})


@transaction.atomic
def node_create(
    *,
    user,
    period: PlanPeriod,
    parent: PlanNode | None,
    title: str,
    code: str = "",
    agency: Agency | None = None,
    description: str = "",
    kind: str | None = None,
    is_illustrative: bool = False,
    note: str = "",
    with_output_indicator: bool = False,
) -> PlanNode:
    """Create a node under ``parent`` (a vision when there is none); its kind follows from the parent.

    A program, activity or sub-activity must carry a code of the active SIPD nomenclature; a
    sub-activity created ``with_output_indicator`` gets the official output indicator and unit.
    """
    _require_editable(period)
    expected_kind = CHILD_KIND[parent.kind] if parent is not None else NodeKind.VISION
    kind = kind or expected_kind
    if parent is not None:
        require(user, "change", parent)
        if agency is None and parent.agency_id:
            agency = parent.agency
    if period.kind == PeriodKind.RENSTRA and agency is None:
        agency = period.agency
    node = PlanNode(
        government_id=period.government_id,
        period=period,
        parent=parent,
        kind=kind,
        agency=agency,
        code=(code or "").strip() or (_next_code(period, parent, kind) if kind not in CODED_KINDS else ""),
        title=(title or "").strip(),
        description=description,
        is_illustrative=is_illustrative,
        note=note,
        path="",
    )
    require(user, "add", node)
    if not node.title:
        raise ValidationError({"title": _("Enter a title.")})
    _validate_node(node, parent)
    item = nomenclature_lookup(government=period.government, kind=kind, code=node.code) if kind in CODED_KINDS else None
    node.position = (PlanNode.objects.filter(period=period, parent=parent).aggregate(m=Max("position"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            node.save()
    except IntegrityError as exc:
        raise _integrity_message(exc) from exc
    node.path = (parent.path if parent else "/") + f"{node.pk}/"
    PlanNode.objects.filter(pk=node.pk).update(path=node.path)
    node._audit_snapshot = audit.snapshot(node)
    if with_output_indicator and item is not None and item.indicator:
        indicator_create(
            user=user,
            node=node,
            name=item.indicator,
            unit=item.unit or "-",
            indicator_type=IndicatorType.OUTPUT,
            data_source=_("SIPD nomenclature %(version)s") % {"version": item.version.label},
            accumulation="sum",
            frequency="quarterly",
        )
    return node


@transaction.atomic
def node_update(*, user, node: PlanNode, data: dict, expected_version: int | None) -> PlanNode:
    """Change a node's own fields; a changed code must still fit the nomenclature and its children."""
    node = (
        PlanNode.objects.select_for_update(of=("self",)).select_related("period__government", "parent").get(pk=node.pk)
    )
    require(user, "change", node)
    _require_editable(node.period)
    check_version(node, expected_version, NODE_EDITABLE_FIELDS)
    unknown = set(data) - set(NODE_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    old_code = node.code
    changed = apply_changes(node, data)
    if not changed:
        return node
    if not (node.title or "").strip():
        raise ValidationError({"title": _("Enter a title.")})
    _validate_node(node, node.parent)
    if node.code != old_code and node.kind in CODED_KINDS:
        nomenclature_lookup(government=node.period.government, kind=node.kind, code=node.code)
        if node.children.exists():
            raise ValidationError({"code": _("The code cannot change while the node has children that extend it.")})
    node.lock_version += 1
    try:
        with transaction.atomic():
            node.save()
    except IntegrityError as exc:
        raise _integrity_message(exc) from exc
    return node


@transaction.atomic
def node_move(*, user, node: PlanNode, parent: PlanNode, expected_version: int | None) -> PlanNode:
    """Move a node (and its subtree) under another parent of the right kind in the same plan."""
    node = PlanNode.objects.select_for_update(of=("self",)).select_related("period", "agency").get(pk=node.pk)
    for target in (node, parent):
        require(user, "change", target)
    _require_editable(node.period)
    check_version(node, expected_version, ["parent_id"])
    parent = PlanNode.objects.get(pk=parent.pk)
    if node.parent_id == parent.pk:
        return node
    node.parent = parent
    _validate_node(node, parent)
    old_path = node.path
    new_path = f"{parent.path}{node.pk}/"
    node.lock_version += 1
    try:
        with transaction.atomic():
            node.save()
    except IntegrityError as exc:
        raise _integrity_message(exc) from exc
    descendants = list(PlanNode.objects.filter(period=node.period, path__startswith=old_path))
    for item in descendants:
        item.path = new_path + item.path[len(old_path) :]
    PlanNode.objects.bulk_update(descendants, ["path"], batch_size=500)
    node.path = new_path
    return node


@transaction.atomic
def node_delete(*, user, node: PlanNode, expected_version: int | None, reason: str = "") -> None:
    """Delete a node without children; ``expected_version`` is the version the user saw (a node changed
    meanwhile is not deleted unseen)."""
    node = PlanNode.objects.select_for_update(of=("self",)).select_related("period").get(pk=node.pk)
    require(user, "delete", node)
    _require_editable(node.period)
    check_version(node, expected_version, NODE_EDITABLE_FIELDS)
    if node.children.exists():
        raise ValidationError(_("Delete or move the children of this node first."))
    with audit.audit_context(reason=reason):
        node.delete()


# --- indicators and targets ---------------------------------------------------------------------------


def _validate_indicator(indicator: Indicator) -> None:
    if indicator.polarity != Polarity.RANGE and indicator.final_target_high is not None:
        raise ValidationError({"final_target_high": _("Only a range indicator has an upper bound.")})
    if (
        indicator.final_target is not None
        and indicator.final_target_high is not None
        and indicator.final_target > indicator.final_target_high
    ):
        raise ValidationError(
            {
                "final_target_high": _("The lower bound (%(low)s) is above the upper bound (%(high)s).")
                % {"low": indicator.final_target, "high": indicator.final_target_high}
            }
        )
    indicator.national_standard_source = (indicator.national_standard_source or "").strip()
    if indicator.national_standard_source and indicator.national_standard is None:
        raise ValidationError(
            {"national_standard": _("Give the value of the national standard whose source is written.")}
        )
    indicator.full_clean(exclude=["node", "government"])


@transaction.atomic
def indicator_create(*, user, node: PlanNode, **data) -> Indicator:
    require(user, "change", node)
    _require_editable(node.period)
    position = (Indicator.objects.filter(node=node).aggregate(m=Max("position"))["m"] or 0) + 1
    data.setdefault("position", position)
    indicator = Indicator(node=node, government_id=node.government_id, **data)
    _validate_indicator(indicator)
    indicator.save()
    return indicator


@transaction.atomic
def indicator_update(*, user, indicator: Indicator, data: dict, expected_version: int | None) -> Indicator:
    indicator = Indicator.objects.select_for_update(of=("self",)).select_related("node__period").get(pk=indicator.pk)
    require(user, "change", indicator)
    _require_editable(indicator.node.period)
    check_version(indicator, expected_version, INDICATOR_EDITABLE_FIELDS)
    unknown = set(data) - set(INDICATOR_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if not apply_changes(indicator, data):
        return indicator
    _validate_indicator(indicator)
    indicator.lock_version += 1
    indicator.save()
    return indicator


@transaction.atomic
def indicator_delete(*, user, indicator: Indicator, expected_version: int | None, reason: str = "") -> None:
    """Delete an indicator and its targets; ``expected_version`` is the version the user saw (an indicator
    changed meanwhile is not deleted unseen)."""
    indicator = Indicator.objects.select_for_update(of=("self",)).select_related("node__period").get(pk=indicator.pk)
    require(user, "delete", indicator)
    _require_editable(indicator.node.period)
    check_version(indicator, expected_version, INDICATOR_EDITABLE_FIELDS)
    with audit.audit_context(reason=reason):
        indicator.delete()


def _as_number(value, field: str) -> Decimal | None:
    try:
        return parse_number(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def validate_target(
    *, indicator: Indicator, period: PlanPeriod, year: int, period_kind: str, period_no: int, value, value_high
) -> None:
    """Raise ValidationError when the target does not fit its indicator and plan period."""
    if year is None or not (period.start_year <= int(year) <= period.end_year):
        raise ValidationError(
            {
                "year": _("Year %(year)s is outside the plan period %(start)s–%(end)s.")
                % {"year": year, "start": period.start_year, "end": period.end_year}
            }
        )
    if value is None:
        raise ValidationError({"value": _("Enter the target value.")})
    if not isinstance(value, Decimal):
        raise ValidationError({"value": _("%(value)s is not a number.") % {"value": value}})
    if indicator.polarity == Polarity.RANGE:
        if value_high is None:
            raise ValidationError({"value_high": _("A range indicator needs the upper bound of its target.")})
        if value > value_high:
            raise ValidationError(
                {
                    "value_high": _("The lower bound (%(low)s) is above the upper bound (%(high)s).")
                    % {"low": value, "high": value_high}
                }
            )
    elif value_high is not None:
        raise ValidationError({"value_high": _("Only a range indicator has an upper bound.")})
    valid_numbers = {
        TargetPeriod.YEAR: {0},
        TargetPeriod.QUARTER: set(range(1, 5)),
        TargetPeriod.MONTH: set(range(1, 13)),
    }
    if period_no not in valid_numbers.get(period_kind, set()):
        raise ValidationError({"period_no": _("This period number does not exist.")})


@transaction.atomic
def target_set(
    *,
    user,
    indicator: Indicator,
    year: int,
    value: Decimal | None,
    value_high: Decimal | None = None,
    period_kind: str = TargetPeriod.YEAR,
    period_no: int = 0,
    expected_version: int | None,
) -> Target | None:
    """Create, change or (with value None) remove the target of one period.

    ``expected_version`` is the version of the target the user edited, None when there was none: a target
    stored meanwhile is then a conflict too."""
    value, value_high = _as_number(value, "value"), _as_number(value_high, "value_high")
    indicator = Indicator.objects.select_related("node__period").get(pk=indicator.pk)
    require(user, "change", indicator)
    period = indicator.node.period
    _require_editable(period)
    existing = (
        Target.objects.select_for_update()
        .filter(indicator=indicator, year=year, period_kind=period_kind, period_no=period_no)
        .first()
    )
    if value is None and value_high is None:
        if existing is not None:
            check_version(existing, expected_version, ["value", "value_high"])
            existing.delete()
        return None
    validate_target(
        indicator=indicator,
        period=period,
        year=year,
        period_kind=period_kind,
        period_no=period_no,
        value=value,
        value_high=value_high,
    )
    if existing is None:
        return Target.objects.create(
            indicator=indicator,
            year=year,
            period_kind=period_kind,
            period_no=period_no,
            value=value,
            value_high=value_high,
        )
    check_version(existing, expected_version, ["value", "value_high"])
    if apply_changes(existing, {"value": value, "value_high": value_high}):
        existing.lock_version += 1
        existing.save()
    return existing


@transaction.atomic
def targets_set_annual(
    *,
    user,
    indicator: Indicator,
    values: dict[int, tuple[Decimal | None, Decimal | None]],
    final=(None, None),
    expected_version: int | None,
) -> Indicator:
    """Set the annual targets (year → (value, upper bound)) and the final target in one step.

    The indicator's version guards the whole row: the annual targets are written at their current versions."""
    indicator = Indicator.objects.select_for_update().select_related("node").get(pk=indicator.pk)
    require(user, "change", indicator)
    check_version(indicator, expected_version, ["final_target", "final_target_high"])
    versions = dict(
        Target.objects.filter(indicator=indicator, period_kind=TargetPeriod.YEAR, period_no=0).values_list(
            "year", "lock_version"
        )
    )
    errors: dict[str, list] = {}
    for year, (value, high) in sorted(values.items()):
        try:
            with transaction.atomic():
                target_set(
                    user=user,
                    indicator=indicator,
                    year=year,
                    value=value,
                    value_high=high,
                    expected_version=versions.get(year),
                )
        except ValidationError as exc:
            errors[f"target_{year}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    indicator_update(
        user=user,
        indicator=indicator,
        data={"final_target": final[0], "final_target_high": final[1]},
        expected_version=indicator.lock_version,
    )
    indicator.refresh_from_db()
    return indicator
