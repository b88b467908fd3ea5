"""API of the innovation registry: innovations with their measured services, and the IID claims, whose review
(accept / return) is an explicit action calling the same service as the page."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response

from kinerja.core import params
from kinerja.core.api.base import RestrictedReadOnlyViewSet
from kinerja.core.filtersets import FilterSet, IdFilter
from kinerja.core.permissions import actions_for
from kinerja.core.querysets import user_grants
from kinerja.innovation import services
from kinerja.innovation.api.serializers import (
    ClaimInputSerializer,
    ClaimReviewSerializer,
    ClaimSerializer,
    InnovationInputSerializer,
    InnovationSerializer,
    MeasureInputSerializer,
    MeasureSerializer,
    ServiceChangeInputSerializer,
    ServiceChangeSerializer,
)
from kinerja.innovation.models import CatalogueIndicator, Claim, Innovation, Measure, ServiceChange
from kinerja.innovation.permissions import INNOVATION, REVIEW


class ClaimPermission(IsAuthenticated):
    """Reads for every user (scoped by the queryset); a write needs the change right (registering an
    innovation the add right), a review the review right, checked before the request is read (the service
    checks the record's agency again)."""

    message = "Your role does not allow this change."

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in SAFE_METHODS or request.user.is_superuser:
            return True
        action = getattr(view, "action", "")
        needed = (
            REVIEW if action == "review" else "add" if action == "create" and view.model is Innovation else "change"
        )
        return any(needed in actions_for(grant.role, INNOVATION) for grant in user_grants(request.user))


InnovationPermission = ClaimPermission

EXPECTED_VERSION = OpenApiParameter(
    "expected_version", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True,
    description="The version of the record the user saw; another one (or none) is refused.",
)  # fmt: skip


def _expected_version(request) -> int:
    version = params.integer(request.query_params, "expected_version")
    if version is None:
        raise exceptions.ValidationError({"expected_version": [_("Give the version of the record you saw.")]})
    return version


def _visible(model, user, pk, field: str, message: str):
    """The record ``pk`` of ``model`` if ``user`` may see it; absent and out of scope answer alike (no oracle)."""
    found = model.objects.restrict(user, "view").filter(pk=pk).first() if pk else None
    if found is None:
        raise exceptions.ValidationError({field: [message]})
    return found


def _need(data: dict, *names: str) -> None:
    missing = {name: [_("This field is required.")] for name in names if data.get(name) in (None, "")}
    if missing:
        raise exceptions.ValidationError(missing)


class ClaimFilterSet(FilterSet):
    indicator = IdFilter(field_name="indicator_id")

    class Meta:
        model = Claim
        fields = ["innovation", "state", "indicator"]


class InnovationViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, RestrictedReadOnlyViewSet):
    """Innovations the user may see, with the before/after measures and cut of each changed service; agency
    staff register their agency's (POST) and change them (PATCH with ``expected_version``)."""

    model = Innovation
    serializer_class = InnovationSerializer
    permission_classes = [InnovationPermission]
    filterset_fields = ["agency", "stage", "urusan", "review_state", "form", "is_digital"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def base_queryset(self):
        from django.db.models import Prefetch

        changes = ServiceChange.objects.prefetch_related(
            Prefetch("measures", queryset=Measure.objects.order_by("kind"))
        )
        return Innovation.objects.prefetch_related(Prefetch("changes", queryset=changes)).order_by("pk")

    def _read(self, request, *, partial: bool) -> dict:
        serializer = InnovationInputSerializer(data=request.data, partial=partial, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _answer(self, innovation, status_code=status.HTTP_200_OK):
        innovation = self.base_queryset().get(pk=innovation.pk)
        return Response(
            InnovationSerializer(innovation, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(request=InnovationInputSerializer, responses={201: InnovationSerializer})
    def create(self, request, *args, **kwargs):
        """Register an innovation of an agency the user keeps (at inisiatif, uji coba or penerapan)."""
        data = self._read(request, partial=False)
        data.pop("expected_version", None)
        agency = data["agency"]
        innovation = services.innovation_save(
            user=request.user, government=agency.government, data=data, expected_version=None
        )
        return self._answer(innovation, status.HTTP_201_CREATED)

    @extend_schema(request=InnovationInputSerializer, responses=InnovationSerializer)
    def partial_update(self, request, *args, **kwargs):
        """Change an innovation; a stale ``expected_version`` is refused (409) and nothing is changed."""
        innovation = self.get_object()
        data = self._read(request, partial=True)
        _need(data, "expected_version")
        expected = data.pop("expected_version")
        innovation = services.innovation_save(
            user=request.user, government=innovation.government, data=data, innovation=innovation,
            expected_version=expected,
        )  # fmt: skip
        return self._answer(innovation)

    def update(self, request, *args, **kwargs):  # PUT is not offered (http_method_names): PATCH only
        return self.partial_update(request, *args, **kwargs)


class ServiceChangeFilterSet(FilterSet):
    innovation = IdFilter(field_name="innovation_id")

    class Meta:
        model = ServiceChange
        fields = ["innovation"]


class ServiceChangeViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, RestrictedReadOnlyViewSet
):
    """The services an innovation changes (memangkas birokrasi); their numbers are at /innovation-measures/.
    Writes need the change right on the innovation; a change or a delete names the ``expected_version``."""

    model = ServiceChange
    serializer_class = ServiceChangeSerializer
    permission_classes = [InnovationPermission]
    filterset_class = ServiceChangeFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def base_queryset(self):
        return ServiceChange.objects.prefetch_related("measures").order_by("pk")

    def _read(self, request, *, partial: bool) -> dict:
        serializer = ServiceChangeInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _answer(self, change, status_code=status.HTTP_200_OK):
        return Response(ServiceChangeSerializer(self.base_queryset().get(pk=change.pk)).data, status=status_code)

    @extend_schema(request=ServiceChangeInputSerializer, responses={201: ServiceChangeSerializer})
    def create(self, request, *args, **kwargs):
        data = self._read(request, partial=False)
        _need(data, "innovation", "service")
        innovation = _visible(
            Innovation, request.user, data["innovation"], "innovation",
            _("No innovation with this number is visible to you."),
        )  # fmt: skip
        change = services.change_save(
            user=request.user, innovation=innovation, service=data["service"], standard=data.get("standard", ""),
            time_unit=data.get("time_unit", "days"), measures={},
        )  # fmt: skip
        return self._answer(change, status.HTTP_201_CREATED)

    @extend_schema(request=ServiceChangeInputSerializer, responses=ServiceChangeSerializer)
    def partial_update(self, request, *args, **kwargs):
        change = self.get_object()
        data = self._read(request, partial=True)
        _need(data, "expected_version")
        if data.get("innovation") not in (None, change.innovation_id):
            raise exceptions.ValidationError({"innovation": [_("A service cannot move to another innovation.")]})
        change = services.change_save(
            user=request.user, innovation=change.innovation, change=change,
            service=data.get("service", change.service), standard=data.get("standard", change.standard),
            time_unit=data.get("time_unit", change.time_unit), measures={},
            expected_version=data["expected_version"],
        )  # fmt: skip
        return self._answer(change)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(parameters=[EXPECTED_VERSION], responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Remove the service and its measures from the innovation."""
        change = self.get_object()
        services.change_delete(user=request.user, change=change, expected_version=_expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeasureFilterSet(FilterSet):
    change = IdFilter(field_name="change_id")

    class Meta:
        model = Measure
        fields = ["change", "kind"]


class MeasureViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, RestrictedReadOnlyViewSet
):
    """The before/after numbers of a changed service (steps, documents, time, cost) with the cut and a link
    to the evidence (a file is attached on the page). Every write names the ``expected_version``."""

    model = Measure
    serializer_class = MeasureSerializer
    permission_classes = [InnovationPermission]
    filterset_class = MeasureFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def base_queryset(self):
        return Measure.objects.order_by("pk")

    def _read(self, request, *, partial: bool) -> dict:
        serializer = MeasureInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(request=MeasureInputSerializer, responses={201: MeasureSerializer})
    def create(self, request, *args, **kwargs):
        data = self._read(request, partial=False)
        _need(data, "change", "kind", "before", "after")
        change = _visible(
            ServiceChange, request.user, data["change"], "change", _("No service with this number is visible to you.")
        )
        measure = services.measure_save(
            user=request.user, change=change, kind=data["kind"], before=data["before"], after=data["after"],
            evidence_link=data.get("evidence_link"),
        )  # fmt: skip
        return Response(MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeasureInputSerializer, responses=MeasureSerializer)
    def partial_update(self, request, *args, **kwargs):
        measure = self.get_object()
        data = self._read(request, partial=True)
        _need(data, "expected_version")
        for name, current in (("change", measure.change_id), ("kind", measure.kind)):
            if data.get(name) not in (None, current):
                raise exceptions.ValidationError({name: [_("This cannot be changed; delete the measure instead.")]})
        measure = services.measure_save(
            user=request.user, change=measure.change, measure=measure, before=data.get("before"),
            after=data.get("after"), evidence_link=data.get("evidence_link"),
            expected_version=data["expected_version"],
        )  # fmt: skip
        return Response(MeasureSerializer(measure).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(parameters=[EXPECTED_VERSION], responses={204: None})
    def destroy(self, request, *args, **kwargs):
        measure = self.get_object()
        services.measure_delete(user=request.user, measure=measure, expected_version=_expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


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
