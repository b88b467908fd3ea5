import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from rest_framework.test import APIClient

from kinerja.core.access import SYSTEM
from kinerja.core.widgets import WidgetContext
from kinerja.innovation import services, widgets
from kinerja.innovation.models import CatalogueIndicator
from kinerja.innovation.tests.conftest import make_innovation, measures

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_lists_innovations_in_scope_with_their_cuts(world, django_assert_num_queries):
    innovation = make_innovation(world)
    services.change_save(user=SYSTEM, innovation=innovation, service="Rawat jalan", measures=measures())
    make_innovation(world, agency=world.disdik, name="Legalisasi", urusan="1.01", service_unit=None)
    client = _api(world.users["dinkes_operator"])
    client.get("/api/v1/innovations/")
    with django_assert_num_queries(4):
        body = client.get("/api/v1/innovations/").json()
    assert body["count"] == 1
    steps = next(m for m in body["results"][0]["changes"][0]["measures"] if m["kind"] == "steps")
    assert steps["cut"] == "62.50" and steps["before"] == "8.00"
    assert _api(world.users["leader"]).get("/api/v1/innovations/").json()["count"] == 2
    assert _api(world.users["stranger"]).get("/api/v1/innovations/").json()["count"] == 0


def test_a_reviewer_accepts_a_claim_through_the_api_and_an_operator_cannot(world):
    innovation = make_innovation(world)
    indicator = CatalogueIndicator.objects.get(catalogue__year=2026, number=16)
    claim = services.claim_save(user=SYSTEM, innovation=innovation, indicator=indicator, level=2, expected_version=None)
    url = f"/api/v1/innovation-claims/{claim.pk}/review/"
    assert _api(world.users["dinkes_operator"]).post(url, {"decision": "accept"}, format="json").status_code == 403
    # The role may not review at all: refused before the record is looked up (no existence oracle).
    assert _api(world.users["disdik_operator"]).post(url, {"decision": "accept"}, format="json").status_code == 403
    assert _api(world.users["stranger"]).post(url, {"decision": "accept"}, format="json").status_code == 404
    response = _api(world.users["planner"]).post(url, {"decision": "return", "expected_version": 1}, format="json")
    assert response.status_code == 400 and "note" in response.json()["extra"]["fields"]
    response = _api(world.users["planner"]).post(url, {"decision": "accept", "expected_version": 1}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "accepted"


def _ctx(world, user, agency=None):
    return WidgetContext(user=user, government=world.government, year=2026, today=timezone.localdate(), agency=agency)


def test_the_agency_widget_shows_stages_and_scores_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    user = world.users["dinkes_head"]
    assert widgets.agency_innovations(_ctx(world, user, world.disdik)) is None
    innovation = make_innovation(world)
    make_innovation(world, name="Uji", stage="trial")
    indicator = CatalogueIndicator.objects.get(catalogue__year=2026, number=35)
    services.claim_save(user=SYSTEM, innovation=innovation, indicator=indicator, level=3, expected_version=None)
    with django_assert_num_queries(3):
        panel = widgets.agency_innovations(_ctx(world, user, world.dinkes))
    assert panel.context["innovation"]["claimed"] == 12 and panel.context["innovation"]["waiting"] == 1
    html = render_to_string(panel.template, {"panel": panel.context})  # as the pages include it
    assert "12" in html and "Implementation" in html  # English msgid; Indonesian pages show "Penerapan"


def test_the_home_widget_names_the_basic_service_urusan_without_an_innovation(world, django_assert_num_queries):
    make_innovation(world, initiated_on=datetime.date(2024, 1, 2))
    with django_assert_num_queries(2):  # the user's memberships, then the innovations
        panel = widgets.government_innovations(_ctx(world, world.users["leader"]))
    assert "Kesehatan" not in panel.context["innovation"]["basic_without"]
    assert "Pendidikan" in panel.context["innovation"]["basic_without"]
    assert "Pendidikan" in render_to_string(panel.template, {"panel": panel.context})


def test_the_widgets_are_declared_for_the_dashboards_registry():
    assert {"agency": [widgets.agency_innovations], "home": [widgets.government_innovations]} == widgets.WIDGETS


def test_an_operator_claims_through_the_api_and_bad_input_changes_nothing(world):
    innovation = make_innovation(world)
    indicator = CatalogueIndicator.objects.get(catalogue__year=2026, number=28)
    client = _api(world.users["dinkes_operator"])
    for bad in ({"level": 4}, {"level": "2.0"}, {"level": True}, {"indicator": 0}):
        payload = {"innovation": innovation.pk, "indicator": indicator.pk, "level": 2} | bad
        response = client.post("/api/v1/innovation-claims/", payload, format="json")
        assert response.status_code == 400, bad
    assert not innovation.claims.exists()
    response = client.post("/api/v1/innovation-claims/", {"innovation": innovation.pk, "indicator": indicator.pk,
                                                          "level": 3, "evidence_link": "https://example.org/sp"},
                           format="json")  # fmt: skip
    assert response.status_code == 201 and response.json()["state"] == "submitted"
    other = _api(world.users["disdik_operator"]).post(
        "/api/v1/innovation-claims/",
        {"innovation": innovation.pk, "indicator": indicator.pk, "level": 1},
        format="json",
    )
    # Another agency's innovation is answered as an unknown one would be (400, no existence oracle).
    assert other.status_code == 400 and "innovation" in other.json()["extra"]["fields"]
    assert innovation.claims.get().level == 3
    leader = _api(world.users["leader"]).post(
        "/api/v1/innovation-claims/",
        {"innovation": innovation.pk, "indicator": indicator.pk, "level": 1},
        format="json",
    )
    assert leader.status_code == 403
