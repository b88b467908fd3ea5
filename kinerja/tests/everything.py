"""One object of every kind the pages show, on top of the ``world`` fixture (for tests that walk every page).

``populate(world)`` adds reporting periods, a realization with evidence, a budget with a month, a survey
with responses, a performance agreement, a project with a report, a milestone, an obstacle with a
follow-up, a meeting with a directive to Dinas Kesehatan, a reviewed innovation with a measured service
and a claim, supervision (an assignment, a request with an answer) and the LKjIP (a narrative of Dinas
Kesehatan, its issued report). It returns the objects by name so a test
can fill a URL's parameters with real ids.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.core.choices import RegionKind
from kinerja.core.models import AuditEvent, Membership, Region, ServiceUnit
from kinerja.core.tests.files import pdf_bytes
from kinerja.tests.versions import budget_version, current_version, realization_version, report_version

PDF = pdf_bytes()
CODES = [f"U{i}" for i in range(1, 10)]


def populate(world) -> dict:
    from kinerja.integrity import services as integrity
    from kinerja.integrity.choices import DocumentKind
    from kinerja.monitoring import services as monitoring
    from kinerja.projects import services as projects
    from kinerja.projects.choices import Category, ObstacleCategory, Phase, Sector
    from kinerja.satisfaction import services as satisfaction
    from kinerja.satisfaction.method_data import install
    from kinerja.satisfaction.models import SurveyElement, SurveyMethod

    users = world.users
    with audit_context(username="test:setup"):
        periods = {(p.kind, p.number): p for p in monitoring.periods_ensure(government=world.government, year=2026)}
        quarter = periods[("quarter", 1)]
        indicator = world.dinkes_sub.indicators.get()
        realization = monitoring.realization_save(
            user=users["dinkes_operator"], indicator=indicator, period=quarter, value=Decimal("12"),
            explanation="Laporan triwulan I", today=datetime.date(2026, 4, 5), expected_version=realization_version(indicator, quarter))  # fmt: skip
        evidence = monitoring.evidence_add(
            user=users["dinkes_operator"],
            realization=realization,
            upload=SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf"),
        )
        budget = monitoring.budget_set(
            user=users["planner"],
            node=world.dinkes_sub,
            year=2026,
            ceiling=Decimal("1e9"),
            expected_version=budget_version(world.dinkes_sub, 2026),
        )

        install(SurveyMethod, SurveyElement)
        survey = satisfaction.survey_create(
            user=users["service_quality"], service_unit=ServiceUnit.objects.get(code="rsud"), period_kind="semester",
            year=2026, number=1, population=1000, services=["Rawat jalan"],
        )  # fmt: skip
        for score in (2, 3, 4):
            satisfaction.response_submit(
                survey=survey,
                channel="paper",
                user=users["service_quality"],
                answered_on=survey.ends,  # answered within the period, whatever day the test runs
                data={
                    "service": survey.services.first().pk, "gender": "P", "age": "34", "education": "s1",
                    "occupation": "swasta", "suggestion": "Antrean lebih cepat", "scores": dict.fromkeys(CODES, score),
                },
            )  # fmt: skip

        document = integrity.document_prepare(
            user=users["planner"], kind=DocumentKind.PK_AGENCY, government=world.government, year=2026,
            agency=world.dinkes,
            first_party={"user": users["dinkes_head"], "name": "dr. Kepala", "position": "Kepala Dinas Kesehatan"},
            second_party={"user": users["leader"], "name": "Gubernur", "position": "Gubernur Sumatera Selatan"},
        )  # fmt: skip

        region = Region.objects.create(
            government=world.government, code="16.07", bps_code="1607", name="Kab. Banyuasin", kind=RegionKind.REGENCY
        )
        project = projects.project_save(
            user=SYSTEM,
            government=world.government,
            data={
                "code": "pelabuhan", "name": "Pelabuhan Tanjung Carat", "category": Category.REGIONAL,
                "sector": Sector.TRANSPORT, "agency": world.dinkes, "region": region, "value": Decimal("1e9"),
                "start": datetime.date(2026, 1, 1), "planned_end": datetime.date(2027, 12, 31),
                "phase": Phase.IMPLEMENTATION,
            }, expected_version=None)  # fmt: skip
        report = projects.report_save(
            user=SYSTEM, project=project, month=datetime.date(2026, 1, 1), physical_plan=Decimal(5),
            physical_actual=Decimal(3), financial=Decimal(0), today=datetime.date(2026, 2, 5), expected_version=report_version(project, datetime.date(2026, 1, 1)))  # fmt: skip
        milestone = projects.milestone_save(
            user=SYSTEM,
            project=project,
            title="Serah terima lahan",
            planned=datetime.date(2026, 3, 1),
            expected_version=None,
        )
        obstacle = projects.obstacle_save(
            user=users["dinkes_operator"], agency=world.dinkes, today=datetime.date(2026, 2, 1),
            data={"project": project, "title": "Lahan belum bebas", "category": ObstacleCategory.LAND,
                  "raised_on": datetime.date(2026, 2, 1), "owner": "Kabid"}, expected_version=None)  # fmt: skip
        follow_up = projects.follow_up_save(
            user=users["dinkes_operator"], obstacle=obstacle, action="Rapat dengan BPN", responsible="Kabid",
            due=datetime.date(2026, 3, 1), today=datetime.date(2026, 2, 2),
        )  # fmt: skip
        meeting = projects.meeting_save(
            user=users["planner"], government=world.government,
            data={"title": "Rakor", "date": datetime.date(2026, 1, 21), "place": "Griya Agung", "chair": "Gubernur"},
        )  # fmt: skip
        directive = projects.directive_save(
            user=users["planner"], meeting=meeting, text="Percepat pembebasan lahan", due=datetime.date(2026, 6, 30),
            agencies=[world.dinkes], project=project,
        )  # fmt: skip
        from kinerja.innovation import services as innovation
        from kinerja.innovation.models import CatalogueIndicator

        invention = innovation.innovation_save(
            user=SYSTEM, government=world.government,
            data={"agency": world.dinkes, "name": "Antrean daring", "form": "public_service", "urusan": "1.02",
                  "initiator": "asn", "stage": "implementation", "initiated_on": datetime.date(2024, 2, 1),
                  "trial_on": datetime.date(2024, 5, 1), "implemented_on": datetime.date(2024, 9, 2),
                  "person_in_charge": "dr. Rina", "service_unit": survey.service_unit},
            expected_version=None,
        )  # fmt: skip
        service_change = innovation.change_save(
            user=SYSTEM, innovation=invention, service="Pendaftaran",
            measures={"steps": {"before": Decimal(8), "after": Decimal(3),
                                "upload": SimpleUploadedFile("sop.pdf", PDF, content_type="application/pdf")}},
        )  # fmt: skip
        claim = innovation.claim_save(
            user=SYSTEM, innovation=invention, indicator=CatalogueIndicator.objects.get(catalogue__year=2026, number=16),
            level=2, upload=SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf"), expected_version=None,
        )  # fmt: skip
        invention.refresh_from_db()  # its service raised its version
        invention = innovation.innovation_submit(
            user=SYSTEM, innovation=invention, expected_version=invention.lock_version
        )
        innovation.innovation_review(
            user=SYSTEM, innovation=invention, accept=True, expected_version=invention.lock_version
        )
    supervision = _supervision(world, users)
    lkjip = _lkjip(world, users)
    return {
        **supervision,
        "innovation": invention,
        "service_change": service_change,
        "measure": service_change.measures.get(),
        "claim": claim,
        "iid_indicator": claim.indicator,
        **lkjip,
        "periods": periods,
        "quarter": quarter,
        "indicator": indicator,
        "realization": realization,
        "evidence": evidence,
        "budget": budget,
        "budget_month": None,
        "survey": survey,
        "document": document,
        "region": region,
        "project": project,
        "report": report,
        "milestone": milestone,
        "obstacle": obstacle,
        "follow_up": follow_up,
        "meeting": meeting,
        "directive": directive,
        "assignment": directive.assignments.get(),
        "audit_event": AuditEvent.objects.filter(government_id=world.government.pk).order_by("sequence").first(),
        "membership": Membership.objects.filter(user=users["dinkes_operator"]).get(),
    }


def _supervision(world, users) -> dict:
    """The governor supervises every agency and has asked Dinas Kesehatan a question, answered with evidence."""
    from kinerja.core.access import SYSTEM
    from kinerja.dashboards import supervision
    from kinerja.dashboards.brief import Week

    with audit_context(username="test:setup"):
        assignment = supervision.assignment_create(user=SYSTEM, government=world.government, supervisor=users["leader"])
        request = supervision.request_send(
            user=users["leader"], agency=world.dinkes, kind="question", text="Mengapa capaian turun?",
            due=datetime.date.today() + datetime.timedelta(days=7),
        )  # fmt: skip
        answer = supervision.request_answer(
            user=users["dinkes_head"], request=request, text="Terlampir.",
            evidence=SimpleUploadedFile("jawaban.pdf", PDF, content_type="application/pdf"), expected_version=current_version(request))  # fmt: skip
    return {
        "supervision_assignment": assignment,
        "supervision_request": request,
        "supervision_answer": answer,
        "brief_week": Week(2026, 40),
    }


def _lkjip(world, users) -> dict:
    """Dinas Kesehatan's LKjIP narrative for 2026 and its report, issued (made as the worker makes it)."""
    from types import SimpleNamespace

    from kinerja.integrity import lkjip_services
    from kinerja.monitoring import narratives

    with audit_context(username="test:setup"):
        narrative = narratives.narrative_save(
            user=users["dinkes_operator"], agency=world.dinkes, year=2026, objective=None,
            data={"introduction": "Dinas Kesehatan melayani kesehatan masyarakat.", "closing": "Penutup."},
            expected_version=None,
        )  # fmt: skip
        report = lkjip_services.report_issue(
            user=users["dinkes_head"], government=world.government, year=2026, agency=world.dinkes
        )
    lkjip_services.report_make(report.pk)
    report.refresh_from_db()
    return {
        "lkjip_narrative": narrative,
        "lkjip_report": report,
        # The government's preview (``/lkjip/pemda/lkjip.pdf``): the route's code and format.
        "lkjip_preview": SimpleNamespace(code="pemda", fmt="pdf"),
        # An open-data table of the public portal (``/publik/data/realisasi.csv``).
        "portal_table": SimpleNamespace(name="realisasi", fmt="csv"),
    }
