"""The audit trail: every change to audited data, append-only and hash-chained.

Changes are captured by infrastructure (model signals on ``AuditedModel`` subclasses), and domain
events (amended, imported, ...) are written by services with ``record_event``; both land in the same
chain, in the same transaction as the change they describe. The acting user, the request id and the
reason come from a context set by ``AuditContextMiddleware`` or by ``audit_context`` in commands.
"""

import contextlib
import contextvars
import datetime
import decimal
import functools
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation

GENESIS_HASH = "0" * 64
# Entries written before the audit key was introduced carry a plain SHA-256 and this (empty) key id.
LEGACY_KEY_ID = ""
# The first keyed entry after legacy ones: it declares how many legacy entries it vouches for.
KEYED_ACTION = "audit_key_introduced"
# Written when an append found the chain head row gone while entries remained (a tampering trace).
HEAD_MISSING_ACTION = "chain_head_missing"


@dataclass
class AuditContext:
    request: object | None = None
    username: str = ""
    user_id: int | None = None
    request_id: str = ""
    reason: str = ""


_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("kinerja_audit", default=None)


def current_context() -> AuditContext:
    return _context.get() or AuditContext()


@contextlib.contextmanager
def audit_context(*, request=None, user=None, username: str = "", reason: str = "", request_id: str = ""):
    """Set who acts and why for the audit events written inside the block (nested blocks inherit)."""
    outer = current_context()
    ctx = AuditContext(
        request=request if request is not None else outer.request,
        username=username or (user.get_username() if user is not None else outer.username),
        user_id=user.pk if user is not None else outer.user_id,
        request_id=request_id or outer.request_id or (getattr(request, "request_id", "") if request else ""),
        reason=reason or outer.reason,
    )
    token = _context.set(ctx)
    try:
        yield ctx
    finally:
        _context.reset(token)


def _actor(ctx: AuditContext) -> tuple[int | None, str]:
    if ctx.user_id is not None or ctx.username:
        return ctx.user_id, ctx.username
    user = getattr(ctx.request, "user", None) if ctx.request is not None else None
    if user is not None and user.is_authenticated:
        return user.pk, user.get_username()
    return None, ""


def to_jsonable(value):
    """Turn a field value into a JSON primitive whose text form is stable across databases."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return str(value)


def snapshot(instance: models.Model, values: dict | None = None) -> dict:
    """Return the audited field values of ``instance`` (or of ``values``, keyed by attname)."""
    excluded = set(getattr(instance, "audit_exclude", ())) | {"updated"}
    source = (
        values
        if values is not None
        else {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
    )
    return {
        field.attname: to_jsonable(source.get(field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in excluded
    }


def _before(instance) -> dict | None:
    """Return the instance's audited values as last saved or loaded, or None when unknown."""
    if hasattr(instance, "_audit_snapshot"):
        return instance._audit_snapshot
    loaded = getattr(instance, "_audit_loaded", None)
    return snapshot(instance, loaded) if loaded is not None else None


@functools.lru_cache(maxsize=16)
def key_id(key: str) -> str:
    """Return the public id of an audit key (derived by HMAC, so it tells nothing about the key)."""
    return hmac.new(key.encode("utf-8"), b"kinerja audit key id", hashlib.sha256).hexdigest()[:16]


def keyring() -> dict[str, bytes]:
    """Return every audit key that may have signed entries, by key id: AUDIT_KEY and AUDIT_OLD_KEYS."""
    from django.conf import settings

    keys = [settings.AUDIT_KEY, *getattr(settings, "AUDIT_OLD_KEYS", [])]
    return {key_id(key): key.encode("utf-8") for key in keys if key}


def signing_key() -> tuple[str, bytes]:
    """Return (key id, key) of the key new entries and checkpoints are signed with (AUDIT_KEY)."""
    from django.conf import settings

    return key_id(settings.AUDIT_KEY), settings.AUDIT_KEY.encode("utf-8")


def canonical(fields: dict) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(fields: dict, key: bytes | None = None) -> str:
    """Return the HMAC-SHA256 of an entry's fields in canonical JSON with ``key`` (plain SHA-256 without one).

    Only the HMAC, whose key is not in the database, stops someone who can write to the database from
    editing an entry and recomputing every later hash; the plain form is kept for legacy entries.
    """
    if key is None:
        return hashlib.sha256(canonical(fields)).hexdigest()
    return hmac.new(key, canonical(fields), hashlib.sha256).hexdigest()


