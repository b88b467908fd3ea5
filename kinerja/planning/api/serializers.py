from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kinerja.core.api.fields import NumberField, NumberFieldsMixin, StrictModelSerializer, StrictSerializer
from kinerja.core.models import Agency
from kinerja.planning.models import Indicator, PlanNode, PlanPeriod, Target


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related field whose choices are limited to what the requesting user may see."""

    def __init__(self, model, **kwargs):
        self.model = model
        kwargs.setdefault("queryset", model.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model.objects.restrict(request.user if request else None, "view")


# The shared number field (kinerja.core.api.fields), under the name the apps' serializers know it by.
LenientDecimalField = NumberField


class PlanPeriodSerializer(StrictModelSerializer):
    class Meta:
        model = PlanPeriod
        fields = [
            "id",
            "government",
            "kind",
            "agency",
            "name",
            "start_year",
            "end_year",
            "version",
            "previous",
            "status",
            "legal_basis",
            "amendment_reason",
        ]
        read_only_fields = fields


class AmendSerializer(StrictSerializer):
    reason = serializers.CharField()
    legal_basis = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)  # the column


class PlanNodeSerializer(StrictModelSerializer):
    period = ScopedPrimaryKeyField(PlanPeriod)
    parent = ScopedPrimaryKeyField(PlanNode, required=False, allow_null=True)
    agency = ScopedPrimaryKeyField(Agency, required=False, allow_null=True)
    code = serializers.CharField(max_length=40, required=False, allow_blank=True)

    class Meta:
        model = PlanNode
        fields = [
            "id",
            "period",
            "parent",
            "kind",
            "agency",
            "code",
            "title",
            "description",
            "position",
            "path",
            "is_illustrative",
            "lock_version",
        ]
        read_only_fields = ["id", "kind", "path", "position", "lock_version"]
        validators = []  # uniqueness and the tree rules are the service's, with clearer messages


class PlanNodeUpdateSerializer(StrictSerializer):
    code = serializers.CharField(max_length=40, required=False)
    title = serializers.CharField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    parent = serializers.IntegerField(required=False, help_text=_("Move the node under another parent."))
    lock_version = serializers.IntegerField(
        required=False, help_text=_("The version you edited; a save over a newer version is refused (409).")
    )


class TargetSerializer(NumberFieldsMixin, StrictModelSerializer):
    indicator = ScopedPrimaryKeyField(Indicator)
    value = LenientDecimalField()
    value_high = LenientDecimalField(required=False, allow_null=True)

    class Meta:
        model = Target
        fields = ["id", "indicator", "year", "period_kind", "period_no", "value", "value_high", "lock_version"]
        read_only_fields = ["id", "lock_version"]
        validators = []  # an existing period's target is updated by the service, not refused


class NestedTargetSerializer(NumberFieldsMixin, StrictModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "year", "period_kind", "period_no", "value", "value_high"]


class IndicatorSerializer(NumberFieldsMixin, StrictModelSerializer):
    node = ScopedPrimaryKeyField(PlanNode)
    responsible_agency = ScopedPrimaryKeyField(Agency, required=False, allow_null=True)
    baseline = LenientDecimalField(required=False, allow_null=True)
    final_target = LenientDecimalField(required=False, allow_null=True)
    final_target_high = LenientDecimalField(required=False, allow_null=True)
    national_standard = LenientDecimalField(required=False, allow_null=True)
    targets = NestedTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "node",
            "name",
            "unit",
            "polarity",
            "indicator_type",
            "frequency",
            "accumulation",
            "baseline",
            "baseline_year",
            "precision",
            "definition",
            "data_source",
            "responsible_agency",
            "is_key",
            "final_target",
            "final_target_high",
            "national_standard",
            "national_standard_source",
            "is_illustrative",
            "lock_version",
            "targets",
        ]
        read_only_fields = ["id", "lock_version", "targets"]
