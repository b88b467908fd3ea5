import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.access import SYSTEM
from kinerja.monitoring import services
from kinerja.monitoring.models import Realization
from kinerja.monitoring.tests.conftest import PDF, pdf
from kinerja.tests.versions import budget_version, current_version, realization_version

NOW = datetime.datetime(2026, 7, 20, 10, tzinfo=datetime.UTC)


@pytest.fixture
def reported(world, periods, output_indicator, settings, tmp_path):
    """TW I and II of the dinkes output indicator: TW I verified, TW II submitted with evidence."""
    settings.MEDIA_ROOT = tmp_path
    rows = []
    for quarter in (1, 2):
        r = services.realization_save(
            user=world.users["dinkes_operator"],
            indicator=output_indicator,
            period=periods[("quarter", quarter)],
            value=str(8 + quarter),
            explanation="ok",
            today=datetime.date(2026, 7, 2),
            expected_version=realization_version(output_indicator, periods[("quarter", quarter)]),
        )
        services.evidence_add(user=world.users["dinkes_operator"], realization=r, upload=pdf())
        services.realization_submit(
            user=world.users["dinkes_head"], realization=r, now=NOW, expected_version=current_version(r)
        )
        rows.append(r)
    services.realization_verify(
        user=world.users["planner"], realization=rows[0], expected_version=current_version(rows[0])
    )
    return rows


@time_machine.travel(NOW)
def test_operator_enters_a_value_with_evidence_on_the_page(world, periods, output_indicator, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(world.users["dinkes_operator"])
    due = client.get("/reports/")
    assert any(i.indicator.pk == output_indicator.pk and i.status == "late" for i in due.context["items"])
    url = f"/reports/{output_indicator.pk}/{periods[('quarter', 2)].pk}/"
    assert (
        client.post(url, {"action": "save", "value": "12,5", "explanation": "Tiga RS", "lock_version": 0}).status_code
        == 302
    )
    realization = Realization.objects.get(indicator=output_indicator, is_current=True)
    assert str(realization.value) == "12.5000"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"action": "upload", "file": SimpleUploadedFile("bukti.pdf", PDF)})
    assert response.status_code == 302 and realization.evidence.count() == 1
    page = client.get(url)
    assert page.context["can_submit"] is False  # operators do not submit


