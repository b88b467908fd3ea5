from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.core.api.base import RestrictedReadOnlyViewSet
from kinerja.core.api.serializers import AgencySerializer, ServiceUnitSerializer
from kinerja.core.api.throttling import TokenThrottle
from kinerja.core.filtersets import AgencyFilterSet
from kinerja.core.models import Agency, ServiceUnit


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (the login lockout applies)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=AuthTokenSerializer,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
        description=str(_("Exchange a username and password for an API token.")),
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key}, status=status.HTTP_200_OK)


class AgencyViewSet(RestrictedReadOnlyViewSet):
    model = Agency
    serializer_class = AgencySerializer
    filterset_class = AgencyFilterSet

    def base_queryset(self):
        return Agency.objects.order_by("name")


class ServiceUnitViewSet(RestrictedReadOnlyViewSet):
    model = ServiceUnit
    serializer_class = ServiceUnitSerializer
    filterset_fields = ["agency", "kind", "region"]

    def base_queryset(self):
        return ServiceUnit.objects.order_by("agency__name", "name")
