import django_filters
from django.utils.translation import gettext_lazy as _

from kinerja.core.filtersets import FilterSet, IdFilter
from kinerja.core.params import ID_MAX
from kinerja.planning.choices import NodeKind
from kinerja.planning.models import Indicator, PlanNode, PlanPeriod, Target


class PlanNodeFilterSet(FilterSet):
    """Filters shared by the tree page and the API."""

    agency = django_filters.CharFilter(method="filter_agency", label=_("Agency (id or code)"))
    kind = django_filters.ChoiceFilter(choices=NodeKind.choices, label=_("Kind"))
    parent = IdFilter(field_name="parent_id", label=_("Parent"))
    code_prefix = django_filters.CharFilter(field_name="code", lookup_expr="startswith", label=_("Code prefix"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    class Meta:
        model = PlanNode
        fields = ["period", "agency", "kind", "parent", "code_prefix", "q"]

    def filter_agency(self, queryset, name, value):
        if value.isascii() and value.isdigit():
            return queryset.filter(agency_id=value) if int(value) <= ID_MAX else queryset.none()
        return queryset.filter(agency__code=value)

    def filter_q(self, queryset, name, value):
        from kinerja.planning.selectors import node_text_match

        return queryset.filter(node_text_match(value))


class IndicatorFilterSet(FilterSet):
    node = IdFilter(field_name="node_id")
    period = IdFilter(field_name="node__period_id")
    agency = IdFilter(field_name="node__agency_id")
    is_key = django_filters.BooleanFilter()

    class Meta:
        model = Indicator
        fields = ["node", "period", "agency", "is_key", "indicator_type"]


class TargetFilterSet(FilterSet):
    indicator = IdFilter(field_name="indicator_id")

    class Meta:
        model = Target
        fields = ["indicator", "year", "period_kind"]


class PlanPeriodFilterSet(FilterSet):
    class Meta:
        model = PlanPeriod
        fields = ["kind", "status", "agency"]
