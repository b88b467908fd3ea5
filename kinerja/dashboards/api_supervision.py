"""API of supervision: assignments (the administrator) and requests with their answers.

Reads are limited to the user's scope; writes go through the services (rights, stale-edit refusal, audit).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from kinerja.core.access import may
from kinerja.core.api.base import RestrictedReadOnlyViewSet
from kinerja.core.api.fields import StrictModelSerializer, StrictSerializer
from kinerja.core.filtersets import FilterSet, IdFilter
from kinerja.core.models import Agency, User
from kinerja.core.selectors import government_for
from kinerja.dashboards import supervision as services
from kinerja.dashboards.models_supervision import (
    ANSWER_TEXT_MAX,
    NOTE_MAX,
    REQUEST_TEXT_MAX,
    RequestKind,
    SupervisionAnswer,
    SupervisionAssignment,
    SupervisionRequest,
)
from kinerja.dashboards.permissions import ADD, ANSWER, ASSIGN, SUPERVISION
from kinerja.planning.models import Indicator
from kinerja.projects.models import Obstacle, Project


class SupervisionAssignmentSerializer(StrictModelSerializer):
    version = serializers.IntegerField(source="lock_version", read_only=True)

    class Meta:
        model = SupervisionAssignment
        fields = ["id", "supervisor", "agency", "is_active", "version", "created"]
        read_only_fields = ["is_active", "created"]
        extra_kwargs = {"supervisor": {"queryset": User.objects.all()}, "agency": {"queryset": Agency.objects.all()}}


class SupervisionAnswerSerializer(StrictModelSerializer):
    class Meta:
        model = SupervisionAnswer
        fields = ["id", "request", "author", "text", "evidence_name", "evidence_type", "sha256", "answered_at"]


class SupervisionRequestSerializer(StrictModelSerializer):
    version = serializers.IntegerField(source="lock_version", read_only=True)
    answers = SupervisionAnswerSerializer(many=True, read_only=True)
    text = serializers.CharField(max_length=REQUEST_TEXT_MAX)
    kind = serializers.ChoiceField(choices=RequestKind.choices)

    class Meta:
        model = SupervisionRequest
        fields = [
            "id", "agency", "supervisor", "kind", "indicator", "project", "obstacle", "signal_key", "text", "due",
            "state", "note", "closed_at", "version", "answers", "created", "sent_on",
        ]  # fmt: skip
        read_only_fields = ["supervisor", "state", "note", "closed_at", "created", "sent_on"]
        extra_kwargs = {
            "agency": {"queryset": Agency.objects.all()},
            "indicator": {"queryset": Indicator.objects.all()},
            "project": {"queryset": Project.objects.all()},
            "obstacle": {"queryset": Obstacle.objects.all()},
        }


class SupervisionAnswerInputSerializer(StrictSerializer):
    text = serializers.CharField(max_length=ANSWER_TEXT_MAX)
    evidence = serializers.FileField(required=False)
    expected_version = serializers.IntegerField(required=False)


class SupervisionDecisionInputSerializer(StrictSerializer):
    note = serializers.CharField(max_length=NOTE_MAX, required=False, allow_blank=True)
    due = serializers.DateField(required=False)
    expected_version = serializers.IntegerField(required=False)


class SupervisionAssignmentFilterSet(FilterSet):
    # Users have no scope to narrow a choice list by (the filter sets refuse to offer them all): by id.
    supervisor = IdFilter(field_name="supervisor_id")

    class Meta:
        model = SupervisionAssignment
        fields = ["supervisor", "agency", "is_active"]


class SupervisionRequestFilterSet(FilterSet):
    supervisor = IdFilter(field_name="supervisor_id")

    class Meta:
        model = SupervisionRequest
        fields = ["agency", "supervisor", "state", "kind"]


def _government_or_denied(user, action: str):
    """The user's government when they may take ``action`` on supervision in it, else 403 (before any body is read)."""
    government = government_for(user)
    if government is None or not may(user, action, government, area=SUPERVISION):
        raise PermissionDenied(_("Your role does not allow this change."))
    return government


