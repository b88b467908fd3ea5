"""API of signed documents: agreements and pacts (read), their PDFs and their verification.

Signing happens only through the pages: a passphrase never crosses the API."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from kinerja.core.api.base import RestrictedReadOnlyViewSet
from kinerja.core.api.throttling import VerifyThrottle
from kinerja.core.uploads import PDF, attachment_response, inspect_upload
from kinerja.integrity import services
from kinerja.integrity.api.serializers import SignedDocumentSerializer, VerificationSerializer
from kinerja.integrity.models import SignedDocument

MAX_UPLOAD = 20 * 1024 * 1024


class SignedDocumentViewSet(RestrictedReadOnlyViewSet):
    """Performance agreements and integrity pacts in the user's scope, with their signatures."""

    model = SignedDocument
    serializer_class = SignedDocumentSerializer
    filterset_fields = ["kind", "year", "agency", "state", "code"]

    def base_queryset(self):
        return SignedDocument.objects.select_related("agency").prefetch_related("signatures").defer("pdf")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        document = self.get_queryset().defer(None).get(pk=self.get_object().pk)
        return attachment_response(
            document.pdf,
            filename=f"{document.kind}-{document.year}-{document.code}.pdf",
            content_type="application/pdf",
        )


def _verification(data: bytes, user) -> dict:
    check, document, stage = services.verify(data, user=user, source="api")
    return {
        "sha256": check.sha256,
        "readable": check.readable,
        "issued_by_kinerja": document is not None,
        "document": document.pk if document else None,
        "code": document.code if document else None,
        "stage": stage,
        "all_signatures_ok": check.all_signatures_ok,
        "signatures": [{**vars(s), "ok": s.ok} for s in check.signatures],
    }


class VerifyView(APIView):
    """Verify a PDF (multipart field ``file``): issued by Kinerja, and every signature intact and trusted.
    Public, like the verification page."""

    permission_classes = [permissions.AllowAny]
    parser_classes = [MultiPartParser]
    throttle_classes = [VerifyThrottle]

    @extend_schema(
        request={
            "multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        responses=VerificationSerializer,
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": [_("Send the PDF in the field 'file'.")]})
        if upload.size > MAX_UPLOAD:
            raise exceptions.ValidationError({"file": [_("The file is larger than 20 MB.")]})
        try:
            inspect_upload(upload, allowed={PDF}, limit=MAX_UPLOAD)  # a PDF by structure, without active content
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"file": error.messages}) from error
        return Response(_verification(upload.read(), request.user))
