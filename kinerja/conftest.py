"""Shared test fixtures: a small province, a named cast of users, and helpers.

The cast (each comment says what the user may do):
- ``admin_user``: role admin, everything in the province, user management, the audit trail.
- ``planner``: Bappeda planner, edits the whole plan; cannot read the audit trail.
- ``inspector``: reads everything and the audit trail; changes nothing.
- ``leader``: the governor; reads every page; changes nothing.
- ``service_quality``: Biro Organisasi; reads the plan; changes nothing here.
- ``dinkes_head`` / ``dinkes_operator``: Dinas Kesehatan; see the shared top of the plan and their agency's part only.
- ``disdik_operator``: Dinas Pendidikan; the same for their own agency (the "other agency" in permission tests).
- ``stranger``: planner of another government; sees nothing of this one.
- ``no_role``: logged in, without any membership; sees nothing.
"""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja.browser import page  # noqa: F401  (the Playwright page fixture)
from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.core.choices import AgencyKind, GovernmentKind, Role
from kinerja.core.models import Agency, Government, Membership, ServiceUnit, User
from kinerja.planning import services
from kinerja.planning.choices import IndicatorType, PeriodKind
from kinerja.planning.models import PlanPeriod
from kinerja.planning.nomenclature import load_nomenclature
from kinerja.tests.versions import target_version

SAMPLE_NOMENCLATURE = Path(__file__).parent / "planning" / "tests" / "data" / "nomenclature-sample.csv"


@dataclass
class World:
    government: Government
    other_government: Government
    dinkes: Agency
    disdik: Agency
    setda: Agency
    biro: Agency
    other_agency: Agency
    period: PlanPeriod
    vision: object
    mission: object
    goal: object
    objective: object
    dinkes_program: object
    dinkes_activity: object
    dinkes_sub: object
    disdik_program: object
    objective_indicator: object
    program_indicator: object
    disdik_indicator: object
    users: dict


def make_user(username: str, government: Government, role: str | None, agency: Agency | None = None) -> User:
    user = User.objects.create_user(username=username, password="test-password-1", first_name=username.title())
    if role:
        Membership.objects.create(user=user, government=government, role=role, agency=agency)
    return user


@pytest.fixture
def world(db) -> World:
    return build_world()


def _reference_data() -> None:
    """Data the migrations install (the 2026 IID catalogue): a browser test's live server flushes the
    database after it, so later tests install it again (a no-op when it is there)."""
    from kinerja.innovation.catalogue_data import install
    from kinerja.innovation.models import Catalogue, CatalogueIndicator

    install(Catalogue, CatalogueIndicator)


