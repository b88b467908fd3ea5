import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from kinerja.planning.models import PlanNode, Target

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "openapi.yaml"


@pytest.fixture
def api(world):
    def _client(name):
        client = APIClient()
        client.force_authenticate(world.users[name])
        return client

    return _client


def test_token_is_issued_for_username_and_password(world):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "planner", "password": "test-password-1"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/plan-nodes/").status_code == 200


def test_token_refused_for_a_wrong_password_in_the_error_shape(world):
    response = APIClient().post("/api/v1/auth/token/", {"username": "planner", "password": "wrong"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "extra"}


def test_anonymous_api_request_is_refused(world):
    response = APIClient().get("/api/v1/plan-nodes/")
    assert response.status_code in (401, 403) and "message" in response.json()


def test_node_list_filters_by_agency_kind_parent_and_code_prefix(world, api):
    client = api("planner")
    ids = lambda r: {row["id"] for row in r.json()["results"]}  # noqa: E731
    assert ids(client.get("/api/v1/plan-nodes/", {"agency": "dinkes"})) == {
        world.dinkes_program.pk,
        world.dinkes_activity.pk,
        world.dinkes_sub.pk,
    }
    assert ids(client.get("/api/v1/plan-nodes/", {"kind": "program"})) == {
        world.dinkes_program.pk,
        world.disdik_program.pk,
    }
    assert ids(client.get("/api/v1/plan-nodes/", {"parent": world.objective.pk})) == {
        world.dinkes_program.pk,
        world.disdik_program.pk,
    }
    assert ids(client.get("/api/v1/plan-nodes/", {"code_prefix": "1.02.02.1"})) == {
        world.dinkes_activity.pk,
        world.dinkes_sub.pk,
    }


def test_operator_lists_only_their_scope_and_gets_404_outside_it(world, api):
    client = api("dinkes_operator")
    ids = {row["id"] for row in client.get("/api/v1/plan-nodes/", {"page_size": 500}).json()["results"]}
    assert world.disdik_program.pk not in ids and world.dinkes_program.pk in ids
    response = client.get(f"/api/v1/plan-nodes/{world.disdik_program.pk}/")
    assert response.status_code == 404 and set(response.json()) == {"message", "extra"}
    assert client.get(f"/api/v1/indicators/{world.disdik_indicator.pk}/").status_code == 404


def test_other_government_sees_nothing(world, api):
    client = api("stranger")
    assert client.get("/api/v1/plan-nodes/").json()["count"] == 0
    assert client.get(f"/api/v1/agencies/{world.dinkes.pk}/").status_code == 404


def test_planner_creates_a_node_through_the_api(world, api):
    response = api("planner").post(
        "/api/v1/plan-nodes/",
        {
            "period": world.period.pk,
            "parent": world.dinkes_activity.pk,
            "code": "1.02.02.1.01.0001",
            "title": "Pembangunan RS",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "sub_activity"


def test_invalid_node_gets_a_field_error_in_the_one_shape(world, api):
    response = api("planner").post(
        "/api/v1/plan-nodes/",
        {"period": world.period.pk, "parent": world.dinkes_activity.pk, "code": "9.99", "title": "x"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "code" in body["extra"]["fields"] and body["message"]


def test_operator_cannot_write_through_the_api(world, api):
    client = api("dinkes_operator")
    response = client.patch(f"/api/v1/plan-nodes/{world.dinkes_program.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 403
    response = client.post(
        "/api/v1/plan-nodes/",
        {"period": world.period.pk, "parent": world.dinkes_activity.pk, "title": "x"},
        format="json",
    )
    assert response.status_code == 403


def test_stale_update_is_refused_with_409_and_the_stored_values(world, api):
    client = api("planner")
    stale = world.mission.lock_version
    assert (
        client.patch(
            f"/api/v1/plan-nodes/{world.mission.pk}/", {"title": "A", "lock_version": stale}, format="json"
        ).status_code
        == 200
    )
    response = client.patch(
        f"/api/v1/plan-nodes/{world.mission.pk}/", {"title": "B", "lock_version": stale}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["extra"]["current"]["title"] == "A"


def test_target_outside_period_and_bad_range_are_refused(world, api):
    client = api("planner")
    response = client.post(
        "/api/v1/targets/", {"indicator": world.objective_indicator.pk, "year": 2030, "value": "72"}, format="json"
    )
    assert response.status_code == 400 and "year" in response.json()["extra"]["fields"]
    response = client.post(
        "/api/v1/targets/", {"indicator": world.objective_indicator.pk, "year": 2026, "value": "tinggi"}, format="json"
    )
    assert response.status_code == 400
    count = Target.objects.count()
    response = client.post(
        "/api/v1/targets/",
        {
            "indicator": world.objective_indicator.pk,
            "year": 2026,
            "period_kind": "quarter",
            "period_no": 1,
            "value": "72,5",
        },
        format="json",
    )
    assert response.status_code == 201 and Target.objects.count() == count + 1


def test_indicator_create_and_read_with_targets(world, api):
    client = api("planner")
    response = client.post(
        "/api/v1/indicators/",
        {
            "node": world.dinkes_program.pk,
            "name": "Cakupan",
            "unit": "%",
            "indicator_type": "outcome",
            "polarity": "positive",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    detail = client.get(f"/api/v1/indicators/{world.program_indicator.pk}/").json()
    assert [t["year"] for t in detail["targets"]] == [2025, 2026, 2027, 2028, 2029]


def test_amend_action_creates_a_new_version(world, api):
    response = api("planner").post(
        f"/api/v1/plan-periods/{world.period.pk}/amend/", {"reason": "Perubahan"}, format="json"
    )
    assert response.status_code == 201 and response.json()["version"] == 2
    assert PlanNode.objects.filter(period_id=response.json()["id"]).count() == world.period.nodes.count()


def test_docs_are_served_without_any_cdn(world, login):
    html = login(world.users["planner"]).get("/api/v1/docs/").content.decode()
    # Every script and style comes from this server (a random CSP nonce may happen to contain "cdn").
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "an asset is loaded from another host"
    assert not re.search(r"jsdelivr|unpkg|cdnjs", html.lower())
    assert "/static/drf_spectacular_sidecar/" in html


def test_committed_openapi_schema_matches_the_code(tmp_path):
    # Generated in a subprocess on the default SQLite settings: integer ranges in the schema follow the database.
    generated = tmp_path / "openapi.yaml"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DEBUG": "1", "VAR_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--lang", "en", "--file", str(generated)],
        cwd=SCHEMA.parents[1],
        env=env,
        check=True,
        timeout=120,
    )
    assert generated.read_text() == SCHEMA.read_text(), "docs/openapi.yaml is stale: run make schema"
