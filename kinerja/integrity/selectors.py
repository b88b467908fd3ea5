"""Reads of integrity data for the pages that combine apps."""

import datetime

from django.db.models import Q

from kinerja.core.models import Agency
from kinerja.integrity.choices import DocumentKind, DocumentState
from kinerja.integrity.models import SignedDocument

AGENCY_KINDS = (DocumentKind.PK_AGENCY, DocumentKind.INTEGRITY_PACT)


def agency_documents(*, user, year: int, agency_ids: list[int] | None = None) -> dict[int, dict[str, str]]:
    """The state of the current version of each agency's agreement and pact of ``year`` (one query):
    ``{agency id: {kind: state}}``; a document not prepared yet is absent."""
    documents = SignedDocument.objects.restrict(user, "view").filter(
        year=year, next_version__isnull=True, kind__in=AGENCY_KINDS, division=""
    )
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=agency_ids)
    found: dict[int, dict[str, str]] = {}
    for agency_id, kind, state in documents.values_list("agency_id", "kind", "state"):
        found.setdefault(agency_id, {})[kind] = state
    return found


def signing_summary(*, user, government, year: int) -> dict:
    """How many of the government's agencies have their agreement and their pact in force (two queries)."""
    documents = agency_documents(user=user, year=year)
    agencies = Agency.objects.restrict(user, "view").filter(government=government, parent__isnull=True).count()
    complete = sum(
        1 for kinds in documents.values() if all(kinds.get(k) == DocumentState.IN_FORCE for k in AGENCY_KINDS)
    )
    return {"agencies": agencies, "complete": complete, "prepared": len(documents)}


# --- the leader's home -------------------------------------------------------------------------------


def agreement_gaps(*, user, year: int, today: datetime.date, agency=None) -> dict:
    """The agencies whose head's Perjanjian Kinerja or Pakta Integritas of ``year`` is not in force, and those
    whose agreement is past its due date (two queries; the integrity overview counts the same documents).

    Returns ``{"agencies": n, "not_signed": [row], "late": [row]}``, a row being
    ``{"agency", "agreement", "pact", "days_late"}`` (documents None when not prepared), and
    ``"government"``: the government's own agreement of the year (or None).
    """
    agencies = Agency.objects.restrict(user, "view").only("id", "code", "name", "short_name").order_by("name")
    if agency is not None:
        agencies = agencies.filter(pk=agency.pk)
    agencies = list(agencies)
    documents = (
        SignedDocument.objects.restrict(user, "view")
        .filter(year=year, next_version__isnull=True, division="")
        .filter(
            Q(kind=DocumentKind.PK_GOVERNMENT)
            | Q(agency__in=[a.pk for a in agencies], kind__in=[DocumentKind.PK_AGENCY, DocumentKind.INTEGRITY_PACT])
        )
        .only("pk", "kind", "agency_id", "state", "due_date", "version", "first_party_name")
    )
    by_agency: dict[int, dict] = {}
    government = None
    for document in documents:
        if document.kind == DocumentKind.PK_GOVERNMENT:
            government = document
        else:
            by_agency.setdefault(document.agency_id, {})[document.kind] = document
    not_signed, late = [], []
    for item in agencies:
        docs = by_agency.get(item.pk, {})
        agreement, pact = docs.get(DocumentKind.PK_AGENCY), docs.get(DocumentKind.INTEGRITY_PACT)
        signed = bool(agreement and agreement.is_signed_by_all and pact and pact.is_signed_by_all)
        if signed:
            continue
        # Still late (as the integrity overview counts it): an agreement in force, even signed late, is not.
        days_late = (
            agreement.days_late(in_force_on=None, today=today) if agreement and not agreement.is_signed_by_all else 0
        )
        row = {"agency": item, "agreement": agreement, "pact": pact, "days_late": days_late}
        not_signed.append(row)
        if days_late:
            late.append(row)
    late.sort(key=lambda r: (-r["days_late"], r["agency"].name))
    return {"agencies": len(agencies), "not_signed": not_signed, "late": late, "government": government}


def awaiting_signature(*, user, limit: int = 10) -> tuple[int, list[SignedDocument]]:
    """The documents whose turn to sign is ``user``'s (services.party_whose_turn, in SQL): (count, first ones)."""
    documents = (
        SignedDocument.objects.restrict(user, "view")
        .filter(next_version__isnull=True)
        .filter(
            Q(state=DocumentState.READY, first_party_id=user.pk)
            | Q(state=DocumentState.FIRST_SIGNED, second_party_id=user.pk)
        )
        .select_related("agency")
        .only(
            "pk",
            "kind",
            "year",
            "state",
            "due_date",
            "division",
            "version",
            "first_party_name",
            "agency__short_name",
            "agency__name",
        )
        .order_by("due_date", "pk")
    )
    rows = list(documents[:limit])
    count = documents.count()  # always counted: the same queries whatever the number
    return count, rows
