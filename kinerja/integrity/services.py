"""Preparing, signing, revising and verifying performance agreements and integrity pacts.

States: draft → ready for signature → signed by the first party → signed by both (in force); a document
with one signer (the government's agreement, an integrity pact) is in force once its signer signed. A
revision (one of the three grounds of PermenPAN-RB 53/2014) makes a new version from the data of the day;
the earlier one stays readable, marked superseded. Every step lands in the audit trail.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import audit, links
from kinerja.core.access import SYSTEM, may, person, require
from kinerja.core.models import Agency, Government
from kinerja.core.services import apply_changes, check_version
from kinerja.integrity import content, documents, signing
from kinerja.integrity.choices import DocumentKind, DocumentState, Party, RevisionGround
from kinerja.integrity.models import IssuedFile, Signature, SignedDocument
from kinerja.integrity.permissions import INTEGRITY


def verification_link(document: SignedDocument) -> str:
    return links.absolute_url(reverse("integrity:verify_code", args=[document.code]))


def _store_pdf(document: SignedDocument, pdf: bytes, stage: str) -> None:
    document.pdf = pdf
    document.pdf_sha256 = signing.sha256(pdf)
    IssuedFile.objects.create(document=document, sha256=document.pdf_sha256, stage=stage)


def _render(document: SignedDocument) -> None:
    _store_pdf(document, documents.document_pdf(document, verification_link(document)), DocumentState.DRAFT)


def _content(kind: str, government: Government, agency: Agency | None, year: int, activities=None) -> dict:
    if kind == DocumentKind.PK_AGENCY:
        return content.agency_agreement(agency, year)
    if kind == DocumentKind.PK_GOVERNMENT:
        return content.government_agreement(government, year)
    if kind == DocumentKind.PK_DIVISION:
        return content.division_agreement(list(activities or []), year)
    return {}


def default_due_date(year: int) -> datetime.date:
    """One month after the budget document (DPA) is approved: the year's DPA date from the settings."""
    dpa = settings.INTEGRITY_DPA_DATES.get(year) or datetime.date(year - 1, 12, 31)
    year_of_due, month = (dpa.year + 1, 1) if dpa.month == 12 else (dpa.year, dpa.month + 1)
    return datetime.date(year_of_due, month, min(dpa.day, calendar.monthrange(year_of_due, month)[1]))


