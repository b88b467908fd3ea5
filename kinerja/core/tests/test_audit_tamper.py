"""Someone with write access to the database (but not to AUDIT_KEY nor the checkpoint file) tampers with the
audit trail: each attack is reproduced with raw SQL, and audit_verify must report it."""

import hashlib
import hmac
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kinerja.core import anchors, audit
from kinerja.core.models import AuditChainHead, AuditEvent
from kinerja.planning import services
from kinerja.tests.versions import current_version

ROOT = Path(__file__).resolve().parents[3]


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def _edit(world, n=3):
    planner = world.users["planner"]
    for i in range(n):
        services.node_update(
            user=planner,
            node=world.mission,
            data={"title": f"Misi {i}"},
            expected_version=current_version(world.mission),
        )


def _move_head_to(sequence):
    event = AuditEvent.objects.get(sequence=sequence)
    _sql("UPDATE core_auditchainhead SET sequence = %s, hash = %s WHERE id = 1", [event.sequence, event.hash])


def _broken(match):
    intact, message = anchors.verify_trail()
    assert not intact, message
    assert match in message, message
    with pytest.raises(CommandError, match=match):
        call_command("audit_verify")
    return message


def test_every_entry_is_authenticated_with_the_audit_key_and_names_it(world, settings):
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event.key_id == audit.key_id(settings.AUDIT_KEY)
    expected = hmac.new(settings.AUDIT_KEY.encode(), audit.canonical(audit.hashed_fields(event)), hashlib.sha256)
    assert event.hash == expected.hexdigest()


def test_checkpoint_is_appended_signed_and_recorded_in_the_chain(world, settings):
    call_command("audit_checkpoint")
    lines = Path(settings.AUDIT_CHECKPOINT_FILE).read_text().splitlines()
    assert len(lines) == 1
    point = anchors.parse_checkpoint(lines[0])
    head = AuditChainHead.objects.get(pk=1)
    recorded = AuditEvent.objects.get(sequence=head.sequence)
    assert recorded.action == "checkpoint" and recorded.after["sequence"] == point.sequence == head.sequence - 1
    call_command("audit_checkpoint")  # nothing happened since: no new line, no new entry
    assert len(Path(settings.AUDIT_CHECKPOINT_FILE).read_text().splitlines()) == 1
    assert AuditChainHead.objects.get(pk=1).sequence == head.sequence
    call_command("audit_verify")  # verifying also checkpoints, and stays quiet when nothing is new
    assert len(Path(settings.AUDIT_CHECKPOINT_FILE).read_text().splitlines()) == 1


def test_checkpoint_is_mailed_to_the_administrators_when_asked(world, settings, mailoutbox):
    settings.ADMINS = [("Admin", "admin@example.org")]
    call_command("audit_checkpoint", "--mail")
    line = Path(settings.AUDIT_CHECKPOINT_FILE).read_text().splitlines()[0]
    assert len(mailoutbox) == 1 and line in mailoutbox[0].body
    call_command("audit_verify", "--checkpoint", line)


def test_attack_truncation_deleting_the_tail_and_moving_the_head_is_detected(world):
    call_command("audit_checkpoint")
    anchored = anchors.read_checkpoints()[0][-1].sequence
    _edit(world)
    call_command("audit_checkpoint")
    last = AuditEvent.objects.order_by("-sequence").first().sequence
    keep = anchored + 1  # the attacker keeps what an older, honest-looking head would show
    _sql("DELETE FROM core_auditevent WHERE sequence > %s", [keep])
    _move_head_to(keep)
    assert AuditEvent.objects.count() < last
    _broken("entries removed")
    with pytest.raises(CommandError, match="no longer holds entry"):
        call_command("audit_checkpoint")  # the periodic step does not anchor the cut chain


def test_attack_wiping_every_entry_and_resetting_the_head_is_detected(world):
    call_command("audit_checkpoint")
    _sql("DELETE FROM core_auditevent")
    _sql("UPDATE core_auditchainhead SET sequence = 0, hash = %s WHERE id = 1", [audit.GENESIS_HASH])
    _broken("the chain is empty but checkpoint 1")


def test_attack_rechaining_after_an_edit_is_detected_without_the_key(world):
    call_command("audit_checkpoint")
    _edit(world)
    events = list(AuditEvent.objects.order_by("sequence"))
    victim = events[4]
    previous = events[3].hash
    # Edit one entry and recompute it and every later one, links and head included, with what the
    # database tells: the fields, the key id; but not the key.
    for event in events[4:]:
        if event.sequence == victim.sequence:
            event.username = "mallory"
        event.prev_hash = previous
        event.hash = hmac.new(b"a guessed key", audit.canonical(audit.hashed_fields(event)), hashlib.sha256).hexdigest()
        _sql(
            "UPDATE core_auditevent SET username = %s, prev_hash = %s, hash = %s WHERE sequence = %s",
            [event.username, event.prev_hash, event.hash, event.sequence],
        )
        previous = event.hash
    _move_head_to(events[-1].sequence)
    _broken(f"entry {victim.sequence} was altered")


