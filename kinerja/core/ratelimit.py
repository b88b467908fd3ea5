"""Rate limits that hold across every process: one atomic count per client and window, in the database.

A limit allows ``limit`` requests per client in each fixed window of ``window`` seconds (windows aligned to
the clock: a limit of 10 per 600 s allows 10 between 10:00:00 and 10:09:59, 10 more from 10:10:00). The
count is taken with one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement, which PostgreSQL and
SQLite both run atomically: concurrent requests in any number of gunicorn workers or machines are counted
exactly, unlike a per-process cache or a "count the rows, then insert" check. Refused requests count too
(a flood stays refused until its window ends).

Rows of ended windows are deleted whenever a client opens a new window of the same scope, so the table
holds about one row per client active in the last two windows. Clients are stored as a keyed hash (HMAC with SECRET_KEY), never as the address itself.
"""

import functools
import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.shortcuts import render

from kinerja.core.models import RateCounter


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int  # requests in this window, this one included
    limit: int
    retry_after: int  # seconds until the window ends


def client_hash(*parts: str) -> str:
    """Return the keyed hash under which a client is counted (an address, a key id, a username…)."""
    message = "|".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def hit(*, scope: str, client: str, limit: int, window: int, now: float | None = None) -> Decision:
    """Count one request of ``client`` under ``scope`` and say whether it is within ``limit`` per ``window``.

    ``client`` is hashed before it is stored. The count is one statement, atomic by itself; inside a
    caller's transaction it commits (and is rolled back) with it.
    """
    if limit <= 0:
        return Decision(allowed=False, count=0, limit=limit, retry_after=window)
    now = time.time() if now is None else now
    start = int(now) - int(now) % window
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    sql = (
        f"INSERT INTO {table} (scope, client, window_start, count) VALUES (%s, %s, %s, 1) "  # noqa: S608
        f"ON CONFLICT (scope, client, window_start) DO UPDATE SET count = {table}.count + 1 RETURNING count"
    )
    hashed = client_hash(scope, client)
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope, hashed, start])
        count = cursor.fetchone()[0]
    if count == 1:
        # A new window opened for this client: the scope's ended windows are of no use any more.
        RateCounter.objects.filter(scope=scope, window_start__lt=start - window).delete()
    return Decision(allowed=count <= limit, count=count, limit=limit, retry_after=start + window - int(now))


def limit_for(scope: str) -> tuple[int, int]:
    """Return (limit, window in seconds) configured for ``scope`` in ``settings.RATE_LIMITS``."""
    return settings.RATE_LIMITS[scope]


def check(*, scope: str, client: str) -> Decision:
    """Count one request against the configured limit of ``scope``."""
    limit, window = limit_for(scope)
    return hit(scope=scope, client=client, limit=limit, window=window)


def request_client(request) -> str:
    """The address a page request is counted under: REMOTE_ADDR, as the login lockout counts it.

    Behind a reverse proxy, the proxy must set REMOTE_ADDR to the client's address (see the README's
    production notes); a forwarded header is not trusted, since any client can send one.
    """
    return request.META.get("REMOTE_ADDR", "")


def too_many(request, decision: Decision):
    """The 429 answer of a page past its limit: a page saying when to try again, and ``Retry-After``."""
    response = render(request, "429.html", {"retry_after": decision.retry_after}, status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


def limited_page(scope: str):
    """Decorate a public page: past the limit of ``scope`` it answers 429 with a page saying when to try
    again, and the view does not run."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            decision = check(scope=scope, client=request_client(request))
            if not decision.allowed:
                return too_many(request, decision)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
