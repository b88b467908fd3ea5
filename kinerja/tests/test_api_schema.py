"""Every API operation against its own OpenAPI schema, with generated input (schemathesis).

The schema is the one the running code serves (``/api/v1/schema/``), so an operation added anywhere is
tested without touching this file. Each operation gets the cases of schemathesis' coverage phase (edge
values: ``?year=0``, ids past 64 bits, wrong types, missing fields) and a bounded number of generated
ones, valid and invalid, derandomized: the same cases on every run. Every case runs inside a savepoint
that is rolled back, on a database holding one object of every kind (``kinerja.tests.everything``), so
unsafe methods (POST, PUT, PATCH, DELETE) are exercised too; in half of the cases of an operation on one
record the path names a record that exists.

Each response must:
- not be a server error (5xx);
- have a status code the schema documents for that operation, with a documented content type and a
  body matching the documented schema;
- for an error (4xx), keep the API's error shape ``{"message": "...", "extra": {...}}``.

Run it alone with ``make test-api-schema`` (or ``pytest kinerja/tests/test_api_schema.py``).
"""

import collections
import itertools
import json
import os
import traceback

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.utils import translation
from hypothesis import HealthCheck, settings

from kinerja.tests.everything import populate

API = "/api/v1/"
SCHEMA_URL = f"{API}schema/?format=json&lang=en"
# Fuzzed cases per operation on top of the coverage phase's edge cases: the whole run stays within a few
# minutes on two cores (see the README); the cases are the same on every run (derandomized, fixed seed).
MAX_EXAMPLES = 10

# API_SCHEMA_SURVEY=<file>: record every case's outcome there (one JSON line each) instead of failing on
# the first failure of an operation: the count of all problems, e.g. before and after a fix.
SURVEY = os.environ.get("API_SCHEMA_SURVEY", "")

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20260101,
        "base-url": "http://localhost",
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            "with-security-parameters": False,
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)


@schemathesis.check
def error_shape(ctx, response, case):
    """A 4xx answers ``{"message": <non-empty text>, "extra": {...}}`` (``kinerja.core.api.exceptions``)."""
    if response.status_code < 400:
        return None
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        body = None
    ok = (
        isinstance(body, dict)
        and isinstance(body.get("message"), str)
        and body["message"].strip()
        and isinstance(body.get("extra"), dict)
    )
    assert ok, (
        f"{case.operation.label} answered {response.status_code} without the API's error shape "
        f'{{"message": ..., "extra": {{...}}}}: {response.content[:300]!r}'
    )
    return True


CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    error_shape,
]


class Context:
    """What the cases need: credentials per security scheme and ids of existing records per path."""

    def __init__(self, objects, token, kiosk_key):
        self.objects = objects
        self.headers = {
            "knoxApiToken": {"Authorization": f"Token {token}"},
            "kioskKey": {"Authorization": f"Kiosk {kiosk_key}"},
        }
        self.existing = {}  # path template -> {parameter: value of an existing record}
        self.counter = itertools.count()
        self.cases = 0
        self.statuses = collections.Counter()
        self.operations = set()

    def headers_for(self, operation) -> dict:
        """The credentials the operation's first security requirement names (none for a public one)."""
        for requirement in operation.definition.raw.get("security") or [{}]:
            for scheme in requirement:
                if scheme in self.headers:
                    return dict(self.headers[scheme])
        return {}


def served_schema() -> dict:
    """The schema ``/api/v1/schema/`` serves, in English (made as ``manage.py spectacular`` makes it)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    with translation.override("en"):
        generated = SchemaGenerator().get_schema(request=None, public=True)
        return json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))


APP = WSGIHandler()
schema = schemathesis.openapi.from_dict(served_schema(), config=CONFIG)
schema.app = APP  # requests go to the WSGI application in this process, not over the network


@pytest.fixture(scope="module")
def api_context(django_db_setup, django_db_blocker, pytestconfig):
    """One province with one object of every kind, an admin's API token and a kiosk key, for all cases.

    Built once for the module inside a transaction that is rolled back at the end; each case runs in a
    savepoint of its own (see the test)."""
    from kinerja.conftest import build_world
    from kinerja.core import accounts
    from kinerja.satisfaction import services as satisfaction

    # Requests go straight to the WSGI handler: its request signals must not close the test's connection
    # (the test client of Django disconnects them the same way).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.got_request_exception.connect(remember_exception)
    with django_db_blocker.unblock(), translation.override("en"):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            objects = populate(world)
            _, token = accounts.token_create(user=world.users["admin_user"])
            _, kiosk_key = satisfaction.kiosk_key_create(
                user=world.users["service_quality"], service_unit=objects["survey"].service_unit, name="Loket"
            )
            context = Context(objects, token, kiosk_key)
            find_existing(context)
            yield context
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
            signals.got_request_exception.disconnect(remember_exception)
            reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None and context.cases:
                reporter.write_line(
                    f"API schema check: {len(context.operations)} operations, {context.cases} cases, "
                    f"statuses {dict(sorted(context.statuses.items()))}"
                )


SERVER_EXCEPTION = []


def remember_exception(sender, request=None, **kwargs):
    """Keep the traceback of a request that failed in the server, for the failure message."""
    SERVER_EXCEPTION[:] = [traceback.format_exc()]


def find_existing(context):
    """For each path with one parameter, the id of the first record its collection lists (as admin)."""
    from werkzeug.test import Client

    client = Client(APP)
    paths = schema.raw_schema["paths"]
    for template in paths:
        names = [part[1:-1] for part in template.split("/") if part.startswith("{")]
        collection = template.split("{", 1)[0]
        if len(names) != 1 or "get" not in paths.get(collection, {}):
            continue
        response = client.get(collection, headers=context.headers["knoxApiToken"])
        if response.status_code != 200:
            continue
        body = response.get_json()
        items = body.get("results", []) if isinstance(body, dict) else body
        field = "id" if names[0] in ("id", "pk") else names[0]
        if items and isinstance(items[0], dict) and field in items[0]:
            context.existing[template] = {names[0]: items[0][field]}


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_api_operation_conforms_to_the_schema(case, api_context, db):
    context = api_context
    existing = context.existing.get(case.operation.path)
    if existing and next(context.counter) % 2 == 0:
        case.path_parameters = {**(case.path_parameters or {}), **existing}
    headers = context.headers_for(case.operation)
    SERVER_EXCEPTION.clear()
    with transaction.atomic():
        try:
            response = case.call(headers=headers)
            context.cases += 1
            context.operations.add(case.operation.label)
            context.statuses[response.status_code] += 1
            if SURVEY:
                survey(case, response, headers)
            else:
                validate(case, response, headers)
        finally:
            transaction.set_rollback(True)


def validate(case, response, headers):
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except schemathesis.errors.FailureGroup as group:
        if not SERVER_EXCEPTION:
            raise
        raise AssertionError(f"{group}\nThe server's traceback:\n{SERVER_EXCEPTION[0]}") from None


def survey(case, response, headers):
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
        failures = []
    except schemathesis.errors.FailureGroup as group:
        failures = [type(failure).__name__ + ": " + failure.title for failure in group.exceptions]
    line = {
        "operation": case.operation.label,
        "status": response.status_code,
        "failures": failures,
        "path": case.formatted_path,
        "query": case.query,
        "body": repr(case.body)[:300],
        "response": response.content[:300].decode(errors="replace"),
        "traceback": SERVER_EXCEPTION[0][-1500:] if SERVER_EXCEPTION else "",
    }
    with open(SURVEY, "a") as out:
        out.write(json.dumps(line) + "\n")