def hashed_fields(event) -> dict:
    """Return the fields of an AuditEvent that its hash covers (the key id too, for keyed entries)."""
    fields = {
        "sequence": event.sequence,
        "created": to_jsonable(event.created),
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
    if event.key_id != LEGACY_KEY_ID:
        fields["key_id"] = event.key_id
    return fields


def record_event(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    government_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
):
    """Append one entry to the chain, in the caller's transaction (opened here when there is none)."""
    from django.utils import timezone

    from kinerja.core.models import AuditChainHead, AuditEvent

    _refuse_expressions(before, "before")
    _refuse_expressions(after, "after")
    ctx = current_context()
    user_id, username = _actor(ctx)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if not object_repr:
            # The label is kept for good (the object may be deleted): write it in the installation's language,
            # whatever language the writer's request or command runs in.
            with translation.override(settings.LANGUAGE_CODE):
                object_repr = str(obj)[:300]
        if government_id is None:
            government_id = obj.audit_government_id() if hasattr(obj, "audit_government_id") else None
    with transaction.atomic():
        # The head row serialises appends: on PostgreSQL by its row lock, on SQLite by the write lock.
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            # Created by the migration; recreated after a database flush (tests). Gone while entries remain,
            # it was removed behind the application's back: the chain goes on, and says so in an entry.
            last = AuditEvent.objects.order_by("-sequence").first()
            AuditChainHead.objects.get_or_create(
                pk=1, defaults={"sequence": last.sequence if last else 0, "hash": last.hash if last else GENESIS_HASH}
            )
            head = AuditChainHead.objects.select_for_update().get(pk=1)
            if last is not None and action != HEAD_MISSING_ACTION:
                record_event(
                    action=HEAD_MISSING_ACTION,
                    object_type="core.auditchainhead",
                    object_id="1",
                    after={"last_entry": last.sequence},
                    reason="The chain head row was missing; recreated from the last entry.",
                )
                head = AuditChainHead.objects.select_for_update().get(pk=1)
        key_id_, key = signing_key()
        event = AuditEvent(
            sequence=head.sequence + 1,
            created=timezone.now(),
            government_id=government_id,
            user_id=user_id,
            username=username,
            request_id=ctx.request_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            before=to_jsonable(before) if before is not None else None,
            after=to_jsonable(after) if after is not None else None,
            reason=reason or ctx.reason,
            prev_hash=head.hash,
            key_id=key_id_,
        )
        event.hash = entry_hash(hashed_fields(event), key)
        AuditEvent.objects.bulk_create([event])
        AuditChainHead.objects.filter(pk=1).update(sequence=event.sequence, hash=event.hash)
    return event


def _is_expression(value) -> bool:
    return hasattr(value, "resolve_expression")


def _resolve_expressions(instance: models.Model) -> None:
    """Load from the database the fields saved as expressions (``F("lock_version") + 1``), which hold no value.

    After such a save the instance still carries the expression; the trail must hold what was stored.
    """
    pending = [f.attname for f in instance._meta.concrete_fields if _is_expression(getattr(instance, f.attname, None))]
    if pending:
        instance.refresh_from_db(fields=pending)


def _refuse_expressions(values, where: str) -> None:
    """Refuse an unresolved query expression as an audited value (its text is not the value saved)."""
    if _is_expression(values):
        raise ValueError(f"The audit {where} holds a query expression ({values!r}), not the value saved.")
    if isinstance(values, dict):
        for value in values.values():
            _refuse_expressions(value, where)
    elif isinstance(values, list | tuple):
        for value in values:
            _refuse_expressions(value, where)


def _on_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    _resolve_expressions(instance)
    after = snapshot(instance)
    before = None if created else _before(instance)
    if not created and before == after:
        return
    record_event(action="create" if created else "update", obj=instance, before=before, after=after)
    instance._audit_snapshot = after


def _on_delete(sender, instance, **kwargs):
    record_event(action="delete", obj=instance, before=_before(instance) or snapshot(instance))


def connect_signals() -> None:
    """Connect change capture for every concrete AuditedModel."""
    from django.apps import apps

    from kinerja.core.models import AuditedModel

    for model in apps.get_models():
        if issubclass(model, AuditedModel):
            post_save.connect(_on_save, sender=model, dispatch_uid=f"audit-save-{model._meta.label}")
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"audit-delete-{model._meta.label}")


