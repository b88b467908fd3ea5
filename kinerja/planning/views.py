"""Pages of the performance tree. Views parse input, call one selector or service, and render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kinerja.core import params
from kinerja.core.access import may, require
from kinerja.core.forms import add_conflict, add_service_errors
from kinerja.core.models import Agency
from kinerja.core.selectors import user_summary
from kinerja.core.services import ConflictError
from kinerja.core.uploads import attachment_response
from kinerja.core.validators import bounded_text
from kinerja.core.widgets import indicator_panels, node_panels
from kinerja.planning import importexport, selectors, services
from kinerja.planning.choices import CHILD_KIND, CODED_KINDS, NODE_KIND_TO_NOMENCLATURE, NodeKind
from kinerja.planning.forms import AmendForm, ImportForm, IndicatorForm, NodeForm, PeriodForm, TargetsForm
from kinerja.planning.models import Indicator, PlanNode
from kinerja.planning.services import INDICATOR_EDITABLE_FIELDS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_form_errors = add_service_errors
_conflict = add_conflict


@login_required
def tree(request):
    """The tree browser: the top of the plan, or one agency's part, or search results."""
    period = selectors.current_period(user=request.user, period_id=params.object_id(request.GET, "period"))
    periods = selectors.period_list(user=request.user).order_by("-start_year", "kind", "-version")
    context = {"period": period, "periods": periods, "kinds": NodeKind.choices}
    if period is None:
        return render(request, "planning/tree.html", context)
    agencies = (
        Agency.objects.restrict(request.user, "view")
        .filter(government_id=period.government_id)
        .order_by("name")
        .only("id", "code", "name", "short_name")
    )
    context["agencies"] = agencies
    q = params.text(request.GET, "q")
    kind = params.text(request.GET, "kind")
    agency_code = params.text(request.GET, "agency")
    agency = get_object_or_404(agencies, code=agency_code) if agency_code else None
    context.update(q=q, kind=kind, agency=agency)
    if q or kind:
        page = Paginator(selectors.node_search(user=request.user, period=period, q=q, kind=kind, agency=agency), 50)
        page_obj = page.get_page(request.GET.get("page"))
        results = selectors.attach_matching_indicators(list(page_obj.object_list), q)
        context.update(results=selectors.attach_breadcrumbs(results), page_obj=page_obj)
    elif agency is not None:
        context["top_nodes"] = selectors.agency_top_nodes(user=request.user, period=period, agency=agency)
    else:
        context["roots"] = selectors.tree_roots(user=request.user, period=period)
    if request.htmx and request.htmx.target == "tree-body":
        return render(request, "planning/_tree_body.html", context)
    return render(request, "planning/tree.html", context)


@login_required
def node_children(request, pk: int):
    """HTMX: the children rows of a node, for expanding it in the tree."""
    node = get_object_or_404(selectors.node_queryset(user=request.user), pk=pk)
    children = selectors.node_children(user=request.user, parent_ids=[node.pk])[node.pk]
    return render(request, "planning/_node_rows.html", {"nodes": children, "depth": node.depth + 1})


@login_required
def node_detail(request, pk: int):
    node = selectors.node_detail(user=request.user, pk=pk)
    return render(
        request,
        "planning/node_detail.html",
        {
            "node": node,
            "child_kind": CHILD_KIND.get(node.kind),
            "can_edit": may(request.user, "change", node) and node.period.is_editable,
            # What other apps show of this node (monitoring: the achievement of its subtree).
            "panels": node_panels(request.user, node, timezone.localdate().year),
        },
    )


