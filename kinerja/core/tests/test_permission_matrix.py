"""Every route and every API operation, requested as every role, answers what ``kinerja/tests/access_matrix.py`` says.

The routes come from the URL resolver (every pattern outside Django's admin), the API operations from the
OpenAPI schema (every path × method, drf-spectacular's generator): neither list is written by hand, so a
new page or operation without an entry in the table fails ``test_every_route_and_operation_has_an_entry``
with the entry to add. Pages are requested with GET (the POST-only actions listed in ``POST_PAGES`` with
an empty POST); API reads with GET and API writes with an empty JSON body. Every unsafe request runs in a
savepoint rolled back afterwards, and a refused one must leave the audit trail's length unchanged.

Answer classes (``access_matrix.OUTCOMES``): ok (2xx, or a redirect elsewhere than the login page),
login (redirect to the login page, 401, or DRF's "credentials were not provided"), denied (403, or 404 for
a record outside the user's scope), invalid (400/409/415: let through, the empty request refused), method
(405). For an unsafe request "allowed" accepts ok or invalid.

To see what every route answers today (when writing entries), run the walk with
``KINERJA_MATRIX_OBSERVED=/tmp/observed.py``: the observed answers are written there in the table's form.
"""

import os
import pprint
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from kinerja.core.audit import audit_context
from kinerja.core.models import AuditEvent, RateCounter
from kinerja.core.tests.test_no_server_errors import WITHOUT_OBJECT, _fill, _params, _valid_values
from kinerja.tests import access_matrix
from kinerja.tests.access_matrix import API, PAGES, POST_PAGES, QUERIES, ROLES
from kinerja.tests.everything import populate
from kinerja.tests.versions import month_version

TABLE_FILE = "kinerja/tests/access_matrix.py"
# Which fixture object fills an API path's {id}, by the path's first segment after /api/v1/.
API_PATH_OBJECTS = {
    "agencies": "dinkes", "service-units": "service_unit", "plan-periods": "period", "plan-nodes": "dinkes_program",
    "indicators": "program_indicator", "targets": "target", "reporting-periods": "quarter",
    "realizations": "realization", "budgets": "budget", "budget-months": "budget_month", "surveys": "survey",
    "signed-documents": "document", "projects": "project", "milestones": "milestone", "progress-reports": "report",
    "obstacles": "obstacle", "follow-ups": "follow_up", "meetings": "meeting", "directives": "directive",
    "directive-assignments": "assignment", "innovations": "innovation", "innovation-claims": "claim",
    "innovation-services": "service_change", "innovation-measures": "measure",
    "supervision-assignments": "supervision_assignment",
    "supervision-requests": "supervision_request",
}  # fmt: skip
# Path parameters the fixture has no object for: requested with a value no record has (the gate still shows).
API_PATH_PLACEHOLDERS = {"token_key": "tidak-ada"}


def _pages_and_api_callbacks():
    """Yield (template, name, callback) for every route of the resolver outside Django's admin."""

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), f"{namespace}{entry.name or ''}", entry.callback

    for template, name, callback in walk(get_resolver(), "", ""):
        if not template.startswith("admin/"):
            yield template, name, callback


