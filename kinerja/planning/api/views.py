"""API of the performance tree: every list starts from ``restrict``; every write calls one service."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from kinerja.core import params
from kinerja.core.access import require
from kinerja.core.api.base import RestrictedModelViewSet, RestrictedReadOnlyViewSet
from kinerja.planning import services
from kinerja.planning.api.serializers import (
    AmendSerializer,
    IndicatorSerializer,
    PlanNodeSerializer,
    PlanNodeUpdateSerializer,
    PlanPeriodSerializer,
    TargetSerializer,
)
from kinerja.planning.filtersets import IndicatorFilterSet, PlanNodeFilterSet, PlanPeriodFilterSet, TargetFilterSet
from kinerja.planning.models import Indicator, PlanNode, PlanPeriod, Target
from kinerja.planning.services import INDICATOR_EDITABLE_FIELDS

# A delete names the version of the record the caller read: missing or older is refused (409, the record now).
DELETE_VERSION = OpenApiParameter(
    "lock_version", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True,
    description="The lock_version of the record as read; a record changed since is not deleted (409).",
)  # fmt: skip
DELETE_REASON = OpenApiParameter(
    "reason", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Why it is deleted (kept in the audit trail)."
)


class PlanPeriodViewSet(RestrictedReadOnlyViewSet):
    model = PlanPeriod
    serializer_class = PlanPeriodSerializer
    filterset_class = PlanPeriodFilterSet

    def base_queryset(self):
        return PlanPeriod.objects.order_by("-start_year", "kind", "-version")

    @extend_schema(request=AmendSerializer, responses={201: PlanPeriodSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        """Revise the plan into a new version; the current one stays readable, marked superseded."""
        period = self.get_object()
        require(request.user, "change", period)  # before the body is read: a reader is refused with 403
        serializer = AmendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new = services.period_amend(user=request.user, period=period, **serializer.validated_data)
        return Response(PlanPeriodSerializer(new).data, status=status.HTTP_201_CREATED)


class PlanNodeViewSet(RestrictedModelViewSet):
    model = PlanNode
    serializer_class = PlanNodeSerializer
    filterset_class = PlanNodeFilterSet

    def base_queryset(self):
        return PlanNode.objects.order_by("path")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.node_create(
            user=self.request.user,
            period=data["period"],
            parent=data.get("parent"),
            code=data.get("code", ""),
            title=data["title"],
            agency=data.get("agency"),
            description=data.get("description", ""),
            is_illustrative=data.get("is_illustrative", False),
        )

    @extend_schema(request=PlanNodeUpdateSerializer, responses=PlanNodeSerializer)
    def update(self, request, *args, **kwargs):
        node = self.get_object()
        serializer = PlanNodeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = data.pop("lock_version", None)
        parent_id = data.pop("parent", None)
        if parent_id is not None and parent_id != node.parent_id:
            parent = (
                self.get_queryset().get(pk=parent_id) if self.get_queryset().filter(pk=parent_id).exists() else None
            )
            if parent is None:
                from rest_framework.exceptions import ValidationError

                raise ValidationError({"parent": ["Not found."]})
            node = services.node_move(user=request.user, node=node, parent=parent, expected_version=expected)
            expected = node.lock_version if expected is not None else None
        node = services.node_update(user=request.user, node=node, data=data, expected_version=expected)
        return Response(PlanNodeSerializer(node, context=self.get_serializer_context()).data)

    partial_update = update

    @extend_schema(parameters=[DELETE_VERSION, DELETE_REASON])
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.node_delete(
            user=self.request.user, node=instance, reason=self.request.query_params.get("reason", ""),
            expected_version=params.integer(self.request.query_params, "lock_version", minimum=0),
        )  # fmt: skip


class IndicatorViewSet(RestrictedModelViewSet):
    model = Indicator
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet

    def base_queryset(self):
        return (
            Indicator.objects.select_related("node")
            .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year", "period_kind", "period_no")))
            .order_by("node__path", "position", "id")
        )

    def _data(self, validated: dict) -> dict:
        data = {k: v for k, v in validated.items() if k in INDICATOR_EDITABLE_FIELDS}
        if "responsible_agency" in validated:
            agency = validated["responsible_agency"]
            data["responsible_agency_id"] = agency.pk if agency else None
        return data

    def perform_create(self, serializer):
        serializer.instance = services.indicator_create(
            user=self.request.user, node=serializer.validated_data["node"], **self._data(serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = services.indicator_update(
            user=self.request.user,
            indicator=serializer.instance,
            data=self._data(serializer.validated_data),
            expected_version=self.request.data.get("lock_version"),
        )

    @extend_schema(parameters=[DELETE_VERSION, DELETE_REASON])
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.indicator_delete(
            user=self.request.user, indicator=instance, reason=self.request.query_params.get("reason", ""),
            expected_version=params.integer(self.request.query_params, "lock_version", minimum=0),
        )  # fmt: skip


class TargetViewSet(RestrictedModelViewSet):
    model = Target
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet

    def base_queryset(self):
        return Target.objects.order_by("indicator_id", "year", "period_kind", "period_no")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.target_set(
            user=self.request.user,
            indicator=data["indicator"],
            year=data["year"],
            period_kind=data.get("period_kind", "year"),
            period_no=data.get("period_no", 0),
            value=data["value"],
            value_high=data.get("value_high"),
            expected_version=None,  # a new target: one stored meanwhile is a conflict
        )

    def perform_update(self, serializer):
        target = serializer.instance
        data = serializer.validated_data
        serializer.instance = services.target_set(
            user=self.request.user,
            indicator=target.indicator,
            year=target.year,
            period_kind=target.period_kind,
            period_no=target.period_no,
            value=data.get("value", target.value),
            value_high=data.get("value_high", target.value_high),
            expected_version=self.request.data.get("lock_version"),
        )

    def perform_destroy(self, instance):
        services.target_set(
            user=self.request.user,
            indicator=instance.indicator,
            year=instance.year,
            period_kind=instance.period_kind,
            period_no=instance.period_no,
            value=None,
            expected_version=instance.lock_version,  # a delete is not versioned, like every other delete
        )