@time_machine.travel(NOW)
def test_renamed_executable_is_refused_on_the_page_and_nothing_is_stored(
    world, periods, output_indicator, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login(world.users["dinkes_operator"])
    url = f"/reports/{output_indicator.pk}/{periods[('quarter', 2)].pk}/"
    client.post(url, {"action": "save", "value": "3", "lock_version": 0})
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url, {"action": "upload", "file": SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00" + b"\x00" * 100)}
    )
    assert response.status_code == 200
    assert "yang diperiksa isinya" in " ".join(str(m) for m in response.context["messages"])
    assert Realization.objects.get(indicator=output_indicator).evidence.count() == 0


@time_machine.travel(NOW)
def test_head_submits_and_planner_verifies_or_returns_on_the_page(world, periods, output_indicator, reported, login):
    head = login(world.users["dinkes_head"])
    url = f"/reports/{output_indicator.pk}/{periods[('quarter', 2)].pk}/"
    planner = login(world.users["planner"])
    page = planner.get(url)
    assert page.context["can_review"]
    response = planner.post(url, {"action": "return", "reason": "", "lock_version": reported[1].lock_version})
    assert Realization.objects.get(pk=reported[1].pk).state == "submitted"
    reported[1].refresh_from_db()
    planner.post(url, {"action": "return", "reason": "Foto kurang", "lock_version": reported[1].lock_version})
    reported[1].refresh_from_db()
    assert reported[1].state == "returned"
    head = login(world.users["dinkes_head"])
    head.post(url, {"action": "submit", "lock_version": reported[1].lock_version})
    reported[1].refresh_from_db()
    assert reported[1].state == "submitted"
    planner = login(world.users["planner"])
    planner.post(url, {"action": "verify", "lock_version": reported[1].lock_version})
    reported[1].refresh_from_db()
    assert reported[1].state == "verified"
    assert response.status_code == 200


def test_evidence_is_served_only_in_scope(world, reported, login):
    evidence = reported[0].evidence.first()
    response = login(world.users["dinkes_operator"]).get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert login(world.users["disdik_operator"]).get(f"/evidence/{evidence.pk}/").status_code == 404
    assert login(world.users["stranger"]).get(f"/evidence/{evidence.pk}/").status_code == 404
    assert login(world.users["inspector"]).get(f"/evidence/{evidence.pk}/").status_code == 200


def test_other_agency_cannot_open_the_entry_page(world, periods, output_indicator, login):
    url = f"/reports/{output_indicator.pk}/{periods[('quarter', 1)].pk}/"
    assert login(world.users["disdik_operator"]).get(url).status_code == 404
    assert login(world.users["inspector"]).get(url).status_code == 200
    assert login(world.users["inspector"]).post(url, {"action": "save", "value": "1"}).status_code == 403


def test_board_lists_agencies_with_completeness(world, reported, login):
    with time_machine.travel(datetime.datetime(2026, 7, 20, tzinfo=datetime.UTC)):
        response = login(world.users["planner"]).get("/reports/board/")
    rows = {row["agency"].code: row for row in response.context["rows"]}
    assert rows["dinkes"]["cells"][0]["submitted"] == 1 and rows["dinkes"]["cells"][1]["submitted"] == 1


def test_planner_closes_a_period_on_the_page(world, periods, login):
    client = login(world.users["planner"])
    response = client.post(
        "/reports/periods/?year=2026",
        {"period": periods[("quarter", 1)].pk, "agency": world.dinkes.pk, "status": "locked", "note": ""},
    )
    assert response.status_code == 302
    assert login(world.users["dinkes_head"]).get("/reports/periods/").status_code == 403


@pytest.mark.parametrize(
    ("user", "url", "expected"),
    [
        ("planner", "/reports/", 5),
        ("dinkes_operator", "/reports/", 12),
    ],
)
def test_dashboard_query_counts_do_not_grow(world, periods, output_indicator, login, user, url, expected):
    def count():
        client = login(world.users[user])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    services.budget_set(
        user=SYSTEM,
        node=world.dinkes_sub,
        year=2026,
        ceiling="1000",
        expected_version=budget_version(world.dinkes_sub, 2026),
    )
    small = count()
    for quarter in (1, 2):
        r = services.realization_save(
            user=SYSTEM,
            indicator=output_indicator,
            period=periods[("quarter", quarter)],
            value="5",
            explanation="x",
            today=datetime.date(2026, 8, 1),
            expected_version=realization_version(output_indicator, periods[("quarter", quarter)]),
        )
        services.realization_submit(user=SYSTEM, realization=r, expected_version=current_version(r))
    services.budget_set(
        user=SYSTEM,
        node=world.dinkes_sub,
        year=2027,
        ceiling="1000",
        expected_version=budget_version(world.dinkes_sub, 2027),
    )
    assert (small, count()) == (expected, expected)


def test_indicator_values_page_drills_down_to_evidence(world, reported, login, output_indicator):
    response = login(world.users["leader"]).get(f"/reports/indicators/{output_indicator.pk}/", {"year": 2026})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0]["realization"].state == "verified" and rows[0]["to_date"] == 9
    assert rows[0]["achievement"] == 90  # 9 of the quarter's 10 (40 a year)
    assert f"/evidence/{reported[0].evidence.first().pk}/" in response.content.decode()
    assert login(world.users["disdik_operator"]).get(f"/reports/indicators/{output_indicator.pk}/").status_code == 404


def test_budget_page_saves_the_months_and_refuses_bad_input(world, login):
    from kinerja.monitoring.models import Budget

    url = f"/reports/budgets/{world.dinkes_sub.pk}/?year=2026"
    client = login(world.users["dinkes_operator"])
    assert "disabled" in client.get(url).content.decode().split('id="ceiling"')[1].split(">")[0]
    before_ceiling = client.post(url, {"m1-cash_plan": "100000"})
    assert before_ceiling.status_code == 200 and not Budget.objects.exists()  # Bappeda sets the pagu first
    assert login(world.users["planner"]).post(url, {"ceiling": "1.000.000,00"}).status_code == 302
    client = login(world.users["dinkes_operator"])
    data = {
        "ceiling": "1",  # an operator's ceiling is ignored: the field is Bappeda's
        "m1-cash_plan": "100000",
        "m1-spent": "90000",
        "m1-physical_plan": "10",
        "m1-physical_actual": "9,5",
    }
    assert client.post(url, data).status_code == 302

    budget = Budget.objects.get(node=world.dinkes_sub, year=2026)
    month = budget.months.get(month=1)
    assert budget.ceiling == 1000000 and month.spent == 90000 and str(month.physical_actual) == "9.50"
    response = client.post(url, data | {"m2-physical_actual": "140", "lock_version": budget.lock_version})
    assert response.status_code == 200 and not budget.months.filter(month=2).exists()
    assert login(world.users["disdik_operator"]).get(url).status_code == 404
    assert login(world.users["inspector"]).post(url, data).status_code == 403