def api_operations() -> list[str]:
    """Every operation of the OpenAPI schema as "METHOD /path/{param}/"."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item]


def page_routes() -> dict[str, str]:
    """Every route no schema operation describes (pages, and the API's schema, docs and root): name → template."""
    operations = set(api_operations())
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    described = {
        callback
        for path, _regex, method, callback in generator.endpoints
        if f"{method.upper()} {path.replace('{pk}', '{id}')}" in operations
    }
    routes = {}
    for template, name, callback in _pages_and_api_callbacks():
        if callback in described or "(?P<format>" in template or "<drf_format_suffix" in template:
            continue  # an API operation (in API), or a DRF ".json" suffix reaching the same view
        routes.setdefault(name, template)
    return routes


def _entry_text(key, observed: dict | None) -> str:
    row = observed or dict.fromkeys(ROLES, "?")
    return f"    {key!r}: {row!r},"


def test_every_route_and_operation_has_an_entry():
    """A new route or operation must be given its expected answers before it can merge; stale entries go too."""
    routes = page_routes()
    operations = api_operations()
    missing_pages = sorted(set(routes) - set(PAGES))
    missing_api = sorted(set(operations) - set(API))
    message = []
    if missing_pages:
        message.append(
            f"Routes without an entry: add each to PAGES in {TABLE_FILE} (one answer per role; see the module's "
            "docstring for the classes; KINERJA_MATRIX_OBSERVED shows what they answer today):\n"
            + "\n".join(
                f"    {name!r}: ...,  # {routes[name]}: e.g. DINKES, EVERYONE, only('admin', 'planner')"
                for name in missing_pages
            )
        )
    if missing_api:
        message.append(f"API operations without an entry: add each to API in {TABLE_FILE}:\n" + "\n".join(
            f"    {key!r}: ...,  # e.g. DINKES for a read, writers('admin', 'planner') for a write" for key in missing_api
        ))  # fmt: skip
    stale = sorted(set(PAGES) - set(routes)) + sorted(set(API) - set(operations))
    if stale:
        message.append(f"Entries in {TABLE_FILE} for routes that no longer exist: remove {stale}")
    bad_posts = sorted(set(POST_PAGES) - set(routes))
    if bad_posts:
        message.append(f"POST_PAGES in {TABLE_FILE} names unknown routes: {bad_posts}")
    for key, row in {**PAGES, **API}.items():
        if set(row) != set(ROLES) or not set(row.values()) <= set(access_matrix.OUTCOMES):
            message.append(
                f"The entry {key!r} in {TABLE_FILE} must give one of {access_matrix.OUTCOMES} for each of {ROLES}"
            )
    assert not message, "\n\n".join(message)


def outcome(response) -> str:
    code = response.status_code
    if code == 401:
        return "login"
    if code == 403 and response.get("Content-Type", "").startswith("application/json"):
        body = response.content
        if b"credentials were not provided" in body or b"tidak menyertakan" in body:
            return "login"
    if code in (301, 302, 303, 307):
        return "login" if response["Location"].split("?")[0].endswith("/login/") else "ok"
    if 200 <= code < 300:
        return "ok"
    classes = {403: "denied", 404: "denied", 400: "invalid", 409: "invalid", 415: "invalid", 405: "method"}
    return classes.get(code, str(code))


def matches(expected: str, got: str) -> bool:
    return got == expected or (expected == "allowed" and got in ("ok", "invalid"))


@pytest.fixture
def cast(world):
    """The world's users under the matrix's role names, with a head of the other agency added."""
    from kinerja.conftest import make_user
    from kinerja.core.choices import Role

    users = world.users
    disdik_head = make_user("disdik_head", world.government, Role.AGENCY_HEAD, world.disdik)
    return {
        "anonymous": None, "admin": users["admin_user"], "planner": users["planner"], "inspector": users["inspector"],
        "service_quality": users["service_quality"], "leader": users["leader"], "head_own": users["dinkes_head"],
        "head_other": disdik_head, "operator_own": users["dinkes_operator"], "operator_other": users["disdik_operator"],
        "stranger": users["stranger"], "no_role": users["no_role"],
        "brida": make_user("brida", world.government, Role.BRIDA),
    }  # fmt: skip


def _objects(world):
    from kinerja.monitoring import services as monitoring

    found = populate(world)
    with audit_context(username="test:setup"):
        budget_month = monitoring.budget_month_set(
            user=world.users["dinkes_operator"],
            budget=found["budget"],
            month=1,
            cash_plan=Decimal(1),
            spent=Decimal(1),
            expected_version=month_version(found["budget"], 1),
        )
    return found | {
        "dinkes": world.dinkes, "dinkes_program": world.dinkes_program, "dinkes_sub": world.dinkes_sub,
        "operator": world.users["dinkes_operator"], "program_indicator": world.program_indicator,
        "period": world.period, "target": world.program_indicator.targets.first(),
        "service_unit": found["survey"].service_unit, "budget_month": budget_month,
    }  # fmt: skip


def _request(client, method: str, path: str, query: dict, *, api: bool):
    RateCounter.objects.all().delete()  # thousands of requests from one address: no rate limit may answer
    if method == "GET":
        response = client.get(path, query)
    elif api:
        response = client.generic(method, f"{path}?{urlencode(query)}", "{}", content_type="application/json")
    else:
        response = client.post(f"{path}?{urlencode(query)}", {})
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)  # the test client closes the file (and not our connection) at the end
    return response


def _ask(clients, key: str, method: str, path: str, objects: dict, *, api: bool, errors: list) -> dict:
    """Request one path as every role; an unsafe request is rolled back and, when refused, must write no audit entry."""
    query = {name: value.format(**objects) for name, value in QUERIES.get(key, {}).items()}
    row = {}
    for role in ROLES:
        client = clients(role, fresh=method != "GET")
        if method == "GET":
            row[role] = outcome(_request(client, method, path, query, api=api))
            continue
        with transaction.atomic():
            before = AuditEvent.objects.count()
            got = outcome(_request(client, method, path, query, api=api))
            if got in ("login", "denied") and AuditEvent.objects.count() != before:
                errors.append(f"{key} as {role}: refused ({got}) but wrote to the audit trail")
            transaction.set_rollback(True)
        row[role] = got
    return row


