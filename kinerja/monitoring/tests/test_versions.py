"""A period's status for an agency and the removal of evidence name the version they were made on."""

import datetime

import pytest

from kinerja.core.services import ConflictError
from kinerja.monitoring import services
from kinerja.monitoring.models import Evidence, PeriodAgencyStatus, Realization
from kinerja.monitoring.tests.conftest import pdf
from kinerja.tests.versions import period_status_version

TW1 = ("quarter", 1)
HOST = {"HTTP_HOST": "127.0.0.1"}
STALE_ID = "Pengguna lain telah menyimpan data ini"


def _close(world, period, version, **values):
    return services.period_set_status(
        user=world.users["planner"], period=period, agency=world.dinkes, expected_version=version,
        **({"status": "closed"} | values),
    )  # fmt: skip


def test_a_period_status_set_meanwhile_is_not_overwritten(world, periods):
    period = periods[TW1]
    row = _close(world, period, None, note="Tutup")
    assert row.lock_version == 1
    for stale in (None, 2):  # a page that showed no status, or a newer one: refused
        with pytest.raises(ConflictError) as error:
            _close(world, period, stale, status="locked")
        assert error.value.current["status"] == "closed"
    assert PeriodAgencyStatus.objects.get().status == "closed"
    row = _close(world, period, 1, status="locked", note="Kunci")
    assert (row.status, row.lock_version) == ("locked", 2)
    assert _close(world, period, 2, status="locked", note="Kunci").lock_version == 2  # nothing changed
    with pytest.raises(ConflictError):
        _close(world, period, 1, status="open")
    assert PeriodAgencyStatus.objects.get().status == "locked"


def test_the_periods_page_refuses_a_stale_status_and_keeps_the_choice(client, world, periods):
    period = periods[TW1]
    _close(world, period, None, note="Tutup")
    client.force_login(world.users["planner"])
    chosen = client.get(f"/reports/periods/?year=2026&period={period.pk}&agency={world.dinkes.pk}", **HOST)
    assert 'name="version" value="1"' in chosen.content.decode()
    post = {"period": period.pk, "agency": world.dinkes.pk, "status": "locked", "note": "Kunci TW I", "version": ""}
    response = client.post("/reports/periods/?year=2026", post, **HOST)
    body = response.content.decode()
    assert response.status_code == 409 and STALE_ID in body and "Kunci TW I" in body
    assert f'<option value="{period.pk}" selected>' in body and 'name="version" value="1"' in body
    assert PeriodAgencyStatus.objects.get().status == "closed"
    assert client.post("/reports/periods/?year=2026", post | {"version": "1"}, **HOST).status_code == 302
    assert PeriodAgencyStatus.objects.get().status == "locked"
    assert period_status_version(period, world.dinkes) == 2


@pytest.fixture
def draft_with_evidence(world, periods, output_indicator):
    draft = services.realization_save(
        user=world.users["dinkes_operator"], indicator=output_indicator, period=periods[TW1], value="12",
        today=datetime.date(2026, 4, 2), expected_version=None,
    )  # fmt: skip
    evidence = services.evidence_add(user=world.users["dinkes_operator"], realization=draft, upload=pdf())
    return draft, evidence


def test_evidence_of_a_value_changed_meanwhile_is_not_removed(world, draft_with_evidence):
    draft, evidence = draft_with_evidence
    operator = world.users["dinkes_operator"]
    Realization.objects.filter(pk=draft.pk).update(value=15, lock_version=2)  # entered again by someone else
    for stale in (None, 1):
        with pytest.raises(ConflictError):
            services.evidence_remove(user=operator, evidence=evidence, expected_version=stale)
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    services.evidence_remove(user=operator, evidence=evidence, expected_version=2)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_the_entry_page_refuses_a_stale_evidence_removal(client, world, periods, output_indicator, draft_with_evidence):
    draft, evidence = draft_with_evidence
    client.force_login(world.users["dinkes_operator"])
    url = f"/reports/{output_indicator.pk}/{periods[TW1].pk}/"
    page = client.get(url, **HOST).content.decode()
    assert f'name="evidence" value="{evidence.pk}"><input type="hidden" name="lock_version" value="1">' in page
    Realization.objects.filter(pk=draft.pk).update(value=15, lock_version=2)
    post = {"action": "remove_evidence", "evidence": evidence.pk, "lock_version": "1"}
    response = client.post(url, post, follow=True, **HOST)
    assert STALE_ID in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    client.post(url, post | {"lock_version": "2"}, **HOST)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_deadline_moved_meanwhile_is_not_overwritten(world, periods):
    from kinerja.core.models import AuditEvent
    from kinerja.monitoring.models import ReportingPeriod

    period = periods[TW1]
    planner, first = world.users["planner"], period.deadline
    assert period.lock_version == 1
    for stale in (None, 2):  # no version said, or one never stored: refused
        with pytest.raises(ConflictError) as error:
            services.period_set_deadline(
                user=planner, period=period, deadline=datetime.date(2026, 5, 30), expected_version=stale
            )
        assert error.value.current["deadline"] == first.isoformat()
    assert ReportingPeriod.objects.get(pk=period.pk).deadline == first
    moved = services.period_set_deadline(
        user=planner, period=period, deadline=datetime.date(2026, 5, 30), expected_version=1
    )
    assert (moved.deadline, moved.lock_version) == (datetime.date(2026, 5, 30), 2)
    event = AuditEvent.objects.filter(action="deadline_changed").latest("pk")
    assert event.before == {"deadline": first.isoformat()} and event.after == {"deadline": "2026-05-30"}
    with pytest.raises(ConflictError):  # the second planner saw the first deadline
        services.period_set_deadline(
            user=planner, period=period, deadline=datetime.date(2026, 6, 15), expected_version=1
        )
    assert ReportingPeriod.objects.get(pk=period.pk).deadline == datetime.date(2026, 5, 30)
    same = services.period_set_deadline(
        user=planner, period=period, deadline=datetime.date(2026, 5, 30), expected_version=2
    )
    assert same.lock_version == 2  # nothing changed, no new version


def test_the_periods_page_refuses_a_stale_deadline(client, world, periods):
    from kinerja.monitoring.models import ReportingPeriod

    period = periods[TW1]
    client.force_login(world.users["planner"])
    page = client.get("/reports/periods/?year=2026", **HOST).content.decode()
    assert f'name="version_{period.pk}" value="1"' in page
    ReportingPeriod.objects.filter(pk=period.pk).update(deadline=datetime.date(2026, 4, 25), lock_version=2)
    post = {"action": "deadline", "period": period.pk, "deadline": "2026-05-30", f"version_{period.pk}": "1"}
    response = client.post("/reports/periods/?year=2026", post, **HOST)
    body = response.content.decode()
    assert response.status_code == 409 and STALE_ID in body and f'name="version_{period.pk}" value="2"' in body
    # What the user chose and typed is kept: the period selected, the date filled in.
    assert f'<option value="{period.pk}" selected>' in body and 'value="2026-05-30" required' in body
    assert ReportingPeriod.objects.get(pk=period.pk).deadline == datetime.date(2026, 4, 25)
    ok = client.post("/reports/periods/?year=2026", post | {f"version_{period.pk}": "2"}, **HOST)
    assert ok.status_code == 302
    assert ReportingPeriod.objects.get(pk=period.pk).deadline == datetime.date(2026, 5, 30)
