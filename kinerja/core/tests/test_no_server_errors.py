"""No page and no API operation answers a malformed id or query string with a 5xx.

The test walks the URL resolver, so a new route cannot escape it: every pattern is requested with its
parameters filled with real ids (from ``kinerja.tests.everything``) and with malformed ones (``abc``,
``0``, ``-1``, an integer beyond 64 bits, an unknown slug), and with malformed values of the query
parameters the views and filter sets read (``year``, ``period``, ``page``, ``agency``, every API filter
field...). Anonymous and an administrator (who sees everything) make each request; any 5xx fails, and
the failure lists every URL that answered one, with its exception.
"""

import re
import traceback

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kinerja.tests.everything import populate

HUGE = "99999999999999999999"
MALFORMED_PATH_VALUES = ["abc", "0", "-1", HUGE, "tidak-ada"]
# Query parameters read by the pages (request.GET) and the API views besides their filter sets.
PAGE_KEYS = [
    "year", "period", "page", "page_size", "agency", "status", "state", "q", "kind", "working", "order",
    "object_type", "object_id", "user", "month", "method", "include_submitted", "code", "category", "sector",
    "region", "phase", "health", "project", "indicator", "node", "reason", "parent", "code_prefix", "severity",
    "escalation", "number", "stage", "urusan",
]  # fmt: skip
MALFORMED_QUERY_VALUES = ["abc", "0", "99999", HUGE, "2026-S9", "1.5", "a\x00b"]
# The parameters most views read, each alone too (so an early 400 on one cannot hide another).
SINGLE_KEYS = ["year", "period", "page", "agency"]
SINGLE_VALUES = ["abc", HUGE]


