"""Demo agreements and integrity pacts for 2026, signed with the demo certificate authority (not legally valid).

Every demo agency head's performance agreement and integrity pact is prepared from the demo data; most are
signed by both parties (the agency head, then the governor), a few await a signature, and the roads agency's
agreement was revised on the ground of a change of strategy. The document date is the coordination meeting
of 21 January 2026 at which the heads signed their commitments; the cryptographic signing time is the real
time of the demo load. The demo CA and each user's certificate (passphrase ``demo-<username>``) are written
to ``DEMO_CA_DIR`` so that a demo user can sign the waiting documents through the page.
"""

import datetime
import os

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command

from kinerja.core.access import SYSTEM
from kinerja.core.models import Agency, Government, User
from kinerja.integrity import demo_ca, services, signing
from kinerja.integrity.choices import DocumentKind, DocumentState, RevisionGround
from kinerja.integrity.management.commands.demo_ca import DEMO_PASSPHRASE_PREFIX
from kinerja.integrity.models import SignedDocument

YEAR = 2026
SIGNING_DAY = datetime.date(2026, 1, 21)
# Agencies whose documents still wait: (agency code, state of the agreement, state of the pact).
WAITING = {
    "dlhp": (DocumentState.READY, DocumentState.READY),
    "dispangan": (DocumentState.FIRST_SIGNED, DocumentState.IN_FORCE),
    "satpolpp": (DocumentState.DRAFT, DocumentState.READY),
}
REVISED = "dpubmtr"
DEMO = {"is_illustrative": True, "document_date": SIGNING_DAY}


def _credential(user: User) -> signing.Pkcs12Credential:
    path = settings.DEMO_CA_DIR / f"{user.username}.p12"
    return signing.Pkcs12Credential(path.read_bytes(), DEMO_PASSPHRASE_PREFIX + user.username)


def _party(user: User, agency: Agency | None = None) -> dict:
    name = (agency.head_name if agency and agency.head_name else "") or user.get_full_name() or user.username
    position = (agency.head_position if agency and agency.head_position else "") or user.position
    return {"user": user, "name": name, "nip": (agency.head_nip if agency else "") or user.nip, "position": position}


def _advance(document: SignedDocument, target: str, first: User, second: User | None) -> SignedDocument:
    order = [DocumentState.DRAFT, DocumentState.READY, DocumentState.FIRST_SIGNED, DocumentState.IN_FORCE]
    if order.index(target) >= 1:
        document = services.document_mark_ready(user=SYSTEM, document=document, expected_version=document.lock_version)
    if order.index(target) >= 2:
        document = services.document_sign(user=first, document=document, credential=_credential(first))
    if target == DocumentState.IN_FORCE and second is not None:
        document = services.document_sign(user=second, document=document, credential=_credential(second))
    return document


def load(*, stdout, government: Government) -> None:
    if SignedDocument.objects.filter(government=government, year=YEAR).exists():
        stdout.write("  integrity: already loaded")
        return
    if not (settings.DEMO_CA_DIR / "ca.pem").exists():
        key, cert = demo_ca.make_ca()
        demo_ca.write_ca(settings.DEMO_CA_DIR, key, cert)
    call_command("demo_ca", stdout=stdout)
    governor = User.objects.get(username="gubernur")
    count = 0
    document = services.document_prepare(
        user=SYSTEM, kind=DocumentKind.PK_GOVERNMENT, government=government, year=YEAR, first_party=_party(governor),
        **DEMO,
    )  # fmt: skip
    _advance(document, DocumentState.IN_FORCE, governor, None)
    count += 1
    for agency in Agency.objects.filter(government=government).order_by("code"):
        head = User.objects.filter(username=f"{agency.code}.kepala").first()
        if head is None:
            continue
        agreement_state, pact_state = WAITING.get(agency.code, (DocumentState.IN_FORCE, DocumentState.IN_FORCE))
        agreement = services.document_prepare(
            user=SYSTEM, kind=DocumentKind.PK_AGENCY, government=government, year=YEAR, agency=agency,
            first_party=_party(head, agency), second_party=_party(governor), **DEMO,
        )  # fmt: skip
        agreement = _advance(agreement, agreement_state, head, governor)
        if agency.code == REVISED:
            revised = services.document_revise(
                user=SYSTEM, document=agreement, ground=RevisionGround.STRATEGY,
                note="Percepatan jalan provinsi dan dukungan akses Pelabuhan Tanjung Carat (ilustrasi).",
                document_date=datetime.date(2026, 3, 2), expected_version=agreement.lock_version,
            )  # fmt: skip
            _advance(revised, DocumentState.IN_FORCE, head, governor)
            count += 1
        pact = services.document_prepare(
            user=SYSTEM, kind=DocumentKind.INTEGRITY_PACT, government=government, year=YEAR, agency=agency,
            first_party=_party(head, agency), **DEMO,
        )  # fmt: skip
        _advance(pact, pact_state, head, None)
        count += 2
    count += _divisions(government, governor)
    _date_signatures_on_the_day(government)
    stdout.write(f"  integrity: {count} documents for {YEAR}, signed with the demo CA (not legally valid)")
    _annual_reports(government)


