import uuid

import pytest
from rest_framework.test import APIClient

from kinerja.core.access import SYSTEM
from kinerja.core.models import ServiceUnit
from kinerja.satisfaction import formulas, services
from kinerja.satisfaction.models import KioskKey, Response, Survey
from kinerja.satisfaction.tests.test_surveys import CODES, data
from kinerja.tests.versions import current_version


@pytest.fixture
def api(world):
    def _client(name):
        client = APIClient()
        client.force_authenticate(world.users[name])
        return client

    return _client


@pytest.fixture
def kiosk(world, survey):
    record, key = services.kiosk_key_create(
        user=world.users["dinkes_operator"], service_unit=survey.service_unit, name="Loket pendaftaran"
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Kiosk {key}")
    client.record = record
    return client


def kiosk_body(survey, **change):
    body = data(survey)
    body.update(survey=survey.pk, submission_id=str(uuid.uuid4()), age=41)
    body.update(change)
    return body


def test_surveys_are_listed_within_scope_and_created_through_the_service(world, survey, api):
    assert api("planner").get("/api/v1/surveys/").json()["count"] == 1
    assert api("disdik_operator").get("/api/v1/surveys/").json()["count"] == 0
    row = api("dinkes_operator").get(f"/api/v1/surveys/{survey.pk}/").json()
    assert row["minimum_sample"] == 278 and row["period"] == "2026 S1"
    assert row["public_url"].endswith(f"/s/{survey.public_code}/")
    assert sorted(s["name"] for s in row["services"]) == ["Rawat inap", "Rawat jalan"]

    body = {
        "service_unit": survey.service_unit_id, "period_kind": "semester", "year": 2026, "number": 2,
        "population": 40, "service_names": ["Rawat jalan"],
    }  # fmt: skip
    assert api("planner").post("/api/v1/surveys/", body, format="json").status_code == 403
    refused = api("dinkes_operator").post("/api/v1/surveys/", {**body, "number": 3}, format="json")
    assert refused.status_code == 400 and "number" in refused.json()["extra"]["fields"]
    created = api("dinkes_operator").post("/api/v1/surveys/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["minimum_sample"] == 36

    stale = api("dinkes_operator").patch(
        f"/api/v1/surveys/{survey.pk}/", {"population": 1200, "lock_version": 99}, format="json"
    )
    assert stale.status_code == 409
    changed = api("dinkes_operator").patch(
        f"/api/v1/surveys/{survey.pk}/", {"population": 1200, "lock_version": survey.lock_version}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["population"] == 1200


def test_ikm_endpoints_give_the_formula_result(world, survey, api):
    rows = [dict.fromkeys(CODES, 4), {**dict.fromkeys(CODES, 3), "U5": 1}, dict.fromkeys(CODES, 2)]
    for scores in rows:
        services.response_submit(survey=survey, data=data(survey, scores), channel="paper", user=SYSTEM)
    expected = formulas.ikm(rows)
    unit = api("leader").get(f"/api/v1/service-units/{survey.service_unit_id}/ikm/?period=2026-S1")
    assert unit.status_code == 200
    body = unit.json()
    assert body["index"] == str(expected.index) and body["grade"] == expected.grade
    assert body["respondents"] == 3 and body["minimum_sample"] == 278 and body["surveys"] == 1
    assert body["element_index"]["U5"] == str(expected.element_index["U5"]) and body["priorities"][0] == "U5"
    agency = api("dinkes_head").get(f"/api/v1/agencies/{world.dinkes.pk}/ikm/?period=2026-S1&method=rounded")
    assert agency.json()["index"] == str(formulas.ikm(rows, method="rounded").index)
    assert api("planner").get("/api/v1/ikm/?period=2026-S1").json()["respondents"] == 3

    empty = api("leader").get(f"/api/v1/service-units/{survey.service_unit_id}/ikm/?period=2025-S2").json()
    assert empty["respondents"] == 0 and empty["index"] is None and empty["surveys"] == 0
    bad = api("leader").get(f"/api/v1/service-units/{survey.service_unit_id}/ikm/?period=2026-S9")
    assert bad.status_code == 400 and "period" in bad.json()["extra"]["fields"]
    assert api("disdik_operator").get(f"/api/v1/service-units/{survey.service_unit_id}/ikm/?period=2026").status_code == 404  # fmt: skip


def test_kiosk_submits_with_its_key_once_per_submission_id(world, survey, kiosk):
    forms = kiosk.get("/api/v1/kiosk/surveys/").json()
    assert [f["id"] for f in forms] == [survey.pk]
    assert [e["code"] for e in forms[0]["elements"]] == CODES and len(forms[0]["elements"][0]["answers"]) == 4

    body = kiosk_body(survey)
    first = kiosk.post("/api/v1/kiosk/responses/", body, format="json")
    assert first.status_code == 201, first.json()
    again = kiosk.post("/api/v1/kiosk/responses/", body, format="json")  # a retry after a lost connection
    assert again.status_code == 200
    stored = Response.objects.get()
    assert stored.channel == "kiosk" and stored.answers.count() == 9 and stored.age == 41


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scores": {**dict.fromkeys(CODES, 3), "U2": 5}}, "U2"),
        ({"scores": {c: 3 for c in CODES if c != "U9"}}, "U9"),
        ({"scores": {**dict.fromkeys(CODES, 3), "X1": 3}}, "scores"),
        ({"gender": "X"}, "gender"),
        ({"age": 7}, "age"),
        ({"submission_id": "not-a-uuid"}, "submission_id"),
        ({"service": 999999}, "service"),
        ({"survey": "satu"}, "survey"),
        ({"survey": True}, "survey"),
        ({"scores": {**dict.fromkeys(CODES, 3), "U1": True}}, "U1"),  # JSON true is not a score
        ({"scores": {**dict.fromkeys(CODES, 3), "U1": 3.0}}, "U1"),
        ({"scores": {**dict.fromkeys(CODES, 3), "U1": "3.5"}}, "U1"),
        ({"scores": [3] * 9}, "scores"),
        ({"service": True}, "service"),
        ({"age": 41.5}, "age"),
        ({"age": True}, "age"),
        ({"suggestion": ["x"]}, "suggestion"),
        ({"suggestion": "saran\x00"}, "suggestion"),
        ({"suggestion": "x" * 5_000_000}, "suggestion"),
    ],
)
def test_kiosk_submissions_get_the_same_checks_as_the_page(survey, kiosk, change, field):
    refused = kiosk.post("/api/v1/kiosk/responses/", {**kiosk_body(survey), **change}, format="json")
    assert refused.status_code == 400
    assert field in refused.json()["extra"]["fields"]
    assert Response.objects.count() == 0


def test_a_fractional_or_boolean_service_is_not_truncated_to_a_real_service(survey, kiosk):
    service = survey.services.first().pk
    for value in (service + 0.9, float(service), True):
        refused = kiosk.post("/api/v1/kiosk/responses/", kiosk_body(survey, service=value), format="json")
        assert refused.status_code == 400 and "service" in refused.json()["extra"]["fields"], value
    assert Response.objects.count() == 0
    assert kiosk.post("/api/v1/kiosk/responses/", kiosk_body(survey, service=service), format="json").status_code == 201


def test_kiosk_submission_reads_its_facts_in_one_query(survey, kiosk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert kiosk.post("/api/v1/kiosk/responses/", kiosk_body(survey), format="json").status_code == 201  # last_used
    body = kiosk_body(survey)
    with CaptureQueriesContext(connection) as ctx:
        assert kiosk.post("/api/v1/kiosk/responses/", body, format="json").status_code == 201
    writes = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    # The key, survey and service in one query; the rate count in one; then the response and its answers in one
    # statement on PostgreSQL (two on SQLite).
    assert len(writes) == (3 if connection.vendor == "postgresql" else 4), writes
    not_json = kiosk.post("/api/v1/kiosk/responses/", [kiosk_body(survey)], format="json")
    assert not_json.status_code == 400 and "JSON" in not_json.json()["message"]
    assert Response.objects.count() == 2


def test_kiosk_keys_are_bound_to_their_unit_revocable_and_rate_limited(world, survey, kiosk, settings):
    other_unit = ServiceUnit.objects.create(
        government=survey.government, agency=world.dinkes, code="puskesmas", name="Puskesmas", kind="health_center"
    )
    other = services.survey_create(
        user=world.users["service_quality"], service_unit=other_unit, period_kind="year", year=2026, number=1,
        population=50, services=["Layanan"],
    )  # fmt: skip
    foreign = kiosk.post(
        "/api/v1/kiosk/responses/", kiosk_body(other, service=other.services.first().pk), format="json"
    )
    assert foreign.status_code == 400 and "survey" in foreign.json()["extra"]["fields"]

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey_kiosk": (2, 600)}
    codes = [kiosk.post("/api/v1/kiosk/responses/", kiosk_body(survey), format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]

    anonymous = APIClient().post("/api/v1/kiosk/responses/", kiosk_body(survey), format="json")
    assert anonymous.status_code == 401
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Kiosk kio_wrong")
    assert wrong.post("/api/v1/kiosk/responses/", kiosk_body(survey), format="json").status_code == 401

    services.kiosk_key_revoke(user=world.users["service_quality"], key=kiosk.record)
    assert kiosk.post("/api/v1/kiosk/responses/", kiosk_body(survey), format="json").status_code == 401
    assert Response.objects.count() == 2
    # only the hash of the key is stored
    assert KioskKey.objects.get().key_hash != "" and "kio_" not in KioskKey.objects.get().key_hash


def test_a_user_token_cannot_submit_as_a_kiosk(survey, api):
    assert api("service_quality").post("/api/v1/kiosk/responses/", kiosk_body(survey), format="json").status_code in (401, 403)  # fmt: skip


def test_closed_survey_refuses_kiosk_answers(world, survey, kiosk):
    services.survey_update(
        user=world.users["service_quality"],
        survey=survey,
        data={"status": "closed"},
        expected_version=current_version(survey),
    )
    assert kiosk.get("/api/v1/kiosk/surveys/").json() == []
    refused = kiosk.post("/api/v1/kiosk/responses/", kiosk_body(survey), format="json")
    assert refused.status_code == 400 and Survey.objects.get().responses.count() == 0
