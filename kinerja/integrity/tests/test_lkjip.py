"""The LKjIP: figures from the achievement engine, the regulation's chapters, the narratives' workflow,
issuing with a verifiable SHA-256, and the command."""

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.core.models import AuditEvent
from kinerja.core.services import ConflictError
from kinerja.integrity import lkjip, lkjip_services
from kinerja.integrity.models import AnnualReport
from kinerja.monitoring import narratives
from kinerja.monitoring import services as monitoring
from kinerja.monitoring.evaluation import build as evaluation_form
from kinerja.monitoring.models import NarrativeState
from kinerja.monitoring.selectors import indicator_results
from kinerja.planning.models import Indicator
from kinerja.tests.versions import budget_version, realization_version

YEAR = 2025


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def reported(world):
    """Verified 2025 values for the objective's and the program's indicators of Dinas Kesehatan, a budget."""
    Indicator.objects.filter(pk=world.objective_indicator.pk).update(
        responsible_agency=world.dinkes, final_target=Decimal("72")
    )
    head, planner = world.users["dinkes_head"], world.users["planner"]
    with audit_context(username="test:setup"):
        periods = {(p.kind, p.number): p for p in monitoring.periods_ensure(government=world.government, year=YEAR)}
        values = {}
        for indicator, value in ((world.objective_indicator, "70.5"), (world.program_indicator, "92")):
            item = monitoring.realization_save(
                user=head, indicator=indicator, period=periods[("quarter", 4)], value=Decimal(value),
                explanation="Data BPS", today=datetime.date(2026, 1, 5), expected_version=realization_version(indicator, periods[("quarter", 4)]))  # fmt: skip
            item = monitoring.realization_submit(user=head, realization=item, expected_version=item.lock_version)
            values[indicator.pk] = monitoring.realization_verify(
                user=planner, realization=item, expected_version=item.lock_version
            )
        monitoring.budget_set(
            user=planner,
            node=world.dinkes_sub,
            year=YEAR,
            ceiling=Decimal("1000000000"),
            expected_version=budget_version(world.dinkes_sub, YEAR),
        )
    return values


def test_every_figure_is_the_achievement_engines(world, reported):
    report = lkjip.build(government=world.government, year=YEAR, agency=world.dinkes)
    engine = indicator_results(indicators=Indicator.objects.filter(pk__in=list(reported)), year=YEAR)
    assert {line.result.indicator_id for line in report.lines} == set(reported)
    for line in report.lines:
        assert line.result.achievement == engine[line.result.indicator_id].achievement
        assert line.result.realization == engine[line.result.indicator_id].realization
    uhh = next(line for line in report.lines if line.result.indicator_id == world.objective_indicator.pk)
    # Target 71 for 2025, 70,5 reached: 99,30 %; against the end target 72: 97,92 %.
    assert (uhh.result.achievement.quantize(Decimal("0.01")), uhh.against_end.quantize(Decimal("0.01"))) == (
        Decimal("99.30"), Decimal("97.92"),
    )  # fmt: skip
    maternal = next(line for line in report.lines if line.result.indicator_id == world.program_indicator.pk)
    # A negative indicator: 100 allowed, 92 happened: (2 × 100 − 92) / 100 = 108 %.
    assert maternal.result.achievement == Decimal("108")
    text = _text(lkjip.render(report))
    assert "99,30 %" in text and "108,00 %" in text and "97,92 %" in text


def test_without_a_national_standard_the_report_says_none_is_recorded(world, reported):
    report = lkjip.build(government=world.government, year=YEAR, agency=world.dinkes)
    assert all(line.standard is None and line.against_standard is None for line in report.lines)
    assert [s.standard_lines for s in report.sections] == [[]]
    text = _text(lkjip.render(report))
    assert "belum ada standar nasional yang tercatat" in " ".join(text.split())


