from rest_framework import serializers

from kinerja.core.api.fields import NumberField, NumberFieldsMixin, StrictModelSerializer, StrictSerializer
from kinerja.monitoring.models import Budget, BudgetMonth, Evidence, Realization, ReportingPeriod
from kinerja.planning.api.serializers import ScopedPrimaryKeyField
from kinerja.planning.models import Indicator, PlanNode


class ReportingPeriodSerializer(StrictModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "year", "kind", "number", "label", "starts", "ends", "deadline"]


class EvidenceSerializer(StrictModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "name", "content_type", "size", "sha256", "created"]


class RealizationSerializer(NumberFieldsMixin, StrictModelSerializer):
    indicator = ScopedPrimaryKeyField(Indicator)
    period = ScopedPrimaryKeyField(ReportingPeriod)
    value = NumberField()
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Realization
        fields = [
            "id",
            "indicator",
            "period",
            "agency",
            "version",
            "is_current",
            "value",
            "explanation",
            "state",
            "return_reason",
            "correction_reason",
            "submitted_at",
            "reviewed_at",
            "is_late",
            "lock_version",
            "evidence",
        ]
        read_only_fields = [
            "id",
            "agency",
            "version",
            "is_current",
            "state",
            "return_reason",
            "correction_reason",
            "submitted_at",
            "reviewed_at",
            "is_late",
            "lock_version",
            "evidence",
        ]
        validators = []


class RealizationUpdateSerializer(StrictSerializer):
    value = NumberField()
    explanation = serializers.CharField(required=False, allow_blank=True, default="")
    lock_version = serializers.IntegerField(required=False)


class StepSerializer(StrictSerializer):
    lock_version = serializers.IntegerField(required=False)


class ReturnSerializer(StepSerializer):
    reason = serializers.CharField()


class CorrectionSerializer(StrictSerializer):
    value = NumberField()
    explanation = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField()
    lock_version = serializers.IntegerField(required=False)


class EvidenceUploadSerializer(StrictSerializer):
    file = serializers.FileField()


class BudgetMonthSerializer(NumberFieldsMixin, StrictModelSerializer):
    cash_plan = NumberField(max_digits=20, decimal_places=2, required=False)
    spent = NumberField(max_digits=20, decimal_places=2, required=False, allow_null=True)
    physical_plan = NumberField(max_digits=7, decimal_places=2, required=False, allow_null=True)
    physical_actual = NumberField(max_digits=7, decimal_places=2, required=False, allow_null=True)
    budget = ScopedPrimaryKeyField(Budget)

    class Meta:
        model = BudgetMonth
        fields = ["id", "budget", "month", "cash_plan", "spent", "physical_plan", "physical_actual", "lock_version"]
        read_only_fields = ["id", "lock_version"]
        validators = []


class BudgetSerializer(NumberFieldsMixin, StrictModelSerializer):
    node = ScopedPrimaryKeyField(PlanNode)
    ceiling = NumberField(max_digits=20, decimal_places=2)
    months = BudgetMonthSerializer(many=True, read_only=True)

    class Meta:
        model = Budget
        fields = ["id", "node", "year", "ceiling", "lock_version", "months"]
        read_only_fields = ["id", "lock_version", "months"]
        validators = []


class IndicatorAchievementSerializer(StrictSerializer):
    indicator = serializers.IntegerField(source="indicator_id")
    name = serializers.CharField()
    unit = serializers.CharField()
    polarity = serializers.CharField()
    accumulation = serializers.CharField()
    target = serializers.DecimalField(max_digits=22, decimal_places=4, allow_null=True)
    target_high = serializers.DecimalField(max_digits=22, decimal_places=4, allow_null=True)
    target_to_date = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    realization = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    reported = serializers.IntegerField()
    expected = serializers.IntegerField()
    elapsed = serializers.IntegerField(help_text="Periods ended to date (the current month is not yet due).")
    achievement = serializers.DecimalField(max_digits=30, decimal_places=2, allow_null=True)
    achievement_to_date = serializers.DecimalField(max_digits=30, decimal_places=2, allow_null=True)
    projected = serializers.DecimalField(max_digits=30, decimal_places=2, allow_null=True)
    rating = serializers.CharField(allow_null=True)
    warning = serializers.BooleanField()
    reason = serializers.CharField()


class AgencyAchievementSerializer(StrictSerializer):
    agency = serializers.IntegerField()
    year = serializers.IntegerField()
    include_submitted = serializers.BooleanField()
    achievement = serializers.DecimalField(max_digits=30, decimal_places=2, allow_null=True)
    achievement_to_date = serializers.DecimalField(max_digits=30, decimal_places=2, allow_null=True)
    rating = serializers.CharField(allow_null=True)
    indicators = IndicatorAchievementSerializer(many=True)
