from django.urls import reverse
from rest_framework import serializers

from kinerja.core.api.fields import IntegerNumberField, NumberFieldsMixin, StrictModelSerializer, StrictSerializer
from kinerja.core.links import absolute_url
from kinerja.core.models import ServiceUnit
from kinerja.planning.api.serializers import ScopedPrimaryKeyField
from kinerja.satisfaction.choices import AGE_MAX, AGE_MIN, Education, Gender, Occupation
from kinerja.satisfaction.models import Survey, SurveyElement, SurveyService


class SurveyServiceSerializer(StrictModelSerializer):
    class Meta:
        model = SurveyService
        fields = ["id", "name"]


class SurveyElementSerializer(StrictModelSerializer):
    answers = serializers.SerializerMethodField()

    class Meta:
        model = SurveyElement
        fields = ["code", "name", "question", "answers"]

    def get_answers(self, element) -> list[dict]:
        return [{"score": score, "label": label} for score, label in element.labels]


class SurveySerializer(NumberFieldsMixin, StrictModelSerializer):
    service_unit = ScopedPrimaryKeyField(ServiceUnit)
    method = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.SerializerMethodField()
    minimum_sample = serializers.IntegerField(read_only=True)
    public_url = serializers.SerializerMethodField()
    services = SurveyServiceSerializer(many=True, read_only=True)
    service_names = serializers.ListField(
        child=serializers.CharField(max_length=200), write_only=True, help_text="the services the unit offers"
    )

    class Meta:
        model = Survey
        fields = [
            "id",
            "government",
            "service_unit",
            "method",
            "period_kind",
            "year",
            "number",
            "period",
            "starts",
            "ends",
            "population",
            "minimum_sample",
            "status",
            "public_code",
            "public_url",
            "services",
            "service_names",
            "is_illustrative",
            "lock_version",
        ]
        read_only_fields = ["government", "starts", "ends", "status", "public_code", "is_illustrative", "lock_version"]

    def get_period(self, survey) -> str:
        return survey.period_label

    def get_public_url(self, survey) -> str:
        return absolute_url(
            reverse("satisfaction:public_survey", args=[survey.public_code]), self.context.get("request")
        )


class SurveyUpdateSerializer(StrictSerializer):
    population = IntegerNumberField(min_value=0, required=False)
    status = serializers.CharField(required=False)
    service_names = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    lock_version = serializers.IntegerField(required=False)


class KioskSurveySerializer(StrictModelSerializer):
    """What a kiosk needs to show the questionnaire."""

    period = serializers.CharField(source="period_label", read_only=True)
    service_unit = serializers.CharField(source="service_unit.name", read_only=True)
    services = SurveyServiceSerializer(many=True, read_only=True)
    elements = SurveyElementSerializer(source="method.elements", many=True, read_only=True)
    choices = serializers.SerializerMethodField()

    class Meta:
        model = Survey
        fields = ["id", "public_code", "service_unit", "period", "ends", "services", "elements", "choices"]

    def get_choices(self, survey) -> dict:
        return {
            "gender": [{"value": v, "label": str(label)} for v, label in Gender.choices],
            "education": [{"value": v, "label": str(label)} for v, label in Education.choices],
            "occupation": [{"value": v, "label": str(label)} for v, label in Occupation.choices],
            "age": {"min": AGE_MIN, "max": AGE_MAX},
        }


class KioskResponseSerializer(StrictSerializer):
    """One questionnaire from a kiosk. ``submission_id`` (a UUID the kiosk makes per questionnaire) makes a
    retry after a lost connection safe: the same id is stored once."""

    survey = serializers.IntegerField()
    submission_id = serializers.UUIDField()
    service = serializers.IntegerField()
    gender = serializers.CharField()
    age = IntegerNumberField()
    education = serializers.CharField()
    occupation = serializers.CharField()
    suggestion = serializers.CharField(required=False, allow_blank=True, default="")
    scores = serializers.DictField(child=serializers.IntegerField(), help_text='element code → score 1–4, e.g. "U1": 4')


class IkmSerializer(StrictSerializer):
    period = serializers.CharField()
    method = serializers.CharField()
    surveys = serializers.IntegerField()
    respondents = serializers.IntegerField()
    minimum_sample = serializers.IntegerField(allow_null=True)
    index = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    grade = serializers.CharField(allow_null=True)
    label = serializers.CharField(allow_null=True)
    nrr = serializers.DictField(child=serializers.CharField())
    element_index = serializers.DictField(child=serializers.CharField())
    priorities = serializers.ListField(child=serializers.CharField())
