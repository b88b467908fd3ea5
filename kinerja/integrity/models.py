"""Performance agreements (Perjanjian Kinerja) and integrity pacts (Pakta Integritas) as signed documents.

A document is generated from the data (its content is frozen as JSON when it is prepared, so the PDF can be
rendered again identically), rendered to PDF and signed with PAdES signatures, each signature an
incremental revision that keeps the earlier ones valid. Every PDF Kinerja hands out is recorded by its
SHA-256 (``IssuedFile``), so the verification page can tell a document Kinerja issued from an altered one.
A revision makes a new version; the old one stays readable, marked superseded.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import Agency, AuditedModel, Government, TimeStampedModel
from kinerja.core.querysets import RestrictedQuerySet, Scope
from kinerja.integrity.choices import DocumentKind, DocumentState, Party, RevisionGround
from kinerja.integrity.permissions import INTEGRITY

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud or typed from paper


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class Division(AuditedModel):
    """A division (bidang) of an agency with its head: signs its own agreement (its activities) with the
    agency head, and an integrity pact."""

    scope = Scope(area=INTEGRITY, agency="agency")
    objects = RestrictedQuerySet.as_manager()

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+", verbose_name=_("government"))
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="divisions", verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=255)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("head (user)"),
    )  # fmt: skip
    head_name = models.CharField(_("name of the head"), max_length=200)
    head_nip = models.CharField(_("NIP of the head"), max_length=30, blank=True)
    head_position = models.CharField(_("position of the head"), max_length=255)
    activities = models.ManyToManyField("planning.PlanNode", blank=True, related_name="+", verbose_name=_("activities"))
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["agency", "name"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="division_once_per_agency")]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.short_name})"


class SignedDocument(AuditedModel):
    scope = Scope(area=INTEGRITY, agency="agency")
    audit_exclude = ("pdf", "content")

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+", verbose_name=_("government"))
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="signed_documents",
        verbose_name=_("agency"),
    )  # fmt: skip
    division = models.CharField(_("division"), max_length=255, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version",
        verbose_name=_("previous version"),
    )  # fmt: skip
    revision_ground = models.CharField(
        _("ground for the revision"), max_length=12, choices=RevisionGround.choices, blank=True
    )
    revision_note = models.TextField(_("note on the revision"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=DocumentState.choices, default=DocumentState.DRAFT)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, default="Palembang")
    document_date = models.DateField(_("date of the document"), null=True, blank=True)

    first_party = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("first party"),
    )  # fmt: skip
    first_party_name = models.CharField(_("name of the first party"), max_length=200)
    first_party_nip = models.CharField(_("NIP of the first party"), max_length=30, blank=True)
    first_party_position = models.CharField(_("position of the first party"), max_length=255)
    second_party = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("second party"),
    )  # fmt: skip
    second_party_name = models.CharField(_("name of the second party"), max_length=200, blank=True)
    second_party_nip = models.CharField(_("NIP of the second party"), max_length=30, blank=True)
    second_party_position = models.CharField(_("position of the second party"), max_length=255, blank=True)

    content = models.JSONField(_("content"), default=dict)
    code = models.CharField(_("verification code"), max_length=12, unique=True, default=new_code, editable=False)
    pdf = models.BinaryField(_("PDF"), null=True, editable=False)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, editable=False)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["government", "year", "kind", "agency", "division", "-version"]
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        constraints = [
            models.UniqueConstraint(
                fields=["government", "year", "kind", "agency", "division", "first_party_nip", "version"],
                name="signed_document_version_once",
            ),
            models.CheckConstraint(
                condition=Q(kind=DocumentKind.PK_GOVERNMENT) | Q(agency__isnull=False),
                name="signed_document_agency_unless_government",
            ),
        ]

    def __str__(self) -> str:
        who = self.division or (self.agency.short_name if self.agency_id else "")
        return f"{self.get_kind_display()} {self.year} · {who or self.first_party_name} (v{self.version})"

    @property
    def needs_second_party(self) -> bool:
        return self.kind in (DocumentKind.PK_AGENCY, DocumentKind.PK_DIVISION)

    @property
    def is_signed_by_all(self) -> bool:
        return self.state == DocumentState.IN_FORCE

    @property
    def state_label(self) -> str:
        """The state in words: a one-signer document (a pact, the government's agreement) is signed, not by both."""
        if self.state == DocumentState.IN_FORCE and not self.needs_second_party:
            return str(_("Signed (in force)"))
        return self.get_state_display()

    def days_late(self, *, in_force_on: datetime.date | None, today: datetime.date) -> int:
        """Days past the due date: until the signature that put it in force (that stays, it is history), or
        until ``today`` while it is not in force. 0 when on time or without a due date."""
        if self.due_date is None:
            return 0
        end = in_force_on if self.is_signed_by_all and in_force_on else today
        return max(0, (end - self.due_date).days)


class Signature(TimeStampedModel):
    """One signature applied to a document: who, when, with which certificate, and the PDF it produced."""

    scope = Scope(area=INTEGRITY, government="document__government", agency="document__agency")
    objects = RestrictedQuerySet.as_manager()

    document = models.ForeignKey(SignedDocument, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("party"), max_length=10, choices=Party.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"))
    certificate_subject = models.CharField(_("certificate subject"), max_length=500)
    certificate_issuer = models.CharField(_("certificate issuer"), max_length=500)
    certificate_serial = models.CharField(_("certificate serial number"), max_length=100)
    certificate_sha256 = models.CharField(_("certificate fingerprint (SHA-256)"), max_length=64)
    pdf_sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64)

    class Meta:
        ordering = ["document", "signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [models.UniqueConstraint(fields=["document", "party"], name="signature_once_per_party")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.party} {self.certificate_subject}"


class IssuedFile(models.Model):
    """Every PDF byte sequence Kinerja handed out for a document (unsigned, after each signature)."""

    document = models.ForeignKey(SignedDocument, on_delete=models.CASCADE, related_name="issued_files")
    sha256 = models.CharField(max_length=64, unique=True)
    stage = models.CharField(max_length=12, choices=DocumentState.choices)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.document_id} {self.stage} {self.sha256[:12]}"


class PreparationBatch(TimeStampedModel):
    """The preparation of every agency's agreement and integrity pact for a year, run by the worker."""

    scope = Scope(area=INTEGRITY, agency=None)
    objects = RestrictedQuerySet.as_manager()

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, _("Queued")), (RUNNING, _("Running")), (DONE, _("Done")), (FAILED, _("Failed"))]

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=QUEUED)
    total = models.PositiveIntegerField(_("agencies"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    documents = models.PositiveIntegerField(_("documents made"), default=0)
    errors = models.TextField(_("errors"), blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("preparation batch")
        verbose_name_plural = _("preparation batches")

    def __str__(self) -> str:
        return f"{self.year}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def report_path(instance, filename: str) -> str:
    return f"lkjip/{instance.year}/{instance.agency.code if instance.agency_id else 'pemda'}-v{instance.version}.pdf"


class AnnualReport(TimeStampedModel):
    """An issued LKjIP: the PDF made from the data of the day, kept with its SHA-256 so that anyone can
    verify a copy (the verification page), as the agreements are. Made in the worker (``status`` and
    ``step`` tell its progress); a new issuance of the same year is the next version, the earlier stay."""

    scope = Scope(area=INTEGRITY, agency="agency", shared=Q(agency__isnull=True))
    objects = RestrictedQuerySet.as_manager()

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, _("Queued")), (RUNNING, _("Running")), (DONE, _("Issued")), (FAILED, _("Failed"))]

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=QUEUED)
    step = models.CharField(_("step"), max_length=100, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_path, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, null=True, blank=True, unique=True)
    indicators = models.PositiveIntegerField(_("indicators"), default=0)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-year", "agency", "-version"]
        verbose_name = _("annual performance report (LKjIP)")
        verbose_name_plural = _("annual performance reports (LKjIP)")
        constraints = [
            models.UniqueConstraint(fields=["government", "agency", "year", "version"], name="lkjip_version_once"),
            models.UniqueConstraint(
                fields=["government", "year", "version"], condition=Q(agency__isnull=True),
                name="lkjip_government_version_once",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"LKjIP {self.year} {self.agency or self.government} v{self.version}"