@transaction.atomic
def document_prepare(
    *,
    user,
    kind: str,
    government: Government,
    year: int,
    first_party: dict,
    second_party: dict | None = None,
    agency: Agency | None = None,
    division: str = "",
    activities=None,
    place: str = "Palembang",
    due_date: datetime.date | None = None,
    document_date: datetime.date | None = None,
    is_illustrative: bool = False,
) -> SignedDocument:
    """Make a draft from the data of the day and render its PDF.

    ``first_party``/``second_party``: ``user`` (optional), ``name``, ``nip``, ``position``."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown document.")})
    if kind != DocumentKind.PK_GOVERNMENT and agency is None:
        raise ValidationError({"agency": _("Choose the agency.")})
    # The government's own agreement is decided on the government, an agency's on the agency.
    require(user, "add", agency if agency is not None else government, area=INTEGRITY)
    needs_second = kind in (DocumentKind.PK_AGENCY, DocumentKind.PK_DIVISION)
    errors = {}
    if not (first_party.get("name") or "").strip() or not (first_party.get("position") or "").strip():
        errors["first_party"] = _("Give the name and position of the first party.")
    if needs_second and (
        not second_party
        or not (second_party.get("name") or "").strip()
        or not (second_party.get("position") or "").strip()
    ):
        errors["second_party"] = _("Give the name and position of the second party.")
    if errors:
        raise ValidationError(errors)
    # One agreement per agency (or division) and year: a new official is a revision of it. A pact is
    # personal: each official who holds the position signs their own.
    same = {"first_party_nip": first_party.get("nip", "")} if kind == DocumentKind.INTEGRITY_PACT else {}
    current = (
        SignedDocument.objects.select_for_update(of=("self",))
        .filter(
            government=government,
            year=year,
            kind=kind,
            agency=agency,
            division=division,
            next_version__isnull=True,
            **same,
        )  # fmt: skip
        .first()
    )
    if current is not None:
        raise ValidationError(
            _("This document already exists (version %(v)s); revise it instead.") % {"v": current.version}
        )
    second_party = second_party or {}
    document = SignedDocument(
        government=government, kind=kind, year=year, agency=agency, division=division, place=place,
        due_date=due_date or default_due_date(year), document_date=document_date or timezone.localdate(),
        is_illustrative=is_illustrative,
        first_party=first_party.get("user"), first_party_name=first_party["name"].strip(),
        first_party_nip=first_party.get("nip", ""), first_party_position=first_party["position"].strip(),
        second_party=second_party.get("user"), second_party_name=(second_party.get("name") or "").strip(),
        second_party_nip=second_party.get("nip", ""), second_party_position=(second_party.get("position") or "").strip(),
        content=_content(kind, government, agency, year, activities),
    )  # fmt: skip
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as error:  # the same document made at the same moment by someone else
        raise ValidationError(
            _("This document already exists (version %(v)s); revise it instead.") % {"v": 1}
        ) from error
    _render(document)
    document.save(update_fields=["pdf", "pdf_sha256"])
    return document


@transaction.atomic
def document_mark_ready(*, user, document: SignedDocument, expected_version: int | None) -> SignedDocument:
    document = SignedDocument.objects.select_for_update().get(pk=document.pk)
    require(user, "change", document)
    check_version(document, expected_version, ["state"])
    if document.state != DocumentState.DRAFT:
        raise ValidationError(_("Only a draft can be made ready for signature."))
    document.state = DocumentState.READY
    document.lock_version += 1
    document.save(update_fields=["state", "lock_version", "updated"])
    return document


def party_whose_turn(user, document: SignedDocument) -> str | None:
    """The party ``user`` signs as now, or None when it is not their turn."""
    if document.state == DocumentState.READY and document.first_party_id == user.pk:
        return Party.FIRST
    if document.state == DocumentState.FIRST_SIGNED and document.second_party_id == user.pk:
        return Party.SECOND
    return None


def _party_of(user, document: SignedDocument) -> str:
    """Which party the user signs as, or why they may not sign now."""
    party = party_whose_turn(user, document)
    if party is not None:
        return party
    if document.state in (DocumentState.DRAFT, DocumentState.SUPERSEDED, DocumentState.IN_FORCE):
        raise ValidationError(_("This document cannot be signed in its state (%(state)s).") % {
            "state": document.get_state_display()})  # fmt: skip
    if document.state == DocumentState.READY:
        raise PermissionDenied(_("The first party (%(name)s) signs first.") % {"name": document.first_party_name})
    raise PermissionDenied(_("Only the second party (%(name)s) signs now.") % {"name": document.second_party_name})


def document_sign(*, user, document: SignedDocument, credential: signing.Credential) -> SignedDocument:
    """Sign the document as the party whose turn it is. The credential is used and dropped, never stored."""
    with transaction.atomic():
        document = SignedDocument.objects.select_for_update().get(pk=document.pk)
        # Who signs is who the document names (an agency head, the governor, a division head whatever
        # their role); whose turn it is, _party_of decides.
        if getattr(user, "pk", None) is None or user.pk not in (document.first_party_id, document.second_party_id):
            raise PermissionDenied(_("You are not allowed to sign this document."))
        party = _party_of(user, document)
        reason = _("%(doc)s %(year)s, as %(party)s") % {
            "doc": document.get_kind_display(), "year": document.year, "party": Party(party).label}  # fmt: skip
        pdf, cert = signing.sign_pdf(
            bytes(document.pdf), credential, field_name=f"Tanda_tangan_{party}",
            reason=reason, location=document.place,
        )  # fmt: skip
        before = {"state": document.state, "pdf_sha256": document.pdf_sha256}
        done = party == Party.SECOND or not document.needs_second_party
        document.state = DocumentState.IN_FORCE if done else DocumentState.FIRST_SIGNED
        _store_pdf(document, pdf, document.state)
        document.lock_version += 1
        document.save(update_fields=["state", "pdf", "pdf_sha256", "lock_version", "updated"])
        Signature.objects.create(
            document=document, party=party, user=user, signed_at=timezone.now(), certificate_subject=cert.subject,
            certificate_issuer=cert.issuer, certificate_serial=cert.serial, certificate_sha256=cert.sha256,
            pdf_sha256=document.pdf_sha256,
        )  # fmt: skip
        audit.record_event(
            action="sign", obj=document, before=before,
            after={"state": document.state, "pdf_sha256": document.pdf_sha256, "party": party,
                   "certificate": cert.subject, "certificate_sha256": cert.sha256},
        )  # fmt: skip
    return document


@transaction.atomic
def document_revise(
    *,
    user,
    document: SignedDocument,
    ground: str,
    note: str = "",
    first_party: dict | None = None,
    activities=None,
    document_date: datetime.date | None = None,
    expected_version: int | None,
) -> SignedDocument:
    """A new version from the data of the day, on one of the three grounds; the old one is superseded.

    ``expected_version`` is the lock_version of the document as the user saw it: a document signed or
    revised meanwhile is not revised unseen."""
    document = SignedDocument.objects.select_for_update().get(pk=document.pk)
    require(user, "change", document)
    check_version(document, expected_version, ["state", "version"])
    if ground not in RevisionGround.values:
        raise ValidationError({"ground": _("Choose the ground for the revision.")})
    if hasattr(document, "next_version"):
        raise ValidationError(_("This version was already revised."))
    if document.state == DocumentState.SUPERSEDED:
        raise ValidationError(_("This version is superseded."))
    first = first_party or {}
    new = SignedDocument(
        government=document.government, kind=document.kind, year=document.year, agency=document.agency,
        division=document.division, version=document.version + 1, previous=document, revision_ground=ground,
        revision_note=note.strip(), place=document.place, due_date=document.due_date,
        document_date=document_date or timezone.localdate(), first_party=first.get("user", document.first_party),
        first_party_name=first.get("name", document.first_party_name),
        first_party_nip=document.first_party_nip,
        first_party_position=first.get("position", document.first_party_position),
        second_party=document.second_party, second_party_name=document.second_party_name,
        second_party_nip=document.second_party_nip, second_party_position=document.second_party_position,
        content=_content(document.kind, document.government, document.agency, document.year, activities)
        if document.kind != DocumentKind.PK_DIVISION or activities is not None else document.content,
        is_illustrative=document.is_illustrative,
    )  # fmt: skip
    document.state = DocumentState.SUPERSEDED
    document.lock_version += 1
    document.save(update_fields=["state", "lock_version", "updated"])
    new.save()
    _render(new)
    new.save(update_fields=["pdf", "pdf_sha256"])
    audit.record_event(
        action="revise", obj=new, before={"version": document.version},
        after={"version": new.version, "ground": ground, "note": new.revision_note},
    )  # fmt: skip
    return new


def verify(data: bytes, *, user, source: str = "upload"):
    """Check a PDF: is it one Kinerja issued (by its SHA-256), and is every signature intact and trusted?

    Returns (check, document or None, issued stage or None). Recorded in the audit trail, except an
    anonymous check of a file Kinerja never issued: anyone may check any file (the public page and API,
    rate limited), and such checks would only grow the chain with noise."""
    check = signing.check_pdf(data)
    issued = IssuedFile.objects.select_related("document").filter(sha256=check.sha256).first()
    document = issued.document if issued else None
    anonymous = user is None or not user.is_authenticated
    if document is None and anonymous:
        return check, None, None
    audit.record_event(
        action="verify", obj=document, object_type="" if document else "integrity.signeddocument",
        object_id="" if document else "-",
        after={"sha256": check.sha256, "issued": bool(issued), "signatures_ok": check.all_signatures_ok,
               "source": source},
    )  # fmt: skip
    return check, document, issued.stage if issued else None


# --- every agency at once ------------------------------------------------------------------------


def batch_start(*, user, government: Government, year: int):
    """Queue the preparation of every agency's agreement and pact for the year (planners, administrators)."""
    from kinerja.integrity.models import PreparationBatch
    from kinerja.integrity.tasks import prepare_batch

    # A right on the whole government (planners, administrators), never an agency head's.
    if not may(user, "add", government, area=INTEGRITY):
        raise PermissionDenied(_("Only planners prepare the documents of every agency."))
    running = PreparationBatch.objects.filter(
        government=government, year=year, status__in=[PreparationBatch.QUEUED, PreparationBatch.RUNNING]
    ).first()
    if running is not None:
        return running
    batch = PreparationBatch.objects.create(
        government=government, year=year, user=person(user),
        total=Agency.objects.filter(government=government).count(),
    )  # fmt: skip
    base_url = links.base_url()  # the worker has no request: hand it the address this one came in on
    transaction.on_commit(lambda: prepare_batch.enqueue(batch.pk, base_url))
    return batch


