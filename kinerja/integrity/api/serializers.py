from django.urls import reverse
from rest_framework import serializers

from kinerja.core.api.fields import StrictModelSerializer, StrictSerializer
from kinerja.integrity.models import Signature, SignedDocument


class SignatureSerializer(StrictModelSerializer):
    class Meta:
        model = Signature
        fields = ["party", "user", "signed_at", "certificate_subject", "certificate_issuer", "certificate_serial",
                  "certificate_sha256", "pdf_sha256"]  # fmt: skip


class SignedDocumentSerializer(StrictModelSerializer):
    signatures = SignatureSerializer(many=True, read_only=True)
    verification_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = SignedDocument
        fields = [
            "id", "kind", "year", "government", "agency", "division", "version", "previous", "revision_ground",
            "revision_note", "state", "due_date", "place", "document_date", "first_party", "first_party_name",
            "first_party_nip", "first_party_position", "second_party", "second_party_name", "second_party_nip",
            "second_party_position", "content", "code", "pdf_sha256", "is_illustrative", "signatures",
            "verification_url", "pdf_url", "created", "updated",
        ]  # fmt: skip

    def get_verification_url(self, obj) -> str:
        from kinerja.integrity.services import verification_link

        return verification_link(obj)

    def get_pdf_url(self, obj) -> str:
        from kinerja.core.links import absolute_url

        return absolute_url(reverse("api:signed-document-pdf", args=[obj.pk]), self.context.get("request"))


class SignatureCheckSerializer(StrictSerializer):
    field_name = serializers.CharField()
    signer = serializers.CharField()
    issuer = serializers.CharField()
    signed_at = serializers.CharField(allow_null=True)
    intact = serializers.BooleanField()
    valid = serializers.BooleanField()
    trusted = serializers.BooleanField()
    covers_whole_file = serializers.BooleanField()
    changed_after = serializers.BooleanField()
    ok = serializers.BooleanField()


class VerificationSerializer(StrictSerializer):
    sha256 = serializers.CharField()
    readable = serializers.BooleanField()
    issued_by_kinerja = serializers.BooleanField()
    document = serializers.IntegerField(allow_null=True)
    code = serializers.CharField(allow_null=True)
    stage = serializers.CharField(allow_null=True)
    all_signatures_ok = serializers.BooleanField()
    signatures = SignatureCheckSerializer(many=True)
