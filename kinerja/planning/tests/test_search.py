"""Tree search finds nodes by the names of their indicators, on the page and in the API."""

from rest_framework.test import APIClient

from kinerja.core.access import SYSTEM
from kinerja.planning import services


def test_tree_search_finds_a_node_by_its_indicator_name_and_shows_the_indicator(world, login):
    response = login(world.users["dinkes_operator"]).get("/plan/", {"q": "KEMATIAN"})
    results = response.context["results"]
    assert [node.pk for node in results] == [world.dinkes_program.pk]
    assert [i.name for i in results[0].matching_indicators] == ["Angka kematian ibu"]
    html = response.content.decode()
    assert (
        f'href="/plan/indicators/{world.program_indicator.pk}/"' in html and "<mark>Angka kematian ibu</mark>" in html
    )


def test_tree_search_by_title_still_works_and_shows_no_indicator_that_does_not_match(world, login):
    results = login(world.users["planner"]).get("/plan/", {"q": "upaya kesehatan"}).context["results"]
    assert [node.pk for node in results] == [world.dinkes_program.pk]
    assert results[0].matching_indicators == []


def test_tree_search_by_indicator_name_reveals_nothing_out_of_scope(world, login):
    assert list(login(world.users["disdik_operator"]).get("/plan/", {"q": "kematian"}).context["results"]) == []


def test_api_q_filter_finds_each_node_once_by_its_indicator_names(world):
    services.indicator_create(
        user=SYSTEM, node=world.dinkes_program, name="Angka kematian bayi", unit="kasus", indicator_type="outcome"
    )
    client = APIClient()
    client.force_authenticate(world.users["planner"])
    response = client.get("/api/v1/plan-nodes/", {"q": "kematian"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.dinkes_program.pk]
    client.force_authenticate(world.users["disdik_operator"])
    assert client.get("/api/v1/plan-nodes/", {"q": "kematian"}).json()["results"] == []