def test_planner_moves_a_deadline_and_submissions_follow_it(world, periods, login):
    client = login(world.users["planner"])
    tw1 = periods[("quarter", 1)]
    assert (
        client.post(
            "/reports/periods/?year=2026",
            {"action": "deadline", "period": tw1.pk, "deadline": "2026-04-20", f"version_{tw1.pk}": 1},
        ).status_code
        == 302
    )
    tw1.refresh_from_db()
    assert tw1.deadline == datetime.date(2026, 4, 20)
    response = client.post(
        "/reports/periods/?year=2026",
        {"action": "deadline", "period": tw1.pk, "deadline": "2026-03-01", f"version_{tw1.pk}": 2},
    )
    assert response.status_code == 200
    tw1.refresh_from_db()
    assert tw1.deadline == datetime.date(2026, 4, 20)


def test_a_value_started_for_a_running_period_is_on_the_list_but_not_in_the_digest(
    world, periods, output_indicator, login
):
    from kinerja.monitoring import reminders

    today = datetime.date(2026, 12, 7)  # the fourth quarter runs until 31 December
    with time_machine.travel(datetime.datetime(2026, 12, 7, 3, tzinfo=datetime.UTC), tick=False):
        client = login(world.users["dinkes_operator"])
        before = client.get("/reports/", {"year": 2026}).context["items"]
        assert not any(i.period.number == 4 for i in before if i.indicator.pk == output_indicator.pk)
        services.realization_save(
            user=world.users["dinkes_operator"],
            indicator=output_indicator,
            period=periods[("quarter", 4)],
            value="3",
            explanation="sebagian",
            today=today,
            expected_version=realization_version(output_indicator, periods[("quarter", 4)]),
        )
        items = client.get("/reports/", {"year": 2026}).context["items"]
        (draft,) = [i for i in items if i.indicator.pk == output_indicator.pk and i.period.number == 4]
        assert draft.status == "draft" and draft.days_left == (periods[("quarter", 4)].deadline - today).days > 0
        # the digests remind of what is due: the running quarter is not yet
        world.users["dinkes_head"].email = "kepala@dinkes.example"
        world.users["dinkes_head"].save()
        lines = [line for d in reminders.collect(today).values() for line in d["lines"]]
        assert lines and not any("TW IV" in line for line in lines)


@time_machine.travel(NOW)
def test_the_value_history_shows_the_files_attached_and_removed(
    world, periods, output_indicator, login, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kinerja.core.audit import audit_context
    from kinerja.monitoring.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    client = login(world.users["dinkes_operator"])
    url = f"/reports/{output_indicator.pk}/{periods[('quarter', 2)].pk}/"
    client.post(url, {"action": "save", "value": "4", "explanation": "ok", "lock_version": 0})
    client.post(url, {"action": "upload", "file": SimpleUploadedFile("daftar-hadir.pdf", PDF)})
    realization = Realization.objects.get(indicator=output_indicator, is_current=True)
    with audit_context(user=world.users["dinkes_operator"]):  # as the page's request sets it
        services.evidence_remove(
            user=world.users["dinkes_operator"],
            evidence=Evidence.objects.get(realization=realization),
            expected_version=current_version(realization),
        )
    history = client.get(url).context["evidence_history"]
    assert [(e["added"], e["name"], e["who"]) for e in history] == [
        (False, "daftar-hadir.pdf", "dinkes_operator"),
        (True, "daftar-hadir.pdf", "dinkes_operator"),
    ]
    html = client.get(url).content.decode()
    assert "dihapus: daftar-hadir.pdf" in html and "dilampirkan: daftar-hadir.pdf" in html


@time_machine.travel(NOW)
def test_a_value_page_leads_a_leader_back_to_the_agency_and_an_operator_to_his_list(
    world, periods, output_indicator, login
):
    url = f"/reports/{output_indicator.pk}/{periods[('quarter', 2)].pk}/"
    leader = login(world.users["leader"]).get(url).content.decode()
    crumbs = leader.split('<p class="mb-1 small">', 1)[1].split("</p>")[0]
    assert (
        f"/dashboard/agencies/{world.dinkes.code}/" in crumbs
        and f"/reports/indicators/{output_indicator.pk}/" in crumbs
    )
    assert '/reports/"' not in crumbs
    operator = login(world.users["dinkes_operator"]).get(url).content.decode()
    assert 'href="/reports/"' in operator.split('<p class="mb-1 small">', 1)[1].split("</p>")[0]
