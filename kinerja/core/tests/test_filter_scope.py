"""A filter never tells whether a record the user may not see exists (no existence oracle).

Every API list's filter on a related record (``?agency=``, ``?project=``...) is found by walking the URL
resolver; for users with a narrow scope (another government's planner, an operator of another agency)
the id of a record they may not view and an id no record has must get the same status and the same body.
Pages reading an agency from the query string answer the same for both too.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django_filters.filters import QuerySetRequestMixin
from rest_framework.test import APIClient

from kinerja.core.filtersets import FilterBackend
from kinerja.core.tests.test_no_server_errors import _views
from kinerja.tests.everything import populate

NARROW_USERS = ["stranger", "disdik_operator", "dinkes_operator", "no_role"]


def _list_filters():
    """Yield (list path, filter name, related model) for every related-record filter of every API list."""
    seen = set()
    for template, name, callback in _views():
        cls = getattr(callback, "cls", None)
        if cls is None or not name.endswith("-list") or "(?P<format>" in template or cls in seen:
            continue
        seen.add(cls)
        model = getattr(cls, "model", None)
        if model is None:
            continue
        view = cls(request=None, format_kwarg=None, kwargs={})
        filterset = FilterBackend().get_filterset_class(view, model.objects.all())
        if filterset is None:
            continue
        for key, filter_ in filterset.base_filters.items():
            if isinstance(filter_, QuerySetRequestMixin):
                path = "/" + template.replace("^", "").replace("$", "")
                yield path, key, filter_.queryset.model


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_id_out_of_scope_and_an_unknown_id_get_the_same_answer_from_every_api_filter(world):
    populate(world)
    compared, endpoints = 0, set()
    differences = []
    filters = list(_list_filters())
    assert len({path for path, _, _ in filters}) >= 10  # the walk found the lists (it cannot pass empty)
    for path, key, model in filters:
        unknown = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
        for name in NARROW_USERS:
            user = world.users[name]
            if hasattr(model.objects, "restrict"):
                hidden = model.objects.exclude(pk__in=model.objects.restrict(user, "view").values("pk")).first()
            else:  # users (a supervisor) are not scoped rows: one of another government is out of scope here
                hidden = world.users["stranger"] if model is get_user_model() else None
            if hidden is None:
                continue
            client = _client(user)
            out_of_scope = client.get(path, {key: hidden.pk})
            missing = client.get(path, {key: unknown})
            compared += 1
            endpoints.add(path)
            if (out_of_scope.status_code, out_of_scope.content) != (missing.status_code, missing.content):
                differences.append(
                    f"{path}?{key}= as {name}: out of scope {out_of_scope.status_code} {out_of_scope.content[:120]!r}"
                    f" / unknown {missing.status_code} {missing.content[:120]!r}"
                )
            assert missing.status_code == 400, f"{path}?{key}={unknown} as {name}: {missing.status_code}"
    assert not differences, "\n".join(differences)
    assert len(endpoints) >= 10 and compared >= 30, (len(endpoints), compared)


def test_the_refusal_names_the_filter_and_says_the_choice_is_not_valid(world, settings):
    client = _client(world.users["stranger"])
    client.credentials(HTTP_ACCEPT_LANGUAGE="id")
    body = client.get("/api/v1/plan-periods/", {"agency": world.dinkes.pk}).json()
    assert list(body["extra"]["fields"]) == ["agency"]
    assert "pilihan yang valid" in body["extra"]["fields"]["agency"][0]


def test_a_visible_id_still_filters(world):
    client = _client(world.users["disdik_operator"])
    body = client.get("/api/v1/plan-periods/", {"agency": world.disdik.pk}).json()
    assert body["count"] == 0  # no Renstra of Disdik in the fixture, but a valid choice
    client = _client(world.users["planner"])
    body = client.get("/api/v1/plan-nodes/", {"period": world.period.pk}).json()
    assert body["count"] > 0


@pytest.mark.parametrize(
    ("route", "args"),
    [
        ("planning:tree", []),
        ("planning:plan_export", ["period"]),
        ("monitoring:node_achievement", ["objective"]),
        ("monitoring:evaluation_form", []),
    ],
)
def test_a_page_given_an_agency_out_of_scope_answers_as_for_an_unknown_one(world, client, route, args):
    """An operator of Disdik asks for Dinas Kesehatan (outside their scope) by code, and for a code no agency has."""
    client.force_login(world.users["disdik_operator"])
    url = reverse(route, args=[getattr(world, a).pk for a in args])
    out_of_scope = client.get(url, {"agency": world.dinkes.code})
    missing = client.get(url, {"agency": "tidak-ada"})
    visible = client.get(url, {"agency": world.disdik.code})
    assert out_of_scope.status_code == missing.status_code == 404, (out_of_scope.status_code, missing.status_code)
    assert visible.status_code == 200


@pytest.mark.parametrize(("route", "key"), [("planning:tree", "period"), ("planning:vision_create", "period")])
def test_a_page_given_a_record_id_out_of_scope_answers_as_for_an_unknown_one(world, client, route, key):
    """Another government's planner asks for Sumsel's plan period by id, and for an id no period has."""
    client.force_login(world.users["stranger"])
    url = reverse(route)
    hidden, unknown = world.period.pk, world.period.pk + 1000
    out_of_scope = client.get(url, {key: hidden})
    missing = client.get(url, {key: unknown})
    assert out_of_scope.status_code == missing.status_code == 404
    # The same page but for the per-request CSRF token and the address asked for (echoed in the language form).
    assert _page(out_of_scope, f"{key}={hidden}") == _page(missing, f"{key}={unknown}")


def _page(response, asked: str) -> str:
    return re.sub(r'(X-CSRFToken": "|csrfmiddlewaretoken" value=")\w+', r"\1", response.content.decode()).replace(
        asked, "ASKED"
    )


def test_a_project_out_of_scope_is_ignored_like_an_unknown_one_when_recording_an_obstacle(world, client):
    objects = populate(world)
    client.force_login(world.users["disdik_operator"])
    url = reverse("projects:obstacle_create")
    out_of_scope = client.get(url, {"project": objects["project"].pk})
    missing = client.get(url, {"project": objects["project"].pk + 1000})
    assert out_of_scope.status_code == missing.status_code == 200
    assert out_of_scope.context["form"].initial == missing.context["form"].initial == {}


def _create_fields():
    """Yield (list path, field name, related model) for every writable related field of every API create."""
    from rest_framework.relations import RelatedField

    seen = set()
    for template, _name, callback in _views():
        actions = getattr(callback, "actions", None) or {}
        cls = getattr(callback, "cls", None)
        if actions.get("post") != "create" or "(?P<format>" in template or cls in seen:
            continue
        seen.add(cls)
        view = cls(request=None, format_kwarg=None, kwargs={}, action="create")
        for key, field in view.get_serializer_class()().fields.items():
            related = getattr(field, "child_relation", field)
            if not field.read_only and isinstance(related, RelatedField):
                many = related is not field
                yield "/" + template.replace("^", "").replace("$", ""), key, related.queryset.model, many


def test_an_id_out_of_scope_and_an_unknown_id_get_the_same_answer_from_every_api_create(world):
    populate(world)
    fields = list(_create_fields())
    assert len({path for path, *_ in fields}) >= 8
    compared, differences = 0, []
    for path, key, model, many in fields:
        unknown = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
        for name in NARROW_USERS:
            user = world.users[name]
            if hasattr(model.objects, "restrict"):
                hidden = model.objects.exclude(pk__in=model.objects.restrict(user, "view").values("pk")).first()
            else:  # users (a supervisor) are not scoped rows: one of another government is out of scope here
                hidden = world.users["stranger"] if model is get_user_model() else None
            if hidden is None:
                continue
            client = _client(user)
            answers = []
            for value in (hidden.pk, unknown):
                with transaction.atomic():
                    response = client.post(path, {key: [value] if many else value}, format="json")
                    transaction.set_rollback(True)
                answers.append((response.status_code, response.content.decode().replace(str(value), "ID")))
            compared += 1
            if answers[0] != answers[1]:
                differences.append(f"POST {path} {key}= as {name}: out of scope {answers[0]} / unknown {answers[1]}")
    assert not differences, "\n".join(differences)
    assert compared >= 20, compared