# Dinas Kesehatan's narrative of 2026 for the LKjIP (illustrative), approved by Bappeda.
NARRATIVE = {
    "drivers": "Posyandu aktif dan kader kesehatan terlatih di 17 kabupaten/kota; dukungan DAK fisik untuk puskesmas "
    "(ilustrasi).",
    "inhibitors": "Data kematian ibu dari kabupaten/kota terlambat masuk; sembilan jenis tenaga kesehatan belum "
    "lengkap di puskesmas daerah terpencil (ilustrasi).",
    "solutions": "Pendampingan pelaporan bulanan ke dinas kabupaten/kota dan penugasan khusus tenaga kesehatan "
    "(ilustrasi).",
    "next_steps": "Integrasi data kesehatan ibu dan anak dengan sistem kabupaten/kota pada Renja 2027 (ilustrasi).",
}


# The government's own narrative of 2026 (illustrative), written by Bappeda: the same for every RPJMD objective
# but for its name, and the introduction and closing of the government's LKjIP.
GOVERNMENT_NARRATIVE = {
    "drivers": "Koordinasi lintas perangkat daerah melalui rapat evaluasi triwulanan yang dipimpin Sekda; "
    "dukungan program prioritas nasional di kabupaten/kota (ilustrasi).",
    "inhibitors": "Keterlambatan data dari kabupaten/kota dan realisasi anggaran yang menumpuk di triwulan IV "
    "(ilustrasi).",
    "solutions": "Tindak lanjut arahan rapat koordinasi dipantau per perangkat daerah; percepatan pengadaan sejak "
    "triwulan I (ilustrasi).",
    "next_steps": "Penyelarasan indikator Renstra perangkat daerah dengan IKU RPJMD pada RKPD 2027 (ilustrasi).",
}
GOVERNMENT_OWN = {
    "introduction": "LKjIP Pemerintah Provinsi ini disusun Bappeda dari data kinerja yang telah diverifikasi "
    "(ilustrasi).",
    "closing": "Capaian tahun ini menjadi dasar perbaikan perencanaan dan penganggaran tahun berikutnya (ilustrasi).",
}


def _government_narrative(government: Government) -> None:
    from kinerja.core.access import SYSTEM
    from kinerja.monitoring import narratives

    for objective, data in [(o, GOVERNMENT_NARRATIVE) for o in narratives.government_objectives(government)] + [
        (None, GOVERNMENT_OWN)
    ]:
        narrative = narratives.government_narrative_save(
            user=SYSTEM, government=government, year=YEAR, objective=objective, data=data, expected_version=0
        )
        narrative = narratives.narrative_submit(
            user=SYSTEM, narrative=narrative, expected_version=narrative.lock_version
        )
        narratives.narrative_review(
            user=SYSTEM, narrative=narrative, approve=True, note="", expected_version=narrative.lock_version
        )


