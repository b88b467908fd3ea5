from rest_framework import serializers

from kinerja.core.api.fields import NumberFieldsMixin, StrictModelSerializer, StrictSerializer
from kinerja.innovation.models import Claim, Innovation, Measure, ServiceChange


class MeasureSerializer(NumberFieldsMixin, StrictModelSerializer):
    cut = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    has_evidence = serializers.BooleanField(read_only=True)
    # A link, or "" when the evidence is a file: text, since "" is no URI.
    evidence_link = serializers.CharField(read_only=True)

    class Meta:
        model = Measure
        fields = ["kind", "before", "after", "cut", "evidence_link", "has_evidence"]
        read_only_fields = fields


class ServiceChangeSerializer(StrictModelSerializer):
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceChange
        fields = ["id", "service", "standard", "time_unit", "measures"]
        read_only_fields = fields


class InnovationSerializer(NumberFieldsMixin, StrictModelSerializer):
    changes = ServiceChangeSerializer(many=True, read_only=True)
    version = serializers.IntegerField(source="lock_version", read_only=True)
    video_url = serializers.CharField(read_only=True)  # a link, or "" when there is none

    class Meta:
        model = Innovation
        fields = [
            "id", "agency", "service_unit", "name", "form", "urusan", "initiator", "is_digital", "stage",
            "initiated_on", "trial_on", "implemented_on", "plan_node", "sub_activity", "budget", "design", "goals",
            "benefits", "results", "region", "location", "person_in_charge", "contact", "video_url", "adopted_from",
            "review_state", "review_note", "reviewed_at", "version", "changes",
        ]  # fmt: skip
        read_only_fields = fields


class ClaimSerializer(StrictModelSerializer):
    indicator_number = serializers.IntegerField(source="indicator.number", read_only=True)
    catalogue_year = serializers.IntegerField(source="indicator.catalogue.year", read_only=True)
    weight = serializers.DecimalField(source="indicator.weight", max_digits=5, decimal_places=2, read_only=True)
    has_evidence = serializers.BooleanField(read_only=True)
    version = serializers.IntegerField(source="lock_version", read_only=True)
    evidence_link = serializers.CharField(read_only=True)  # a link, or "" when the evidence is a file

    class Meta:
        model = Claim
        fields = [
            "id", "innovation", "indicator", "indicator_number", "catalogue_year", "weight", "level", "explanation",
            "evidence_link", "has_evidence", "state", "review_note", "reviewed_at", "version",
        ]  # fmt: skip
        read_only_fields = fields


class ClaimReviewSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=["accept", "return"])
    note = serializers.CharField(required=False, allow_blank=True, default="")
    expected_version = serializers.IntegerField(help_text="The claim's version the reviewer saw.")


class ClaimInputSerializer(StrictSerializer):
    """A claim of a level for one indicator of an innovation (a changed claim goes back to review)."""

    innovation = serializers.IntegerField(min_value=1)
    indicator = serializers.IntegerField(min_value=1)
    level = serializers.IntegerField(min_value=1, max_value=3)
    explanation = serializers.CharField(required=False, allow_blank=True, default="")
    evidence_link = serializers.URLField(required=False, allow_blank=True, max_length=500)
    expected_version = serializers.IntegerField(required=False)
