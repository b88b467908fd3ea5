"""Authenticate the audit trail with AUDIT_KEY (HMAC-SHA256), keeping the entries already written.

Existing entries keep their plain SHA-256 (their hashes may have been quoted elsewhere) and an empty key
id; one keyed entry is appended that vouches for them: its HMAC covers the hash of the last of them, which
covers every earlier one, so none can be rewritten without the key. The reverse turns keyed entries back
into plain ones (after checking them) and drops the key id, as the code before expected.
"""

import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

GENESIS_HASH = "0" * 64
KEYED_ACTION = "audit_key_introduced"


def _jsonable_time(value):
    return value.astimezone(datetime.UTC).isoformat()


def _fields(event, keyed):
    fields = {
        "sequence": event.sequence,
        "created": _jsonable_time(event.created),
        "government_id": event.government_id,
        "user_id": event.user_id,
        "username": event.username,
        "request_id": event.request_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "prev_hash": event.prev_hash,
    }
    if keyed:
        fields["key_id"] = event.key_id
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _keys():
    keys = [settings.AUDIT_KEY, *getattr(settings, "AUDIT_OLD_KEYS", [])]
    return {
        hmac.new(k.encode(), b"kinerja audit key id", hashlib.sha256).hexdigest()[:16]: k.encode() for k in keys if k
    }


def vouch_for_existing_entries(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    last = AuditEvent.objects.order_by("-sequence").first()
    if last is None or last.key_id:
        return
    key_id = hmac.new(settings.AUDIT_KEY.encode(), b"kinerja audit key id", hashlib.sha256).hexdigest()[:16]
    legacy = AuditEvent.objects.count()
    event = AuditEvent(
        sequence=last.sequence + 1,
        created=timezone.now(),
        username="migration",
        action=KEYED_ACTION,
        object_type="core.auditevent",
        object_id=str(last.sequence),
        object_repr="audit key introduced",
        after={"legacy_entries": legacy, "last_legacy_hash": last.hash},
        reason="Entries from here on are authenticated with AUDIT_KEY; this one vouches for the earlier ones.",
        prev_hash=last.hash,
        key_id=key_id,
    )
    event.hash = hmac.new(settings.AUDIT_KEY.encode(), _fields(event, True), hashlib.sha256).hexdigest()
    event.save(force_insert=True)
    AuditChainHead.objects.update_or_create(pk=1, defaults={"sequence": event.sequence, "hash": event.hash})


def unkey_entries(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    keys = _keys()
    previous, changed, last_sequence = GENESIS_HASH, [], 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        keyed = bool(event.key_id)
        if keyed and event.key_id not in keys:
            raise RuntimeError(f"Audit entry {event.sequence} is signed with an unknown key; not unkeying it.")
        expected = (
            hmac.new(keys[event.key_id], _fields(event, True), hashlib.sha256).hexdigest()
            if keyed
            else hashlib.sha256(_fields(event, False)).hexdigest()
        )
        if expected != event.hash:
            raise RuntimeError(f"Audit entry {event.sequence} does not verify; refusing to re-hash a broken chain.")
        if keyed or event.prev_hash != previous:
            event.prev_hash, event.key_id = previous, ""
            event.hash = hashlib.sha256(_fields(event, False)).hexdigest()
            changed.append(event)
        previous, last_sequence = event.hash, event.sequence
    AuditEvent.objects.bulk_update(changed, ["prev_hash", "hash", "key_id"], batch_size=1000)
    if changed:
        AuditChainHead.objects.filter(pk=1).update(sequence=last_sequence, hash=previous)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_check")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16, verbose_name="key id"),
        ),
        migrations.RunPython(vouch_for_existing_entries, unkey_entries),
    ]