def _annual_reports(government: Government) -> None:
    """The 2026 LKjIP of Dinas Kesehatan and of the government, issued on load (made once the load commits)."""
    from kinerja.core.access import SYSTEM
    from kinerja.integrity import lkjip_services
    from kinerja.monitoring import narratives

    dinkes = Agency.objects.filter(government=government, code="dinkes").first()
    if dinkes is None:
        return
    for objective in narratives.agency_objectives(dinkes):
        narrative = narratives.narrative_save(
            user=SYSTEM, agency=dinkes, year=YEAR, objective=objective, data=NARRATIVE, expected_version=0
        )
        narrative = narratives.narrative_submit(
            user=SYSTEM, narrative=narrative, expected_version=narrative.lock_version
        )
        narratives.narrative_review(
            user=SYSTEM, narrative=narrative, approve=True, note="", expected_version=narrative.lock_version
        )
    _government_narrative(government)
    for agency in (dinkes, None):
        report = lkjip_services.report_issue(user=SYSTEM, government=government, year=YEAR, agency=agency)
        lkjip_services.report_make(report.pk)  # now, not after the load: the demo shows them at once


# Divisions of the health agency (illustrative heads), with the activities they carry.
DIVISIONS = [
    ("dinkes", "Bidang Pelayanan Kesehatan", "kabid.yankes", "Kabid Pelayanan Kesehatan (ilustrasi)"),
    ("dinkes", "Bidang Pencegahan dan Pengendalian Penyakit", "kabid.p2p", "Kabid P2P (ilustrasi)"),
]


def _divisions(government: Government, governor: User) -> int:
    from kinerja.core.choices import Role
    from kinerja.core.models import Membership
    from kinerja.planning.models import PlanNode

    count = 0
    for number, (code, name, username, full_name) in enumerate(DIVISIONS):
        agency = Agency.objects.filter(government=government, code=code).first()
        agency_head = User.objects.filter(username=f"{code}.kepala").first()
        if agency is None or agency_head is None:
            continue
        user, _ = User.objects.get_or_create(
            username=f"{code}.{username}",
            defaults={"first_name": full_name, "position": name.replace("Bidang", "Kepala Bidang", 1),
                      "password": make_password(settings.DEMO_PASSWORD)},
        )  # fmt: skip
        Membership.objects.get_or_create(user=user, government=government, role=Role.OPERATOR, agency=agency)
        activities = list(PlanNode.objects.filter(agency=agency, kind="activity").order_by("code", "pk"))
        division = services.division_save(
            user=SYSTEM, agency=agency, name=name, head=user, activities=activities[number :: len(DIVISIONS)]
        )
        call_command("demo_ca", user=[user.username], stdout=open(os.devnull, "w"))  # noqa: SIM115
        for kind in (DocumentKind.PK_DIVISION, DocumentKind.INTEGRITY_PACT):
            document = services.division_prepare(user=SYSTEM, division=division, year=YEAR, kind=kind, **DEMO)
            _advance(document, DocumentState.IN_FORCE, user, agency_head if kind == DocumentKind.PK_DIVISION else None)
            count += 1
    return count


def _date_signatures_on_the_day(government: Government) -> None:
    """Record the demo signatures on the day of their document (the 21 January meeting, the 2 March revision).

    Signing happens when the demo is loaded, months later; left at that time every demo agreement would
    read "signed N days late" although the story has the heads sign at the meeting. The PDF keeps its real
    cryptographic signing time (the verification page shows it); this is the illustrative record only.
    """
    from zoneinfo import ZoneInfo

    from kinerja.integrity.models import Signature

    jakarta = ZoneInfo("Asia/Jakarta")
    signatures = list(
        Signature.objects.filter(document__government=government, document__year=YEAR).select_related("document")
    )
    for signature in signatures:
        day = signature.document.document_date or SIGNING_DAY
        signature.signed_at = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=jakarta)
    Signature.objects.bulk_update(signatures, ["signed_at"])
