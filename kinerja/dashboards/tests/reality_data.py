"""Records from which every kind of reality-check signal arises, built through the apps' services.

``build(world, agency=..., sub=..., unit=..., project_code=...)`` gives one agency: a monthly output
reported at little until a big November (year-end surge), verified to a high achievement; few evidence
files, one of them used twice (missing and reused evidence), one a photo dated outside its month; a
budget spent slowly while physical progress runs ahead; a poor survey of its service unit (IKM grade D);
a target weaker than its baseline; a key indicator of type process; a project photo taken far away and
in another month. Called twice (two agencies) it doubles the data, for the query-count pins.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.core.exif import jpeg_with_exif
from kinerja.core.models import ServiceUnit
from kinerja.monitoring import services as monitoring
from kinerja.planning import services as planning
from kinerja.planning.models import Indicator
from kinerja.projects import services as projects
from kinerja.projects.choices import Category, Phase, Sector
from kinerja.satisfaction import services as satisfaction

YEAR = 2026
TODAY = datetime.date(2026, 12, 2)
CODES = [f"U{i}" for i in range(1, 10)]


def pdf(text: str) -> bytes:
    body = f"BT /F1 11 Tf 50 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        b"<</Length " + str(len(body)).encode() + b">>stream\n" + body + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _survey(unit, scores: int):
    from kinerja.satisfaction.method_data import install
    from kinerja.satisfaction.models import SurveyElement, SurveyMethod

    if not SurveyMethod.objects.exists():
        install(SurveyMethod, SurveyElement)
    survey = satisfaction.survey_create(
        user=SYSTEM, service_unit=unit, period_kind="semester", year=YEAR, number=1, population=300, services=["Loket"]
    )
    service = survey.services.first().pk
    for i in range(6):
        satisfaction.response_submit(
            survey=survey,
            data={
                "service": service, "gender": "P", "age": "34", "education": "s1", "occupation": "swasta",
                "suggestion": "", "scores": dict.fromkeys(CODES, scores if i else 3),
            },
            channel="paper",
            user=SYSTEM,
            answered_on=datetime.date(YEAR, 5, 1),
            form_token=f"t-{survey.pk}-{i}",
        )  # fmt: skip
    return survey


def build(world, *, agency, sub, unit_code: str, project_code: str, other_indicator, process_indicator) -> dict:
    """Records of one agency producing every kind; returns the indicator of the surge."""
    periods = {(p.kind, p.number): p for p in monitoring.periods_ensure(government=world.government, year=YEAR)}
    with audit_context(username="test:setup"):
        indicator = sub.indicators.first()
        indicator = planning.indicator_update(
            user=SYSTEM,
            expected_version=Indicator.objects.get(pk=indicator.pk).lock_version,
            indicator=indicator,
            data={"frequency": "monthly", "accumulation": "sum"},
        )
        planning.target_set(user=SYSTEM, indicator=indicator, year=YEAR, value=Decimal(12), expected_version=None)
        other_indicator = planning.indicator_update(
            user=SYSTEM,
            expected_version=Indicator.objects.get(pk=other_indicator.pk).lock_version,
            indicator=other_indicator,
            data={"baseline": Decimal(90), "baseline_year": 2024},
        )
        planning.indicator_update(
            user=SYSTEM,
            expected_version=Indicator.objects.get(pk=process_indicator.pk).lock_version,
            indicator=process_indicator,
            data={"is_key": True, "indicator_type": "process"},
        )
        planning.target_set(
            user=SYSTEM, indicator=process_indicator, year=YEAR, value=Decimal(80), expected_version=None
        )
        shared = pdf(f"daftar hadir {agency.code}")
        for month in range(1, 12):
            value = Decimal(8) if month == 11 else Decimal("0.3")
            realization = monitoring.realization_save(
                user=SYSTEM,
                indicator=indicator,
                period=periods[("month", month)],
                value=value,
                explanation="Laporan bulanan.",
                expected_version=None,
                today=datetime.date(YEAR, month, 28),
            )
            if month in (1, 2):  # the same attendance list for January and February
                upload = SimpleUploadedFile(f"hadir-{month}.pdf", shared)
                monitoring.evidence_add(user=SYSTEM, realization=realization, upload=upload)
            elif month == 3:  # a photo of the March activity, taken in May
                photo = jpeg_with_exif(taken_at=datetime.datetime(YEAR, 5, 10, 9))
                upload = SimpleUploadedFile("kegiatan.jpg", photo, content_type="image/jpeg")
                monitoring.evidence_add(user=SYSTEM, realization=realization, upload=upload)
            elif month == 4:
                monitoring.evidence_add(
                    user=SYSTEM,
                    realization=realization,
                    upload=SimpleUploadedFile("april.pdf", pdf(f"april {agency.code}")),
                )
            realization.refresh_from_db()
            monitoring.realization_submit(
                user=SYSTEM,
                realization=realization,
                expected_version=realization.lock_version,
                now=datetime.datetime(YEAR, month, 28, 3, tzinfo=datetime.UTC),
            )
            realization.refresh_from_db()
            monitoring.realization_verify(
                user=SYSTEM, realization=realization, expected_version=realization.lock_version
            )
        budget = monitoring.budget_set(
            user=SYSTEM, node=sub, year=YEAR, ceiling=Decimal(1_000_000), expected_version=None
        )
        for month in range(1, 13):
            monitoring.budget_month_set(
                user=SYSTEM,
                budget=budget,
                month=month,
                cash_plan=Decimal(80_000),
                spent=Decimal(10_000) if month <= 11 else None,
                physical_plan=Decimal(month * 8),
                physical_actual=Decimal(month * 7) if month <= 11 else None,
                expected_version=None,
            )
        unit = ServiceUnit.objects.filter(code=unit_code).first() or ServiceUnit.objects.create(
            government=world.government, agency=agency, code=unit_code, name=f"Unit {unit_code}", kind="hospital"
        )
        _survey(unit, scores=2)
        project = projects.project_save(
            user=SYSTEM,
            expected_version=None,
            government=world.government,
            data={
                "code": project_code, "name": f"Proyek {project_code}", "category": Category.REGIONAL,
                "sector": Sector.HEALTH, "agency": agency,
                "value": Decimal("1000000000"), "start": datetime.date(YEAR, 1, 1),
                "planned_end": datetime.date(2027, 12, 31), "phase": Phase.IMPLEMENTATION,
                "latitude": Decimal("-2.366000"), "longitude": Decimal("104.917000"),
            },
        )  # fmt: skip
        far = jpeg_with_exif(taken_at=datetime.datetime(YEAR, 9, 14, 10), latitude=-2.9761, longitude=104.7754)
        near = jpeg_with_exif(taken_at=datetime.datetime(YEAR, 11, 14, 10), latitude=-2.3661, longitude=104.9171)
        projects.report_save(
            user=SYSTEM,
            project=project,
            month=datetime.date(YEAR, 11, 1),
            physical_plan=Decimal(40),
            physical_actual=Decimal(38),
            financial=Decimal(0),
            photos=[
                (SimpleUploadedFile("jauh.jpg", far, content_type="image/jpeg"), "Tiang pancang"),
                (SimpleUploadedFile("dekat.jpg", near, content_type="image/jpeg"), "Lokasi"),
            ],
            today=TODAY,
            expected_version=None,
        )
    return {"indicator": indicator, "project": project}


def second_agency(world) -> dict:
    """The same records for Dinas Pendidikan, under a new program (data doubled)."""
    program = world.disdik_program
    activity = planning.node_create(
        user=SYSTEM, period=world.period, parent=program, code="1.01.02.1.01", title="Kegiatan"
    )
    sub = planning.node_create(
        user=SYSTEM,
        period=world.period,
        parent=activity,
        code="1.01.02.1.01.0001",
        title="Pembangunan sekolah",
        with_output_indicator=True,
    )
    other = planning.indicator_create(
        user=SYSTEM, node=program, name="Angka putus sekolah", unit="%", polarity="negative", indicator_type="outcome"
    )
    for year in range(2025, 2030):
        planning.target_set(user=SYSTEM, indicator=other, year=year, value=Decimal(95), expected_version=None)
    process = planning.indicator_create(
        user=SYSTEM, node=program, name="Jumlah rapat koordinasi", unit="kali", indicator_type="output"
    )
    return build(
        world,
        agency=world.disdik,
        sub=sub,
        unit_code="smk",
        project_code="sekolah",
        other_indicator=other,
        process_indicator=process,
    )


def first_agency(world) -> dict:
    process = planning.indicator_create(
        user=SYSTEM, node=world.dinkes_program, name="Persentase dokumen tepat waktu", unit="%", indicator_type="output"
    )
    return build(
        world,
        agency=world.dinkes,
        sub=world.dinkes_sub,
        unit_code="rsud",
        project_code="rumah-sakit",
        other_indicator=world.program_indicator,
        process_indicator=process,
    )
