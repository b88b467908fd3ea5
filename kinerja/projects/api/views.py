"""API of projects, milestones, progress reports, obstacles and follow-ups, meetings and directives.

Reads are limited to the user's scope; writes go through the services (rights, stale-edit refusal,
audit), exactly as the pages do.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from kinerja.core import links
from kinerja.core.access import require
from kinerja.core.api.base import RestrictedModelViewSet, RestrictedReadOnlyViewSet
from kinerja.core.selectors import government_for
from kinerja.projects import oc4ids, services
from kinerja.projects.api.serializers import (
    AssignmentSerializer,
    DirectiveReportInputSerializer,
    DirectiveReportSerializer,
    DirectiveSerializer,
    FollowUpSerializer,
    MeetingSerializer,
    MilestoneSerializer,
    ObstacleSerializer,
    ObstacleStatusSerializer,
    ProgressReportSerializer,
    ProjectSerializer,
)
from kinerja.projects.filtersets import ObstacleFilterSet
from kinerja.projects.models import (
    Assignment,
    Directive,
    FollowUp,
    Meeting,
    Milestone,
    Obstacle,
    ProgressReport,
    Project,
)
from kinerja.projects.permissions import REPORT

WRITE_METHODS = ["get", "post", "patch", "head", "options"]


def _visible(model, request, pk, action_name="view"):
    return get_object_or_404(model.objects.restrict(request.user, action_name), pk=pk)


class ProjectViewSet(RestrictedModelViewSet):
    """Projects with their computed status; ``oc4ids/`` gives one in the OC4IDS project shape."""

    model = Project
    serializer_class = ProjectSerializer
    filterset_fields = ["category", "sector", "phase", "health", "agency", "region"]
    http_method_names = WRITE_METHODS

    def base_queryset(self):
        return Project.objects.prefetch_related("fundings", "partner_agencies", "funded_by", "indicators").order_by(
            "pk"
        )

    def _save(self, serializer, project=None):
        data = dict(serializer.validated_data)
        fundings = data.pop("fundings", None)
        version = data.pop("expected_version", None)
        government = project.government if project else government_for(self.request.user)
        serializer.instance = services.project_save(
            user=self.request.user, government=government, project=project, data=data,
            partner_agencies=data.pop("partner_agencies", None), funded_by=data.pop("funded_by", None),
            indicators=data.pop("indicators", None), expected_version=version,
            fundings=[(f["source"], f["amount"], f.get("note", "")) for f in fundings] if fundings is not None else None,
        )  # fmt: skip

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def oc4ids(self, request, pk=None):
        project = self.get_object()
        project = (
            Project.objects.select_related("agency", "region", "government")
            .prefetch_related("fundings", "milestones", "partner_agencies", "reports")
            .get(pk=project.pk)
        )
        return Response(oc4ids.project_to_oc4ids(project, base_url=links.base_url(request)))


class MilestoneViewSet(RestrictedModelViewSet):
    model = Milestone
    serializer_class = MilestoneSerializer
    filterset_fields = ["project"]
    http_method_names = WRITE_METHODS
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def base_queryset(self):
        return Milestone.objects.order_by("project_id", "planned", "pk")

    def _save(self, serializer, milestone=None):
        data = serializer.validated_data
        project = milestone.project if milestone else _visible(Project, self.request, data["project"].pk)
        serializer.instance = services.milestone_save(
            user=self.request.user, project=project, milestone=milestone,
            title=data.get("title", milestone.title if milestone else ""),
            planned=data.get("planned", milestone.planned if milestone else None),
            actual=data.get("actual", milestone.actual if milestone else None),
            note=data.get("note", milestone.note if milestone else ""), evidence=data.get("evidence_file"),
            expected_version=data.get("expected_version"),
        )  # fmt: skip

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


class ProgressReportViewSet(RestrictedModelViewSet):
    """Monthly progress; posting a month already reported corrects it (send ``expected_version``)."""

    model = ProgressReport
    serializer_class = ProgressReportSerializer
    filterset_fields = ["project", "month"]
    http_method_names = WRITE_METHODS
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def base_queryset(self):
        return ProgressReport.objects.prefetch_related("photos").order_by("project_id", "month")

    def _save(self, serializer, report=None):
        data = serializer.validated_data
        current = report or ProgressReport()
        project = report.project if report else _visible(Project, self.request, data["project"].pk)
        serializer.instance = services.report_save(
            user=self.request.user, project=project, month=data.get("month", current.month),
            physical_plan=data.get("physical_plan", current.physical_plan),
            physical_actual=data.get("physical_actual", current.physical_actual),
            financial=data.get("financial", current.financial), narrative=data.get("narrative", current.narrative or ""),
            photos=[(upload, data.get("caption", "")) for upload in data.get("photo_files", [])],
            expected_version=data.get("expected_version"),
        )  # fmt: skip

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


class ObstacleViewSet(RestrictedModelViewSet):
    """Obstacles with their follow-up actions; ``status/`` opens, starts or resolves one."""

    model = Obstacle
    serializer_class = ObstacleSerializer
    filterset_class = ObstacleFilterSet
    http_method_names = WRITE_METHODS

    def base_queryset(self):
        return Obstacle.objects.prefetch_related("follow_ups").order_by("raised_on", "pk")

    def _save(self, serializer, obstacle=None):
        data = dict(serializer.validated_data)
        agency = data.pop("agency") if obstacle is None else obstacle.agency
        data.pop("agency", None)
        version = data.pop("expected_version", None)
        serializer.instance = services.obstacle_save(
            user=self.request.user, agency=agency, obstacle=obstacle, data=data, expected_version=version
        )

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    @extend_schema(request=ObstacleStatusSerializer, responses=ObstacleSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        obstacle = self.get_object()
        data = ObstacleStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        obstacle = services.obstacle_set_status(
            user=request.user, obstacle=obstacle, status_value=data.validated_data["status"],
            expected_version=data.validated_data.get("expected_version"),
        )  # fmt: skip
        return Response(ObstacleSerializer(obstacle, context={"request": request}).data)


class FollowUpViewSet(RestrictedModelViewSet):
    model = FollowUp
    serializer_class = FollowUpSerializer
    filterset_fields = ["obstacle"]
    http_method_names = WRITE_METHODS

    def base_queryset(self):
        return FollowUp.objects.order_by("obstacle_id", "due", "pk")

    def _save(self, serializer, follow_up=None):
        data = serializer.validated_data
        obstacle = follow_up.obstacle if follow_up else _visible(Obstacle, self.request, data["obstacle"].pk)
        current = follow_up or FollowUp()
        serializer.instance = services.follow_up_save(
            user=self.request.user, obstacle=obstacle, follow_up=follow_up,
            action=data.get("action", current.action or ""), responsible=data.get("responsible", current.responsible or ""),
            due=data.get("due", current.due), outcome=data.get("outcome", current.outcome or ""),
            done_on=data.get("done_on", current.done_on), expected_version=data.get("expected_version"),
        )  # fmt: skip

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


class MeetingViewSet(RestrictedModelViewSet):
    model = Meeting
    serializer_class = MeetingSerializer
    http_method_names = WRITE_METHODS

    def base_queryset(self):
        return Meeting.objects.prefetch_related("attendees").order_by("-date", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        attendees = data.pop("attendees", None)
        data.pop("expected_version", None)
        serializer.instance = services.meeting_save(
            user=self.request.user, government=government_for(self.request.user), data=data, attendees=attendees
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        attendees = data.pop("attendees", None)
        version = data.pop("expected_version", None)
        meeting = serializer.instance
        serializer.instance = services.meeting_save(
            user=self.request.user, government=meeting.government, meeting=meeting, data=data, attendees=attendees,
            expected_version=version,
        )  # fmt: skip


class DirectiveViewSet(RestrictedModelViewSet):
    """Directives of the meetings with their progress over the agencies concerned."""

    model = Directive
    serializer_class = DirectiveSerializer
    filterset_fields = ["meeting", "project"]
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self):
        return Directive.objects.prefetch_related("assignments").order_by("meeting_id", "number")

    def perform_create(self, serializer):
        data = serializer.validated_data
        meeting = _visible(Meeting, self.request, data["meeting"].pk)
        serializer.instance = services.directive_save(
            user=self.request.user, meeting=meeting, text=data["text"], due=data["due"], agencies=data["agencies"],
            number=data.get("number"), project=data.get("project"),
        )  # fmt: skip


class AssignmentViewSet(RestrictedReadOnlyViewSet):
    """Each directive as one agency must carry it out; ``report/`` records a follow-up with evidence."""

    model = Assignment
    serializer_class = AssignmentSerializer
    filterset_fields = ["directive", "agency", "status"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def base_queryset(self):
        return Assignment.objects.order_by("directive_id", "agency_id")

    def get_permissions(self):
        return [IsAuthenticated()]

    @extend_schema(request=DirectiveReportInputSerializer, responses={201: DirectiveReportSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        assignment = self.get_object()
        require(request.user, REPORT, assignment)  # before the body is read: a reader is refused with 403
        data = DirectiveReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.assignment_report(
            user=request.user, assignment=assignment, status_value=data.validated_data["status"],
            text=data.validated_data["text"], evidence=data.validated_data.get("evidence"),
            expected_version=data.validated_data.get("expected_version"),
        )  # fmt: skip
        return Response(DirectiveReportSerializer(report).data, status=201)
