import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kinerja.core import audit
from kinerja.core.models import AuditEvent
from kinerja.planning import services
from kinerja.tests.versions import current_version


def _last(object_type, object_id):
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-sequence").first()


def test_every_create_update_and_delete_is_recorded_with_before_and_after(world):
    planner = world.users["planner"]
    with audit.audit_context(user=planner, request_id="req-1", reason="renaming"):
        node = services.node_update(
            user=planner,
            node=world.mission,
            data={"title": "Misi baru"},
            expected_version=current_version(world.mission),
        )
    event = _last("planning.plannode", node.pk)
    assert event.action == "update"
    assert event.username == "planner" and event.user_id == planner.pk
    assert event.request_id == "req-1" and event.reason == "renaming"
    assert event.before["title"] == "Misi SDM" and event.after["title"] == "Misi baru"
    assert ("title", "Misi SDM", "Misi baru") in event.changes
    assert event.government_id == world.government.pk

    indicator = world.disdik_indicator
    services.indicator_delete(
        user=planner, indicator=indicator, reason="duplicate", expected_version=indicator.lock_version
    )
    deleted = _last("planning.indicator", indicator.pk)
    assert deleted.action == "delete" and deleted.before["name"] == "APK SMA" and deleted.after is None


def test_saving_without_change_writes_no_event(world):
    count = AuditEvent.objects.count()
    services.node_update(
        user=world.users["planner"],
        node=world.mission,
        data={"title": world.mission.title},
        expected_version=current_version(world.mission),
    )
    assert AuditEvent.objects.count() == count


def test_requests_record_user_and_request_id(world, login):
    client = login(world.users["planner"])
    response = client.post(
        f"/plan/nodes/{world.mission.pk}/edit/",
        {
            "code": world.mission.code,
            "title": "Misi lewat halaman",
            "description": "",
            "lock_version": world.mission.lock_version,
        },
        HTTP_X_REQUEST_ID="abc-123",
    )
    assert response.status_code == 302
    event = _last("planning.plannode", world.mission.pk)
    assert event.username == "planner" and event.request_id == "abc-123"


def test_chain_is_intact_after_normal_use(world):
    intact, message = audit.verify_chain()
    assert intact, message
    call_command("audit_verify")


def test_altered_entry_is_detected_and_named(world):
    victim = AuditEvent.objects.order_by("sequence")[3]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET username = %s WHERE sequence = %s", ["mallory", victim.sequence])
    intact, message = audit.verify_chain()
    assert not intact and f"entry {victim.sequence} was altered" in message
    with pytest.raises(CommandError, match=f"entry {victim.sequence}"):
        call_command("audit_verify")


def test_deleted_entry_is_detected_and_named(world):
    victim = AuditEvent.objects.order_by("sequence")[5]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = %s", [victim.sequence])
    intact, message = audit.verify_chain()
    assert not intact and f"entry {victim.sequence} is missing" in message


def test_deleted_last_entry_is_detected_by_the_chain_head(world):
    last = AuditEvent.objects.order_by("-sequence").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE sequence = %s", [last.sequence])
    intact, message = audit.verify_chain()
    assert not intact and "entries removed" in message


def test_rewritten_entry_with_recomputed_hash_is_detected_without_the_audit_key(world):
    victim = AuditEvent.objects.order_by("sequence")[2]
    victim.reason = "forged"
    forged_hash = audit.entry_hash(audit.hashed_fields(victim))  # plain SHA-256: the key is not in the database
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET reason = %s, hash = %s WHERE sequence = %s",
            ["forged", forged_hash, victim.sequence],
        )
    intact, message = audit.verify_chain()
    assert not intact and f"entry {victim.sequence} was altered" in message


def test_audit_events_cannot_be_changed_through_the_orm(world):
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(reason="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_inspector_browses_audit_trail_per_object_and_per_user(world, login):
    client = login(world.users["inspector"])
    response = client.get("/audit/", {"object_type": "planning.plannode", "object_id": world.mission.pk})
    assert response.status_code == 200
    assert all(e.object_id == str(world.mission.pk) for e in response.context["page_obj"])
    response = client.get("/audit/", {"user": "test:setup"})
    assert response.context["page_obj"].paginator.count > 0
    own = AuditEvent.objects.filter(government_id=world.government.pk).first()
    assert client.get(f"/audit/{own.sequence}/").status_code == 200
    foreign = AuditEvent.objects.filter(government_id=world.other_government.pk).first()
    assert client.get(f"/audit/{foreign.sequence}/").status_code == 404


def test_planner_and_operator_cannot_read_audit_trail(world, login):
    for name in ("planner", "dinkes_operator"):
        assert login(world.users[name]).get("/audit/").status_code == 403


def test_background_check_alerts_the_administrators_when_the_chain_is_broken(world, settings, mailoutbox):
    from kinerja.core.tasks import audit_chain_check

    settings.ADMINS = [("Admin", "admin@example.org")]
    assert audit_chain_check.enqueue().return_value["intact"] is True and mailoutbox == []
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'x' WHERE sequence = 2")
    result = audit_chain_check.enqueue()
    assert result.return_value["intact"] is False
    assert len(mailoutbox) == 1 and "entry 2" in mailoutbox[0].body
