"""API of the innovation registry: innovations with their measured services, and the IID claims, whose review
(accept / return) is an explicit action calling the same service as the page."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response

from kinerja.core.api.base import RestrictedReadOnlyViewSet
from kinerja.core.filtersets import FilterSet, IdFilter
from kinerja.core.permissions import actions_for
from kinerja.core.querysets import user_grants
from kinerja.innovation import services
from kinerja.innovation.api.serializers import (
    ClaimInputSerializer,
    ClaimReviewSerializer,
    ClaimSerializer,
    InnovationSerializer,
)
from kinerja.innovation.models import CatalogueIndicator, Claim, Innovation, Measure, ServiceChange
from kinerja.innovation.permissions import INNOVATION, REVIEW


class ClaimPermission(IsAuthenticated):
    """Reads for every user (scoped by the queryset); a claim needs the change right, a review the review right,
    checked before the request is read (the service checks the record's agency again)."""

    message = "Your role does not allow this change."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS or request.user.is_superuser:
            return True
        needed = REVIEW if getattr(view, "action", "") == "review" else "change"
        return any(needed in actions_for(grant.role, INNOVATION) for grant in user_grants(request.user))


class ClaimFilterSet(FilterSet):
    indicator = IdFilter(field_name="indicator_id")

    class Meta:
        model = Claim
        fields = ["innovation", "state", "indicator"]


class InnovationViewSet(RestrictedReadOnlyViewSet):
    """Innovations the user may see, with the before/after measures and cut of each changed service."""

    model = Innovation
    serializer_class = InnovationSerializer
    filterset_fields = ["agency", "stage", "urusan", "review_state", "form", "is_digital"]

    def base_queryset(self):
        from django.db.models import Prefetch

        changes = ServiceChange.objects.prefetch_related(
            Prefetch("measures", queryset=Measure.objects.order_by("kind"))
        )
        return Innovation.objects.prefetch_related(Prefetch("changes", queryset=changes)).order_by("pk")


class ClaimViewSet(RestrictedReadOnlyViewSet):
    """IID claims (a parameter level per indicator of an innovation); reviewers accept or return them."""

    model = Claim
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilterSet
    permission_classes = [ClaimPermission]

    def base_queryset(self):
        return Claim.objects.select_related("indicator__catalogue").order_by("pk")

    @extend_schema(request=ClaimInputSerializer, responses={201: ClaimSerializer})
    def create(self, request):
        """Claim a level (or change the claim) of one indicator for an innovation at penerapan."""
        serializer = ClaimInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # An innovation out of the user's scope and one that does not exist get the same answer (no oracle).
        innovation = Innovation.objects.restrict(request.user, "view").filter(pk=data["innovation"]).first()
        if innovation is None:
            raise exceptions.ValidationError({"innovation": [_("No innovation with this number is visible to you.")]})
        indicator = CatalogueIndicator.objects.filter(pk=data["indicator"]).first()
        if indicator is None:
            raise exceptions.ValidationError({"indicator": [_("No indicator of the catalogue has this number.")]})
        claim = services.claim_save(
            user=request.user, innovation=innovation, indicator=indicator, level=data["level"],
            explanation=data.get("explanation", ""), evidence_link=data.get("evidence_link"),
            expected_version=data.get("expected_version"),
        )  # fmt: skip
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ClaimReviewSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        claim = self.get_object()
        serializer = ClaimReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = services.claim_review(
            user=request.user, claim=claim, accept=data["decision"] == "accept", note=data.get("note", ""),
            expected_version=data["expected_version"],
        )  # fmt: skip
        return Response(ClaimSerializer(claim).data)