def verify_chain(batch_size: int = 5000) -> tuple[bool, str]:
    """Walk the chain in order; return (intact, message naming the first broken entry).

    Checks every link and every entry's HMAC with the key its key id names, that legacy (unkeyed) entries
    only precede the keyed entry that vouches for them, the head row, and the chain against the signed
    checkpoints of ``AUDIT_CHECKPOINT_FILE`` (kept outside the database): fewer entries than a checkpoint
    recorded is truncation, another hash at a checkpointed entry is re-chaining, and a checkpoint the
    chain records but the file lacks means the file was cut or replaced.
    """
    from kinerja.core import anchors
    from kinerja.core.models import AuditChainHead, AuditEvent

    keys = keyring()
    checkpoints, problem = anchors.read_checkpoints()
    if problem:
        return False, problem
    anchored = {line.sequence: line for line in checkpoints}
    recorded_checkpoints: list[AuditEvent] = []
    previous_hash = GENESIS_HASH
    expected_sequence = 1
    last_seen = 0
    count = 0
    legacy = 0
    keyed = False
    while True:
        batch = list(AuditEvent.objects.filter(sequence__gt=last_seen).order_by("sequence")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.sequence != expected_sequence:
                return False, f"entry {expected_sequence} is missing (next present entry is {event.sequence})"
            if event.prev_hash != previous_hash:
                return False, f"entry {event.sequence} does not follow entry {event.sequence - 1} (removed or altered)"
            if event.key_id == LEGACY_KEY_ID:
                if keyed:
                    return False, f"entry {event.sequence} is not authenticated with the audit key (forged)"
                legacy += 1
                key = None
            else:
                key = keys.get(event.key_id)
                if key is None:
                    return False, (
                        f"entry {event.sequence} is signed with an unknown key ({event.key_id}): forged, or a "
                        "replaced key missing from AUDIT_OLD_KEYS"
                    )
                if (
                    legacy
                    and not keyed
                    and (event.action != KEYED_ACTION or (event.after or {}).get("legacy_entries") != legacy)
                ):
                    return False, f"entry {event.sequence} does not vouch for the {legacy} unkeyed entries before it"
                keyed = True
            if not hmac.compare_digest(entry_hash(hashed_fields(event), key), event.hash):
                return False, f"entry {event.sequence} was altered (its content does not match its hash)"
            if event.action == HEAD_MISSING_ACTION:
                return False, f"entry {event.sequence} records that the chain head had been removed (tampering)"
            line = anchored.get(event.sequence)
            if line is not None and line.hash != event.hash:
                return False, (
                    f"entry {event.sequence} differs from checkpoint {line.number} of {line.time} "
                    "(the chain was rewritten)"
                )
            if event.action == anchors.CHECKPOINT_ACTION:
                recorded_checkpoints.append(event)
            previous_hash = event.hash
            expected_sequence += 1
            last_seen = event.sequence
            count += 1
    if legacy and not keyed:
        return False, f"entries 1–{legacy} are not authenticated with the audit key (none vouches for them)"
    if checkpoints and checkpoints[-1].sequence > last_seen:
        last = checkpoints[-1]
        what = "the chain is empty" if last_seen == 0 else f"the chain ends at entry {last_seen}"
        return (
            False,
            f"{what} but checkpoint {last.number} of {last.time} recorded entry {last.sequence} (entries removed)",
        )
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        return False, "the chain head is missing (removed from the database)"
    if head.sequence != last_seen or head.hash != previous_hash:
        return (
            False,
            f"the chain ends at entry {last_seen} but its head records entry {head.sequence} (entries removed)",
        )
    problem = anchors.missing_checkpoints(recorded_checkpoints, checkpoints)
    if problem:
        return False, problem
    anchor = f"; last checkpoint: entry {checkpoints[-1].sequence}" if checkpoints else "; no checkpoint yet"
    return True, f"{count} entries, chain intact{anchor}"
