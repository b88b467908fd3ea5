"""Supervision's API lists answer every role with its own rows, and a write is refused before its body is read.

Both were found by the permission matrix: the lists answered 500 (a filter offered supervisors, users,
whom no scope restricts), and an empty POST of a role without the right answered 400 instead of 403.
"""

import pytest

from kinerja.conftest import make_user
from kinerja.core.choices import Role
from kinerja.core.models import AuditEvent
from kinerja.dashboards.models_supervision import SupervisionAssignment, SupervisionRequest
from kinerja.dashboards.tests.conftest import send

HOST = {"HTTP_HOST": "127.0.0.1"}
ASSIGNMENTS = "/api/v1/supervision-assignments/"
REQUESTS = "/api/v1/supervision-requests/"


@pytest.fixture
def sent(world, supervisors):
    """wagub asked Dinas Kesehatan, sekda Dinas Pendidikan."""
    return {
        "dinkes": send(world, supervisors["wagub"]),
        "disdik": send(world, supervisors["sekda"], agency=world.disdik),
    }


def _ids(client, url, **query):
    response = client.get(url, query, **HOST)
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def test_the_assignment_list_answers_each_role_with_the_rows_of_its_scope(client, world, supervisors):
    every = sorted(SupervisionAssignment.objects.values_list("pk", flat=True))
    dinkes = sorted(SupervisionAssignment.objects.filter(agency=world.dinkes).values_list("pk", flat=True))
    disdik = sorted(SupervisionAssignment.objects.filter(agency=world.disdik).values_list("pk", flat=True))
    for role, expected in (
        ("admin_user", every), ("planner", every), ("inspector", every), ("dinkes_operator", dinkes),
        ("disdik_operator", disdik), ("dinkes_head", dinkes), ("stranger", []),
    ):  # fmt: skip
        client.force_login(world.users[role])
        assert _ids(client, ASSIGNMENTS) == expected, role


def test_the_request_list_answers_each_role_with_the_rows_of_its_scope(client, world, supervisors, sent):
    both = sorted(request.pk for request in sent.values())
    for role, expected in (
        ("admin_user", both), ("planner", both), ("inspector", both), ("dinkes_head", [sent["dinkes"].pk]),
        ("dinkes_operator", [sent["dinkes"].pk]), ("disdik_operator", [sent["disdik"].pk]), ("stranger", []),
    ):  # fmt: skip
        client.force_login(world.users[role])
        assert _ids(client, REQUESTS) == expected, role
    client.force_login(supervisors["wagub"])
    assert _ids(client, REQUESTS) == both  # a leader reads the government's requests


def test_the_lists_filter_by_supervisor_id_without_telling_who_exists(client, world, supervisors, sent):
    client.force_login(world.users["planner"])
    wagub, sekda = supervisors["wagub"], supervisors["sekda"]
    assert _ids(client, REQUESTS, supervisor=wagub.pk) == [sent["dinkes"].pk]
    assert _ids(client, REQUESTS, supervisor=sekda.pk, state="open") == [sent["disdik"].pk]
    assert _ids(client, ASSIGNMENTS, supervisor=wagub.pk) == [SupervisionAssignment.objects.get(supervisor=wagub).pk]
    # An account that supervises nothing, one of another government and an id no account has: all alike empty.
    for pk in (world.users["inspector"].pk, world.users["stranger"].pk, 99999999):
        assert _ids(client, REQUESTS, supervisor=pk) == []
        assert _ids(client, ASSIGNMENTS, supervisor=pk) == []
    # The operator of Disdik filtering by wagub sees none of wagub's requests to Dinkes.
    client.force_login(world.users["disdik_operator"])
    assert _ids(client, REQUESTS, supervisor=wagub.pk) == []
    for bad in ("abc", "1.5", "0", "99999999999999999999"):
        response = client.get(REQUESTS, {"supervisor": bad}, **HOST)
        assert response.status_code == 400, bad
        assert "supervisor" in response.json()["extra"]["fields"]


@pytest.mark.parametrize("body", [{}, {"text": "x"}, {"supervisor": 1, "agency": 1, "kind": "nonsense"}])
def test_a_role_without_the_right_is_refused_before_its_body_is_read(client, world, supervisors, sent, body):
    """Only the administrator assigns, only leaders send: the others get 403 whatever they send."""
    before = (AuditEvent.objects.count(), SupervisionAssignment.objects.count(), SupervisionRequest.objects.count())
    for role in ("planner", "inspector", "service_quality", "dinkes_head", "dinkes_operator", "stranger", "no_role"):
        client.force_login(world.users[role])
        for url in (ASSIGNMENTS, REQUESTS):
            response = client.post(url, body, content_type="application/json", **HOST)
            assert response.status_code == 403, (role, url, response.content)
    client.force_login(supervisors["wagub"])  # a leader sends requests but does not assign
    assert client.post(ASSIGNMENTS, body, content_type="application/json", **HOST).status_code == 403
    assert (AuditEvent.objects.count(), SupervisionAssignment.objects.count(), SupervisionRequest.objects.count()) == (
        before
    )


def test_the_roles_with_the_right_get_their_incomplete_body_explained(client, world, supervisors):
    client.force_login(world.users["admin_user"])
    response = client.post(ASSIGNMENTS, {}, content_type="application/json", **HOST)
    assert response.status_code == 400 and "supervisor" in response.json()["extra"]["fields"]
    client.force_login(supervisors["wagub"])
    response = client.post(REQUESTS, {}, content_type="application/json", **HOST)
    assert response.status_code == 400 and "agency" in response.json()["extra"]["fields"]


def test_the_actions_on_a_request_check_the_right_before_the_body(client, world, supervisors, sent):
    pk = sent["dinkes"].pk
    client.force_login(world.users["planner"])  # reads the request, may neither answer nor decide
    for step in ("answer", "close", "reopen"):
        response = client.post(f"{REQUESTS}{pk}/{step}/", {}, content_type="application/json", **HOST)
        assert response.status_code == 403, step
    client.force_login(world.users["dinkes_head"])  # the head answers: an empty answer is explained
    assert client.post(f"{REQUESTS}{pk}/answer/", {}, **HOST).status_code == 400
    client.force_login(supervisors["sekda"])  # another supervisor does not decide on wagub's request
    assert client.post(f"{REQUESTS}{pk}/close/", {}, content_type="application/json", **HOST).status_code == 403
    client.force_login(world.users["planner"])
    assignment = SupervisionAssignment.objects.get(supervisor=supervisors["wagub"])
    response = client.post(f"{ASSIGNMENTS}{assignment.pk}/end/", {}, content_type="application/json", **HOST)
    assert response.status_code == 403
    assignment.refresh_from_db()
    assert assignment.is_active


def test_the_request_page_refuses_an_empty_post_of_a_role_that_may_not_send(client, world, supervisors):
    url = "/pimpinan/supervisi/permintaan/baru/"
    disdik_head = make_user("disdik_head", world.government, Role.AGENCY_HEAD, world.disdik)
    for user in (world.users["planner"], world.users["inspector"], world.users["dinkes_operator"], disdik_head):
        client.force_login(user)
        assert client.post(url, {}).status_code == 403
        assert client.post(f"{url}?agency={world.dinkes.pk}", {}).status_code == 403
    client.force_login(supervisors["wagub"])
    assert client.post(url, {}).status_code == 400  # a leader is told to choose the agency
    assert client.post(f"{url}?agency={world.disdik.pk}", {}).status_code == 403  # not assigned to him
    assert client.post(f"{url}?agency={world.dinkes.pk}", {}).status_code == 400  # the empty form, explained