def _governor(government: Government) -> dict:
    from kinerja.core.choices import Role
    from kinerja.core.models import User

    user = (
        User.objects.filter(
            memberships__government=government, memberships__role=Role.LEADER, first_name=government.head_name
        ).first()
        if government.head_name
        else None
    )
    place = government.name.replace("Pemerintah ", "")
    return {"user": user, "name": government.head_name or government.head_title,
            "position": f"{government.head_title} {place.replace('Provinsi ', '')}"}  # fmt: skip


def _agency_head(agency: Agency) -> dict:
    from kinerja.core.choices import Role
    from kinerja.core.models import User

    user = User.objects.filter(memberships__agency=agency, memberships__role=Role.AGENCY_HEAD, is_active=True).first()
    name = agency.head_name or (user.get_full_name() if user else "") or f"Kepala {agency.short_name or agency.name}"
    position = agency.head_position or (user.position if user else "") or f"Kepala {agency.name}"
    return {"user": user, "name": name, "nip": agency.head_nip or (user.nip if user else ""), "position": position}


def batch_run(batch_id: int) -> str:
    """Prepare what is missing, agency by agency (a failure is recorded and the next agency goes on)."""
    from kinerja.integrity.models import PreparationBatch

    batch = PreparationBatch.objects.select_related("government").get(pk=batch_id)
    PreparationBatch.objects.filter(pk=batch.pk).update(status=PreparationBatch.RUNNING)
    government, year = batch.government, batch.year
    governor = _governor(government)
    existing = set(
        SignedDocument.objects.filter(government=government, year=year, next_version__isnull=True, division="")
        .exclude(agency=None)
        .values_list("agency_id", "kind")
    )
    errors = []
    made = 0
    for number, agency in enumerate(Agency.objects.filter(government=government).order_by("code"), start=1):
        try:
            with transaction.atomic():
                head = _agency_head(agency)
                for kind, second in ((DocumentKind.PK_AGENCY, governor), (DocumentKind.INTEGRITY_PACT, None)):
                    if (agency.pk, kind) in existing:
                        continue
                    # The worker acts as the system: batch_start checked the right of who asked for it.
                    document = document_prepare(
                        user=SYSTEM, kind=kind, government=government, year=year, agency=agency,
                        first_party=head, second_party=second,
                    )  # fmt: skip
                    document_mark_ready(user=SYSTEM, document=document, expected_version=document.lock_version)
                    made += 1
        except (ValidationError, PermissionDenied) as error:
            errors.append(f"{agency.code}: {'; '.join(getattr(error, 'messages', [str(error)]))}")
        PreparationBatch.objects.filter(pk=batch.pk).update(done=number, documents=made, errors="\n".join(errors))
    PreparationBatch.objects.filter(pk=batch.pk).update(
        status=PreparationBatch.FAILED if errors and not made else PreparationBatch.DONE, finished=timezone.now()
    )
    audit.record_event(
        action="prepare_all", obj=None, object_type="integrity.preparationbatch", object_id=str(batch.pk),
        government_id=government.pk, after={"year": year, "documents": made, "errors": len(errors)},
    )  # fmt: skip
    return PreparationBatch.DONE