def build_world() -> World:
    """The province of the ``world`` fixture (for a fixture of wider scope that opens the database itself)."""
    with audit_context(username="test:setup"):
        load_nomenclature(path=SAMPLE_NOMENCLATURE, label="sample")
        _reference_data()
        gov = Government.objects.create(code="16", name="Provinsi Sumatera Selatan", kind=GovernmentKind.PROVINCE)
        other = Government.objects.create(code="17", name="Provinsi Bengkulu", kind=GovernmentKind.PROVINCE)
        dinkes = Agency.objects.create(
            government=gov, code="dinkes", name="Dinas Kesehatan", short_name="Dinkes", kind=AgencyKind.DINAS
        )
        disdik = Agency.objects.create(
            government=gov, code="disdik", name="Dinas Pendidikan", short_name="Disdik", kind=AgencyKind.DINAS
        )
        setda = Agency.objects.create(
            government=gov, code="setda", name="Sekretariat Daerah", short_name="Setda", kind=AgencyKind.SEKRETARIAT
        )
        biro = Agency.objects.create(
            government=gov,
            code="biroorg",
            name="Biro Organisasi",
            short_name="Biro Org",
            kind=AgencyKind.BIRO,
            parent=setda,
        )
        other_agency = Agency.objects.create(
            government=other, code="dinkes", name="Dinas Kesehatan Bengkulu", short_name="Dinkes", kind=AgencyKind.DINAS
        )
        ServiceUnit.objects.create(
            government=gov, agency=dinkes, code="rsud", name="RSUD Siti Fatimah", kind="hospital"
        )
        period = services.period_create(
            user=SYSTEM, government=gov, kind=PeriodKind.RPJMD, name="RPJMD 2025–2029", start_year=2025, end_year=2029
        )
        vision = services.node_create(user=SYSTEM, period=period, parent=None, title="Sumsel Maju Terus untuk Semua")
        mission = services.node_create(user=SYSTEM, period=period, parent=vision, title="Misi SDM")
        goal = services.node_create(user=SYSTEM, period=period, parent=mission, title="Tujuan SDM")
        objective = services.node_create(user=SYSTEM, period=period, parent=goal, title="Sasaran kesehatan")
        dinkes_program = services.node_create(
            user=SYSTEM, period=period, parent=objective, code="1.02.02", title="Program upaya kesehatan", agency=dinkes
        )
        dinkes_activity = services.node_create(
            user=SYSTEM, period=period, parent=dinkes_program, code="1.02.02.1.01", title="Fasilitas kesehatan"
        )
        dinkes_sub = services.node_create(
            user=SYSTEM,
            period=period,
            parent=dinkes_activity,
            code="1.02.02.1.01.0009",
            title="Rehabilitasi dan Pemeliharaan Rumah Sakit",
            with_output_indicator=True,
        )
        disdik_program = services.node_create(
            user=SYSTEM,
            period=period,
            parent=objective,
            code="1.01.02",
            title="Program pengelolaan pendidikan",
            agency=disdik,
        )
        objective_indicator = services.indicator_create(
            user=SYSTEM,
            node=objective,
            name="Usia Harapan Hidup",
            unit="tahun",
            indicator_type=IndicatorType.OUTCOME,
            baseline=Decimal("70.9"),
        )
        program_indicator = services.indicator_create(
            user=SYSTEM,
            node=dinkes_program,
            name="Angka kematian ibu",
            unit="kasus",
            polarity="negative",
            indicator_type=IndicatorType.OUTCOME,
        )
        disdik_indicator = services.indicator_create(
            user=SYSTEM, node=disdik_program, name="APK SMA", unit="%", indicator_type=IndicatorType.OUTCOME
        )
        for year in range(2025, 2030):
            services.target_set(
                user=SYSTEM,
                indicator=objective_indicator,
                year=year,
                value=Decimal("71") + Decimal(year - 2025) / 10,
                expected_version=target_version(objective_indicator, year),
            )
            services.target_set(
                user=SYSTEM,
                indicator=program_indicator,
                year=year,
                value=Decimal(100 - (year - 2025) * 3),
                expected_version=target_version(program_indicator, year),
            )
        users = {
            "admin_user": make_user("admin_user", gov, Role.ADMIN),
            "planner": make_user("planner", gov, Role.PLANNER),
            "inspector": make_user("inspector", gov, Role.INSPECTOR),
            "leader": make_user("leader", gov, Role.LEADER),
            "service_quality": make_user("service_quality", gov, Role.SERVICE_QUALITY, biro),
            "dinkes_head": make_user("dinkes_head", gov, Role.AGENCY_HEAD, dinkes),
            "dinkes_operator": make_user("dinkes_operator", gov, Role.OPERATOR, dinkes),
            "disdik_operator": make_user("disdik_operator", gov, Role.OPERATOR, disdik),
            "stranger": make_user("stranger", other, Role.PLANNER),
            "no_role": make_user("no_role", gov, None),
        }
    return World(
        government=gov,
        other_government=other,
        dinkes=dinkes,
        disdik=disdik,
        setda=setda,
        biro=biro,
        other_agency=other_agency,
        period=period,
        vision=vision,
        mission=mission,
        goal=goal,
        objective=objective,
        dinkes_program=dinkes_program,
        dinkes_activity=dinkes_activity,
        dinkes_sub=dinkes_sub,
        disdik_program=disdik_program,
        objective_indicator=objective_indicator,
        program_indicator=program_indicator,
        disdik_indicator=disdik_indicator,
        users=users,
    )


@pytest.fixture
def login(client):
    """Log the test client in as a user of the cast."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Run code called directly by tests in English (the msgids); pages still choose their language per request."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def demo_ca_outside_the_checkout(settings, tmp_path_factory):
    """The demo's certificate authority (written by the demo loader) goes to a temporary directory in tests."""
    directory = tmp_path_factory.getbasetemp() / "demo-ca"
    settings.DEMO_CA_DIR = directory
    settings.SIGNING_TRUST_ROOTS = [str(directory / "ca.pem")]


@pytest.fixture(autouse=True)
def audit_checkpoints_per_test(settings, tmp_path):
    """Each test has its own checkpoint file: the anchors of one test's chain mean nothing to the next."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.log"