def test_attack_rechaining_with_a_leaked_key_is_still_caught_by_the_checkpoint(world, settings):
    # Even someone who learnt AUDIT_KEY cannot rewrite what a checkpoint (outside the database) anchored.
    _edit(world)
    call_command("audit_checkpoint")
    key = settings.AUDIT_KEY.encode()
    events = list(AuditEvent.objects.order_by("sequence"))
    previous = events[1].hash
    for event in events[2:]:
        if event.sequence == 3:
            event.reason = "rewritten"
        event.prev_hash = previous
        event.hash = audit.entry_hash(audit.hashed_fields(event), key)
        _sql(
            "UPDATE core_auditevent SET reason = %s, prev_hash = %s, hash = %s WHERE sequence = %s",
            [event.reason, event.prev_hash, event.hash, event.sequence],
        )
        previous = event.hash
    _move_head_to(events[-1].sequence)
    _broken("differs from checkpoint 1")


def test_attack_removing_the_chain_head_is_detected_and_stays_on_record(world):
    _sql("DELETE FROM core_auditchainhead")
    _broken("the chain head is missing")
    # The next write recreates the head so that work goes on, and the chain keeps the trace.
    _edit(world, 1)
    _broken("the chain head had been removed")


def test_attack_disguising_keyed_entries_as_legacy_ones_is_detected(world):
    events = list(AuditEvent.objects.order_by("sequence"))
    previous = audit.GENESIS_HASH
    for event in events:
        event.key_id, event.prev_hash = "", previous
        event.hash = audit.entry_hash(audit.hashed_fields(event))
        _sql(
            "UPDATE core_auditevent SET key_id = '', prev_hash = %s, hash = %s WHERE sequence = %s",
            [event.prev_hash, event.hash, event.sequence],
        )
        previous = event.hash
    _move_head_to(events[-1].sequence)
    _broken("not authenticated with the audit key")


def test_entry_signed_with_an_unknown_key_is_reported(world):
    _sql("UPDATE core_auditevent SET key_id = 'feedfacefeedface' WHERE sequence = 2")
    _broken("entry 2 is signed with an unknown key")


def test_forged_or_cut_checkpoint_file_is_reported(world, settings):
    call_command("audit_checkpoint")
    _edit(world)
    call_command("audit_checkpoint")
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    lines = path.read_text().splitlines()
    assert len(lines) == 2
    forged = lines[1].split("\t")
    forged[1] = "1"
    path.write_text(lines[0] + "\n" + "\t".join(forged) + "\n")
    _broken("line 2 of the checkpoint file")
    path.write_text(lines[0] + "\n")  # the last line cut: the chain recorded checkpoint 2
    _broken("checkpoint 2")
    path.unlink()  # the file lost or replaced
    _broken("missing from the checkpoint file")


def test_rotated_key_keeps_old_entries_verifiable(world, settings):
    call_command("audit_checkpoint")
    old = settings.AUDIT_KEY
    settings.AUDIT_KEY = "a-new-audit-key-after-rotation-0123456789abcdef"
    settings.AUDIT_OLD_KEYS = [old]
    _edit(world, 1)
    assert AuditEvent.objects.order_by("-sequence").first().key_id == audit.key_id(settings.AUDIT_KEY)
    call_command("audit_verify")
    settings.AUDIT_OLD_KEYS = []
    _broken("unknown key")


def _state_apps(target):
    return MigrationExecutor(connection).loader.project_state(("core", target)).apps


def test_migration_vouches_for_legacy_entries_and_reverses(world):
    from importlib import import_module

    migration = import_module("kinerja.core.migrations.0005_audit_key")
    apps = _state_apps("0005_audit_key")
    migration.unkey_entries(apps, None)  # back to the plain SHA-256 chain of before
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {""}
    _broken("not authenticated with the audit key")
    legacy = AuditEvent.objects.count()
    migration.vouch_for_existing_entries(apps, None)
    vouching = AuditEvent.objects.order_by("-sequence").first()
    assert vouching.action == audit.KEYED_ACTION and vouching.after["legacy_entries"] == legacy
    call_command("audit_verify")
    # A legacy entry rewritten with recomputed plain hashes no longer matches what the keyed entry vouched for.
    events = list(AuditEvent.objects.filter(key_id="").order_by("sequence"))
    previous = events[0].prev_hash
    for event in events:
        if event.sequence == 2:
            event.username = "mallory"
        event.prev_hash = previous
        event.hash = audit.entry_hash(audit.hashed_fields(event))
        _sql(
            "UPDATE core_auditevent SET username = %s, prev_hash = %s, hash = %s WHERE sequence = %s",
            [event.username, event.prev_hash, event.hash, event.sequence],
        )
        previous = event.hash
    _broken(f"entry {vouching.sequence} does not follow")


def test_production_settings_refuse_to_start_without_an_audit_key():
    from kinerja.core.tests.test_security import _production_env

    env = _production_env()
    del env["AUDIT_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "AUDIT_KEY" in result.stderr
    env["AUDIT_KEY"] = env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "AUDIT_KEY" in result.stderr
