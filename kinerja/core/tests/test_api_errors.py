"""What the API schema check (kinerja/tests/test_api_schema.py) found, pinned case by case.

Ids that are no ids, past 64 bits or unknown answer a JSON 404 in the API's error shape; a client without
an address is rate limited instead of crashing; the schema documents every operation's errors.
"""

import uuid

import pytest
from django.test import RequestFactory
from drf_spectacular.generators import SchemaGenerator
from rest_framework.request import Request
from rest_framework.test import APIClient

from kinerja.core import accounts
from kinerja.core.api.throttling import TokenThrottle


@pytest.fixture
def token_client(world):
    _, token = accounts.token_create(user=world.users["admin_user"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def assert_json_not_found(response):
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"] and body["extra"] == {}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/realizations/abc/submit/",  # reached the view: ValueError in the lookup, a 500
        "/api/v1/realizations/null/verify/",
        f"/api/v1/realizations/{2**63}/return/",  # past the 64-bit id columns
        "/api/v1/agencies/99999999999999999999999/",
        f"/api/v1/indicators/{2**70}/achievement/",
        "/api/v1/service-units/0/ikm/",
        "/api/v1/no-such-thing/",
        "/api/v1/milestones/%0A/",  # a newline: the HTML 404 page
    ],
)
def test_a_path_that_names_no_record_answers_a_json_404(token_client, path):
    assert_json_not_found(token_client.get(path))
    # A write with a token, too (the catch-all route is not behind the CSRF check of the pages).
    assert_json_not_found(token_client.post(path, {}, format="json"))


def test_the_largest_id_still_reaches_the_view(token_client):
    assert_json_not_found(token_client.post(f"/api/v1/realizations/{2**63 - 1}/submit/", {}, format="json"))
    assert token_client.get("/api/v1/agencies/").status_code == 200


def test_api_addresses_without_slash_are_still_redirected(token_client):
    assert token_client.get("/api/v1/agencies").status_code == 301


def test_a_username_longer_than_any_is_refused_before_the_login_is_tried(db):
    response = APIClient().post("/api/v1/auth/token/", {"username": "0" * 300, "password": "x"}, format="json")
    assert response.status_code == 400  # PostgreSQL refused to store it as a login failure: a 500
    assert "username" in response.json()["extra"]["fields"]


def test_a_request_without_a_client_address_is_counted_not_a_server_error(db):
    request = RequestFactory().post("/api/v1/auth/token/")
    del request.META["REMOTE_ADDR"]
    assert TokenThrottle().allow_request(Request(request), None) is True


@pytest.mark.parametrize("value", [2**70, str(2**64), -(2**63)])
def test_a_kiosk_survey_id_past_64_bits_is_refused_as_invalid(world, value):
    from kinerja.core.models import ServiceUnit
    from kinerja.satisfaction import services

    _, key = services.kiosk_key_create(
        user=world.users["service_quality"], service_unit=ServiceUnit.objects.get(code="rsud"), name="Loket"
    )
    kiosk = APIClient()
    kiosk.credentials(HTTP_AUTHORIZATION=f"Kiosk {key}")
    response = kiosk.post(
        "/api/v1/kiosk/responses/", {"survey": value, "submission_id": str(uuid.uuid4())}, format="json"
    )  # on SQLite this overflowed: a 500
    assert response.status_code == 400
    assert "survey" in response.json()["extra"]["fields"]


def test_every_operation_documents_its_errors_in_the_error_shape():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"message", "extra"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            label = f"{method.upper()} {path}"
            assert "403" in codes, label
            if "{" in path:
                assert "404" in codes, label
            if "requestBody" in operation:
                assert {"400", "415"} <= codes, label
            if method in ("put", "patch", "delete") and path.startswith("/api/v1/realizations/"):
                assert "409" in codes, label
            for code in codes - {"200", "201", "204"}:
                assert operation["responses"][code]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"
                }, label
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "429" in token and "401" not in token  # rate limited; reads no credentials
    assert "401" in schema["paths"]["/api/v1/agencies/"]["get"]["responses"]
    assert "404" in schema["paths"]["/api/v1/agencies/"]["get"]["responses"]  # a page past the end
