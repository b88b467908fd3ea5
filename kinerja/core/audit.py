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
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation

GENESIS_HASH = "0" * 64


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


def entry_hash(fields: dict) -> str:
    """Return the SHA-256 of an entry's fields in canonical JSON."""
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hashed_fields(event) -> dict:
    """Return the fields of an AuditEvent that its hash covers."""
    return {
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
            # Created by the migration; recreated after a database flush (tests) from the last entry.
            last = AuditEvent.objects.order_by("-sequence").first()
            AuditChainHead.objects.get_or_create(
                pk=1, defaults={"sequence": last.sequence if last else 0, "hash": last.hash if last else GENESIS_HASH}
            )
            head = AuditChainHead.objects.select_for_update().get(pk=1)
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
        )
        event.hash = entry_hash(hashed_fields(event))
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
    """Walk the chain in order; return (intact, message naming the first broken entry)."""
    from kinerja.core.models import AuditChainHead, AuditEvent

    previous_hash = GENESIS_HASH
    expected_sequence = 1
    last_seen = 0
    count = 0
    while True:
        batch = list(AuditEvent.objects.filter(sequence__gt=last_seen).order_by("sequence")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.sequence != expected_sequence:
                return False, f"entry {expected_sequence} is missing (next present entry is {event.sequence})"
            if event.prev_hash != previous_hash:
                return False, f"entry {event.sequence} does not follow entry {event.sequence - 1} (removed or altered)"
            if entry_hash(hashed_fields(event)) != event.hash:
                return False, f"entry {event.sequence} was altered (its content does not match its hash)"
            previous_hash = event.hash
            expected_sequence += 1
            last_seen = event.sequence
            count += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != last_seen or head.hash != previous_hash):
        return (
            False,
            f"the chain ends at entry {last_seen} but its head records entry {head.sequence} (entries removed)",
        )
    return True, f"{count} entries, chain intact"
