import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.access import SYSTEM
from kinerja.core.models import AuditEvent
from kinerja.core.services import ConflictError
from kinerja.core.tests.files import pdf_bytes
from kinerja.core.widgets import WidgetContext
from kinerja.dashboards import registry, supervision_digest
from kinerja.dashboards import supervision as services
from kinerja.dashboards.models_supervision import (
    RequestState,
    SupervisionAnswer,
    SupervisionAssignment,
    SupervisionRequest,
)
from kinerja.dashboards.tests.conftest import TODAY, send
from kinerja.dashboards.widgets import supervision_to_agency
from kinerja.tests.versions import current_version

HOST = {"HTTP_HOST": "127.0.0.1"}


def _pdf(name="bukti.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


# --- services ---------------------------------------------------------------------------------------------


def test_a_supervisor_sends_only_to_assigned_agencies_and_the_governor_to_all(world, supervisors):
    request = send(world, supervisors["wagub"], indicator=world.program_indicator)
    assert (request.state, request.supervisor, request.agency) == (
        RequestState.OPEN,
        supervisors["wagub"],
        world.dinkes,
    )
    assert (
        AuditEvent.objects.filter(object_type="dashboards.supervisionrequest", object_id=str(request.pk)).count() == 1
    )
    with pytest.raises(PermissionDenied):
        send(world, supervisors["wagub"], agency=world.disdik)
    assert send(world, world.users["leader"], agency=world.disdik).agency == world.disdik  # the governor: every agency
    for name in ("planner", "inspector", "dinkes_head", "dinkes_operator", "stranger", "no_role"):
        with pytest.raises(PermissionDenied):
            send(world, world.users[name])
    assert SupervisionRequest.objects.count() == 2


def test_bad_requests_are_refused_with_the_reason_and_nothing_is_saved(world, supervisors):
    wagub = supervisors["wagub"]
    cases = [
        ({"text": "   "}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"due_in": -1}, "due"),
        ({"due_in": 400}, "due"),
        ({"kind": "order"}, "kind"),
        ({"indicator": None, "project": None, "signal_key": "Bad Key!"}, "signal_key"),
    ]
    for extra, field in cases:
        with pytest.raises(ValidationError) as caught:
            send(world, wagub, **extra)
        assert field in caught.value.message_dict, extra
    with pytest.raises(ValidationError) as caught:
        send(world, wagub, indicator=world.disdik_indicator)  # another agency's indicator
    assert "indicator" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        send(world, wagub, indicator=world.program_indicator, signal_key="ikm_gap")
    assert "signal_key" in caught.value.message_dict
    assert SupervisionRequest.objects.count() == 0


def test_the_agency_head_answers_with_evidence_and_the_supervisor_closes_or_reopens(world, supervisors):
    wagub, head = supervisors["wagub"], world.users["dinkes_head"]
    request = send(world, wagub)
    for name in ("dinkes_operator", "disdik_operator", "planner", "leader"):
        with pytest.raises(PermissionDenied):
            services.request_answer(
                user=world.users[name], request=request, text="Jawaban", expected_version=current_version(request)
            )
    with pytest.raises(ValidationError) as caught:
        services.request_answer(
            user=head,
            request=request,
            text="Jawaban",
            evidence=SimpleUploadedFile("x.pdf", b"<html>not a pdf"),
            expected_version=current_version(request),
        )
    assert "evidence" in caught.value.message_dict
    assert not SupervisionAnswer.objects.exists()
    answer = services.request_answer(
        user=head, request=request, text="Sudah ditangani.", evidence=_pdf(), expected_version=1
    )
    request.refresh_from_db()
    assert (request.state, request.lock_version, answer.author, answer.evidence_type) == (
        RequestState.ANSWERED, 2, head, "application/pdf"
    )  # fmt: skip
    assert len(answer.sha256) == 64
    with pytest.raises(ValidationError):  # answered: not waiting for another answer
        services.request_answer(user=head, request=request, text="Lagi", expected_version=current_version(request))
    with pytest.raises(ConflictError):
        services.request_close(user=wagub, request=request, expected_version=1)
    with pytest.raises(PermissionDenied):  # another leader did not send it
        services.request_close(user=supervisors["sekda"], request=request, expected_version=current_version(request))
    with pytest.raises(ValidationError):
        services.request_reopen(user=wagub, request=request, note="  ", expected_version=current_version(request))
    request = services.request_reopen(
        user=wagub, request=request, note="Lampirkan data per RSUD.", due=TODAY + datetime.timedelta(days=5),
        expected_version=2, today=TODAY,
    )  # fmt: skip
    assert (request.state, request.note, request.due) == (
        RequestState.OPEN,
        "Lampirkan data per RSUD.",
        TODAY + datetime.timedelta(days=5),
    )
    reopened = AuditEvent.objects.filter(object_type="dashboards.supervisionrequest", object_id=str(request.pk)).first()
    assert reopened.reason == "Lampirkan data per RSUD." and reopened.after["state"] == "open"
    services.request_answer(
        user=head,
        request=request,
        text="Data per RSUD terlampir.",
        evidence=_pdf("rsud.pdf"),
        expected_version=current_version(request),
    )
    request = services.request_close(
        user=wagub, request=request, note="Cukup.", expected_version=current_version(request)
    )
    assert request.state == RequestState.CLOSED and request.closed_at is not None
    with pytest.raises(ValidationError):
        services.request_close(user=wagub, request=request, expected_version=current_version(request))


