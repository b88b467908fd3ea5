from rest_framework import serializers

from kinerja.core.api.fields import NumberField, NumberFieldsMixin, StrictModelSerializer, StrictSerializer
from kinerja.innovation.choices import MeasureKind
from kinerja.innovation.models import Claim, Innovation, Measure, ServiceChange
from kinerja.innovation.services import INNOVATION_FIELDS


class MeasureSerializer(NumberFieldsMixin, StrictModelSerializer):
    cut = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, allow_null=True)
    has_evidence = serializers.BooleanField(read_only=True)
    # A link, or "" when the evidence is a file: text, since "" is no URI.
    evidence_link = serializers.CharField(read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "change", "kind", "before", "after", "cut", "evidence_link", "has_evidence", "version"]
        read_only_fields = fields

    version = serializers.IntegerField(source="lock_version", read_only=True)


class ServiceChangeSerializer(StrictModelSerializer):
    measures = MeasureSerializer(many=True, read_only=True)
    version = serializers.IntegerField(source="lock_version", read_only=True)

    class Meta:
        model = ServiceChange
        fields = ["id", "innovation", "service", "standard", "time_unit", "version", "measures"]
        read_only_fields = fields


class InnovationInputSerializer(NumberFieldsMixin, StrictModelSerializer):
    """An innovation to register (POST) or the fields to change (PATCH, with ``expected_version``). The
    service checks the rest: each reached stage has its date, dates in order, links within the agency."""

    expected_version = serializers.IntegerField(
        required=False, min_value=1, help_text="The innovation's version the user edited (required to change it)."
    )

    class Meta:
        model = Innovation
        fields = [*INNOVATION_FIELDS, "expected_version"]
        validators = []  # one name per agency: the service's full_clean says so, with the field

    def get_fields(self):
        fields = super().get_fields()
        fields["video_url"] = serializers.URLField(required=False, allow_blank=True, max_length=500)
        return fields


class ServiceChangeInputSerializer(StrictSerializer):
    """A service the innovation changes (its measures are written at /innovation-measures/)."""

    innovation = serializers.IntegerField(min_value=1, required=False, help_text="Required when creating.")
    service = serializers.CharField(max_length=255, required=False)
    standard = serializers.CharField(max_length=255, required=False, allow_blank=True)
    time_unit = serializers.ChoiceField(choices=ServiceChange._meta.get_field("time_unit").choices, required=False)
    expected_version = serializers.IntegerField(
        required=False, min_value=1, help_text="The service's version the user edited (required to change it)."
    )


class MeasureInputSerializer(StrictSerializer):
    """One before/after measure of a changed service: zero or more, at most two decimals."""

    change = serializers.IntegerField(min_value=1, required=False, help_text="The service; required when creating.")
    kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False, help_text="Required when creating.")
    before = NumberField(max_digits=14, decimal_places=2, min_value=0, required=False)
    after = NumberField(max_digits=14, decimal_places=2, min_value=0, required=False)
    evidence_link = serializers.URLField(required=False, allow_blank=True, max_length=500)
    expected_version = serializers.IntegerField(
        required=False, min_value=1, help_text="The measure's version the user edited (required to change it)."
    )


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
