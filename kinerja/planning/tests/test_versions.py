"""Deleting a plan node or an indicator names the version the user saw; one changed meanwhile stays."""

import pytest
from rest_framework.test import APIClient

from kinerja.core.services import ConflictError
from kinerja.planning import services
from kinerja.planning.models import Indicator, PlanNode

HOST = {"HTTP_HOST": "127.0.0.1"}
STALE_ID = "Pengguna lain telah menyimpan data ini"


def test_a_node_changed_meanwhile_is_not_deleted(world):
    planner, node = world.users["planner"], world.dinkes_sub
    PlanNode.objects.filter(pk=node.pk).update(title="Diubah", lock_version=node.lock_version + 1)
    for stale in (None, node.lock_version):
        with pytest.raises(ConflictError) as error:
            services.node_delete(user=planner, node=node, expected_version=stale)
        assert error.value.current["title"] == "Diubah"
    assert PlanNode.objects.filter(pk=node.pk).exists()
    services.node_delete(user=planner, node=node, expected_version=node.lock_version + 1)
    assert not PlanNode.objects.filter(pk=node.pk).exists()


def test_an_indicator_changed_meanwhile_is_not_deleted(world):
    planner, indicator = world.users["planner"], world.disdik_indicator
    Indicator.objects.filter(pk=indicator.pk).update(name="Diubah", lock_version=indicator.lock_version + 1)
    with pytest.raises(ConflictError):
        services.indicator_delete(user=planner, indicator=indicator, expected_version=indicator.lock_version)
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    services.indicator_delete(user=planner, indicator=indicator, expected_version=indicator.lock_version + 1)
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_the_delete_confirmations_carry_the_version_and_refuse_a_stale_one(client, world):
    client.force_login(world.users["planner"])
    node, indicator = world.dinkes_sub, world.disdik_indicator
    page = client.get(f"/plan/nodes/{node.pk}/", **HOST).content.decode()
    assert f'<input type="hidden" name="lock_version" value="{node.lock_version}">' in page
    page = client.get(f"/plan/indicators/{indicator.pk}/", **HOST).content.decode()
    assert f'<input type="hidden" name="lock_version" value="{indicator.lock_version}">' in page
    PlanNode.objects.filter(pk=node.pk).update(lock_version=node.lock_version + 1)
    response = client.post(f"/plan/nodes/{node.pk}/delete/", {"lock_version": node.lock_version}, follow=True, **HOST)
    assert STALE_ID in response.content.decode() and PlanNode.objects.filter(pk=node.pk).exists()
    Indicator.objects.filter(pk=indicator.pk).update(lock_version=indicator.lock_version + 1)
    url = f"/plan/indicators/{indicator.pk}/delete/"
    response = client.post(url, {"lock_version": indicator.lock_version}, follow=True, **HOST)
    assert STALE_ID in response.content.decode() and Indicator.objects.filter(pk=indicator.pk).exists()
    assert client.post(url, {"lock_version": indicator.lock_version + 1}, **HOST).status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_the_api_delete_answers_409_when_stale(world):
    api = APIClient()
    api.force_authenticate(world.users["planner"])
    indicator = world.disdik_indicator
    url = f"/api/v1/indicators/{indicator.pk}/"
    missing = api.delete(url, HTTP_HOST="127.0.0.1")
    assert missing.status_code == 409 and missing.json()["extra"]["current"]["name"] == indicator.name
    assert api.delete(f"{url}?lock_version=x", HTTP_HOST="127.0.0.1").status_code == 400
    assert api.delete(f"{url}?lock_version={indicator.lock_version + 1}", HTTP_HOST="127.0.0.1").status_code == 409
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    ok = api.delete(f"{url}?lock_version={indicator.lock_version}&reason=ganda", HTTP_HOST="127.0.0.1")
    assert ok.status_code == 204 and not Indicator.objects.filter(pk=indicator.pk).exists()
    node = world.dinkes_sub
    assert api.delete(f"/api/v1/plan-nodes/{node.pk}/?lock_version=99", HTTP_HOST="127.0.0.1").status_code == 409
    done = api.delete(f"/api/v1/plan-nodes/{node.pk}/?lock_version={node.lock_version}", HTTP_HOST="127.0.0.1")
    assert done.status_code == 204 and not PlanNode.objects.filter(pk=node.pk).exists()


def test_a_second_amendment_of_the_same_version_is_refused_and_copies_nothing(world, client):
    """A plan period is never edited in place: its only change is being superseded by an amendment, taken
    under a row lock. The stale amendment (a second planner's page of the same version) is refused."""
    from django.core.exceptions import ValidationError

    from kinerja.planning.models import PlanPeriod

    planner = world.users["planner"]
    client.force_login(planner)
    url = f"/plan/periods/{world.period.pk}/amend/"
    assert client.get(url, **HOST).status_code == 200  # the second planner opens the form on version 1
    new = services.period_amend(user=planner, period=world.period, reason="Perubahan RPJMD")
    periods, nodes = PlanPeriod.objects.count(), PlanNode.objects.count()
    with pytest.raises(ValidationError, match="superseded"):
        services.period_amend(user=planner, period=world.period, reason="Perubahan lain")
    response = client.post(url, {"reason": "Perubahan lain"}, **HOST)
    assert response.status_code == 200 and "sudah digantikan oleh perubahan" in response.content.decode()
    assert (PlanPeriod.objects.count(), PlanNode.objects.count()) == (periods, nodes)
    assert PlanPeriod.objects.get(previous=world.period) == new
