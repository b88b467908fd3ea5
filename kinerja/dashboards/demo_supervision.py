"""Demo supervision: the vice-governor supervises the dinas, the Sekda the badan, bureaus and secretariats,
the governor every agency; a few requests (one answered with evidence, one overdue, one still open).

Idempotent: assignments and requests are found before they are made. Dates are relative to the day of loading.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kinerja.core.access import SYSTEM
from kinerja.core.choices import AgencyKind, Role
from kinerja.core.models import Agency, Membership, User
from kinerja.dashboards import supervision as services
from kinerja.dashboards.models_supervision import SupervisionAssignment, SupervisionRequest

REQUESTS = [
    # (supervisor, agency, kind, text, sent days ago, due days after sending, answer)
    (
        "wagub", "dinkes", "question",
        "Capaian indikator ini naik, tetapi keluhan layanan RSUD belum turun. Mohon penjelasan dan data pendukung.",
        20, 10,
        "Kenaikan capaian berasal dari penambahan jam layanan poliklinik; survei kepuasan triwulan berikutnya "
        "sedang berjalan. Terlampir rekap kunjungan.",
    ),
    (
        "sekda", "bapenda", "instruction",
        "Sampaikan rencana aksi percepatan realisasi pendapatan pajak kendaraan bermotor triwulan ini.",
        21, 7, None,
    ),
    (
        "wagub", "dishub", "question",
        "Mohon penjelasan keterlambatan laporan progres proyek dan langkah yang sudah diambil.",
        2, 12, None,
    ),
]  # fmt: skip


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _share(agency: Agency) -> str:
    return "wagub" if agency.kind == AgencyKind.DINAS else "sekda"


def load(*, stdout, government) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=["gubernur", "wagub", "sekda"])}
    leaders = set(
        Membership.objects.filter(government=government, role=Role.LEADER, is_active=True).values_list(
            "user__username", flat=True
        )
    )
    assigned = 0
    existing = set(
        SupervisionAssignment.objects.filter(government=government, is_active=True).values_list(
            "supervisor__username", "agency_id"
        )
    )
    if "gubernur" in users and "gubernur" in leaders and ("gubernur", None) not in existing:
        services.assignment_create(user=SYSTEM, government=government, supervisor=users["gubernur"], agency=None)
        assigned += 1
    for agency in Agency.objects.filter(government=government, parent__isnull=True).order_by("code"):
        name = _share(agency)
        if name in users and name in leaders and (name, agency.pk) not in existing:
            services.assignment_create(user=SYSTEM, government=government, supervisor=users[name], agency=agency)
            assigned += 1
    today = timezone.localdate()
    agencies = {a.code: a for a in Agency.objects.filter(government=government)}
    sent = 0
    for supervisor, code, kind, text, ago, due_in, answer in REQUESTS:
        agency, leader = agencies.get(code), users.get(supervisor)
        if agency is None or leader is None or SupervisionRequest.objects.filter(agency=agency, text=text).exists():
            continue
        from kinerja.monitoring.selectors import reportable_indicators

        indicator = reportable_indicators(user=SYSTEM, agency_ids=[agency.pk]).order_by("pk").first()
        day = today - datetime.timedelta(days=ago)
        request = services.request_send(
            user=SYSTEM, supervisor=leader, agency=agency, kind=kind, text=text, indicator=indicator,
            due=day + datetime.timedelta(days=due_in), today=day,
        )  # fmt: skip
        sent += 1
        if answer:
            evidence = SimpleUploadedFile("rekap-kunjungan.pdf", _pdf(), content_type="application/pdf")
            head = User.objects.filter(username=f"{code}.kepala").first() or SYSTEM
            services.request_answer(
                user=head,
                request=request,
                text=answer,
                evidence=evidence,
                expected_version=request.lock_version,  # just sent
            )
    stdout.write(f"  supervision: {assigned} assignments, {sent} requests")