def _agencies_for_form(request):
    return Agency.objects.restrict(request.user, "view").order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def node_create(request, pk: int | None = None):
    """Create a child of node ``pk``, or the vision of a period (``?period=``)."""
    if pk is not None:
        parent = get_object_or_404(
            selectors.node_queryset(user=request.user).select_related("period__government"), pk=pk
        )
        period = parent.period
        kind = CHILD_KIND.get(parent.kind)
        if kind is None:
            raise Http404
    else:
        parent = None
        period = get_object_or_404(
            selectors.period_list(user=request.user),
            pk=params.object_id(request.GET, "period") or params.object_id(request.POST, "period"),
        )
        kind = NodeKind.VISION
    require(request.user, "change", parent if parent is not None else period)
    initial = {"code": params.text(request.GET, "code"), "agency": parent.agency_id if parent else None}
    item = None
    if kind in CODED_KINDS and initial["code"]:
        try:
            item = services.nomenclature_lookup(government=period.government, kind=kind, code=initial["code"])
            initial["title"] = item.name
        except ValidationError:
            item = None
    form = NodeForm(request.POST or None, initial=initial, kind=kind, agencies=_agencies_for_form(request))
    if request.method == "POST" and form.is_valid():
        try:
            node = services.node_create(
                user=request.user,
                period=period,
                parent=parent,
                kind=kind,
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
                agency=form.cleaned_data.get("agency") or (parent.agency if parent else None),
                description=form.cleaned_data["description"],
                with_output_indicator=form.cleaned_data.get("with_output_indicator", False),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("%(kind)s saved.") % {"kind": node.get_kind_display()})
            return redirect("planning:node_detail", pk=node.pk)
    return render(
        request,
        "planning/node_form.html",
        {
            "form": form,
            "parent": parent,
            "period": period,
            "kind": NodeKind(kind),
            "item": item,
            "coded": kind in CODED_KINDS,
        },
    )


@login_required
def nomenclature_search(request, pk: int):
    """HTMX: nomenclature items that may be added under node ``pk``, filtered by ``q``."""
    parent = get_object_or_404(selectors.node_queryset(user=request.user).select_related("period__government"), pk=pk)
    require(request.user, "change", parent)
    kind = CHILD_KIND.get(parent.kind)
    if kind not in CODED_KINDS:
        raise Http404
    prefix = parent.code if parent.kind in CODED_KINDS else ""
    items, version = selectors.nomenclature_search(
        government=parent.period.government,
        kind_level=NODE_KIND_TO_NOMENCLATURE[kind],
        prefix=prefix,
        q=params.text(request.GET, "q"),
    )
    rows = []
    for item in items:
        code = item.code
        if prefix and code.startswith("X.XX."):
            code = prefix + code[len(".".join(["X", "XX", *prefix.split(".")[2:]])) :]
        rows.append({"code": code, "item": item})
    return render(request, "planning/_nomenclature_results.html", {"rows": rows, "parent": parent, "version": version})


@login_required
@require_http_methods(["GET", "POST"])
def node_edit(request, pk: int):
    node = get_object_or_404(selectors.node_queryset(user=request.user).select_related("period"), pk=pk)
    require(request.user, "change", node)
    initial = {
        "code": node.code,
        "title": node.title,
        "description": node.description,
        "lock_version": node.lock_version,
    }
    form = NodeForm(request.POST or None, initial=initial, kind=node.kind, editing=True)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("code", "title", "description")}
        if node.kind not in CODED_KINDS and not data["code"]:
            data["code"] = node.code
        try:
            services.node_update(
                user=request.user, node=node, data=data, expected_version=form.cleaned_data["lock_version"]
            )
        except ConflictError as exc:
            _conflict(form, exc)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("planning:node_detail", pk=node.pk)
    return render(
        request,
        "planning/node_form.html",
        {"form": form, "node": node, "period": node.period, "kind": NodeKind(node.kind), "editing": True},
    )


def _version(value) -> int | None:
    """The version a delete confirmation carried; missing or malformed is None (refused as a conflict)."""
    return int(value) if value and str(value).isdigit() and len(str(value)) < 10 else None


