"""The South Sumatra demo: complete, consistent with the rules, idempotent, and told on the day it is loaded."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Max

from kinerja.core.models import Agency, AuditEvent, Government, Membership, Region, ServiceUnit, User
from kinerja.planning.models import Indicator, NomenclatureItem, PlanNode, Target

LOADED = datetime.datetime(2026, 12, 2, 3, tzinfo=datetime.UTC)  # 10:00 in Palembang


@time_machine.travel(LOADED)
def test_demo_loads_completely_and_a_second_load_changes_nothing(db):
    # One test, because loading the demo takes a while: every check runs on the same load.
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    demo = out.getvalue()
    _the_province_and_the_logins(demo)
    _the_tree()
    _the_nomenclature()
    _the_monitoring_data()
    _the_leaders_home()
    _the_cases_follow_the_load_day(datetime.date(2026, 12, 2), last_month=11, last_quarter=3)
    _the_projects_and_the_meeting()
    _the_annual_reports()
    counts = (
        PlanNode.objects.count(),
        Indicator.objects.count(),
        Target.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert (
        PlanNode.objects.count(),
        Indicator.objects.count(),
        Target.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def _the_leaders_home():
    """The governor's home: every mission with values of this year to date and of last year."""
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="gubernur"))
    response = client.get("/", HTTP_HOST="127.0.0.1")
    (panel,) = [p for p in response.context["panels"] if p.template == "monitoring/_home_achievement.html"]
    missions = panel.context["data"].missions
    assert len(missions) == 5
    for mission in missions:
        assert mission["count"] and mission["to_date"] is not None, mission["node"].title
        assert mission["previous"] is not None, mission["node"].title  # the 2025 column
    assert "Pelaksanaan: <strong>" in response.content.decode()  # the innovation tile shows its figures


def _the_annual_reports():
    """The 2026 LKjIP of Dinas Kesehatan and of the government are issued on load, with approved narratives."""
    from kinerja.integrity.models import AnnualReport
    from kinerja.monitoring.models import Narrative

    reports = AnnualReport.objects.filter(year=2026, status=AnnualReport.DONE)
    assert sorted(r.agency.code if r.agency_id else "pemda" for r in reports) == ["dinkes", "pemda"]
    assert all(len(r.sha256) == 64 and r.indicators > 0 for r in reports)
    assert Narrative.objects.filter(agency__code="dinkes", year=2026, state="approved").exists()


def _the_province_and_the_logins(demo):
    government = Government.objects.get(code="16")
    assert Region.objects.filter(government=government).count() == 17
    assert Region.objects.get(code="16.08").name == "Kab. Ogan Komering Ulu Timur"
    assert "kinerja-demo" in demo and "gubernur" in demo
    for username in (
        "admin",
        "gubernur",
        "bappeda",
        "inspektorat",
        "biro.organisasi",
        "brida",
        "dinkes.kepala",
        "dinkes.operator",
        "disdik.operator",
        "dishub.kepala",
        "bappeda.operator",
    ):
        assert User.objects.filter(username=username).exists(), username
    assert Membership.objects.get(user__username="dinkes.operator").agency.code == "dinkes"
    assert Membership.objects.get(user__username="brida").role == "brida"  # government-wide innovation reviewer
    assert Agency.objects.get(code="biroorg").parent.code == "setda"
    assert Agency.objects.get(code="disdik").is_illustrative and not Agency.objects.get(code="dishub").is_illustrative
    assert ServiceUnit.objects.filter(agency__code="dinkes").count() >= 2


def _the_tree():
    assert PlanNode.objects.get(kind="vision").title == "Sumsel Maju Terus untuk Semua"
    assert PlanNode.objects.filter(kind="mission").count() == 5
    agencies_with_subs = set(PlanNode.objects.filter(kind="sub_activity").values_list("agency__code", flat=True))
    assert len(agencies_with_subs) >= 8
    names = set(Indicator.objects.filter(node__kind="objective").values_list("name", flat=True))
    assert {"Persentase penduduk miskin", "Tingkat Pengangguran Terbuka", "Pendapatan Asli Daerah"} <= names
    assert "Persentase jalan provinsi dalam kondisi mantap" in names
    assert Indicator.objects.filter(node__kind="goal", name="Indeks Pembangunan Manusia").exists()
    # Every coded node exists in the nomenclature (with the X.XX placeholder for support programmes).
    for node in PlanNode.objects.filter(kind="sub_activity"):
        generic = "X.XX" + node.code[4:] if node.code.split(".")[2] == "01" else node.code
        assert NomenclatureItem.objects.filter(code__in=[node.code, generic], government_level="provinsi").exists(), (
            node.code
        )
    # Every indicator has targets for 2025-2029, and illustrative values are marked.
    for indicator in Indicator.objects.all():
        assert sorted(indicator.targets.values_list("year", flat=True)) == [2025, 2026, 2027, 2028, 2029], (
            indicator.name
        )
        assert indicator.is_illustrative
    assert Target.objects.filter(indicator__polarity="range", value_high__isnull=False).exists()


