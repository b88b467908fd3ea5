"""API of the satisfaction app: surveys, IKM results (read-only), and questionnaires from kiosks."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.core.api.base import RestrictedModelViewSet
from kinerja.core.models import Agency, ServiceUnit
from kinerja.satisfaction import selectors, services
from kinerja.satisfaction.api.serializers import (
    IkmSerializer,
    KioskResponseSerializer,
    KioskSurveySerializer,
    SurveySerializer,
    SurveyUpdateSerializer,
)
from kinerja.satisfaction.choices import SurveyStatus, WeightRule
from kinerja.satisfaction.models import KioskKey, Survey

PERIOD = OpenApiParameter(
    "period", str, required=True, description="2026 (year), 2026-S1 (semester), 2026-TW2 (quarter)"
)
METHOD = OpenApiParameter("method", str, enum=WeightRule.values, description="weight rule (default exact: 1/9)")


class SurveyViewSet(RestrictedModelViewSet):
    """Surveys of service units per period; create one with its services, change population, status or services."""

    model = Survey
    serializer_class = SurveySerializer
    filterset_fields = ["service_unit", "service_unit__agency", "year", "period_kind", "number", "status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def base_queryset(self):
        return Survey.objects.select_related("method").prefetch_related("services").order_by("-year", "id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.survey_create(
            user=self.request.user,
            service_unit=data["service_unit"],
            period_kind=data["period_kind"],
            year=data["year"],
            number=data["number"],
            population=data["population"],
            services=data["service_names"],
        )

    @extend_schema(request=SurveyUpdateSerializer, responses=SurveySerializer)
    def partial_update(self, request, *args, **kwargs):
        survey = self.get_object()
        serializer = SurveyUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected = data.pop("lock_version", None)
        if "service_names" in data:
            data["services"] = data.pop("service_names")
        survey = services.survey_update(user=request.user, survey=survey, data=data, expected_version=expected)
        survey = self.base_queryset().get(pk=survey.pk)
        return Response(SurveySerializer(survey, context=self.get_serializer_context()).data)


def _ikm_response(request, surveys) -> Response:
    try:
        period = selectors.parse_period(request.query_params.get("period", ""))
    except ValueError as error:
        raise exceptions.ValidationError({"period": [str(error)]}) from error
    method = request.query_params.get("method") or WeightRule.EXACT
    if method not in WeightRule.values:
        raise exceptions.ValidationError({"method": [_("Choose exact or rounded.")]})
    in_period = selectors.surveys_of_period(surveys, period)
    counts = list(in_period.values_list("population", flat=True))
    result = selectors.ikm_of(in_period, method=method)
    from kinerja.satisfaction.formulas import minimum_sample

    data = {
        "period": period.label,
        "method": method,
        "surveys": len(counts),
        "respondents": result.respondents,
        "minimum_sample": minimum_sample(sum(counts)) if counts else None,
        "index": result.index,
        "grade": result.grade,
        "label": result.label,
        "nrr": {code: str(value) for code, value in result.nrr.items()},
        "element_index": {code: str(value) for code, value in result.element_index.items()},
        "priorities": result.weakest(3),
    }
    return Response(IkmSerializer(data).data)


class ServiceUnitIkmView(APIView):
    """The IKM of one service unit for a period (its survey of that period)."""

    @extend_schema(parameters=[PERIOD, METHOD], responses=IkmSerializer)
    def get(self, request, pk: int):
        unit = get_object_or_404(ServiceUnit.objects.restrict(request.user, "view"), pk=pk)
        return _ikm_response(request, Survey.objects.restrict(request.user, "view").filter(service_unit=unit))


class AgencyIkmView(APIView):
    """The IKM of an agency for a period: the responses of all its units' surveys of that period, pooled."""

    @extend_schema(parameters=[PERIOD, METHOD], responses=IkmSerializer)
    def get(self, request, pk: int):
        agency = get_object_or_404(Agency.objects.restrict(request.user, "view"), pk=pk)
        return _ikm_response(request, Survey.objects.restrict(request.user, "view").filter(service_unit__agency=agency))


