import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from kinerja.core.access import SYSTEM
from kinerja.monitoring.models import Realization
from kinerja.monitoring.tests.conftest import PDF
from kinerja.tests.versions import current_version, realization_version

NOW = datetime.datetime(2026, 7, 5, 9, tzinfo=datetime.UTC)


@pytest.fixture
def api(world):
    def _client(name):
        from kinerja.core.models import User

        client = APIClient()
        client.force_authenticate(User.objects.get(username=name))
        return client

    return _client


@time_machine.travel(NOW)
def test_draft_submit_verify_through_the_api(world, periods, output_indicator, api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    operator = api("dinkes_operator")
    response = operator.post(
        "/api/v1/realizations/",
        {"indicator": output_indicator.pk, "period": periods[("quarter", 2)].pk, "value": "9,5", "explanation": ""},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    upload = operator.post(
        f"/api/v1/realizations/{pk}/evidence/", {"file": SimpleUploadedFile("bukti.pdf", PDF)}, format="multipart"
    )
    assert upload.status_code == 201 and upload.json()["content_type"] == "application/pdf"
    bad = operator.post(
        f"/api/v1/realizations/{pk}/evidence/",
        {"file": SimpleUploadedFile("bukti.pdf", b"MZ" + b"\x00" * 50)},
        format="multipart",
    )
    assert bad.status_code == 400 and "message" in bad.json()
    seen = {"lock_version": response.json()["lock_version"]}
    assert operator.post(f"/api/v1/realizations/{pk}/submit/", seen, format="json").status_code == 403
    submitted = api("dinkes_head").post(f"/api/v1/realizations/{pk}/submit/", seen, format="json")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    seen = {"lock_version": submitted.json()["lock_version"]}
    assert api("dinkes_head").post(f"/api/v1/realizations/{pk}/verify/", seen, format="json").status_code == 403
    planner = api("planner")
    assert planner.post(f"/api/v1/realizations/{pk}/return/", {"reason": ""} | seen, format="json").status_code == 400
    # A step without the version the client saw is a conflict, and changes nothing.
    assert planner.post(f"/api/v1/realizations/{pk}/verify/", {}, format="json").status_code == 409
    verified = planner.post(f"/api/v1/realizations/{pk}/verify/", seen, format="json")
    assert verified.json()["state"] == "verified"
    patch = operator.patch(
        f"/api/v1/realizations/{pk}/", {"value": "10", "lock_version": verified.json()["lock_version"]}, format="json"
    )
    assert patch.status_code == 400  # verified values are locked
    correction = operator.post(
        f"/api/v1/realizations/{pk}/correct/",
        {
            "value": "10",
            "reason": "salah ketik",
            "explanation": "dikoreksi",
            "lock_version": verified.json()["lock_version"],
        },
        format="json",
    )
    assert correction.status_code == 201 and correction.json()["version"] == 2


def test_stale_api_update_is_refused_with_409(world, periods, output_indicator, api):
    operator = api("dinkes_operator")
    with time_machine.travel(NOW):
        pk = operator.post(
            "/api/v1/realizations/",
            {"indicator": output_indicator.pk, "period": periods[("quarter", 1)].pk, "value": "1"},
            format="json",
        ).json()["id"]
        assert (
            operator.patch(f"/api/v1/realizations/{pk}/", {"value": "2", "lock_version": 1}, format="json").status_code
            == 200
        )
        response = api("dinkes_head").patch(
            f"/api/v1/realizations/{pk}/", {"value": "3", "lock_version": 1}, format="json"
        )
    assert response.status_code == 409 and response.json()["extra"]["current"]["value"] == "2"
    assert Realization.objects.get(pk=pk).value == 2


def test_other_agency_cannot_see_or_write_realizations(world, periods, output_indicator, api):
    with time_machine.travel(NOW):
        pk = (
            api("dinkes_operator")
            .post(
                "/api/v1/realizations/",
                {"indicator": output_indicator.pk, "period": periods[("quarter", 1)].pk, "value": "1"},
                format="json",
            )
            .json()["id"]
        )
        other = api("disdik_operator")
        assert other.get(f"/api/v1/realizations/{pk}/").status_code == 404
        assert other.get("/api/v1/realizations/").json()["count"] == 0
        response = other.post(
            "/api/v1/realizations/",
            {"indicator": output_indicator.pk, "period": periods[("quarter", 1)].pk, "value": "1"},
            format="json",
        )
    assert response.status_code in (400, 403)


def test_achievement_endpoints(world, periods, output_indicator, api):
    from kinerja.monitoring import services

    with time_machine.travel(NOW):
        r = services.realization_save(
            user=SYSTEM,
            indicator=output_indicator,
            period=periods[("quarter", 1)],
            value="20",
            explanation="x",
            expected_version=realization_version(output_indicator, periods[("quarter", 1)]),
        )
        services.realization_submit(user=SYSTEM, realization=r, expected_version=current_version(r))
        services.realization_verify(user=SYSTEM, realization=r, expected_version=current_version(r))
        client = api("dinkes_operator")
        indicator = client.get(f"/api/v1/indicators/{output_indicator.pk}/achievement/", {"year": 2026}).json()
        assert (
            indicator["achievement"] == "50.00"
            and indicator["rating"] == "sangat_rendah"
            and indicator["realization"] == "20.0000"
        )
        agency = client.get(f"/api/v1/agencies/{world.dinkes.pk}/achievement/", {"year": 2026}).json()
        assert agency["achievement"] == "50.00" and len(agency["indicators"]) == 2
        assert client.get(f"/api/v1/agencies/{world.disdik.pk}/achievement/").status_code == 404
        assert client.get(f"/api/v1/indicators/{world.disdik_indicator.pk}/achievement/").status_code == 404
        assert client.get(f"/api/v1/indicators/{output_indicator.pk}/achievement/", {"year": "x"}).status_code == 400


def test_budget_and_months_through_the_api(world, api):
    client = api("dinkes_operator")
    body = {"node": world.dinkes_sub.pk, "year": 2026, "ceiling": "1000000"}
    assert client.post("/api/v1/budgets/", {**body, "ceiling": "1"}, format="json").status_code == 403  # not theirs
    budget = api("planner").post("/api/v1/budgets/", body, format="json")
    assert budget.status_code == 201, budget.json()
    month = client.post(
        "/api/v1/budget-months/",
        {"budget": budget.json()["id"], "month": 1, "cash_plan": "100000", "spent": "50000", "physical_actual": "7,5"},
        format="json",
    )
    assert month.status_code == 201, month.json()
    over = client.post(
        "/api/v1/budget-months/", {"budget": budget.json()["id"], "month": 2, "cash_plan": "2000000"}, format="json"
    )
    assert over.status_code == 400
    assert api("disdik_operator").get(f"/api/v1/budgets/{budget.json()['id']}/").status_code == 404