def _page_path(name: str, template: str, objects) -> str:
    """The route filled with the fixture's objects (the route walk's PAGE_OBJECTS), or an id no record has
    for the routes whose object the fixture does not make (WITHOUT_OBJECT)."""
    params = _params(template)
    if not params:
        return _fill(template, {})
    if name in WITHOUT_OBJECT:
        return _fill(template, {p: "999999" if p in ("pk", "sequence") or p.endswith("_id") else "x" for p in params})
    values = _valid_values(name, params, objects)
    if values is None:
        raise LookupError(
            f"{name} ({template}): no object fills its parameters; add it to PAGE_OBJECTS (or WITHOUT_OBJECT) "
            "in kinerja/core/tests/test_no_server_errors.py"
        )
    return _fill(template, values)


def _api_path(key: str, objects) -> str:
    path = key.split(" ", 1)[1]
    for name, value in API_PATH_PLACEHOLDERS.items():
        path = path.replace("{" + name + "}", value)
    if "{id}" in path:
        resource = path.removeprefix("/api/v1/").split("/")[0]
        if resource not in API_PATH_OBJECTS:
            raise LookupError(
                f"{key}: add {resource!r} to API_PATH_OBJECTS in kinerja/core/tests/test_permission_matrix.py"
            )
        path = path.replace("{id}", str(objects[API_PATH_OBJECTS[resource]].pk))
    if "{" in path:
        raise LookupError(
            f"{key}: add its path parameter to API_PATH_PLACEHOLDERS in kinerja/core/tests/test_permission_matrix.py"
        )
    return path


def test_every_route_and_operation_answers_every_role_as_the_table_says(world, cast):
    objects = _objects(world)
    page_clients, api_clients = {}, {}

    def pages(role, fresh=False):
        if fresh or role not in page_clients:
            client = Client(raise_request_exception=False)
            if cast[role] is not None:
                client.force_login(cast[role])
            if fresh:
                return client
            page_clients[role] = client
        return page_clients[role]

    def apis(role, fresh=False):
        if role not in api_clients:
            client = APIClient(raise_request_exception=False)
            if cast[role] is not None:
                client.force_authenticate(cast[role])
            api_clients[role] = client
        return api_clients[role]

    observed, errors, wrong, requests = {"PAGES": {}, "API": {}}, [], [], 0
    for name, template in sorted(page_routes().items()):
        method = "POST" if name in POST_PAGES else "GET"
        try:
            path = _page_path(name, template, objects)
        except LookupError as problem:
            wrong.append(str(problem))
            continue
        row = _ask(pages, name, method, path, objects, api=False, errors=errors)
        observed["PAGES"][name] = row
        requests += len(row)
    for key in sorted(api_operations()):
        method = key.split(" ", 1)[0]
        try:
            path = _api_path(key, objects)
        except LookupError as problem:
            wrong.append(str(problem))
            continue
        row = _ask(apis, key, method, path, objects, api=True, errors=errors)
        observed["API"][key] = row
        requests += len(row)

    if path := os.environ.get("KINERJA_MATRIX_OBSERVED"):
        with open(path, "w") as out:
            out.write("PAGES = " + pprint.pformat(observed["PAGES"], width=120, sort_dicts=False) + "\n")
            out.write("API = " + pprint.pformat(observed["API"], width=120, sort_dicts=False) + "\n")
    for table, rows in (("PAGES", PAGES), ("API", API)):
        for key, got in observed[table].items():
            expected = rows.get(key)
            if expected is None:
                wrong.append(f"{key}: no entry in {table} of {TABLE_FILE}; today it answers\n{_entry_text(key, got)}")
                continue
            differs = {role: (expected[role], got[role]) for role in ROLES if not matches(expected[role], got[role])}
            if differs:
                wrong.append(f"{key}: " + ", ".join(f"{r} expected {e}, got {g}" for r, (e, g) in differs.items()))
    print(f"permission matrix: {len(observed['PAGES'])} routes, {len(observed['API'])} operations, "
          f"{len(ROLES)} roles, {requests} requests")  # fmt: skip
    assert not errors, "\n".join(errors)
    assert not wrong, f"{len(wrong)} routes/operations answer otherwise than the table says:\n" + "\n".join(wrong)


# What the matrix cannot say with one answer per route: scoped lists, and the same code in two governments.


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


@pytest.mark.parametrize("path", ["/agencies/dinkes/", "/satisfaction/agencies/dinkes/", "/integritas/bidang/dinkes/"])
def test_superuser_with_two_governments_gets_the_agency_of_their_first_government(world, client, path):
    """Agency codes repeat across governments: a page by code looks in the user's government (it was a 500)."""
    from kinerja.core.models import User

    populate(world)  # Dinkes of Sumsel has a survey
    root = User.objects.create_superuser("root", password="x-password-1")
    client.force_login(root)
    response = client.get(path)
    assert response.status_code == 200
    assert response.context["agency"] == world.dinkes
