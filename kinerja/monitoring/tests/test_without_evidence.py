"""The page an agency's count of verified values without evidence leads to: those values, within the user's reach."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.dashboards import reality
from kinerja.dashboards.tests import reality_data
from kinerja.monitoring.models import Evidence, Realization

PAGE = reverse("monitoring:without_evidence")


@pytest.fixture
def case(world):
    with time_machine.travel(datetime.datetime(2026, 12, 2, 3, tzinfo=datetime.UTC), tick=False):
        yield reality_data.first_agency(world)


def _rows(html: str) -> list[str]:
    table = html.split('class="table table-sm align-middle without-evidence"', 1)[1].split("</table>")[0]
    return re.findall(r"<tr>\s*<td>", table)


def test_the_missing_evidence_signal_leads_to_the_values_it_counts(world, case, login):
    signals = reality.compute(user=world.users["leader"], government=world.government, year=2026)
    (signal,) = [s for s in signals if s.kind == reality.MISSING_EVIDENCE]
    label, url = signal.links[0]
    assert label == "Verified values without evidence" and url.startswith(PAGE)
    response = login(world.users["leader"]).get(url)
    assert response.status_code == 200
    listed = list(response.context["page_obj"].object_list)
    assert len(listed) == signal.facts["without_evidence"] == 7
    bare = set(
        Realization.objects.filter(agency=world.dinkes, is_current=True, state="verified", period__year=2026)
        .exclude(pk__in=Evidence.objects.values("realization_id"))
        .values_list("pk", flat=True)
    )
    assert {r.pk for r in listed} == bare
    html = response.content.decode()
    assert len(_rows(html)) == 7
    assert "7 nilai terverifikasi tahun ini tidak memiliki berkas bukti" in html
    assert reverse("monitoring:entry", args=[listed[0].indicator_id, listed[0].period_id]) in html


def test_only_those_who_see_the_agency_open_it(world, case, login):
    query = {"agency": world.dinkes.code, "year": 2026}
    for user in ("leader", "inspector", "planner", "dinkes_head", "dinkes_operator"):
        assert login(world.users[user]).get(PAGE, query).status_code == 200, user
    for user in ("disdik_operator", "no_role"):
        assert login(world.users[user]).get(PAGE, query).status_code in (403, 404), user
    # a code names an agency of the user's own government: another government's planner never reaches ours
    other = login(world.users["stranger"]).get(PAGE, query)
    assert other.status_code == 404 or (
        other.context["agency"] != world.dinkes and other.context["page_obj"].paginator.count == 0
    )
    client = login(world.users["leader"])
    assert client.get(PAGE, {"agency": "nonsense", "year": 2026}).status_code == 404
    assert client.get(PAGE, {"year": 2026}).status_code == 404
    assert client.get(PAGE, {"agency": world.dinkes.code, "year": "20x6"}).status_code == 400
    assert client.get(PAGE, {"agency": world.dinkes.code, "year": 2026, "page": "999"}).status_code == 200


def test_a_value_given_its_evidence_leaves_the_list_and_the_queries_stay_the_same(world, case, login):
    client = login(world.users["leader"])
    query = {"agency": world.dinkes.code, "year": 2026}
    client.get(PAGE, query)  # the session and the grants read once
    with CaptureQueriesContext(connection) as before:
        first = client.get(PAGE, query)
    listed = list(first.context["page_obj"].object_list)
    Evidence.objects.create(
        realization=listed[0], name="bukti.pdf", file="evidence/bukti.pdf", sha256="a" * 64, size=10,
        content_type="application/pdf",
    )  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        second = client.get(PAGE, query)
    assert len(second.context["page_obj"].object_list) == 6
    assert len(after) == len(before)