def _the_nomenclature():
    assert NomenclatureItem.objects.count() == 9511
    assert NomenclatureItem.objects.filter(level="sub_kegiatan").count() == 7581
    item = NomenclatureItem.objects.get(code="1.01.02.1.01.0001", government_level="provinsi")
    assert item.indicator == "Jumlah Sekolah Baru yang Telah Dibangun" and item.unit == "Unit"


def _the_monitoring_data():
    from kinerja.monitoring.models import Budget, BudgetMonth, Evidence, Realization

    current = Realization.objects.filter(is_current=True, period__year=2026)
    assert current.filter(state="verified").count() > 300
    assert current.filter(state="returned", agency__code="dpmptsp").exists()
    assert current.filter(state="draft", agency__code="dispangan").exists()
    assert current.filter(is_late=True, agency__code="dinsos").exists()
    assert Evidence.objects.count() > current.count() / 2
    assert all(r.is_illustrative for r in current[:50])
    assert BudgetMonth.objects.filter(budget__node__agency__code="dpubmtr").exists()
    assert Budget.objects.filter(year=2026).count() > 100
    # A count is a whole number: the official outputs count documents, people, units (0 decimal places),
    # and every value and target keeps its indicator's decimal places.
    assert set(
        Indicator.objects.filter(unit__in=["Dokumen", "Laporan", "Orang", "Unit"]).values_list("precision", flat=True)
    ) == {0}
    assert Indicator.objects.filter(unit="%", precision=2).exists()
    for places in (0, 2):
        values = list(Realization.objects.filter(indicator__precision=places).values_list("value", flat=True))
        values += list(Target.objects.filter(indicator__precision=places).values_list("value", flat=True))
        assert values and all(v == round(v, places) for v in values), places
    # Last year in full and verified, for the comparison (12 months, 4 quarters), by every reporting agency.
    previous = Realization.objects.filter(is_current=True, period__year=2025)
    assert previous.exclude(state="verified").count() == 0
    assert set(previous.values_list("agency__code", flat=True)) == set(
        current.filter(state="verified").values_list("agency__code", flat=True)
    )
    assert set(previous.filter(period__kind="month").values_list("period__number", flat=True)) == set(range(1, 13))


@time_machine.travel(datetime.datetime(2026, 8, 10, 3, tzinfo=datetime.UTC))
def test_a_demo_loaded_on_another_day_keeps_its_cases_in_the_latest_ended_periods(db, settings, tmp_path):
    # A certificate authority of its own: the session's one may have been made on a later (real) day.
    settings.DEMO_CA_DIR = tmp_path / "demo-ca"
    settings.SIGNING_TRUST_ROOTS = [str(settings.DEMO_CA_DIR / "ca.pem")]
    call_command("load_demo", stdout=io.StringIO())
    # 10 August 2026: January–July and TW I–II have ended; the cases move to TW II and April–July.
    _the_cases_follow_the_load_day(datetime.date(2026, 8, 10), last_month=7, last_quarter=2)


