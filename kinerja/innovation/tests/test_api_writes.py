"""Registering and changing innovations, their changed services and before/after measures through the API:
the same services as the pages (access, versions, audit), strict input, 409 on a stale version."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from kinerja.conftest import make_user
from kinerja.core.access import SYSTEM
from kinerja.core.choices import Role
from kinerja.core.models import AuditEvent
from kinerja.innovation import services
from kinerja.innovation.models import Innovation, Measure, ServiceChange
from kinerja.innovation.tests.conftest import DESIGN, make_innovation, measures
from kinerja.tests.versions import current_version

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _new(world, **overrides):
    return {
        "agency": world.dinkes.pk, "name": "Resep daring", "form": "public_service", "urusan": "1.02",
        "initiator": "asn", "is_digital": True, "stage": "trial", "initiated_on": "2024-02-01",
        "trial_on": "2024-06-01", "design": DESIGN, "person_in_charge": "apt. Sari", "budget": "15.000.000",
    } | overrides  # fmt: skip


def test_an_operator_registers_and_changes_an_innovation_of_their_agency(world):
    client = _api(world.users["dinkes_operator"])
    response = client.post("/api/v1/innovations/", _new(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"] == 1 and body["budget"] == "15000000.00" and body["review_state"] == "draft"
    innovation = Innovation.objects.get(pk=body["id"])
    assert AuditEvent.objects.filter(object_type__icontains="innovation", object_id=str(innovation.pk)).exists()
    url = f"/api/v1/innovations/{innovation.pk}/"
    changed = client.patch(url, {"stage": "implementation", "implemented_on": "2025-01-06", "expected_version": 1},
                           format="json")  # fmt: skip
    assert changed.status_code == 200 and changed.json()["version"] == 2 and changed.json()["stage"] == "implementation"
    stale = client.patch(url, {"name": "Resep daring v2", "expected_version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["extra"]["current"]["name"] == "Resep daring"
    assert client.patch(url, {"name": "X"}, format="json").status_code == 400  # no version: refused, not guessed
    assert Innovation.objects.get(pk=innovation.pk).name == "Resep daring"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"stage": "implementation"}, "implemented_on"),  # the stage reached needs its date
        ({"trial_on": "2023-01-01"}, "trial_on"),  # before the inisiatif
        ({"budget": "-5"}, "budget"),
        ({"budget": True}, "budget"),
        ({"name": "x" * 256}, "name"),
        ({"urusan": "9.99"}, "urusan"),
        ({"is_digital": "kadang"}, "is_digital"),
        ({"video_url": "bukan tautan"}, "video_url"),
        ({"agency": 1.5}, "agency"),
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_is_stored(world, overrides, field):
    response = _api(world.users["dinkes_operator"]).post(
        "/api/v1/innovations/", _new(world, **overrides), format="json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["extra"]["fields"], response.json()
    assert not Innovation.objects.filter(name__startswith="Resep daring").exists()


def test_who_may_register_and_change(world):
    brida = make_user("brida", world.government, Role.BRIDA)
    for name in ("planner", "service_quality", "leader", "inspector"):
        assert _api(world.users[name]).post("/api/v1/innovations/", _new(world), format="json").status_code == 403
    assert _api(brida).post("/api/v1/innovations/", _new(world), format="json").status_code == 403
    # Another agency's operator cannot register for Dinkes: an agency out of their scope is like one that is not.
    response = _api(world.users["disdik_operator"]).post("/api/v1/innovations/", _new(world), format="json")
    assert response.status_code == 400 and "agency" in response.json()["extra"]["fields"]
    innovation = make_innovation(world)
    url = f"/api/v1/innovations/{innovation.pk}/"
    assert _api(world.users["disdik_operator"]).patch(url, {"expected_version": 1}, format="json").status_code == 404
    assert _api(brida).patch(url, {"name": "Y", "expected_version": 1}, format="json").status_code == 403
    # A planner of another government holds no right to change innovations at all: refused before the lookup.
    assert _api(world.users["stranger"]).patch(url, {"expected_version": 1}, format="json").status_code == 403
    assert _api(world.users["dinkes_head"]).delete(url).status_code == 405  # innovations are not deleted


def test_services_and_measures_are_created_changed_and_deleted_with_their_versions(world):
    innovation = make_innovation(world)
    services.innovation_submit(user=SYSTEM, innovation=innovation, expected_version=current_version(innovation))
    services.innovation_review(
        user=SYSTEM, innovation=innovation, accept=True, expected_version=current_version(innovation)
    )
    client = _api(world.users["dinkes_operator"])
    created = client.post("/api/v1/innovation-services/", {"innovation": innovation.pk, "service": "Rawat jalan",
                                                          "time_unit": "hours"}, format="json")  # fmt: skip
    assert created.status_code == 201, created.json()
    change_id = created.json()["id"]
    assert Innovation.objects.get(pk=innovation.pk).review_state == "submitted"  # the public numbers changed
    measure = client.post("/api/v1/innovation-measures/", {"change": change_id, "kind": "steps", "before": "8",
                          "after": 3, "evidence_link": "https://example.org/sop"}, format="json")  # fmt: skip
    assert measure.status_code == 201, measure.json()
    assert measure.json()["cut"] == "62.50" and measure.json()["version"] == 1
    measure_id = measure.json()["id"]
    again = client.post("/api/v1/innovation-measures/", {"change": change_id, "kind": "steps", "before": 2, "after": 1},
                        format="json")  # fmt: skip
    assert again.status_code == 400 and "kind" in again.json()["extra"]["fields"]
    url = f"/api/v1/innovation-measures/{measure_id}/"
    assert client.patch(url, {"after": 2, "expected_version": 1}, format="json").json()["cut"] == "75.00"
    stale = client.patch(url, {"after": 1, "expected_version": 1}, format="json")
    assert stale.status_code == 409 and Decimal(stale.json()["extra"]["current"]["after"]) == 2
    for bad in ({"after": -1}, {"after": "1,234"}, {"after": True}, {"before": "1e20"}):
        response = client.patch(url, bad | {"expected_version": 2}, format="json")
        assert response.status_code == 400, (bad, response.json())
    assert Measure.objects.get(pk=measure_id).after == 2
    change_version = ServiceChange.objects.get(pk=change_id).lock_version
    assert change_version == 3  # raised by each write of its measures
    service_url = f"/api/v1/innovation-services/{change_id}/"
    renamed = client.patch(service_url, {"service": "Pendaftaran rawat jalan", "expected_version": change_version},
                           format="json")  # fmt: skip
    assert renamed.status_code == 200 and renamed.json()["version"] == change_version + 1
    assert client.delete(url).status_code == 400  # which version was seen must be said
    assert client.delete(f"{url}?expected_version=1").status_code == 409
    assert client.delete(f"{url}?expected_version=2").status_code == 204
    assert not Measure.objects.filter(pk=measure_id).exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(measure_id)).exists()
    assert client.delete(f"{service_url}?expected_version=1").status_code == 409
    version = ServiceChange.objects.get(pk=change_id).lock_version
    assert client.delete(f"{service_url}?expected_version={version}").status_code == 204
    assert not ServiceChange.objects.filter(pk=change_id).exists()


def test_services_and_measures_of_another_agency_are_neither_seen_nor_changed(world):
    innovation = make_innovation(world)
    change = services.change_save(user=SYSTEM, innovation=innovation, service="Rawat jalan", measures=measures())
    measure = change.measures.get(kind="steps")
    other = _api(world.users["disdik_operator"])
    assert other.get("/api/v1/innovation-measures/").json()["count"] == 0
    assert other.patch(f"/api/v1/innovation-measures/{measure.pk}/", {"after": 1, "expected_version": 1},
                       format="json").status_code == 404  # fmt: skip
    assert other.post("/api/v1/innovation-services/", {"innovation": innovation.pk, "service": "X"},
                      format="json").status_code == 400  # not visible: like an id no record has  # fmt: skip
    reviewer = _api(world.users["planner"])
    assert reviewer.get("/api/v1/innovation-measures/").json()["count"] == 4  # reviewers read every agency's
    assert reviewer.delete(f"/api/v1/innovation-measures/{measure.pk}/?expected_version=1").status_code == 403
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_on_the_page_a_measure_is_deleted_and_a_stale_form_is_refused_with_nothing_changed(world, client):
    innovation = make_innovation(world)
    change = services.change_save(user=SYSTEM, innovation=innovation, service="Rawat jalan", measures=measures())
    client.force_login(world.users["dinkes_operator"])
    url = f"/registri-inovasi/{innovation.pk}/layanan/{change.pk}/"
    page = client.get(url)
    assert 'name="cost_delete"' in page.content.decode() and 'name="version"' in page.content.decode()
    form = {"service": "Rawat jalan", "standard": "", "time_unit": "days", "version": change.lock_version,
            "steps_before": "8", "steps_after": "3", "documents_before": "6", "documents_after": "2",
            "time_before": "14", "time_after": "3", "cost_delete": "on"}  # fmt: skip
    assert client.post(url, form).status_code == 302
    assert set(change.measures.values_list("kind", flat=True)) == {"steps", "documents", "time"}
    stale = client.post(url, form | {"steps_after": "1", "cost_delete": ""})
    assert stale.status_code == 400 and "Pengguna lain telah menyimpan data ini" in stale.content.decode()
    assert change.measures.get(kind="steps").after == 3
