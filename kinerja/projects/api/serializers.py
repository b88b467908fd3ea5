from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kinerja.core.api.fields import NumberFieldsMixin, StrictModelSerializer, StrictSerializer
from kinerja.core.models import Agency
from kinerja.projects import selectors
from kinerja.projects.choices import DirectiveStatus, Escalation, FundingSource
from kinerja.projects.models import (
    Assignment,
    Directive,
    DirectiveReport,
    FollowUp,
    Funding,
    Meeting,
    Milestone,
    Obstacle,
    Photo,
    ProgressReport,
    Project,
)


class FundingSerializer(NumberFieldsMixin, StrictModelSerializer):
    source = serializers.ChoiceField(choices=FundingSource.choices)

    class Meta:
        model = Funding
        fields = ["source", "amount", "note"]


class ProjectSerializer(NumberFieldsMixin, StrictModelSerializer):
    fundings = FundingSerializer(many=True, required=False)
    health_explanation = serializers.SerializerMethodField()
    version = serializers.IntegerField(source="lock_version", read_only=True)
    expected_version = serializers.IntegerField(write_only=True, required=False)

    class Meta:
        model = Project
        fields = [
            "id", "code", "name", "description", "category", "sector", "agency", "partner_agencies", "partners", "region",
            "location", "latitude", "longitude", "value", "start", "planned_end", "actual_end", "phase", "funded_by",
            "indicators", "key_outputs", "note", "is_illustrative", "fundings", "health", "health_explanation", "health_on",
            "physical_plan", "physical_actual", "deviation", "last_report_month", "late_milestone", "late_days",
            "late_count", "version", "expected_version", "created", "updated",
        ]  # fmt: skip
        read_only_fields = [
            "is_illustrative", "health", "health_on", "physical_plan", "physical_actual", "deviation",
            "last_report_month", "late_milestone", "late_days", "late_count",
        ]  # fmt: skip
        extra_kwargs = {"partner_agencies": {"required": False}, "funded_by": {"required": False},
                        "indicators": {"required": False}}  # fmt: skip

    def get_health_explanation(self, obj) -> str:
        return selectors.explanation(obj, timezone.localdate())


class MilestoneSerializer(StrictModelSerializer):
    version = serializers.IntegerField(source="lock_version", read_only=True)
    expected_version = serializers.IntegerField(write_only=True, required=False)
    evidence_file = serializers.FileField(write_only=True, required=False)
    days_late = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "project", "title", "planned", "actual", "note", "evidence_name", "evidence_type", "sha256",
                  "days_late", "version", "expected_version", "evidence_file"]  # fmt: skip
        read_only_fields = ["evidence_name", "evidence_type", "sha256"]

    def get_days_late(self, obj) -> int:
        return obj.days_late(timezone.localdate())


class PhotoSerializer(StrictModelSerializer):
    class Meta:
        model = Photo
        fields = ["id", "caption", "content_type", "size", "sha256", "created"]


class ProgressReportSerializer(NumberFieldsMixin, StrictModelSerializer):
    photos = PhotoSerializer(many=True, read_only=True)
    deviation = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    version = serializers.IntegerField(source="lock_version", read_only=True)
    expected_version = serializers.IntegerField(write_only=True, required=False)
    photo_files = serializers.ListField(child=serializers.ImageField(), write_only=True, required=False, max_length=5)
    caption = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=255)

    class Meta:
        model = ProgressReport
        fields = ["id", "project", "month", "physical_plan", "physical_actual", "deviation", "financial", "narrative",
                  "reported_by", "photos", "version", "expected_version", "photo_files", "caption", "created", "updated"]  # fmt: skip
        read_only_fields = ["reported_by"]
        validators = []  # the service upserts by (project, month)


class FollowUpSerializer(StrictModelSerializer):
    overdue = serializers.SerializerMethodField()
    version = serializers.IntegerField(source="lock_version", read_only=True)
    expected_version = serializers.IntegerField(write_only=True, required=False)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "obstacle",
            "action",
            "responsible",
            "due",
            "done_on",
            "outcome",
            "overdue",
            "version",
            "expected_version",
            "created",
            "updated",
        ]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(timezone.localdate())


class ObstacleSerializer(StrictModelSerializer):
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    days_open = serializers.SerializerMethodField()
    # The level reached today (derived from the dates, as the pages show it), not only the one last recorded.
    escalation = serializers.SerializerMethodField()
    version = serializers.IntegerField(source="lock_version", read_only=True)
    expected_version = serializers.IntegerField(write_only=True, required=False)
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())

    class Meta:
        model = Obstacle
        fields = ["id", "agency", "project", "plan_node", "title", "description", "category", "severity", "raised_on",
                  "owner", "status", "resolved_on", "escalation", "escalated_on", "days_open", "is_illustrative",
                  "follow_ups", "version", "expected_version", "created", "updated"]  # fmt: skip
        read_only_fields = ["status", "resolved_on", "escalation", "escalated_on", "is_illustrative"]

    def get_days_open(self, obj) -> int:
        return obj.age(timezone.localdate())

    @extend_schema_field(serializers.ChoiceField(choices=Escalation.choices))
    def get_escalation(self, obj) -> int:
        return obj.escalation_level(timezone.localdate())


class ObstacleStatusSerializer(StrictSerializer):
    status = serializers.CharField()
    expected_version = serializers.IntegerField(required=False)


class MeetingSerializer(StrictModelSerializer):
    version = serializers.IntegerField(source="lock_version", read_only=True)
    expected_version = serializers.IntegerField(write_only=True, required=False)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "date",
            "place",
            "chair",
            "attendees",
            "other_attendees",
            "minutes",
            "version",
            "expected_version",
            "created",
            "updated",
        ]
        extra_kwargs = {"attendees": {"required": False}}


class AssignmentSerializer(StrictModelSerializer):
    version = serializers.IntegerField(source="lock_version", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "directive", "agency", "status", "reported_on", "version"]


class DirectiveSerializer(StrictModelSerializer):
    agencies = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all(), many=True, write_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Directive
        fields = ["id", "meeting", "number", "text", "due", "project", "agencies", "progress", "created", "updated"]
        extra_kwargs = {"number": {"required": False}}
        validators = []

    def get_progress(self, obj) -> dict:
        progress = selectors.directive_progress(obj.assignments.all())
        return {"total": progress["total"], "finished": progress["finished"], "counts": progress["counts"]}


class DirectiveReportSerializer(StrictModelSerializer):
    class Meta:
        model = DirectiveReport
        fields = [
            "id",
            "assignment",
            "status",
            "text",
            "evidence_name",
            "evidence_type",
            "sha256",
            "reported_on",
            "reported_by",
        ]


class DirectiveReportInputSerializer(StrictSerializer):
    status = serializers.ChoiceField(
        choices=[c for c in DirectiveStatus.choices if c[0] != DirectiveStatus.NOT_STARTED]
    )
    text = serializers.CharField()
    evidence = serializers.FileField(required=False)
    expected_version = serializers.IntegerField(required=False)
