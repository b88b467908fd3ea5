"""The reality check's page, signal page, review and API: who sees what, who reviews, bad input refused."""

import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from kinerja.core.models import AuditEvent
from kinerja.dashboards import reality
from kinerja.dashboards.models import SignalReview
from kinerja.dashboards.tests import reality_data

PAGE = "/cek-realitas/"
SIGNAL = "/cek-realitas/sinyal/"
API = "/api/v1/reality-check/"


@pytest.fixture
def case(world):
    with time_machine.travel(datetime.datetime(2026, 12, 2, 3, tzinfo=datetime.UTC), tick=False):
        data = reality_data.first_agency(world)
        data["second"] = reality_data.second_agency(world)
        yield data


def _key(world, kind=reality.YEAR_END_SURGE, agency="dinkes"):
    signals = reality.compute(user=world.users["admin_user"], government=world.government, year=2026)
    return next(s for s in signals if s.kind == kind and s.agency_code == agency).key


# Page, signal page and API per member of the cast (anonymous: login or 401/403).
WHO_SEES = {
    "leader": {"dinkes", "disdik"},
    "planner": {"dinkes", "disdik"},
    "inspector": {"dinkes", "disdik"},
    "admin_user": {"dinkes", "disdik"},
    "dinkes_head": {"dinkes"},
}
REFUSED = ["dinkes_operator", "disdik_operator", "service_quality", "no_role"]


@pytest.mark.parametrize("who", list(WHO_SEES))
def test_the_page_lists_the_agencies_the_user_may_see(world, case, login, who):
    response = login(world.users[who]).get(PAGE, {"year": 2026})
    assert response.status_code == 200
    shown = {row.agency.code for row in response.context["rows"]}
    assert shown == WHO_SEES[who]
    api = APIClient()
    api.force_authenticate(world.users[who])
    data = api.get(API, {"year": 2026}).json()
    assert {s["agency_code"] for s in data["results"]} == WHO_SEES[who]
    assert data["count"] == len(data["results"])
    first = data["results"][0]
    assert set(first) >= {"agency", "agency_code", "kind", "severity", "explanation", "facts", "reviewed"}


@pytest.mark.parametrize("who", REFUSED)
def test_others_are_refused(world, case, login, who):
    assert login(world.users[who]).get(PAGE).status_code == 403
    key = _key(world)
    assert login(world.users[who]).get(SIGNAL, {"year": 2026, "key": key}).status_code == 403
    api = APIClient()
    api.force_authenticate(world.users[who])
    assert api.get(API, {"year": 2026}).json()["results"] == []


def test_anonymous_and_another_government(world, case, client, login):
    assert client.get(PAGE).status_code == 302 and "/login/" in client.get(PAGE)["Location"]
    assert client.get(SIGNAL, {"key": "x"}).status_code == 302
    assert APIClient().get(API).status_code in (401, 403)
    key = _key(world)
    stranger = login(world.users["stranger"])
    assert stranger.get(PAGE, {"year": 2026}).context["rows"] == []
    assert stranger.get(SIGNAL, {"year": 2026, "key": key}).status_code == 404
    # an agency head of Dinkes does not find a Disdik signal
    disdik_key = _key(world, agency="disdik")
    assert login(world.users["dinkes_head"]).get(SIGNAL, {"year": 2026, "key": disdik_key}).status_code == 404


def test_the_api_filters_by_agency_and_kind_and_refuses_bad_values(world, case):
    api = APIClient()
    api.force_authenticate(world.users["leader"])
    data = api.get(API, {"year": 2026, "agency": world.disdik.pk, "kind": "reused_evidence"}).json()
    assert [(s["agency"], s["kind"]) for s in data["results"]] == [(world.disdik.pk, "reused_evidence")]
    for bad in ({"kind": "nonsense"}, {"year": "abc"}, {"agency": "-1"}, {"kind": "a\x00b"}):
        assert api.get(API, bad).status_code == 400, bad


def test_the_page_filters_and_refuses_bad_values(world, case, login):
    client = login(world.users["leader"])
    response = client.get(PAGE, {"year": 2026, "kind": reality.PHOTO_METADATA})
    assert {s.kind for row in response.context["rows"] for s in row.signals} == {reality.PHOTO_METADATA}
    assert client.get(PAGE, {"kind": "nonsense"}).status_code == 400
    assert client.get(PAGE, {"year": "20x6"}).status_code == 400
    assert client.get(SIGNAL, {"year": 2026, "key": "nonsense:1"}).status_code == 404
    assert client.get(SIGNAL, {"year": 2026, "key": "k" * 500}).status_code == 404