def _the_cases_follow_the_load_day(today, *, last_month, last_quarter):
    """The demo's data run to the last ended period of 2026, its cases sit in the latest ones, nothing is later."""
    from django.conf import settings
    from django.utils import timezone

    from kinerja.core.periods import last_ended_month
    from kinerja.monitoring import selectors
    from kinerja.monitoring.demo import months_loaded
    from kinerja.monitoring.models import Budget, BudgetMonth, Realization
    from kinerja.projects.models import DirectiveReport, FollowUp, Milestone, Obstacle, ProgressReport
    from kinerja.satisfaction.demo import semesters_loaded
    from kinerja.satisfaction.models import Survey

    assert months_loaded(today) == (last_month, last_quarter) and last_ended_month(2026, today) == last_month
    current = Realization.objects.filter(is_current=True, period__year=2026)
    months = current.filter(period__kind="month")
    quarters = current.filter(period__kind="quarter")
    assert months.aggregate(last=Max("period__number"))["last"] == last_month
    assert quarters.aggregate(last=Max("period__number"))["last"] == last_quarter
    latest = quarters.filter(period__number=last_quarter)
    earlier = quarters.filter(period__number__lt=last_quarter)
    # Dinas Sosial late, DPMPTSP returned, Ketahanan Pangan in draft, Disnakertrans missing: in the latest quarter only.
    assert latest.filter(agency__code="dinsos", is_late=True).exists()
    assert not earlier.filter(agency__code="dinsos", is_late=True).exists()
    assert latest.filter(agency__code="dpmptsp", state="returned").exists()
    assert not earlier.filter(state="returned").exists()
    assert latest.filter(agency__code="dispangan", state="draft").exists()
    assert not earlier.filter(state="draft").exists()
    assert not latest.filter(agency__code="disnakertrans").exists()
    assert earlier.filter(agency__code="disnakertrans").exists()
    first_case_month = 3 * last_quarter - 2
    assert months.filter(agency__code="dpmptsp", state="returned", period__number=last_month).exists()
    assert not months.filter(state="returned", period__number__lt=first_case_month).exists()
    # The latest month waits for verification; nothing was submitted or reviewed after the load.
    assert months.filter(period__number=last_month, state="submitted").exists()
    assert not current.filter(period__number__lt=last_month, period__kind="month", state="submitted").exists()
    now = timezone.now()
    assert not current.filter(submitted_at__gt=now).exists() and not current.filter(reviewed_at__gt=now).exists()
    # Money spent and physical progress up to the last ended month; PU Bina Marga far ahead physically.
    spent = BudgetMonth.objects.filter(budget__year=2026, spent__isnull=False)
    assert spent.aggregate(last=Max("month"))["last"] == last_month
    roads = selectors.budget_progress(
        budgets=Budget.objects.filter(node__agency__code="dpubmtr"), year=2026, month=last_month
    )
    assert any(p.divergence > settings.PROGRESS_DIVERGENCE_MARGIN for p in roads.values())
    # Projects report up to the last ended month; no milestone, obstacle, follow-up or directive report after it.
    assert ProgressReport.objects.aggregate(last=Max("month"))["last"] == datetime.date(2026, last_month, 1)
    assert not Milestone.objects.filter(actual__gt=today).exists()
    assert not Obstacle.objects.filter(raised_on__gt=today).exists()
    assert not FollowUp.objects.filter(done_on__gt=today).exists()
    assert not DirectiveReport.objects.filter(reported_on__gt=today).exists()
    # Surveys: the two latest semesters ended on the load day.
    assert sorted(set(Survey.objects.values_list("year", "number"))) == semesters_loaded(today)


def _the_projects_and_the_meeting():
    from kinerja.projects import oc4ids
    from kinerja.projects.choices import Category, DirectiveStatus, Health
    from kinerja.projects.models import Assignment, Meeting, Project

    port = Project.objects.get(code="pelabuhan-tanjung-carat")
    assert port.category == Category.NATIONAL and port.region.code == "16.07" and port.agency.code == "dishub"
    assert not port.fundings.filter(source="apbn").exists()  # non-APBN financing
    handover = port.milestones.get(title__startswith="Serah terima lahan 59,5 ha")
    assert handover.actual.isoformat() == "2025-10-31"
    assert port.health == Health.WARNING
    assert oc4ids.validate(oc4ids.project_to_oc4ids(port)) == []
    assert Project.objects.filter(category=Category.NATIONAL).count() == 15
    assert Project.objects.filter(category=Category.REGIONAL).count() == 3
    assert list(Project.objects.filter(health=Health.CRITICAL).values_list("code", flat=True)) == [
        "jalan-lahat-pagaralam"
    ]
    meeting = Meeting.objects.get(date="2026-01-21")
    assert meeting.place == "Griya Agung, Palembang" and meeting.directives.count() == 8
    assert Assignment.objects.filter(directive__number=4, agency__code="biroekon").exists()
    assert Assignment.objects.exclude(status=DirectiveStatus.NOT_STARTED).count() > 20


@pytest.mark.parametrize(
    ("today", "months", "semesters"),
    [
        (datetime.date(2026, 12, 2), (11, 3), [(2025, 2), (2026, 1)]),
        (datetime.date(2026, 7, 1), (6, 2), [(2025, 2), (2026, 1)]),
        (datetime.date(2026, 6, 30), (5, 1), [(2025, 1), (2025, 2)]),
        (datetime.date(2027, 1, 20), (12, 4), [(2026, 1), (2026, 2)]),
        (datetime.date(2028, 5, 1), (12, 4), [(2026, 1), (2026, 2)]),  # never beyond 2026
    ],
)
def test_the_demo_runs_to_the_last_period_of_2026_ended_on_the_load_day(today, months, semesters):
    from kinerja.monitoring.demo import months_loaded
    from kinerja.satisfaction.demo import semesters_loaded

    assert months_loaded(today) == months
    assert semesters_loaded(today) == semesters
