"""The national standard of an indicator (an SPM standard or a national target, with its source): edited on
the indicator form and in the API with the same validation, version check and audit as every indicator edit."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from kinerja.core.models import AuditEvent
from kinerja.planning.models import Indicator

pytestmark = pytest.mark.django_db


def _form_data(indicator: Indicator, **changes) -> dict:
    data = {
        "name": indicator.name,
        "unit": indicator.unit,
        "polarity": indicator.polarity,
        "indicator_type": indicator.indicator_type,
        "frequency": indicator.frequency,
        "accumulation": indicator.accumulation,
        "precision": str(indicator.precision),
        "lock_version": indicator.lock_version,
    }
    return data | changes


def _api(world, name="planner") -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[name])
    return client


def test_planner_records_the_standard_on_the_form_and_it_is_shown_and_audited(world, login):
    client = login(world.users["planner"])
    indicator = world.objective_indicator
    data = _form_data(indicator, national_standard="95,5", national_standard_source="SPM Permenkes 6/2024")
    response = client.post(f"/plan/indicators/{indicator.pk}/edit/", data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.national_standard == Decimal("95.5")
    assert indicator.national_standard_source == "SPM Permenkes 6/2024"
    event = AuditEvent.objects.filter(object_type="planning.indicator", object_id=str(indicator.pk)).first()
    assert event.action == "update"
    assert {name for name, _, _ in event.changes} >= {"national_standard", "national_standard_source"}
    page = client.get(f"/plan/indicators/{indicator.pk}/").content.decode()
    assert "Standar nasional" in page and "95,5" in page and "SPM Permenkes 6/2024" in page


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"national_standard": "banyak"}, "national_standard"),
        ({"national_standard_source": "SPM"}, "national_standard"),  # a source without its value
        ({"national_standard": "90", "national_standard_source": "x" * 256}, "national_standard_source"),
    ],
)
def test_bad_standard_on_the_form_is_refused_and_nothing_changes(world, login, changes, field):
    client = login(world.users["planner"])
    indicator = world.objective_indicator
    version = indicator.lock_version
    response = client.post(f"/plan/indicators/{indicator.pk}/edit/", _form_data(indicator, **changes))
    assert response.status_code == 200 and field in response.context["form"].errors
    indicator.refresh_from_db()
    assert indicator.national_standard is None and indicator.lock_version == version


def test_stale_form_keeps_the_other_edit(world, login):
    client = login(world.users["planner"])
    indicator = world.objective_indicator
    stale = _form_data(indicator, national_standard="80")
    assert client.post(f"/plan/indicators/{indicator.pk}/edit/", _form_data(indicator, national_standard="90"))
    response = client.post(f"/plan/indicators/{indicator.pk}/edit/", stale)
    assert response.status_code == 200
    indicator.refresh_from_db()
    assert indicator.national_standard == Decimal("90")


def test_api_sets_reads_and_clears_the_standard(world):
    client = _api(world)
    indicator = world.objective_indicator
    url = f"/api/v1/indicators/{indicator.pk}/"
    response = client.patch(
        url,
        {
            "national_standard": "100",
            "national_standard_source": "RPJMN 2025–2029",
            "lock_version": indicator.lock_version,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = client.get(url).json()
    assert Decimal(body["national_standard"]) == 100 and body["national_standard_source"] == "RPJMN 2025–2029"
    response = client.patch(
        url,
        {"national_standard": None, "national_standard_source": "", "lock_version": body["lock_version"]},
        format="json",
    )
    assert response.status_code == 200
    indicator.refresh_from_db()
    assert indicator.national_standard is None and indicator.national_standard_source == ""


@pytest.mark.parametrize(
    "payload",
    [
        {"national_standard": "seratus"},
        {"national_standard": True},
        {"national_standard_source": "Permenkes"},  # no value for it
        {"national_standard": "1" * 30},
    ],
)
def test_api_refuses_a_bad_standard_in_the_error_shape(world, payload):
    indicator = world.objective_indicator
    response = _api(world).patch(
        f"/api/v1/indicators/{indicator.pk}/", payload | {"lock_version": indicator.lock_version}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"message", "extra"}
    indicator.refresh_from_db()
    assert indicator.national_standard is None and indicator.national_standard_source == ""


def test_api_stale_version_is_a_conflict(world):
    client = _api(world)
    indicator = world.objective_indicator
    url = f"/api/v1/indicators/{indicator.pk}/"
    stale = indicator.lock_version
    assert client.patch(url, {"national_standard": "90", "lock_version": stale}, format="json").status_code == 200
    response = client.patch(url, {"national_standard": "80", "lock_version": stale}, format="json")
    assert response.status_code == 409
    indicator.refresh_from_db()
    assert indicator.national_standard == Decimal("90")


def test_operator_of_another_agency_cannot_set_it(world):
    indicator = world.program_indicator
    response = _api(world, "disdik_operator").patch(
        f"/api/v1/indicators/{indicator.pk}/",
        {"national_standard": "1", "lock_version": indicator.lock_version},
        format="json",
    )
    assert response.status_code in (403, 404)
    indicator.refresh_from_db()
    assert indicator.national_standard is None