def test_only_the_administrator_assigns_and_only_leaders_supervise(world, supervisors):
    with pytest.raises(PermissionDenied):
        services.assignment_create(
            user=world.users["planner"],
            government=world.government,
            supervisor=supervisors["wagub"],
            agency=world.disdik,
        )
    with pytest.raises(ValidationError) as caught:
        services.assignment_create(
            user=world.users["admin_user"],
            government=world.government,
            supervisor=world.users["planner"],
            agency=world.disdik,
        )
    assert "supervisor" in caught.value.message_dict
    with pytest.raises(ValidationError):  # already assigned
        services.assignment_create(
            user=SYSTEM, government=world.government, supervisor=supervisors["wagub"], agency=world.dinkes
        )
    with pytest.raises(ValidationError) as caught:
        services.assignment_create(
            user=SYSTEM, government=world.government, supervisor=supervisors["wagub"], agency=world.other_agency
        )
    assert "agency" in caught.value.message_dict
    added = services.assignment_create(
        user=world.users["admin_user"],
        government=world.government,
        supervisor=supervisors["wagub"],
        agency=world.disdik,
    )
    assert services.may_supervise(supervisors["wagub"], world.disdik)
    services.assignment_end(user=world.users["admin_user"], assignment=added, expected_version=1)
    assert not services.may_supervise(supervisors["wagub"], world.disdik)
    assert (
        AuditEvent.objects.filter(object_type="dashboards.supervisionassignment", object_id=str(added.pk)).count() == 2
    )


# --- digest and home widget -------------------------------------------------------------------------------


def test_the_daily_digest_tells_the_supervisor_and_the_agency_head_of_overdue_requests(world, supervisors):
    head = world.users["dinkes_head"]
    head.email = "kepala@dinkes.test"
    head.save(update_fields=["email"])
    overdue = send(
        world, supervisors["wagub"], text="Laporkan progres RSUD.", today=TODAY - datetime.timedelta(days=10)
    )
    send(world, supervisors["wagub"], text="Belum jatuh tempo.")
    lines = supervision_digest.collect(TODAY)
    assert set(lines) == {supervisors["wagub"].pk, head.pk}
    assert lines[supervisors["wagub"].pk][1] == [
        f"Supervision request to Dinkes unanswered since {overdue.due:%d-%m-%Y}: Laporkan progres RSUD."
    ]
    assert "Laporkan progres RSUD." in lines[head.pk][1][0] and "Wagub" in lines[head.pk][1][0]
    from kinerja.core import digest

    assert supervision_digest.collect in digest.sources()
    services.request_answer(user=head, request=overdue, text="Sudah.", expected_version=current_version(overdue))
    assert supervision_digest.collect(TODAY) == {}


def test_the_home_widget_lists_what_waits_for_the_leader(world, supervisors, django_assert_num_queries):
    from kinerja.dashboards.widgets import supervision_waiting

    wagub = supervisors["wagub"]
    late = send(world, wagub, text="Terlambat", today=TODAY - datetime.timedelta(days=9))
    answered = send(world, wagub, text="Dijawab")
    send(world, wagub, text="Masih berjalan")
    services.request_answer(
        user=world.users["dinkes_head"], request=answered, text="Jawaban", expected_version=current_version(answered)
    )
    ctx = WidgetContext(user=wagub, government=world.government, year=2026, today=TODAY)
    # Its one query (the leader's home runs the other apps' widgets of the slot too).
    assert supervision_waiting in registry.registered(registry.DECISIONS)
    with django_assert_num_queries(1):
        panel = supervision_waiting(ctx)
    assert [r.pk for r in panel.context["rows"]] == [late.pk, answered.pk]
    other = WidgetContext(user=supervisors["sekda"], government=world.government, year=2026, today=TODAY)
    assert not [
        p for p in registry.widgets(registry.DECISIONS, other) if p.template == "dashboards/supervision_widget.html"
    ]


