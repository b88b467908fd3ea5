"""The supervisor's page lists his agencies with their reality-check signals: count by severity and kind,
reviewed against not yet, linking to the agency's signals."""

import datetime

import pytest
import time_machine

from kinerja.dashboards import reality
from kinerja.dashboards.models import SignalReview
from kinerja.dashboards.tests import reality_data

HOST = {"HTTP_HOST": "127.0.0.1"}


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(datetime.datetime(2026, 12, 2, 3, tzinfo=datetime.UTC), tick=False):
        yield


def test_the_supervised_agencies_carry_their_signals(client, world, supervisors):
    reality_data.first_agency(world)
    signals = [
        s
        for s in reality.compute(user=world.users["leader"], government=world.government, year=2026)
        if s.agency_code == "dinkes"
    ]
    first = signals[0]
    SignalReview.objects.create(
        government=world.government, agency_id=first.agency_id, year=2026, kind=first.kind, key=first.key,
        note="Dicek.", reviewer=world.users["inspector"], reviewed_at=datetime.datetime.now(datetime.UTC),
    )  # fmt: skip
    client.force_login(supervisors["wagub"])
    response = client.get("/pimpinan/supervisi/?year=2026", **HOST)
    (row,) = response.context["overview"].agencies
    assert row.agency == world.dinkes and len(row.signals) == len(signals)
    assert (row.signals_reviewed, row.signals_open) == (1, len(signals) - 1)
    severities = {sev: n for sev, _label, n in row.signals_by_severity}
    assert severities == {sev: sum(1 for s in signals if s.severity == sev) for sev in {s.severity for s in signals}}
    assert sum(n for _k, _l, n in row.signals_by_kind) == len(signals)
    page = response.content.decode()
    assert f'href="/cek-realitas/?year=2026&amp;agency={world.dinkes.pk}"' in page
    assert f'href="/cek-realitas/?year=2026&amp;agency={world.dinkes.pk}&amp;kind={reality.YEAR_END_SURGE}"' in page
    assert "1 ditinjau" in page
    # Sekda supervises Disdik, which has no signal: a zero, no link to kinds.
    client.force_login(supervisors["sekda"])
    (row,) = client.get("/pimpinan/supervisi/?year=2026", **HOST).context["overview"].agencies
    assert row.agency == world.disdik and row.signals == []


def test_both_sides_see_the_day_a_request_was_sent(client, world, supervisors):
    from kinerja.dashboards.tests.conftest import send

    sent_day = datetime.date(2026, 11, 20)
    request = send(world, supervisors["wagub"], today=sent_day, due_in=30)
    assert request.sent_on == sent_day  # the day of sending, not the time the row was written
    for who in (supervisors["wagub"], world.users["dinkes_head"]):
        client.force_login(who)
        listing = client.get("/pimpinan/supervisi/", **HOST).content.decode()
        assert '<td class="request-sent-on">20-11-2026</td>' in listing
        detail = client.get(f"/pimpinan/supervisi/permintaan/{request.pk}/", **HOST).content.decode()
        assert "dikirim 20-11-2026" in detail
    client.force_login(world.users["dinkes_head"])
    dashboard = client.get("/dashboard/agencies/dinkes/", **HOST).content.decode()
    assert "dikirim 20-11-2026" in dashboard  # the agency widget of the head's dashboard
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.users["dinkes_head"])
    assert api.get(f"/api/v1/supervision-requests/{request.pk}/").json()["sent_on"] == "2026-11-20"
