"""Server time and query count of one page, requested in-process through the full middleware stack."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def measure(client: Client, url: str, repeat: int, before=None) -> tuple[float, float, int]:
    """Return (median ms, p95 ms, queries): timed without query capture, counted on one extra run.

    ``before`` (if given) runs before each request, untimed: e.g. emptying a cache to time a cold page."""
    before = before or (lambda: None)
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:  # a streamed download is timed to its last byte
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    before()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, len(ctx)