# --- divisions (bidang) --------------------------------------------------------------------------


DIVISION_FIELDS = ["name", "head", "head_name", "head_nip", "head_position"]


@transaction.atomic
def division_save(*, user, agency: Agency, name: str, head=None, head_name: str = "", head_nip: str = "",
                  head_position: str = "", activities=(), division=None,
                  expected_version: int | None = None):  # fmt: skip
    """Register (or change) a division of an agency with its head and the activities it carries.

    A change names the version of the division the user edited (``expected_version``): a division changed
    meanwhile by someone else is a conflict and nothing is saved."""
    from django.db.models import F

    from kinerja.integrity.models import Division
    from kinerja.planning.choices import NodeKind

    require(user, "change" if division else "add", agency, area=INTEGRITY)
    if division is not None:
        division = Division.objects.select_for_update().get(pk=division.pk)
        if division.agency_id != agency.pk:
            raise ValidationError(_("This division belongs to another agency."))
        check_version(division, expected_version, DIVISION_FIELDS)
    errors = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = _("Name the division.")
    if head is not None:
        head_name = head_name or head.get_full_name() or head.username
        head_nip = head_nip or head.nip
        head_position = head_position or head.position
    if not (head_name or "").strip() or not (head_position or "").strip():
        errors["head_name"] = _("Give the name and position of the head of the division.")
    activities = list(activities)
    foreign = [a for a in activities if a.agency_id != agency.pk or a.kind != NodeKind.ACTIVITY]
    if foreign:
        errors["activities"] = _("Choose activities of this agency only.")
    duplicate = Division.objects.filter(agency=agency, name__iexact=name)
    if division is not None:
        duplicate = duplicate.exclude(pk=division.pk)
    if name and duplicate.exists():
        errors["name"] = _("The agency already has a division with this name.")
    if errors:
        raise ValidationError(errors)
    values = {"name": name, "head": head, "head_name": head_name.strip(), "head_nip": head_nip,
              "head_position": head_position.strip()}  # fmt: skip
    if division is None:
        division = Division(government_id=agency.government_id, agency=agency, **values)
        division.save()
        division.activities.set(activities)
        return division
    changed = apply_changes(division, values)
    if sorted(a.pk for a in activities) != sorted(division.activities.values_list("pk", flat=True)):
        changed.append("activities")
    if changed:
        division.lock_version = F("lock_version") + 1
        division.save()
        division.refresh_from_db()
        division.activities.set(activities)
    return division


def division_prepare(*, user, division, year: int, kind: str, **options) -> SignedDocument:
    """The division head's agreement (the division's activities, second party the agency head) or pact."""
    first = {"user": division.head, "name": division.head_name, "nip": division.head_nip,
             "position": division.head_position}  # fmt: skip
    if kind == DocumentKind.PK_DIVISION:
        return document_prepare(
            user=user, kind=kind, government=division.government, year=year, agency=division.agency,
            division=division.name, activities=division.activities.order_by("code", "pk"), first_party=first,
            second_party=_agency_head(division.agency), **options,
        )  # fmt: skip
    if kind == DocumentKind.INTEGRITY_PACT:
        return document_prepare(
            user=user, kind=kind, government=division.government, year=year, agency=division.agency,
            division=division.name, first_party=first, **options,
        )  # fmt: skip
    raise ValidationError({"kind": _("Unknown document.")})
