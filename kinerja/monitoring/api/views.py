"""API of monitoring: realizations and their workflow steps, evidence, budgets, achievement."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.core import params
from kinerja.core.access import require
from kinerja.core.api.base import RestrictedModelViewSet, RestrictedReadOnlyViewSet
from kinerja.core.models import Agency
from kinerja.monitoring import formulas, selectors, services
from kinerja.monitoring.api.serializers import (
    AgencyAchievementSerializer,
    BudgetMonthSerializer,
    BudgetSerializer,
    CorrectionSerializer,
    EvidenceSerializer,
    EvidenceUploadSerializer,
    IndicatorAchievementSerializer,
    RealizationSerializer,
    RealizationUpdateSerializer,
    ReportingPeriodSerializer,
    ReturnSerializer,
    StepSerializer,
)
from kinerja.monitoring.models import Budget, BudgetMonth, Realization, ReportingPeriod
from kinerja.monitoring.permissions import SET_CEILING, SUBMIT, VERIFY
from kinerja.planning.models import Indicator

YEAR = OpenApiParameter("year", int, description="the year (default: this year)")
WORKING = OpenApiParameter("include_submitted", bool, description="count submitted values too (working view)")


class ReportingPeriodViewSet(RestrictedReadOnlyViewSet):
    model = ReportingPeriod
    serializer_class = ReportingPeriodSerializer
    filterset_fields = ["year", "kind", "number"]

    def base_queryset(self):
        return ReportingPeriod.objects.order_by("year", "kind", "number")


class RealizationViewSet(RestrictedModelViewSet):
    """Realizations: create a draft, change it, then the steps submit, verify, return, correct, and evidence."""

    model = Realization
    serializer_class = RealizationSerializer
    filterset_fields = ["indicator", "period", "agency", "state", "is_current", "period__year"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def base_queryset(self):
        return (
            Realization.objects.select_related("period")
            .prefetch_related("evidence")
            .order_by("indicator_id", "period__ends", "version")
        )

    def get_permissions(self):
        # The workflow steps are not plain writes: each service checks its own right (submit, verify, change).
        if self.action in ("submit", "verify", "return_", "correct", "evidence"):
            return [IsAuthenticated()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.realization_save(
            user=self.request.user,
            indicator=data["indicator"],
            period=data["period"],
            value=data["value"],
            explanation=data.get("explanation", ""),
            expected_version=None,  # a new value: one entered meanwhile is a conflict (update it instead)
        )

    @extend_schema(request=RealizationUpdateSerializer, responses=RealizationSerializer)
    def update(self, request, *args, **kwargs):
        realization = self.get_object()
        serializer = RealizationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        realization = services.realization_save(
            user=request.user,
            indicator=realization.indicator,
            period=realization.period,
            value=data["value"],
            explanation=data["explanation"],
            expected_version=data.get("lock_version"),
        )
        return Response(RealizationSerializer(realization, context=self.get_serializer_context()).data)

    partial_update = update

    def _step(self, request, step, right: str, serializer_class=StepSerializer, **extra):
        realization = self.get_object_for_step(right)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = data.pop("lock_version", None)
        result = step(user=request.user, realization=realization, expected_version=expected, **data, **extra)
        return Response(RealizationSerializer(result, context=self.get_serializer_context()).data)

    def get_object_for_step(self, right: str):
        """The realization of a workflow step, once the user's right to take it is checked (before the body is
        read: a role that may not take the step is refused with 403, whatever it sent); out of scope is 404.
        The service checks the right again."""
        realization = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        require(self.request.user, right, realization)
        return realization

    @extend_schema(request=StepSerializer, responses=RealizationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft or returned value for verification (agency head)."""
        return self._step(request, services.realization_submit, SUBMIT)

    @extend_schema(request=StepSerializer, responses=RealizationSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Verify a submitted value (planner); it is then locked."""
        return self._step(request, services.realization_verify, VERIFY)

    @extend_schema(request=ReturnSerializer, responses=RealizationSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        """Return a submitted value to the agency with a reason (planner)."""
        return self._step(request, services.realization_return, VERIFY, ReturnSerializer)

    @extend_schema(request=CorrectionSerializer, responses={201: RealizationSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Correct a verified value: a new version with the reason, to be verified again."""
        realization = self.get_object_for_step("change")
        serializer = CorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = data.pop("lock_version", None)
        new = services.realization_correct(
            user=request.user, realization=realization, expected_version=expected, **data
        )
        return Response(
            RealizationSerializer(new, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer}, responses={201: EvidenceSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def evidence(self, request, pk=None):
        """Attach an evidence file (checked by content; size limit UPLOAD_MAX_MB)."""
        realization = self.get_object_for_step("change")
        serializer = EvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evidence = services.evidence_add(
            user=request.user, realization=realization, upload=serializer.validated_data["file"]
        )
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class BudgetViewSet(RestrictedModelViewSet):
    model = Budget
    serializer_class = BudgetSerializer
    filterset_fields = ["node", "year"]
    http_method_names = ["get", "post", "head", "options"]
    method_actions = {"POST": SET_CEILING}

    def base_queryset(self):
        return Budget.objects.prefetch_related("months").order_by("node_id", "year")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.budget_set(
            user=self.request.user,
            node=data["node"],
            year=data["year"],
            ceiling=data["ceiling"],
            expected_version=self.request.data.get("lock_version"),  # when the year's budget exists
        )


class BudgetMonthViewSet(RestrictedModelViewSet):
    """Monthly cash plan, spending and physical progress (cumulative percent, entered directly)."""

    model = BudgetMonth
    serializer_class = BudgetMonthSerializer
    filterset_fields = ["budget", "month"]
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self):
        return BudgetMonth.objects.order_by("budget_id", "month")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.budget_month_set(
            user=self.request.user,
            budget=data.pop("budget"),
            month=data.pop("month"),
            expected_version=self.request.data.get("lock_version"),  # when the month was entered before
            **data,
        )


def _year(request) -> int:
    return params.year(request.query_params)


def _working(request) -> bool:
    return request.query_params.get("include_submitted", "").lower() in ("1", "true", "yes")


class IndicatorAchievementView(APIView):
    """The achievement of one indicator in a year: against the annual target and to date, with the projection."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[YEAR, WORKING], responses=IndicatorAchievementSerializer)
    def get(self, request, pk: int):
        indicators = Indicator.objects.restrict(request.user, "view").filter(pk=pk)
        results = selectors.indicator_results(
            indicators=indicators, year=_year(request), include_submitted=_working(request)
        )
        if pk not in results:
            raise Http404
        return Response(IndicatorAchievementSerializer(results[pk]).data)


class AgencyAchievementView(APIView):
    """The achievement of an agency in a year: the mean of its indicators', and each indicator's."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[YEAR, WORKING], responses=AgencyAchievementSerializer)
    def get(self, request, pk: int):
        agency = get_object_or_404(Agency.objects.restrict(request.user, "view"), pk=pk)
        year, working = _year(request), _working(request)
        results = selectors.indicator_results(
            indicators=selectors.reportable_indicators(user=request.user, agency_ids=[agency.pk]),
            year=year,
            include_submitted=working,
        )
        overall = selectors.mean(r.achievement for r in results.values())
        data = {
            "agency": agency.pk,
            "year": year,
            "include_submitted": working,
            "achievement": overall,
            "achievement_to_date": selectors.mean(r.achievement_to_date for r in results.values()),
            "rating": formulas.rating(overall) if overall is not None else None,
            "indicators": sorted(results.values(), key=lambda r: r.node_path),
        }
        return Response(AgencyAchievementSerializer(data).data)