# --- pages --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [("wagub", 200), ("dinkes_head", 200), ("dinkes_operator", 200), ("planner", 200), ("inspector", 200),
     ("leader", 200), ("admin_user", 200), ("service_quality", 403), ("stranger", 404), ("no_role", 403)],
)  # fmt: skip
def test_who_sees_the_supervision_pages(client, world, supervisors, name, status):
    user = supervisors.get(name) or world.users[name]
    request = send(world, supervisors["wagub"])
    client.force_login(user)
    if name != "stranger":
        assert client.get("/pimpinan/supervisi/", **HOST).status_code == status
    assert client.get(f"/pimpinan/supervisi/permintaan/{request.pk}/", **HOST).status_code == (
        200 if status == 200 else 404
    )


def test_every_new_page_sends_anonymous_visitors_to_the_login(client, world, supervisors):
    request = send(world, supervisors["wagub"])
    answer = services.request_answer(
        user=world.users["dinkes_head"],
        request=request,
        text="Ya",
        evidence=_pdf(),
        expected_version=current_version(request),
    )
    for url in (
        "/pimpinan/supervisi/", f"/pimpinan/supervisi/permintaan/baru/?agency={world.dinkes.pk}",
        f"/pimpinan/supervisi/permintaan/{request.pk}/", f"/pimpinan/supervisi/bukti/{answer.pk}/",
        "/pimpinan/supervisi/penugasan/", "/pimpinan/ringkasan/", "/pimpinan/ringkasan/2026-W40/",
        "/pimpinan/ringkasan/2026-W40/ringkasan.pdf",
    ):  # fmt: skip
        response = client.get(url, **HOST)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    for url in ("/api/v1/supervision-requests/", f"/api/v1/supervision-requests/{request.pk}/",
                "/api/v1/supervision-assignments/"):  # fmt: skip
        assert client.get(url, **HOST).status_code in (401, 403), url
    client.force_login(world.users["planner"])
    assert client.get("/pimpinan/ringkasan/", **HOST).status_code == 403
    assert client.post(f"/api/v1/supervision-requests/{request.pk}/close/", {}, content_type="application/json",
                       **HOST).status_code == 403  # fmt: skip


def test_a_request_of_another_agency_is_not_found_for_its_operators(client, world, supervisors):
    request = send(world, supervisors["wagub"])
    client.force_login(world.users["disdik_operator"])
    assert client.get(f"/pimpinan/supervisi/permintaan/{request.pk}/", **HOST).status_code == 404
    assert b"Mengapa capaian" not in client.get("/pimpinan/supervisi/?state=all", **HOST).content


def test_the_create_page_is_only_for_the_agencies_assigned(client, world, supervisors):
    client.force_login(supervisors["wagub"])
    assert client.get(f"/pimpinan/supervisi/permintaan/baru/?agency={world.dinkes.pk}", **HOST).status_code == 200
    assert client.get(f"/pimpinan/supervisi/permintaan/baru/?agency={world.disdik.pk}", **HOST).status_code == 403
    assert client.get("/pimpinan/supervisi/permintaan/baru/?agency=abc", **HOST).status_code == 400
    assert client.get("/pimpinan/supervisi/permintaan/baru/", **HOST).status_code == 400
    response = client.post(
        f"/pimpinan/supervisi/permintaan/baru/?agency={world.dinkes.pk}",
        {"kind": "question", "text": "", "due": "2020-01-01"},
        **HOST,
    )
    assert response.status_code == 400 and not SupervisionRequest.objects.exists()
    for name in ("dinkes_head", "planner"):
        client.force_login(world.users[name])
        assert client.get(f"/pimpinan/supervisi/permintaan/baru/?agency={world.dinkes.pk}", **HOST).status_code == 403
    assert client.get("/pimpinan/supervisi/?state=nonsense", **HOST).status_code == 400