@login_required
@require_POST
def node_delete(request, pk: int):
    node = get_object_or_404(selectors.node_queryset(user=request.user), pk=pk)
    require(request.user, "delete", node)
    parent_id = node.parent_id
    try:
        services.node_delete(
            user=request.user,
            node=node,
            reason=bounded_text(request.POST.get("reason", "")),
            expected_version=_version(request.POST.get("lock_version")),
        )
    except ConflictError as exc:
        messages.error(request, exc.message)
        return redirect("planning:node_detail", pk=node.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("planning:node_detail", pk=node.pk)
    messages.success(request, _("Node deleted."))
    return redirect("planning:node_detail", pk=parent_id) if parent_id else redirect("planning:tree")


@login_required
def indicator_detail(request, pk: int):
    indicator = selectors.indicator_detail(user=request.user, pk=pk)
    return render(
        request,
        "planning/indicator_detail.html",
        {
            "indicator": indicator,
            "rows": selectors.target_table(indicator),
            "other_targets": [t for t in indicator.targets.all() if t.period_kind != "year"],
            "can_edit": may(request.user, "change", indicator) and indicator.node.period.is_editable,
            "panels": indicator_panels(request.user, indicator, timezone.localdate().year),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request, pk: int):
    node = get_object_or_404(selectors.node_queryset(user=request.user).select_related("period"), pk=pk)
    require(request.user, "change", node)
    form = IndicatorForm(
        request.POST or None, agencies=_agencies_for_form(request), initial={"responsible_agency": node.agency_id}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("lock_version", "responsible_agency")}
        data["responsible_agency_id"] = (
            form.cleaned_data["responsible_agency"].pk if form.cleaned_data["responsible_agency"] else None
        )
        try:
            indicator = services.indicator_create(user=request.user, node=node, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved. Now enter its targets."))
            return redirect("planning:indicator_targets", pk=indicator.pk)
    return render(request, "planning/indicator_form.html", {"form": form, "node": node})


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int):
    indicator = get_object_or_404(selectors.indicator_queryset(user=request.user), pk=pk)
    require(request.user, "change", indicator)
    initial = {f.replace("_id", ""): getattr(indicator, f) for f in INDICATOR_EDITABLE_FIELDS}
    initial["lock_version"] = indicator.lock_version
    form = IndicatorForm(request.POST or None, initial=initial, agencies=_agencies_for_form(request))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("lock_version", "responsible_agency")}
        data["responsible_agency_id"] = (
            form.cleaned_data["responsible_agency"].pk if form.cleaned_data["responsible_agency"] else None
        )
        try:
            services.indicator_update(
                user=request.user, indicator=indicator, data=data, expected_version=form.cleaned_data["lock_version"]
            )
        except ConflictError as exc:
            _conflict(form, exc)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("planning:indicator_detail", pk=indicator.pk)
    return render(
        request, "planning/indicator_form.html", {"form": form, "node": indicator.node, "indicator": indicator}
    )


@login_required
@require_POST
def indicator_delete(request, pk: int):
    indicator = get_object_or_404(selectors.indicator_queryset(user=request.user), pk=pk)
    require(request.user, "delete", indicator)
    node_id = indicator.node_id
    try:
        services.indicator_delete(
            user=request.user,
            indicator=indicator,
            reason=bounded_text(request.POST.get("reason", "")),
            expected_version=_version(request.POST.get("lock_version")),
        )
    except ConflictError as exc:
        messages.error(request, exc.message)
        return redirect("planning:indicator_detail", pk=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("planning:indicator_detail", pk=pk)
    messages.success(request, _("Indicator deleted."))
    return redirect("planning:node_detail", pk=node_id)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_targets(request, pk: int):
    indicator = selectors.indicator_detail(user=request.user, pk=pk)
    require(request.user, "change", indicator)
    initial = {
        "lock_version": indicator.lock_version,
        "final_target": indicator.final_target,
        "final_target_high": indicator.final_target_high,
    }
    for row in selectors.target_table(indicator):
        if row["target"]:
            initial[f"target_{row['year']}"] = row["target"].value
            initial[f"target_{row['year']}_high"] = row["target"].value_high
    form = TargetsForm(request.POST or None, initial=initial, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.targets_set_annual(
                user=request.user,
                indicator=indicator,
                values=form.annual_values(),
                final=(form.cleaned_data.get("final_target"), form.cleaned_data.get("final_target_high")),
                expected_version=form.cleaned_data["lock_version"],
            )
        except ConflictError as exc:
            _conflict(form, exc)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Targets saved."))
            return redirect("planning:indicator_detail", pk=indicator.pk)
    return render(request, "planning/targets_form.html", {"form": form, "indicator": indicator})


@login_required
def period_list(request):
    periods = selectors.period_list(user=request.user).order_by("-start_year", "kind", "-version")
    return render(
        request, "planning/period_list.html", {"periods": periods, "can_edit": user_summary(request.user).can_edit_plan}
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_create(request):
    from kinerja.core.selectors import government_for
    from kinerja.planning.permissions import PLANNING

    government = government_for(request.user)
    require(request.user, "add", government, area=PLANNING)
    form = PeriodForm(request.POST or None, agencies=_agencies_for_form(request).filter(government=government))
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_create(user=request.user, government=government, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Plan period created. Add its vision to start the tree."))
            return redirect(f"{reverse('planning:tree')}?period={period.pk}")
    return render(request, "planning/period_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def period_amend(request, pk: int):
    period = get_object_or_404(selectors.period_list(user=request.user), pk=pk)
    require(request.user, "change", period)
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.period_amend(
                user=request.user,
                period=period,
                reason=form.cleaned_data["reason"],
                legal_basis=form.cleaned_data["legal_basis"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The amendment was created as version %(version)s.") % {"version": new.version})
            return redirect(f"{reverse('planning:tree')}?period={new.pk}")
    return render(request, "planning/period_amend.html", {"form": form, "period": period})


@login_required
def plan_export(request, pk: int):
    period = get_object_or_404(selectors.period_list(user=request.user), pk=pk)
    agency = None
    if request.GET.get("agency"):
        agency = get_object_or_404(
            Agency.objects.restrict(request.user, "view").filter(government_id=period.government_id),
            code=params.text(request.GET, "agency"),
        )
    content = importexport.export_plan(user=request.user, period=period, agency=agency)
    suffix = f"-{agency.code}" if agency else ""
    return attachment_response(
        content,
        filename=f"rencana-{period.start_year}-{period.end_year}-v{period.version}{suffix}.xlsx",
        content_type=XLSX,
    )


@login_required
def plan_template(request, pk: int):
    period = get_object_or_404(selectors.period_list(user=request.user), pk=pk)
    return attachment_response(
        importexport.build_workbook(period=period),
        filename=f"templat-rencana-{period.start_year}-{period.end_year}.xlsx",
        content_type=XLSX,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request, pk: int):
    period = get_object_or_404(selectors.period_list(user=request.user), pk=pk)
    require(request.user, "change", period)
    form = ImportForm(request.POST or None, request.FILES or None, max_bytes=settings.IMPORT_MAX_BYTES)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services._require_editable(period)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            result = importexport.import_plan(
                user=request.user, period=period, data=upload.read(), filename=upload.name
            )
            if result.ok:
                messages.success(
                    request,
                    _(
                        "Import finished: %(nc)s nodes created, %(nu)s updated, %(ic)s indicators created, %(iu)s updated, %(t)s targets set."
                    )
                    % {
                        "nc": result.nodes_created,
                        "nu": result.nodes_updated,
                        "ic": result.indicators_created,
                        "iu": result.indicators_updated,
                        "t": result.targets_set,
                    },
                )
                return redirect(f"{reverse('planning:tree')}?period={period.pk}")
    return render(request, "planning/plan_import.html", {"form": form, "period": period, "result": result})


@login_required
def agency_list(request):
    from kinerja.core.selectors import agency_list as select_agencies

    return render(request, "planning/agency_list.html", {"agencies": select_agencies(user=request.user)})


@login_required
def agency_detail(request, code: str):
    agency = selectors.agency_detail(user=request.user, code=code)
    period = selectors.current_period(user=request.user, period_id=params.object_id(request.GET, "period"))
    top_nodes = selectors.agency_top_nodes(user=request.user, period=period, agency=agency) if period else []
    counts = {}
    if period:
        from django.db.models import Count

        counts = dict(
            PlanNode.objects.restrict(request.user, "view")
            .filter(period=period, agency=agency)
            .values_list("kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts["indicators"] = (
            Indicator.objects.restrict(request.user, "view").filter(node__period=period, node__agency=agency).count()
        )
    return render(
        request,
        "planning/agency_detail.html",
        {"agency": agency, "period": period, "top_nodes": top_nodes, "counts": counts, "kinds": NodeKind},
    )