class SupervisionAssignmentViewSet(RestrictedReadOnlyViewSet):
    """Which leader supervises which agency (an empty agency: every agency); the administrator assigns and ends."""

    model = SupervisionAssignment
    serializer_class = SupervisionAssignmentSerializer
    filterset_class = SupervisionAssignmentFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self):
        return SupervisionAssignment.objects.order_by("pk")

    def get_permissions(self):
        return [IsAuthenticated()]

    def create(self, request, *args, **kwargs):
        government = _government_or_denied(request.user, ASSIGN)  # only the administrator, whatever the body
        data = SupervisionAssignmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.assignment_create(
            user=request.user, government=government, supervisor=data.validated_data["supervisor"],
            agency=data.validated_data.get("agency"),
        )  # fmt: skip
        return Response(SupervisionAssignmentSerializer(assignment).data, status=201)

    @extend_schema(request=SupervisionDecisionInputSerializer, responses=SupervisionAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()
        if not may(request.user, ASSIGN, assignment.government, area=SUPERVISION):
            raise PermissionDenied(_("Only the administrator assigns supervisors."))
        data = SupervisionDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = services.assignment_end(
            user=request.user,
            assignment=assignment,
            expected_version=data.validated_data.get("expected_version"),
        )
        return Response(SupervisionAssignmentSerializer(assignment).data)


class SupervisionRequestViewSet(RestrictedReadOnlyViewSet):
    """Supervision requests with their answers; ``answer/`` (the agency head, multipart with evidence),
    ``close/`` and ``reopen/`` (the supervisor who sent it)."""

    model = SupervisionRequest
    serializer_class = SupervisionRequestSerializer
    filterset_class = SupervisionRequestFilterSet
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def base_queryset(self):
        return SupervisionRequest.objects.prefetch_related("answers").order_by("due", "pk")

    def get_permissions(self):
        return [IsAuthenticated()]

    def create(self, request, *args, **kwargs):
        _government_or_denied(request.user, ADD)  # only leaders send requests, whatever the body
        data = SupervisionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        sent = services.request_send(
            user=request.user, agency=values["agency"], kind=values["kind"], text=values["text"], due=values["due"],
            indicator=values.get("indicator"), project=values.get("project"), obstacle=values.get("obstacle"),
            signal_key=values.get("signal_key") or "",
        )  # fmt: skip
        return Response(SupervisionRequestSerializer(sent).data, status=201)

    @extend_schema(request=SupervisionAnswerInputSerializer, responses=SupervisionAnswerSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        item = self.get_object()
        if not may(request.user, ANSWER, item):
            raise PermissionDenied(_("Only the head of the agency answers a request."))
        data = SupervisionAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.request_answer(
            user=request.user, request=item, text=data.validated_data["text"],
            evidence=data.validated_data.get("evidence"), expected_version=data.validated_data.get("expected_version"),
        )  # fmt: skip
        return Response(SupervisionAnswerSerializer(answer).data, status=201)

    @extend_schema(request=SupervisionDecisionInputSerializer, responses=SupervisionRequestSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        item = self.get_object()
        services.require_sender(request.user, item)  # the supervisor who sent it, whatever the body
        data = SupervisionDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_close(
            user=request.user, request=item, note=data.validated_data.get("note", ""),
            expected_version=data.validated_data.get("expected_version"),
        )  # fmt: skip
        return Response(SupervisionRequestSerializer(item).data)

    @extend_schema(request=SupervisionDecisionInputSerializer, responses=SupervisionRequestSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        item = self.get_object()
        services.require_sender(request.user, item)  # the supervisor who sent it, whatever the body
        data = SupervisionDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_reopen(
            user=request.user, request=item, note=data.validated_data.get("note", ""),
            due=data.validated_data.get("due"), expected_version=data.validated_data.get("expected_version"),
        )  # fmt: skip
        return Response(SupervisionRequestSerializer(item).data)
