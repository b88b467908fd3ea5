"""The OC4IDS export conforms to the published OC4IDS 0.9.1 project schema (shipped in kinerja/projects/data)."""

import datetime
import json
from decimal import Decimal

from kinerja.core.access import SYSTEM
from kinerja.projects import oc4ids, services
from kinerja.projects.choices import FundingSource, Phase
from kinerja.projects.tests.conftest import TODAY, make_project, report
from kinerja.tests.versions import current_version


def _full_project(world, region):
    project = make_project(
        world, region=region, code="tanjung-carat", latitude=Decimal("-2.366"), longitude=Decimal("104.917"),
        location="Desa Sungsang", partners="Kementerian Perhubungan\nBUMN",
    )  # fmt: skip
    services.project_save(
        user=SYSTEM, government=world.government, project=project, data={}, partner_agencies=[world.disdik],
        fundings=[(FundingSource.BUMN, Decimal("600000000"), "penugasan"), (FundingSource.APBD_PROVINCE, Decimal("400000000"), "")], expected_version=current_version(project))  # fmt: skip
    services.milestone_save(user=SYSTEM, project=project, title="Serah terima lahan", planned=datetime.date(2025, 10, 31),
                            actual=datetime.date(2025, 10, 31), today=TODAY, expected_version=None)  # fmt: skip
    services.milestone_save(
        user=SYSTEM,
        project=project,
        title="Groundbreaking",
        planned=datetime.date(2026, 1, 31),
        today=TODAY,
        expected_version=None,
    )
    report(project, datetime.date(2026, 9, 1), "20", "18", narrative="Pemancangan")
    report(project, datetime.date(2026, 10, 1), "25", "21")
    return project


def test_the_export_is_valid_oc4ids_with_identification_period_budget_milestones_and_progress(world, region):
    project = _full_project(world, region)
    data = oc4ids.project_to_oc4ids(project, base_url="https://kinerja.sumselprov.go.id")
    assert oc4ids.validate(data) == []
    assert data["id"].endswith("-tanjung-carat") and data["status"] == "implementation"
    assert data["period"]["startDate"].startswith("2026-01-01T00:00:00")
    assert data["budget"]["amount"] == {"amount": 1000000000.0, "currency": "IDR"}
    assert sorted(b["amount"]["amount"] for b in data["budget"]["budgetBreakdown"]) == [400000000.0, 600000000.0]
    party_ids = {p["id"] for p in data["parties"]}
    assert all(b["sourceParty"]["id"] in party_ids for b in data["budget"]["budgetBreakdown"])
    assert [m["status"] for m in data["milestones"]] == ["met", "scheduled"]
    assert data["locations"][0]["gazetteer"] == {"scheme": "KEMENDAGRI", "identifiers": ["16.07"]}
    progress = [d for d in data["documents"] if d["documentType"] == "physicalProgressReport"]
    assert [d["id"] for d in progress] == ["progress-2026-09", "progress-2026-10"]
    assert "completion" not in data
    json.dumps(data)  # plain JSON


def test_a_completed_project_carries_its_completion(world, region):
    project = _full_project(world, region)
    project = services.project_save(user=SYSTEM, government=world.government, project=project,
                          data={"phase": Phase.COMPLETED, "actual_end": datetime.date(2026, 11, 1)}, expected_version=current_version(project))  # fmt: skip
    data = oc4ids.project_to_oc4ids(project)
    assert oc4ids.validate(data) == []
    assert data["completion"]["endDate"].startswith("2026-11-01")


def test_the_validation_can_fail():
    # The check is real: a wrong status, a date that is no date-time and a budget without currency code are caught.
    errors = oc4ids.validate(
        {
            "id": "x",
            "status": "building",
            "period": {"startDate": "2026-01-01"},
            "budget": {"amount": {"amount": "1", "currency": "RUPIAH"}},
        }
    )
    text = " ".join(errors)
    assert (
        "status" in text
        and "period/startDate" in text
        and "budget/amount/currency" in text
        and "budget/amount/amount" in text
    )
    assert oc4ids.validate({"title": "no id"}) == ["(root): 'id' is a required property"]