def test_the_agencies_come_a_page_at_a_time_the_heaviest_first(world, case, login, monkeypatch):
    from kinerja.dashboards import reality_views

    monkeypatch.setattr(reality_views, "AGENCIES_PER_PAGE", 1)
    client = login(world.users["leader"])
    first = client.get(PAGE, {"year": 2026})
    second = client.get(PAGE, {"year": 2026, "page": 2})
    assert [r.agency.code for r in first.context["rows"]] == ["dinkes"]  # the heavier of the two
    assert [r.agency.code for r in second.context["rows"]] == ["disdik"]
    assert first.context["total"] == second.context["total"] > 1  # the counts are of every agency
    assert "page=2" in first.content.decode() and "year=2026" in first.content.decode().split("page=2")[0][-200:]
    assert client.get(PAGE, {"year": 2026, "page": "x"}).status_code == 200  # the first page


def test_the_signal_page_shows_its_facts_and_links(world, case, login):
    key = _key(world)
    response = login(world.users["leader"]).get(SIGNAL, {"year": 2026, "key": key})
    assert response.status_code == 200
    html = response.content.decode()
    assert "72,73" in html and "72.73" not in html
    assert f"/reports/indicators/{case['indicator'].pk}/" in html
    assert "Mark reviewed" not in html and "Tandai sudah ditinjau" not in html  # a leader reads, never reviews


def test_an_inspector_marks_a_signal_reviewed_and_it_stays_visible(world, case, login):
    key = _key(world, reality.REUSED_EVIDENCE)
    client = login(world.users["inspector"])
    response = client.post(
        f"{SIGNAL}?year=2026&key={key}", {"note": "Daftar hadir Januari dipakai lagi; dikonfirmasi."}
    )
    assert response.status_code == 302
    review = SignalReview.objects.get(key=key)
    assert (
        review.agency == world.dinkes
        and review.reviewer == world.users["inspector"]
        and review.kind == "reused_evidence"
    )
    assert AuditEvent.objects.filter(object_type__icontains="signalreview", object_id=str(review.pk)).exists()
    page = login(world.users["leader"]).get(PAGE, {"year": 2026})
    signal = next(s for row in page.context["rows"] for s in row.signals if s.key == key)
    assert signal.reviewed
    api = APIClient()
    api.force_authenticate(world.users["leader"])
    (entry,) = [s for s in api.get(API, {"year": 2026}).json()["results"] if s["key"] == key]
    assert entry["reviewed"] is True and entry["review"]["note"].startswith("Daftar hadir")
    # a stale edit is refused and changes nothing
    client = login(world.users["inspector"])
    stale = client.post(f"{SIGNAL}?year=2026&key={key}", {"note": "Lain.", "lock_version": review.lock_version + 5})
    assert stale.status_code == 200
    review.refresh_from_db()
    assert review.note.startswith("Daftar hadir")
    # an empty note is refused
    assert client.post(f"{SIGNAL}?year=2026&key={key}", {"note": "  "}).status_code == 200


@pytest.mark.parametrize("who", ["leader", "planner", "dinkes_head", "dinkes_operator"])
def test_only_inspectors_and_admins_review(world, case, login, who):
    key = _key(world)
    response = login(world.users[who]).post(f"{SIGNAL}?year=2026&key={key}", {"note": "Saya tandai."})
    assert response.status_code == 403
    assert not SignalReview.objects.exists()


def test_the_page_and_the_api_cost_the_same_whatever_the_data(world, login, django_assert_num_queries):
    with time_machine.travel(datetime.datetime(2026, 12, 2, 3, tzinfo=datetime.UTC), tick=False):
        reality_data.first_agency(world)
        client = login(world.users["leader"])
        api = APIClient()
        api.force_authenticate(world.users["leader"])
        client.get(PAGE, {"year": 2026}), api.get(API, {"year": 2026})  # caches of the first request warmed
        counts = []
        for round_ in range(2):
            with django_assert_num_queries(PAGE_QUERIES):
                assert client.get(PAGE, {"year": 2026}).status_code == 200
            with django_assert_num_queries(API_QUERIES):
                assert api.get(API, {"year": 2026}).status_code == 200
            counts.append(len(reality.compute(user=world.users["admin_user"], government=world.government, year=2026)))
            if round_ == 0:
                reality_data.second_agency(world)  # the data doubled
        assert counts[0] < counts[1]


PAGE_QUERIES = 18
API_QUERIES = 14
