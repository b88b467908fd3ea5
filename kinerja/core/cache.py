"""Figures of a whole government kept in the cache until the data they are computed from changes.

Every change to performance data lands in the audit trail, so the sequence of the government's latest
audit entry moves with every write: keyed by it, a kept result is never older than the last audited write
(the next request after a write computes again). The key also holds the user's grants, so two users share
a result only when they see the same records, and whatever else the caller names (year, day, filters,
language). The timeout bounds what writes outside the trail (a rebuild of the year totals, bulk loads)
can leave stale.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")


def audit_stamp(government_id: int | None) -> int:
    """The sequence of the government's latest audit entry: it moves with every audited write (one query)."""
    from kinerja.core.models import AuditEvent

    if government_id is None:
        return 0
    return (
        AuditEvent.objects.filter(government_id=government_id)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
        or 0
    )


def scope_of(user) -> str:
    """A short digest of what ``user`` may see (superuser flag and grants), for cache keys."""
    from kinerja.core.querysets import user_grants

    grants = sorted((g.role, g.government_id, tuple(sorted(g.agency_ids))) for g in user_grants(user))
    return hashlib.sha256(repr((getattr(user, "is_superuser", False), grants)).encode()).hexdigest()[:16]


def kept(name: str, *, user, government_id: int | None, parts: tuple, seconds: int, compute: Callable[[], T]) -> T:
    """``compute()``, kept ``seconds`` under ``name``, the user's scope, ``parts`` and the audit stamp.

    With ``seconds`` 0 or less it computes every time. Costs one query (the stamp) when kept, besides the
    user's grants (read once per request).
    """
    if seconds <= 0:
        return _computed(compute)
    key = ":".join(
        ["kinerja", name, str(government_id), *(str(p) for p in parts), scope_of(user), str(audit_stamp(government_id))]
    )
    value = cache.get(key)
    if value is None:
        value = _computed(compute)
        cache.set(key, value, seconds)
    return value


def _computed(compute: Callable[[], T]) -> T:
    """``compute()`` with the garbage collector paused (``kinerja.core.memory.paused``): the figures of a
    government make tens of thousands of short-lived objects and next to no cycles, and collections during
    the computation walked the objects made so far again and again."""
    from kinerja.core.memory import paused

    with paused():
        return compute()