def _routes(resolver=None, prefix="", namespace=""):
    """Yield (path template, qualified name, parameter names) for every route, pages and API alike."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name or ''}"
            yield prefix + str(entry.pattern), name


PARAM = re.compile(r"<(?:(?P<conv>[a-z_]+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _params(template: str) -> list[str]:
    return [m["name"] or m["rname"] for m in PARAM.finditer(template)]


def _fill(template: str, values: dict) -> str:
    """Turn a route template (path() or regex) into a concrete path with the given parameter values."""

    def repl(match):
        return str(values[match["name"] or match["rname"]])

    path = PARAM.sub(repl, template)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + path


# API router basenames → the object whose id fills their ``pk``.
API_OBJECTS = {
    "agency": "dinkes", "service-unit": "service_unit", "plan-period": "period", "plan-node": "dinkes_program",
    "indicator": "program_indicator", "target": "target", "reporting-period": "quarter",
    "realization": "realization", "budget": "budget", "survey": "survey",
    "signed-document": "document", "project": "project", "milestone": "milestone", "progress-report": "report",
    "obstacle": "obstacle", "follow-up": "follow_up", "meeting": "meeting", "directive": "directive",
    "directive-assignment": "assignment", "service-unit-ikm": "service_unit",
    "supervision-assignment": "supervision_assignment", "supervision-request": "supervision_request",
    "innovation": "innovation", "innovation-claim": "claim", "innovation-service": "service_change",
    "innovation-measure": "measure",
    "agency-achievement": "dinkes", "agency-ikm": "dinkes", "indicator-achievement": "program_indicator",
}  # fmt: skip
# Page routes → the objects whose ids fill their parameters, in order (a new route must be added here).
PAGE_OBJECTS = {
    "core:audit_detail": ["audit_event.sequence"], "core:membership_deactivate": ["membership"],
    "core:two_factor_reset": ["operator"],
    "planning:period_amend": ["period"], "planning:plan_export": ["period"], "planning:plan_template": ["period"],
    "planning:plan_import": ["period"], "planning:node_detail": ["dinkes_program"],
    "planning:node_children": ["dinkes_program"], "planning:node_create": ["dinkes_program"],
    "planning:nomenclature_search": ["dinkes_program"], "planning:node_edit": ["dinkes_program"],
    "planning:node_delete": ["dinkes_sub"], "planning:indicator_create": ["dinkes_program"],
    "planning:indicator_detail": ["program_indicator"], "planning:indicator_edit": ["program_indicator"],
    "planning:indicator_delete": ["program_indicator"], "planning:indicator_targets": ["program_indicator"],
    "planning:agency_detail": ["dinkes.code"], "monitoring:entry": ["indicator", "quarter"],
    "monitoring:entry_achievement": ["indicator", "quarter"], "monitoring:node_achievement": ["dinkes_program"],
    "monitoring:indicator_values": ["indicator"], "monitoring:budget": ["dinkes_sub"], "monitoring:evidence": ["evidence"],
    "monitoring:sheet_download": ["dinkes.code", "quarter"], "monitoring:sheet_upload": ["dinkes.code", "quarter"],
    "dashboards:agency_dashboard": ["dinkes.code"], "satisfaction:public_survey": ["survey.public_code"],
    "satisfaction:public_thanks": ["survey.public_code"], "satisfaction:survey_detail": ["survey"],
    "satisfaction:survey_poster": ["survey"], "satisfaction:survey_report": ["survey"],
    "satisfaction:survey_data": ["survey"], "satisfaction:paper_template": ["survey"],
    "satisfaction:paper_import": ["survey"], "satisfaction:agency_results": ["dinkes.code"],
    "integrity:document": ["document"], "integrity:document_pdf": ["document"], "integrity:divisions": ["dinkes.code"],
    "integrity:verify_code": ["document.code"], "integrity:verify_pdf": ["document.code"],
    "projects:detail": ["project"], "projects:edit": ["project"], "projects:report": ["project"],
    "projects:milestone_create": ["project"], "projects:milestone": ["project", "milestone"],
    "projects:oc4ids": ["project"], "projects:obstacle": ["obstacle"], "projects:obstacle_edit": ["obstacle"],
    "projects:meeting": ["meeting"], "projects:meeting_edit": ["meeting"], "projects:directive_create": ["meeting"],
    "projects:assignment": ["assignment"],
    "dashboards:supervision_request": ["supervision_request"],
    "dashboards:supervision_evidence": ["supervision_answer"],
    "dashboards:brief": ["brief_week.iso"], "dashboards:brief_pdf": ["brief_week.iso"],
    "innovation:public_detail": ["innovation"], "innovation:adopt": ["innovation"], "innovation:detail": ["innovation"],
    "innovation:edit": ["innovation"], "innovation:submit": ["innovation"], "innovation:review": ["innovation"],
    "innovation:change_create": ["innovation"], "innovation:change_edit": ["innovation", "service_change"],
    "innovation:claim_edit": ["innovation", "iid_indicator"], "innovation:claim_review": ["claim"],
    "innovation:measure_evidence": ["measure"], "innovation:claim_evidence": ["claim"],
    "integrity:lkjip_agency": ["dinkes.code"], "integrity:lkjip_issued": ["lkjip_report"],
    "integrity:lkjip_preview": ["lkjip_preview.code", "lkjip_preview.fmt"],
    "portal:agency": ["dinkes.code"], "portal:project": ["project"], "portal:table": ["portal_table.name", "portal_table.fmt"],
}  # fmt: skip
# Routes whose object the fixture does not make (background jobs, stored photos): malformed ids only.
WITHOUT_OBJECT = {
    "monitoring:import_job", "satisfaction:survey_export", "satisfaction:survey_export_download",
    "integrity:batch", "projects:photo", "projects:milestone_evidence", "projects:directive_evidence",
    "api:budget-month-detail", "api:token-revoke", "core:token_revoke", "portal:photo",
}  # fmt: skip


def _value(objects: dict, spec: str):
    name, _, attribute = spec.partition(".")
    return getattr(objects[name], attribute or "pk")


def _valid_values(name: str, params: list[str], objects: dict) -> dict | None:
    """Real values for a route's parameters; None for the routes whose object the fixture does not make."""
    if name in WITHOUT_OBJECT:
        return None
    params = [p for p in params if p != "format"]
    if name.startswith("api:"):
        base = name[4:].rstrip("-")
        while base not in API_OBJECTS and "-" in base:
            base = base.rsplit("-", 1)[0]
        specs = [API_OBJECTS[base]] if params else []
    else:
        specs = PAGE_OBJECTS.get(name)
        if specs is None:
            return None
    return dict(zip(params, (_value(objects, spec) for spec in specs), strict=True)) | {"format": "json"}


def _api_filter_keys() -> set[str]:
    """Every filter field of every API view, read from the views themselves."""
    keys = set()
    for _template, _name, view in _views():
        cls = getattr(view, "cls", None)
        if cls is None:
            continue
        keys.update(getattr(cls, "filterset_fields", None) or [])
        filterset = getattr(cls, "filterset_class", None)
        if filterset is not None:
            keys.update(filterset.base_filters)
    return keys


def _views():
    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry, prefix + str(entry.pattern), inner)
            else:
                yield prefix + str(entry.pattern), f"{namespace}{entry.name or ''}", entry.callback

    return walk(get_resolver(), "", "")


