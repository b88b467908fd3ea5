"""API of the reality check: the signals of a year in the user's scope."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.core import params
from kinerja.core.api.fields import StrictSerializer
from kinerja.core.selectors import government_for
from kinerja.dashboards import reality


class SignalSerializer(StrictSerializer):
    agency = serializers.IntegerField(source="agency_id")
    agency_code = serializers.CharField()
    kind = serializers.CharField(help_text="one of: " + ", ".join(reality.KINDS))
    key = serializers.CharField()
    severity = serializers.CharField(help_text="high, medium or low (weights 3, 2, 1)")
    weight = serializers.IntegerField()
    explanation = serializers.CharField()
    facts = serializers.DictField()
    links = serializers.SerializerMethodField()
    reviewed = serializers.BooleanField()
    review = serializers.SerializerMethodField()

    def get_links(self, signal) -> list[dict]:
        request = self.context.get("request")
        return [
            {"label": label, "url": request.build_absolute_uri(url) if request else url}
            for label, url in signal.links
            if url
        ]

    def get_review(self, signal) -> dict | None:
        review = signal.review
        if review is None:
            return None
        return {
            "note": review.note,
            "reviewer": review.reviewer.get_username() if review.reviewer else None,
            "reviewed_at": review.reviewed_at.isoformat(),
        }


class RealityCheckView(APIView):
    """The reality check's signals of a year for the agencies the user may see (filters: agency, kind)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="the year (default: this year)"),
            OpenApiParameter("agency", int, description="an agency's id"),
            OpenApiParameter("kind", str, description="one of: " + ", ".join(reality.KINDS)),
        ],
        responses=inline_serializer(
            "RealityCheck",
            {
                "year": serializers.IntegerField(),
                "count": serializers.IntegerField(),
                "results": SignalSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        year = params.year(request.query_params)
        agency_id = params.object_id(request.query_params, "agency")
        kind = params.text(request.query_params, "kind")
        if kind and kind not in reality.KINDS:
            raise exceptions.ValidationError(
                {"kind": [_("Choose one of: %(kinds)s.") % {"kinds": ", ".join(reality.KINDS)}]}
            )
        government = government_for(request.user)
        signals = reality.compute_kept(user=request.user, government=government, year=year) if government else []
        signals = [
            s for s in signals if (not kind or s.kind == kind) and (agency_id is None or s.agency_id == agency_id)
        ]
        data = SignalSerializer(signals, many=True, context={"request": request}).data
        return Response({"year": year, "count": len(signals), "results": data})
