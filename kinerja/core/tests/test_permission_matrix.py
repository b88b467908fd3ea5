"""Every page and endpoint against the cast: anonymous, no role, wrong role, right role, right role elsewhere.

Outcomes: ok (2xx), login (redirect to the login page), forbidden (403), missing (404: out of scope).
An object outside a user's scope is always "missing", never "forbidden".
"""

import pytest
from rest_framework.test import APIClient

CAST = [
    "anonymous",
    "no_role",
    "dinkes_operator",
    "dinkes_head",
    "disdik_operator",
    "planner",
    "inspector",
    "leader",
    "service_quality",
    "admin_user",
    "stranger",
]

EVERYONE = dict.fromkeys(CAST, "ok") | {"anonymous": "login"}
# Reading an object of Dinas Kesehatan: its own staff and government-wide roles only.
DINKES_OBJECT = EVERYONE | {"no_role": "missing", "disdik_operator": "missing", "stranger": "missing"}
# Changing the plan: planners and admins; other roles are refused, another government's planner finds nothing.
PLAN_EDIT = dict.fromkeys(CAST, "forbidden") | {
    "anonymous": "login",
    "planner": "ok",
    "admin_user": "ok",
    "stranger": "missing",
}
AUDIT = dict.fromkeys(CAST, "forbidden") | {"anonymous": "login", "inspector": "ok", "admin_user": "ok"}
USERS = dict.fromkeys(CAST, "forbidden") | {"anonymous": "login", "admin_user": "ok"}
PERIOD = EVERYONE | {"no_role": "missing", "stranger": "missing"}

PAGES = [
    ("/", EVERYONE),
    ("/plan/", EVERYONE),
    ("/plan/periods/", EVERYONE),
    ("/agencies/", EVERYONE),
    # The other government has an agency with the same code: its planner sees that one (tested below).
    ("/agencies/{dinkes.code}/", DINKES_OBJECT | {"stranger": "ok"}),
    ("/plan/nodes/{dinkes_program.pk}/", DINKES_OBJECT),
    ("/plan/nodes/{dinkes_program.pk}/children/", DINKES_OBJECT),
    ("/plan/indicators/{program_indicator.pk}/", DINKES_OBJECT),
    ("/plan/periods/{period.pk}/export.xlsx", PERIOD),
    ("/plan/periods/{period.pk}/template.xlsx", PERIOD),
    ("/plan/nodes/{dinkes_program.pk}/edit/", PLAN_EDIT),
    ("/plan/nodes/{dinkes_program.pk}/add/", PLAN_EDIT),
    ("/plan/nodes/{dinkes_program.pk}/nomenclature/", PLAN_EDIT),
    ("/plan/nodes/{dinkes_program.pk}/indicators/add/", PLAN_EDIT),
    ("/plan/indicators/{program_indicator.pk}/edit/", PLAN_EDIT),
    ("/plan/indicators/{program_indicator.pk}/targets/", PLAN_EDIT),
    ("/plan/periods/{period.pk}/import/", PLAN_EDIT),
    ("/plan/periods/{period.pk}/amend/", PLAN_EDIT),
    ("/audit/", AUDIT),
    ("/users/", USERS),
    ("/users/new/", USERS),
]

API_ANON = {"anonymous": "denied"}
API_LIST = EVERYONE | API_ANON
API_DINKES = DINKES_OBJECT | API_ANON
ENDPOINTS = [
    ("/api/v1/agencies/", API_LIST),
    ("/api/v1/service-units/", API_LIST),
    ("/api/v1/plan-periods/", API_LIST),
    ("/api/v1/plan-nodes/", API_LIST),
    ("/api/v1/indicators/", API_LIST),
    ("/api/v1/targets/", API_LIST),
    ("/api/v1/agencies/{dinkes.pk}/", API_DINKES | {"no_role": "missing"}),
    ("/api/v1/plan-nodes/{dinkes_program.pk}/", API_DINKES),
    ("/api/v1/indicators/{program_indicator.pk}/", API_DINKES),
    ("/api/v1/targets/{program_target.pk}/", API_DINKES),
    ("/api/v1/plan-periods/{period.pk}/", PERIOD | API_ANON),
    ("/api/v1/schema/", EVERYONE | {"anonymous": "ok"}),  # the schema holds no data
]
API_WRITE = dict.fromkeys(CAST, "forbidden") | {
    "anonymous": "denied",
    "planner": "ok",
    "admin_user": "ok",
    "stranger": "missing",
}


def _outcome(response) -> str:
    code = response.status_code
    if code in (401,) or (
        code == 403
        and response.get("Content-Type", "").startswith("application/json")
        and "credentials" in response.content.decode()
    ):
        return "denied"
    if code == 302 and "/login/" in response["Location"]:
        return "login"
    if code in (200, 201, 204, 302):
        return "ok"
    return {403: "forbidden", 404: "missing"}.get(code, str(code))


def _url(template: str, world) -> str:
    values = {
        "dinkes": world.dinkes,
        "dinkes_program": world.dinkes_program,
        "program_indicator": world.program_indicator,
        "program_target": world.program_indicator.targets.first(),
        "period": world.period,
    }
    return template.format(**values)


@pytest.mark.parametrize(("template", "expected"), PAGES, ids=[p for p, _ in PAGES])
def test_page_permissions(world, client, template, expected):
    url = _url(template, world)
    got = {}
    for name in CAST:
        client.logout()
        if name != "anonymous":
            client.force_login(world.users[name])
        got[name] = _outcome(client.get(url))
    assert got == expected


@pytest.mark.parametrize(("template", "expected"), ENDPOINTS, ids=[p for p, _ in ENDPOINTS])
def test_endpoint_permissions(world, template, expected):
    url = _url(template, world)
    got = {}
    for name in CAST:
        client = APIClient()
        if name != "anonymous":
            client.force_authenticate(world.users[name])
        got[name] = _outcome(client.get(url))
    assert got == expected


def test_endpoint_write_permissions(world):
    got = {}
    for name in CAST:
        client = APIClient()
        if name != "anonymous":
            client.force_authenticate(world.users[name])
        got[name] = _outcome(
            client.patch(f"/api/v1/plan-nodes/{world.dinkes_program.pk}/", {"description": name}, format="json")
        )
    assert got == API_WRITE


def test_lists_are_filtered_to_scope(world):
    def count(name):
        client = APIClient()
        client.force_authenticate(world.users[name])
        return client.get("/api/v1/indicators/").json()["count"]

    assert count("planner") == 4
    assert count("dinkes_operator") == 3  # objective's shared indicator, program's and the sub-activity's output
    assert count("disdik_operator") == 2
    assert count("stranger") == 0 and count("no_role") == 0


def test_post_actions_follow_the_same_rules(world, client):
    url = f"/plan/nodes/{world.dinkes_sub.pk}/delete/"
    for name, expected in (("dinkes_operator", 403), ("stranger", 404), ("inspector", 403)):
        client.force_login(world.users[name])
        assert client.post(url).status_code == expected, name


def test_same_agency_code_in_another_government_shows_that_governments_agency(world, client):
    client.force_login(world.users["stranger"])
    response = client.get("/agencies/dinkes/")
    assert response.context["agency"] == world.other_agency


def test_superuser_with_two_governments_gets_the_agency_of_their_first_government(world, client):
    from kinerja.core.models import User

    root = User.objects.create_superuser("root", password="x-password-1")
    client.force_login(root)
    assert client.get("/agencies/dinkes/").status_code == 200