@pytest.fixture
def objects(world):
    found = populate(world)
    return found | {
        "dinkes": world.dinkes,
        "dinkes_program": world.dinkes_program,
        "dinkes_sub": world.dinkes_sub,
        "operator": world.users["dinkes_operator"],
        "program_indicator": world.program_indicator,
        "period": world.period,
        "target": world.program_indicator.targets.first(),
        "service_unit": found["survey"].service_unit,
    }


def _requests(objects):
    """Yield every (path, query) pair to request: real ids with malformed queries, and malformed ids."""
    keys = sorted(set(PAGE_KEYS) | _api_filter_keys())
    queries = [{}] + [dict.fromkeys(keys, value) for value in MALFORMED_QUERY_VALUES]
    queries += [{key: value} for key in SINGLE_KEYS for value in SINGLE_VALUES]
    seen = set()
    for template, name in _routes():
        if template.startswith("admin/") or "(?P<format>" in template:
            continue  # Django's own admin; a DRF ".json" suffix reaches the same view as the plain route
        params = _params(template)
        valid = _valid_values(name, params, objects)
        assert valid is not None or name in WITHOUT_OBJECT or not params, f"no real value for {name} ({template})"
        if not params:
            valid = {}
        if valid is not None:
            path = _fill(template, valid)
            if path not in seen:
                seen.add(path)
                real = any(p != "format" for p in params)  # a parameterless route may 404 without its query
                for query in queries:
                    yield name, path, query, real
        for param in params:
            if param == "format":
                continue
            for bad in MALFORMED_PATH_VALUES:
                values = {p: ((valid or {}).get(p) or "1") for p in params} | {param: bad}
                values["format"] = "json"
                path = _fill(template, values)
                if path not in seen:
                    seen.add(path)
                    yield name, path, {}, False


def _walk(client, objects, every_query=True, unreachable=None) -> list[str]:
    """Request everything; return the 5xx answers. Real paths answering 404 go to ``unreachable``."""
    failures = []
    refused = set()  # paths that refuse GET outright (POST-only actions): their queries are never read
    for name, path, query, real in _requests(objects):
        if path in refused or (not every_query and len(query) == 1):
            continue
        response = client.get(path, query)
        if response.status_code == 405 and not query:
            refused.add(path)
        if real and not query and response.status_code == 404 and unreachable is not None:
            unreachable.append(path)
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            why = "".join(traceback.format_exception_only(exc[1])).strip() if exc else response.content[:200]
            failures.append(f"{response.status_code} {name} {path} {query!r}: {why}")
    return failures


def test_no_route_answers_malformed_ids_or_queries_with_a_server_error_to_an_administrator(world, objects):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin_user"])
    unreachable = []
    failures = _walk(client, objects, unreachable=unreachable)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:60])
    # The real ids reach their objects (else the malformed queries would only ever meet a 404).
    assert unreachable == []


def test_no_route_answers_malformed_ids_or_queries_with_a_server_error_to_anonymous(world, objects):
    failures = _walk(Client(raise_request_exception=False), objects, every_query=False)
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:60])


def test_the_walk_covers_every_route_with_real_ids(world, objects):
    """A route the walk could only reach with malformed ids would test little: each has a real value."""
    missing = []
    for template, name in _routes():
        params = _params(template)
        if template.startswith("admin/") or not params or name in WITHOUT_OBJECT:
            continue
        if _valid_values(name, params, objects) is None:
            missing.append(name)
    assert not missing


@pytest.mark.parametrize(
    "path",
    ["/plan/?period=abc", "/dashboard/?year=99999", "/dashboard/agencies/disdik/?year=0", "/integritas/?year=abc"],
)
def test_the_reported_addresses_answer_a_clear_400_page(world, settings, client, path):
    settings.DEBUG = False  # the page users get (with DEBUG on, Django shows its technical 400 page)
    client.force_login(world.users["admin_user"])
    response = client.get(path)
    assert response.status_code == 400
    assert "Alamat tidak valid" in response.content.decode()  # says what is wrong, in the interface's language


def test_a_malformed_api_parameter_answers_400_in_the_api_error_shape(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.users["planner"])
    body = client.get(f"/api/v1/agencies/{world.dinkes.pk}/achievement/?year=0").json()
    assert set(body) == {"message", "extra"} and list(body["extra"]["fields"]) == ["year"]
    for url, field in (
        (f"/api/v1/plan-nodes/?parent={HUGE}", "parent"),
        (f"/api/v1/indicators/?period={HUGE}", "period"),
        (f"/api/v1/plan-periods/?agency={HUGE}", "agency"),
        ("/api/v1/indicators/?node=1.5", "node"),
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert field in response.json()["extra"]["fields"], url
    # An id that is well formed but unknown is simply not there.
    assert client.get(f"/api/v1/plan-nodes/?agency={HUGE}").json()["count"] == 0