def test_the_realization_is_compared_with_the_national_standard_with_its_polarity(world, reported):
    Indicator.objects.filter(pk=world.objective_indicator.pk).update(
        national_standard=Decimal("75"), national_standard_source="RPJMN 2025–2029"
    )
    Indicator.objects.filter(pk=world.program_indicator.pk).update(national_standard=Decimal("100"))
    report = lkjip.build(government=world.government, year=YEAR, agency=world.dinkes)
    engine = indicator_results(indicators=Indicator.objects.filter(pk__in=list(reported)), year=YEAR)
    lines = {line.result.indicator_id: line for line in report.lines}
    uhh, maternal = lines[world.objective_indicator.pk], lines[world.program_indicator.pk]
    # Positive: 70,5 reached against a standard of 75 is 94 %, short of it.
    assert uhh.result.realization == engine[world.objective_indicator.pk].realization
    assert (uhh.standard, uhh.standard_source) == (Decimal("75"), "RPJMN 2025–2029")
    assert uhh.against_standard == Decimal("94") and uhh.meets_standard is False
    # Negative (lower is better): 92 against a ceiling of 100 is (2 − 0,92) × 100 = 108 %, within it.
    assert maternal.against_standard == Decimal("108") and maternal.meets_standard is True
    assert {line.result.indicator_id for line in report.sections[0].standard_lines} == set(reported)
    text = " ".join(_text(lkjip.render(report)).split())
    assert "94,00 %" in text and "belum memenuhi standar" in text and "RPJMN 2025–" in text
    assert "belum ada standar nasional yang tercatat" not in text
    from docx import Document

    document = Document(io.BytesIO(lkjip.render_docx(report)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Standar nasional" in cells and "RPJMN 2025–2029" in cells
    assert cells[cells.index("RPJMN 2025–2029") + 1 :][:2] == ["94", "belum memenuhi standar"]


def test_the_report_has_the_regulations_chapters(world, reported):
    text = _text(lkjip.render(lkjip.build(government=world.government, year=YEAR, agency=world.dinkes)))
    for heading in (
        "BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA", "BAB III AKUNTABILITAS KINERJA", "A. Capaian Kinerja",
        "B. Realisasi Anggaran", "BAB IV PENUTUP", "LAMPIRAN: PERJANJIAN KINERJA",
    ):  # fmt: skip
        assert heading in text, heading
    assert "Sasaran 1: Sasaran kesehatan" in text and "Efisiensi sumber daya" in text
    assert "1.000.000.000" in text  # the program's ceiling in Bab III B
    government = _text(lkjip.render(lkjip.build(government=world.government, year=YEAR)))
    assert "Provinsi Sumatera Selatan" in government and "Usia Harapan Hidup" in government


def _objective(world):
    (objective,) = narratives.agency_objectives(world.dinkes)
    return objective


def test_narratives_are_written_submitted_reviewed_and_only_approved_text_is_printed(world, reported):
    operator, head, planner = (world.users[n] for n in ("dinkes_operator", "dinkes_head", "planner"))
    objective = _objective(world)
    assert objective == world.objective
    text = {"drivers": "Posyandu aktif di 17 kabupaten", "inhibitors": "Data terlambat", "solutions": "Pendampingan",
            "next_steps": "Integrasi data"}  # fmt: skip
    n = narratives.narrative_save(
        user=operator, agency=world.dinkes, year=YEAR, objective=objective, data=text, expected_version=0
    )
    assert n.state == NarrativeState.DRAFT
    with pytest.raises(PermissionDenied):  # operators write, heads submit
        narratives.narrative_submit(user=operator, narrative=n, expected_version=n.lock_version)
    n = narratives.narrative_submit(user=head, narrative=n, expected_version=n.lock_version)
    with pytest.raises(ValidationError):  # a return says what to revise
        narratives.narrative_review(user=planner, narrative=n, approve=False, note=" ", expected_version=n.lock_version)
    with pytest.raises(PermissionDenied):  # the head does not approve his own text
        narratives.narrative_review(user=head, narrative=n, approve=True, note="", expected_version=n.lock_version)
    report = lkjip.build(government=world.government, year=YEAR, agency=world.dinkes)
    assert report.sections[0].narrative is None  # submitted is not approved
    n = narratives.narrative_review(user=planner, narrative=n, approve=True, note="", expected_version=n.lock_version)
    assert n.state == NarrativeState.APPROVED
    pdf = _text(lkjip.render(lkjip.build(government=world.government, year=YEAR, agency=world.dinkes)))
    assert "Posyandu aktif di 17 kabupaten" in pdf
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(evaluation_form(user=planner, government=world.government, year=YEAR))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("Posyandu aktif di 17 kabupaten" in c for c in cells)  # the form's factor row, no longer blank
    assert any("Integrasi data" in c for c in cells)
    # A change to approved text sends it back to draft: the report no longer prints it.
    n = narratives.narrative_save(
        user=operator, agency=world.dinkes, year=YEAR, objective=objective,
        data={**text, "drivers": "Diubah"}, expected_version=n.lock_version,
    )  # fmt: skip
    assert n.state == NarrativeState.DRAFT
    assert lkjip.build(government=world.government, year=YEAR, agency=world.dinkes).sections[0].narrative is None
    actions = set(AuditEvent.objects.filter(object_type="monitoring.narrative").values_list("action", flat=True))
    assert {"create", "update", "approve"} <= actions


def test_bad_narratives_change_nothing(world, reported):
    operator = world.users["dinkes_operator"]
    objective = _objective(world)
    n = narratives.narrative_save(
        user=operator, agency=world.dinkes, year=YEAR, objective=objective, data={"drivers": "A"}, expected_version=0
    )
    with pytest.raises(ConflictError):  # someone saved since this user loaded the page
        narratives.narrative_save(
            user=operator, agency=world.dinkes, year=YEAR, objective=objective, data={"drivers": "B"},
            expected_version=n.lock_version - 1,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        narratives.narrative_save(
            user=world.users["disdik_operator"], agency=world.dinkes, year=YEAR, objective=objective,
            data={"drivers": "X"}, expected_version=n.lock_version,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # no actor is no right: the system acts as SYSTEM, explicitly
        narratives.narrative_save(
            user=None, agency=world.dinkes, year=YEAR, objective=objective, data={"drivers": "X"},
            expected_version=n.lock_version,
        )  # fmt: skip
    with pytest.raises(ValidationError):  # a node that is not one of the agency's objectives
        narratives.narrative_save(
            user=operator, agency=world.dinkes, year=YEAR, objective=world.goal, data={"drivers": "X"},
            expected_version=0,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        narratives.narrative_save(
            user=operator, agency=world.dinkes, year=YEAR, objective=objective, data={"closing": "X"},
            expected_version=n.lock_version,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        narratives.narrative_save(
            user=operator, agency=world.dinkes, year=YEAR, objective=objective, data={"drivers": "x" * 10001},
            expected_version=n.lock_version,
        )  # fmt: skip
    n.refresh_from_db()
    assert n.drivers == "A"


def test_an_issued_report_is_recorded_by_its_hash_and_verifiable(
    world, reported, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    head, planner = world.users["dinkes_head"], world.users["planner"]
    with django_capture_on_commit_callbacks(execute=True):
        report = lkjip_services.report_issue(user=head, government=world.government, year=YEAR, agency=world.dinkes)
        assert report.status == AnnualReport.QUEUED  # queued for the worker, made once the request commits
    report.refresh_from_db()
    assert report.status == AnnualReport.DONE and report.version == 1
    data = report.pdf.read()
    assert hashlib.sha256(data).hexdigest() == report.sha256
    assert AuditEvent.objects.filter(action="issue", object_type="integrity.annualreport").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = lkjip_services.report_issue(user=planner, government=world.government, year=YEAR, agency=world.dinkes)
    assert again.version == 2
    with pytest.raises(PermissionDenied):  # the government's report is the planners'
        lkjip_services.report_issue(user=head, government=world.government, year=YEAR)
    with pytest.raises(PermissionDenied):
        lkjip_services.report_issue(
            user=world.users["disdik_operator"], government=world.government, year=YEAR, agency=world.dinkes
        )
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        reverse("integrity:verify_upload"), {"file": SimpleUploadedFile("l.pdf", data, "application/pdf")}
    )
    assert "LKjIP 2025" in page.content.decode() and "Dinas Kesehatan" in page.content.decode()
    client.force_login(world.users["disdik_operator"])
    assert client.get(reverse("integrity:lkjip_issued", args=[report.pk])).status_code == 404
    client.force_login(world.users["leader"])
    response = client.get(reverse("integrity:lkjip_issued", args=[report.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == data


def test_the_pages_walk_the_workflow(world, reported, client):
    objective = _objective(world)
    url = reverse("integrity:lkjip_agency", args=["dinkes"])
    client.force_login(world.users["dinkes_operator"])
    assert client.get(url, {"year": YEAR}).status_code == 200
    response = client.post(
        url, {"year": YEAR, "action": "save", "objective": objective.pk, "version": 0, "drivers": "Kader aktif"}
    )
    assert response.status_code == 302
    n = objective.narratives.get()
    client.force_login(world.users["dinkes_head"])
    client.post(url, {"year": YEAR, "action": "submit", "narrative": n.pk, "version": n.lock_version})
    n.refresh_from_db()
    assert n.state == NarrativeState.SUBMITTED
    client.force_login(world.users["planner"])
    client.post(
        url, {"year": YEAR, "action": "return", "narrative": n.pk, "version": n.lock_version, "note": "Tambah data"}
    )
    n.refresh_from_db()
    assert (n.state, n.review_note) == (NarrativeState.RETURNED, "Tambah data")
    stale = client.post(url, {"year": YEAR, "action": "submit", "narrative": n.pk, "version": 1}, follow=True)
    n.refresh_from_db()
    assert n.state == NarrativeState.RETURNED  # a stale form changes nothing
    assert "Pengguna lain telah menyimpan data ini" in stale.content.decode()
    for fmt, kind in (("pdf", "application/pdf"), ("docx", "application/vnd.openxmlformats")):
        response = client.get(reverse("integrity:lkjip_preview", args=["dinkes", fmt]), {"year": YEAR})
        assert response.status_code == 200 and response["Content-Type"].startswith(kind)
    assert client.get(reverse("integrity:lkjip_list"), {"year": YEAR}).status_code == 200
    assert client.get(reverse("integrity:lkjip_government"), {"year": YEAR}).status_code == 200
    client.force_login(world.users["disdik_operator"])
    assert client.get(url, {"year": YEAR}).status_code == 404
    assert client.post(url, {"year": YEAR, "action": "issue"}).status_code == 404


def test_the_command_writes_pdf_and_docx(world, reported, tmp_path):
    pdf, docx = tmp_path / "dinkes.pdf", tmp_path / "pemda.docx"
    call_command("lkjip", agency="dinkes", year=YEAR, output=str(pdf), stdout=io.StringIO())
    assert "BAB III AKUNTABILITAS KINERJA" in _text(pdf.read_bytes())
    call_command("lkjip", government=True, year=YEAR, output=str(docx), stdout=io.StringIO())
    from docx import Document

    assert any("Bab IV Penutup" in p.text for p in Document(str(docx)).paragraphs)
    with pytest.raises(CommandError):
        call_command("lkjip", agency="tidak-ada", year=YEAR, output=str(pdf))
    with pytest.raises(CommandError):
        call_command("lkjip", agency="dinkes", year=YEAR, output=str(tmp_path / "x.txt"))


__all__ = ["SYSTEM"]


@pytest.mark.parametrize("page", ["agency", "government"])
def test_the_issuing_page_refreshes_itself_only_while_a_report_is_being_made(world, client, page):
    agency = world.dinkes if page == "agency" else None
    url = reverse("integrity:lkjip_agency", args=["dinkes"]) if agency else reverse("integrity:lkjip_government")
    client.force_login(world.users["planner"])
    refresh = '<meta http-equiv="refresh" content="5">'
    assert refresh not in client.get(url, {"year": YEAR}).content.decode()  # nothing issued
    report = AnnualReport.objects.create(
        government=world.government, agency=agency, year=YEAR, status=AnnualReport.QUEUED, step="Menunggu"
    )
    for status, step in ((AnnualReport.QUEUED, "Menunggu"), (AnnualReport.RUNNING, "Menulis PDF")):
        AnnualReport.objects.filter(pk=report.pk).update(status=status, step=step)
        html = client.get(url, {"year": YEAR}).content.decode()
        head = html[: html.index("</head>")]
        assert refresh in head, status
        assert f"Versi 1 sedang dibuat: {step}." in html
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.FAILED, step="", error="Font hilang")
    html = client.get(url, {"year": YEAR}).content.decode()
    assert refresh not in html and "sedang dibuat" not in html and "Font hilang" in html
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.DONE, error="", sha256="a" * 64)
    html = client.get(url, {"year": YEAR}).content.decode()
    assert refresh not in html and "Terbit" in html


def _second_planner(world):
    from kinerja.core.choices import Role
    from kinerja.core.models import Membership, User

    user = User.objects.create_user("planner2", password="test-password-1")
    Membership.objects.create(user=user, government=world.government, role=Role.PLANNER)
    return user


def test_the_governments_narrative_is_bappedas_reviewed_by_another_planner_and_printed(world, reported):
    planner, other = world.users["planner"], _second_planner(world)
    text = {"drivers": "Rapat koordinasi triwulanan", "inhibitors": "Data kabupaten terlambat",
            "solutions": "Pemantauan arahan", "next_steps": "Penyelarasan IKU"}  # fmt: skip
    for user in (world.users["dinkes_head"], world.users["inspector"], world.users["stranger"]):
        with pytest.raises(PermissionDenied):  # agencies, readers and other governments do not write it
            narratives.government_narrative_save(
                user=user, government=world.government, year=YEAR, objective=world.objective, data=text,
                expected_version=0,
            )  # fmt: skip
    with pytest.raises(ValidationError):  # a node that is not an RPJMD objective
        narratives.government_narrative_save(
            user=planner, government=world.government, year=YEAR, objective=world.goal, data=text, expected_version=0
        )
    n = narratives.government_narrative_save(
        user=planner, government=world.government, year=YEAR, objective=world.objective, data=text, expected_version=0
    )
    own = narratives.government_narrative_save(
        user=planner, government=world.government, year=YEAR, objective=None,
        data={"introduction": "Pendahuluan Bappeda", "closing": "Penutup Bappeda"}, expected_version=0,
    )  # fmt: skip
    assert n.agency_id is None and n.state == NarrativeState.DRAFT
    with pytest.raises(ConflictError):  # a stale version changes nothing
        narratives.government_narrative_save(
            user=planner, government=world.government, year=YEAR, objective=world.objective,
            data={**text, "drivers": "Lama"}, expected_version=n.lock_version - 1,
        )  # fmt: skip
    n = narratives.narrative_submit(user=planner, narrative=n, expected_version=n.lock_version)
    own = narratives.narrative_submit(user=planner, narrative=own, expected_version=own.lock_version)
    with pytest.raises(ValidationError):  # four eyes: not the planner who submitted it
        narratives.narrative_review(user=planner, narrative=n, approve=True, note="", expected_version=n.lock_version)
    with pytest.raises(PermissionDenied):
        narratives.narrative_review(
            user=world.users["dinkes_head"], narrative=n, approve=True, note="", expected_version=n.lock_version
        )
    assert lkjip.build(government=world.government, year=YEAR).sections[0].narrative is None  # not approved yet
    n = narratives.narrative_review(user=other, narrative=n, approve=True, note="", expected_version=n.lock_version)
    narratives.narrative_review(user=other, narrative=own, approve=True, note="", expected_version=own.lock_version)
    report = lkjip.build(government=world.government, year=YEAR)
    assert report.sections[0].narrative == n
    assert (report.introduction, report.closing) == ("Pendahuluan Bappeda", "Penutup Bappeda")
    # The agency's report does not take the government's text, nor the government's the agency's.
    assert lkjip.build(government=world.government, year=YEAR, agency=world.dinkes).sections[0].narrative is None
    pdf = " ".join(_text(lkjip.render(report)).split())
    for value in ("Rapat koordinasi triwulanan", "Penyelarasan IKU", "Pendahuluan Bappeda", "Penutup Bappeda"):
        assert value in pdf, value
    from docx import Document

    paragraphs = " ".join(p.text for p in Document(io.BytesIO(lkjip.render_docx(report))).paragraphs)
    assert "Rapat koordinasi triwulanan" in paragraphs and "Penutup Bappeda" in paragraphs
    events = AuditEvent.objects.filter(object_type="monitoring.narrative", object_id=str(n.pk))
    assert {"create", "update", "approve"} <= set(events.values_list("action", flat=True))


def test_the_government_page_walks_the_narrative_workflow(world, reported, client):
    other = _second_planner(world)
    url = reverse("integrity:lkjip_government")
    client.force_login(world.users["planner"])
    assert "Sasaran kesehatan" in client.get(url, {"year": YEAR}).content.decode()
    response = client.post(
        url, {"year": YEAR, "action": "save", "objective": world.objective.pk, "version": 0, "drivers": "Koordinasi"}
    )
    assert response.status_code == 302
    from kinerja.monitoring.models import Narrative

    n = Narrative.objects.get(agency__isnull=True, objective=world.objective)
    client.post(url, {"year": YEAR, "action": "submit", "narrative": n.pk, "version": n.lock_version})
    n.refresh_from_db()
    assert n.state == NarrativeState.SUBMITTED
    refused = client.post(
        url, {"year": YEAR, "action": "approve", "narrative": n.pk, "version": n.lock_version}, follow=True
    )
    n.refresh_from_db()
    assert n.state == NarrativeState.SUBMITTED and "perencana lain" in refused.content.decode()
    client.force_login(other)
    client.post(url, {"year": YEAR, "action": "return", "narrative": n.pk, "version": n.lock_version, "note": "Data"})
    n.refresh_from_db()
    assert (n.state, n.review_note) == (NarrativeState.RETURNED, "Data")
    client.force_login(world.users["dinkes_head"])
    assert client.post(url, {"year": YEAR, "action": "save", "version": 0, "closing": "X"}).status_code == 403
    assert not Narrative.objects.filter(agency__isnull=True, objective__isnull=True).exists()
