from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.core import accounts
from kinerja.core.api.base import RestrictedReadOnlyViewSet
from kinerja.core.api.fields import StrictSerializer, StrictSerializerMixin
from kinerja.core.api.serializers import AgencySerializer, ServiceUnitSerializer
from kinerja.core.api.throttling import TokenThrottle
from kinerja.core.filtersets import AgencyFilterSet
from kinerja.core.models import Agency, ServiceUnit


class TokenRequestSerializer(StrictSerializerMixin, AuthTokenSerializer):
    # As long as a username can be: a longer one reached the login-failure record (axes, 255 characters)
    # and was a 500 on PostgreSQL.
    username = serializers.CharField(label=_("Username"), write_only=True, max_length=150)
    otp = serializers.CharField(
        required=False, allow_blank=True, max_length=20, trim_whitespace=True,
        help_text=_("The current code of the authenticator app (or a recovery code), when two-factor "
                    "authentication applies to the user."),
    )  # fmt: skip


class TokenSerializer(StrictSerializer):
    token_key = serializers.CharField(help_text=_("The first characters of the token, which identify it."))
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField()


class ObtainTokenView(APIView):
    """Exchange a username and password (and a second-factor code where it applies) for an API token.

    The token is returned once and stored only as a hash; it expires after API_TOKEN_TTL_HOURS. The login
    lockout and a rate limit per address apply."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
            )
        },
        description=str(_("Exchange a username and password for an API token.")),
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        record, token = accounts.token_issue(
            user=serializer.validated_data["user"], code=serializer.validated_data.get("otp", "")
        )
        return Response({"token": token, "expiry": record.expiry}, status=status.HTTP_200_OK)


class TokenListView(APIView):
    """The caller's own live API tokens (never their text, which is not stored)."""

    @extend_schema(responses=TokenSerializer(many=True))
    def get(self, request):
        return Response(TokenSerializer(accounts.tokens_of(request.user), many=True).data)


class TokenRevokeView(APIView):
    """Revoke one of the caller's tokens by its key (the first characters of the token)."""

    @extend_schema(responses={204: None})
    def delete(self, request, token_key: str):
        if not accounts.token_revoke(user=request.user, token_key=token_key):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


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


@csrf_exempt  # it changes nothing; without this a POST with a token got the HTML page of a CSRF failure
def not_found(request, *args, **kwargs):
    """Any address under /api/ that no route matches (``/api/v1/realizations/abc/submit/``): a 404 in the
    API's error shape, not the HTML page."""
    return JsonResponse({"message": str(_("Not found.")), "extra": {}}, status=404)