class GovernmentIkmView(APIView):
    """The IKM of every survey of the period the user may see (for a province-wide reader: the government's)."""

    @extend_schema(parameters=[PERIOD, METHOD], responses=IkmSerializer)
    def get(self, request):
        return _ikm_response(request, Survey.objects.restrict(request.user, "view"))


# --- kiosks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PresentedKioskKey:
    """A kiosk key as sent, not yet looked up (see ``KioskKeyAuthentication``)."""

    key: str


class KioskKeyAuthentication(BaseAuthentication):
    """``Authorization: Kiosk <key>``: the key made on the survey page for a unit's kiosk or partner app.

    A view with ``kiosk_key_checked_by_view = True`` gets the key as presented and looks it up itself
    together with its other facts (one query on the submission's hot path)."""

    keyword = "Kiosk"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send the kiosk key as: Authorization: Kiosk <key>."))
        presented = parts[1].decode(errors="replace")
        view = (getattr(request, "parser_context", None) or {}).get("view")
        if getattr(view, "kiosk_key_checked_by_view", False):
            return AnonymousUser(), PresentedKioskKey(presented)
        key = services.kiosk_key_find(presented)
        if key is None:
            raise exceptions.AuthenticationFailed(_("This kiosk key is unknown or was revoked."))
        return AnonymousUser(), key

    def authenticate_header(self, request):
        return self.keyword


class KioskKeyScheme(OpenApiAuthenticationExtension):
    target_class = KioskKeyAuthentication
    name = "kioskKey"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization", "description": "Kiosk <key>"}


class HasKioskKey(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, KioskKey)


class KioskSurveysView(APIView):
    """The open surveys of the kiosk's unit, with everything needed to show the questionnaire."""

    authentication_classes = [KioskKeyAuthentication]
    permission_classes = [HasKioskKey]

    @extend_schema(responses=KioskSurveySerializer(many=True))
    def get(self, request):
        surveys = (
            Survey.objects.filter(
                service_unit=request.auth.service_unit, status=SurveyStatus.OPEN, ends__gte=timezone.localdate()
            )
            .select_related("service_unit", "method")
            .prefetch_related("services", "method__elements")
            .order_by("-starts")
        )
        return Response(KioskSurveySerializer(surveys, many=True).data)


class HasPresentedKioskKey(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, PresentedKioskKey)


class KioskResponseView(APIView):
    """Submit one questionnaire: the same checks as the public page; a retried ``submission_id`` is stored once."""

    authentication_classes = [KioskKeyAuthentication]
    permission_classes = [HasPresentedKioskKey]
    parser_classes = [JSONParser]
    kiosk_key_checked_by_view = True

    @extend_schema(
        request=KioskResponseSerializer,
        responses={
            201: inline_serializer(
                "KioskAccepted", {"id": serializers.IntegerField(), "message": serializers.CharField()}
            ),
            200: inline_serializer("KioskAlreadyStored", {"message": serializers.CharField()}),
        },
    )
    def post(self, request):
        # The key is looked up together with the survey, the service and the key's recent count in one query
        # (services.kiosk_submit): submissions are the hot path. The checks are those of the public page.
        try:
            response = services.kiosk_submit(key=request.auth.key, data=request.data)
        except services.KioskKeyUnknown as error:
            raise exceptions.AuthenticationFailed(_("This kiosk key is unknown or was revoked.")) from error
        except services.Refused as refusal:
            if refusal.status == status.HTTP_409_CONFLICT:
                return Response({"message": str(refusal)}, status=status.HTTP_200_OK)
            return Response({"message": str(refusal), "extra": {}}, status=refusal.status)
        return Response(
            {"id": response.pk, "message": _("Thank you for your answers.")}, status=status.HTTP_201_CREATED
        )