def test_answer_and_decision_through_the_page(client, world, supervisors):
    request = send(world, supervisors["wagub"])
    url = f"/pimpinan/supervisi/permintaan/{request.pk}/"
    client.force_login(world.users["dinkes_operator"])
    assert client.post(url, {"step": "answer", "answer-text": "x"}, **HOST).status_code == 403
    client.force_login(world.users["dinkes_head"])
    response = client.post(
        url, {"step": "answer", "answer-text": "Sudah.", "answer-evidence": _pdf(), "answer-version": 1}, **HOST
    )
    assert response.status_code == 302
    answer = SupervisionAnswer.objects.get()
    assert client.get(f"/pimpinan/supervisi/bukti/{answer.pk}/", **HOST).status_code == 200
    assert client.post(url, {"step": "decide", "decision-decision": "close"}, **HOST).status_code == 403
    assert client.post(url, {"step": "nonsense"}, **HOST).status_code == 400
    client.force_login(world.users["disdik_operator"])
    assert client.get(f"/pimpinan/supervisi/bukti/{answer.pk}/", **HOST).status_code == 404
    client.force_login(supervisors["wagub"])
    assert (
        client.post(url, {"step": "decide", "decision-decision": "reopen", "decision-note": ""}, **HOST).status_code
        == 400
    )
    assert (
        client.post(
            url,
            {
                "step": "decide",
                "decision-decision": "close",
                "decision-note": "Cukup",
                "decision-version": current_version(request),  # the version the page showed
            },
            **HOST,
        ).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.state == RequestState.CLOSED and request.note == "Cukup"


def test_the_supervision_page_runs_a_fixed_number_of_queries(client, world, supervisors, django_assert_num_queries):
    client.force_login(supervisors["wagub"])

    def grow(n):
        for i in range(n):
            send(world, supervisors["wagub"], text=f"Permintaan {i}")

    grow(1)
    client.get("/pimpinan/supervisi/", **HOST)  # warm caches (sessions, content types)
    with django_assert_num_queries(SUPERVISION_PAGE_QUERIES) as first:
        client.get("/pimpinan/supervisi/", **HOST)
    grow(5)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get("/pimpinan/supervisi/", **HOST)


SUPERVISION_PAGE_QUERIES = 10 + 11  # the page, and the reality-check signals of the agencies (computed; no
# reporting periods in this data, so the photos are not read)


def test_the_assignment_page_is_the_administrators(client, world, supervisors):
    client.force_login(supervisors["wagub"])
    assert client.get("/pimpinan/supervisi/penugasan/", **HOST).status_code == 403
    client.force_login(world.users["admin_user"])
    assert b"Wagub" in client.get("/pimpinan/supervisi/penugasan/", **HOST).content
    response = client.post(
        "/pimpinan/supervisi/penugasan/", {"supervisor": world.users["planner"].pk, "agency": world.disdik.pk}, **HOST
    )
    assert response.status_code == 400  # the planner is not a leader
    response = client.post(
        "/pimpinan/supervisi/penugasan/", {"supervisor": supervisors["wagub"].pk, "agency": world.disdik.pk}, **HOST
    )
    assert response.status_code == 302 and services.may_supervise(supervisors["wagub"], world.disdik)


# --- API ----------------------------------------------------------------------------------------------------


def test_the_api_sends_answers_and_closes(client, world, supervisors):
    client.force_login(supervisors["wagub"])
    due = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    response = client.post(
        "/api/v1/supervision-requests/",
        {"agency": world.dinkes.pk, "kind": "instruction", "text": "Kirim rencana aksi.", "due": due},
        content_type="application/json",
        **HOST,
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.post(
        "/api/v1/supervision-requests/",
        {"agency": world.disdik.pk, "kind": "instruction", "text": "Tidak boleh.", "due": due},
        content_type="application/json",
        **HOST,
    )
    assert response.status_code == 403
    response = client.post(
        "/api/v1/supervision-requests/",
        {"agency": world.dinkes.pk, "kind": "perintah", "text": "", "due": "kemarin"},
        content_type="application/json",
        **HOST,
    )
    assert response.status_code == 400 and set(response.json()["extra"]["fields"]) >= {"kind", "text", "due"}
    client.force_login(world.users["dinkes_operator"])
    assert client.post(f"/api/v1/supervision-requests/{pk}/answer/", {"text": "x"}, **HOST).status_code == 403
    client.force_login(world.users["dinkes_head"])
    response = client.post(
        f"/api/v1/supervision-requests/{pk}/answer/",
        {"text": "Terlampir.", "evidence": _pdf(), "expected_version": current_version(SupervisionRequest(pk=pk))},
        **HOST,
    )
    assert response.status_code == 201 and response.json()["evidence_type"] == "application/pdf"
    assert client.get(f"/api/v1/supervision-requests/{pk}/", **HOST).json()["state"] == "answered"
    client.force_login(world.users["disdik_operator"])
    assert client.get(f"/api/v1/supervision-requests/{pk}/", **HOST).status_code == 404
    client.force_login(supervisors["wagub"])
    response = client.post(f"/api/v1/supervision-requests/{pk}/close/", {"note": "Baik", "expected_version": 1},
                           content_type="application/json", **HOST)  # fmt: skip
    assert response.status_code == 409
    response = client.post(
        f"/api/v1/supervision-requests/{pk}/close/",
        {"note": "Baik", "expected_version": current_version(SupervisionRequest(pk=pk))},
        content_type="application/json",
        **HOST,
    )
    assert response.status_code == 200 and response.json()["state"] == "closed"


def test_the_assignments_api_is_read_by_scope_and_written_by_the_administrator(client, world, supervisors):
    client.force_login(world.users["dinkes_operator"])
    rows = client.get("/api/v1/supervision-assignments/", **HOST).json()["results"]
    assert [r["agency"] for r in rows] == [world.dinkes.pk]
    client.force_login(supervisors["wagub"])
    body = {"supervisor": supervisors["wagub"].pk, "agency": world.disdik.pk}
    assert (
        client.post("/api/v1/supervision-assignments/", body, content_type="application/json", **HOST).status_code
        == 403
    )
    client.force_login(world.users["admin_user"])
    response = client.post("/api/v1/supervision-assignments/", body, content_type="application/json", **HOST)
    assert response.status_code == 201
    pk = response.json()["id"]
    body = {"expected_version": current_version(SupervisionAssignment(pk=pk))}
    response = client.post(f"/api/v1/supervision-assignments/{pk}/end/", body, content_type="application/json", **HOST)
    assert response.status_code == 200, response.json()
    assert response.json()["is_active"] is False


def test_the_request_list_api_runs_a_fixed_number_of_queries(client, world, supervisors, django_assert_num_queries):
    client.force_login(world.users["inspector"])
    send(world, supervisors["wagub"])
    client.get("/api/v1/supervision-requests/", **HOST)
    with django_assert_num_queries(API_LIST_QUERIES) as first:
        client.get("/api/v1/supervision-requests/", **HOST)
    for i in range(4):
        sent = send(world, supervisors["wagub"], text=f"T{i}")
        services.request_answer(
            user=world.users["dinkes_head"], request=sent, text="ok", expected_version=current_version(sent)
        )
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(client.get("/api/v1/supervision-requests/", **HOST).json()["results"]) == 5


API_LIST_QUERIES = 6


def test_the_agency_widget_lists_the_open_requests_to_the_agency(world, supervisors, django_assert_num_queries):
    late = send(world, supervisors["wagub"], text="Terlambat", today=TODAY - datetime.timedelta(days=9))
    answered = send(world, supervisors["wagub"], text="Dijawab")
    services.request_answer(
        user=world.users["dinkes_head"], request=answered, text="Ya", expected_version=current_version(answered)
    )
    head = world.users["dinkes_head"]
    ctx = WidgetContext(user=head, government=world.government, year=2026, today=TODAY, agency=world.dinkes)
    head._kinerja_grants = None
    from kinerja.core.querysets import user_grants

    user_grants(head)
    # Other apps register widgets on the same slot (innovation, ...): count this widget's queries alone.
    with django_assert_num_queries(1):
        panel = supervision_to_agency(ctx)
    assert supervision_to_agency in registry.registered(registry.AGENCY)
    assert [r.pk for r in panel.context["rows"]] == [late.pk]
    outsider = WidgetContext(
        user=world.users["disdik_operator"], government=world.government, year=2026, today=TODAY, agency=world.dinkes
    )
    assert not [
        p for p in registry.widgets(registry.AGENCY, outsider) if p.template.startswith("dashboards/supervision")
    ]


def test_hostile_input_is_refused_with_a_message_and_changes_nothing(client, world, supervisors):
    client.force_login(supervisors["wagub"])
    url = f"/pimpinan/supervisi/permintaan/baru/?agency={world.dinkes.pk}"
    due = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    for data in (
        {"kind": "question", "text": "a\x00b", "due": due},
        {"kind": "question", "text": "ok", "due": "9999-12-31"},
        {"kind": "question", "text": "ok", "due": due, "indicator": "1 OR 1=1"},
        {"kind": "question", "text": "ok", "due": due, "signal_key": "x" * 101},
        {"kind": "question", "text": "ok", "due": due, "indicator": world.disdik_indicator.pk},
    ):
        assert client.post(url, data, **HOST).status_code == 400, data
    assert client.get("/pimpinan/supervisi/permintaan/baru/?agency=99999999999999999999999", **HOST).status_code == 400
    assert client.get("/pimpinan/supervisi/?page=x", **HOST).status_code == 400
    api = "/api/v1/supervision-requests/"
    for body in (
        {"agency": "dinkes", "kind": "question", "text": "ok", "due": due},
        {"agency": world.dinkes.pk, "kind": "question", "text": "a\x00b", "due": due},
        {"agency": world.dinkes.pk, "kind": "question", "text": "ok", "due": due, "indicator": 10**20},
        {"agency": world.dinkes.pk, "kind": "question", "text": "ok", "due": "0001-01-01"},
    ):
        response = client.post(api, body, content_type="application/json", **HOST)
        assert response.status_code == 400 and response.json()["message"], body
    assert not SupervisionRequest.objects.exists()


def test_the_request_page_runs_a_fixed_number_of_queries(client, world, supervisors, django_assert_num_queries):
    wagub, head = supervisors["wagub"], world.users["dinkes_head"]
    request = send(world, wagub, indicator=world.program_indicator)
    client.force_login(wagub)
    url = f"/pimpinan/supervisi/permintaan/{request.pk}/"

    def cycle():
        services.request_answer(
            user=head, request=request, text="Jawaban", evidence=_pdf(), expected_version=current_version(request)
        )
        services.request_reopen(
            user=wagub,
            request=request,
            note="Lagi",
            today=datetime.date.today(),
            expected_version=current_version(request),
        )

    cycle()
    client.get(url, **HOST)
    with django_assert_num_queries(REQUEST_PAGE_QUERIES) as first:
        client.get(url, **HOST)
    for _ in range(3):
        cycle()
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(url, **HOST).content.count(b"/pimpinan/supervisi/bukti/") == 4


REQUEST_PAGE_QUERIES = 6


def test_the_supervised_agencies_figures_are_written_as_the_other_pages_write_them(
    client, world, supervisors, monkeypatch
):
    from decimal import Decimal

    from kinerja.dashboards import supervision_views

    computed = supervision_views.selectors.supervisor_overview

    def with_figures(**kwargs):
        overview = computed(**kwargs)
        overview.agencies[0].achievement_to_date, overview.agencies[0].achievement = Decimal("85.255"), Decimal("42.5")
        return overview

    monkeypatch.setattr(supervision_views.selectors, "supervisor_overview", with_figures)
    client.force_login(supervisors["wagub"])
    html = client.get("/pimpinan/supervisi/", **HOST).content.decode()
    table = html.split('id="supervised-agencies"', 1)[1].split("</table>")[0]
    assert "85,26 %" in table and "42,50 %" in table and "85,3 %" not in table
    assert table.index("Capaian s.d. saat ini") < table.index("Terhadap target tahunan")


def test_a_supervisor_reads_his_own_requests_first_and_every_visible_one_a_click_away(client, world, supervisors):
    mine = send(world, supervisors["wagub"], text="Permintaan wagub")
    other = send(world, supervisors["sekda"], agency=world.disdik, text="Permintaan sekda")
    client.force_login(supervisors["wagub"])
    page = client.get("/pimpinan/supervisi/", **HOST)
    assert [r.pk for r in page.context["page_obj"]] == [mine.pk] and page.context["sender"] == "me"
    html = page.content.decode()
    assert "Permintaan sekda" not in html and 'id="request-senders"' in html
    every = client.get("/pimpinan/supervisi/", {"from": "all"}, **HOST)
    assert {r.pk for r in every.context["page_obj"]} == {mine.pk, other.pk}
    assert "from=all" in every.content.decode()  # the state pills keep the choice
    assert client.get("/pimpinan/supervisi/", {"from": "nobody"}, **HOST).status_code == 400
    # the agency head, who supervises nothing, reads his agency's requests whoever sent them
    client.force_login(world.users["dinkes_head"])
    head = client.get("/pimpinan/supervisi/", **HOST)
    assert head.context["sender"] == "all" and [r.pk for r in head.context["page_obj"]] == [mine.pk]
