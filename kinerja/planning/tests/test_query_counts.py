"""Query counts of the tree, node and indicator pages and the API lists, pinned and independent of size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kinerja.core.access import SYSTEM
from kinerja.planning import services
from kinerja.planning.choices import IndicatorType
from kinerja.tests.versions import target_version


def _grow(world, programs: int = 4):
    """Add programs, activities, sub-activities and indicators to the dinkes part of the tree."""
    codes = ["1.02.03"]
    for code in codes[:programs]:
        program = services.node_create(
            user=SYSTEM, period=world.period, parent=world.objective, code=code, title="P", agency=world.dinkes
        )
        activity = services.node_create(
            user=SYSTEM, period=world.period, parent=program, code=f"{code}.1.01", title="K"
        )
        for sub in ("0001", "0002"):
            node = services.node_create(
                user=SYSTEM,
                period=world.period,
                parent=activity,
                code=f"{code}.1.01.{sub}",
                title="S",
                with_output_indicator=True,
            )
            services.indicator_create(
                user=SYSTEM, node=node, name="Extra", unit="%", indicator_type=IndicatorType.OUTPUT
            )
    for extra in range(3):
        indicator = services.indicator_create(
            user=SYSTEM, node=world.dinkes_program, name=f"I{extra}", unit="%", indicator_type="outcome"
        )
        for year in range(2025, 2030):
            services.target_set(
                user=SYSTEM,
                indicator=indicator,
                year=year,
                value=year,
                expected_version=target_version(indicator, year),
            )
    for extra in range(3):
        services.node_create(user=SYSTEM, period=world.period, parent=world.goal, title=f"Sasaran {extra}")


def _count(client, url, **extra) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return len(ctx)


PAGES = {
    "tree": ("/plan/", 10),
    "tree_agency": ("/plan/?agency=dinkes", 11),
    "tree_search": ("/plan/?q=a", 12),  # + the indicators that match, shown under each node
    "children": ("/plan/nodes/{objective}/children/", 6),
    "node": ("/plan/nodes/{program}/", 11),  # + the achievement of the subtree (monitoring's panel)
    "indicator": ("/plan/indicators/{indicator}/", 9),  # + its achievement (monitoring's panel)
    "agency": ("/agencies/dinkes/", 14),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_query_count_is_pinned_and_does_not_grow(world, client, name):
    template, expected = PAGES[name]
    url = template.format(
        objective=world.objective.pk, program=world.dinkes_program.pk, indicator=world.program_indicator.pk
    )
    client.force_login(world.users["dinkes_operator"])
    small = _count(client, url)
    _grow(world)
    client.force_login(world.users["dinkes_operator"])
    large = _count(client, url)
    assert (small, large) == (expected, expected)


API = {
    "/api/v1/plan-nodes/": 4,
    "/api/v1/indicators/": 5,
    "/api/v1/targets/": 4,
    "/api/v1/agencies/": 4,
    "/api/v1/plan-periods/": 4,
}


@pytest.mark.parametrize("url", list(API))
def test_api_list_query_count_is_pinned_and_does_not_grow(world, url):
    def count():
        from kinerja.core.models import User

        client = APIClient()
        # A fresh user object, as a real request loads it (memberships are cached per user object).
        client.force_authenticate(User.objects.get(username="dinkes_operator"))
        return _count(client, url)

    small = count()
    _grow(world)
    assert (small, count()) == (API[url], API[url])
