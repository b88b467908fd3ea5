import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core import ratelimit
from kinerja.core.models import RateCounter
from kinerja.core.tests.files import pdf_bytes


def test_a_limit_allows_exactly_its_count_per_window_then_refuses(db):
    decisions = [ratelimit.hit(scope="t", client="10.0.0.1", limit=3, window=60, now=1200.5) for _ in range(5)]
    assert [d.allowed for d in decisions] == [True, True, True, False, False]
    assert [d.count for d in decisions] == [1, 2, 3, 4, 5]
    assert decisions[-1].retry_after == 60  # the window 1200–1259 ends at 1260


def test_a_new_window_starts_a_new_count_and_purges_ended_ones(db):
    for _ in range(3):
        ratelimit.hit(scope="t", client="a", limit=3, window=60, now=1200)
    assert not ratelimit.hit(scope="t", client="a", limit=3, window=60, now=1259).allowed
    assert ratelimit.hit(scope="t", client="a", limit=3, window=60, now=1260).allowed
    ratelimit.hit(scope="t", client="b", limit=3, window=60, now=1330)  # opens 1320: 1200 has ended before 1260
    assert sorted(RateCounter.objects.values_list("window_start", flat=True)) == [1260, 1320]


def test_clients_and_scopes_are_counted_apart_and_stored_only_as_hashes(db):
    assert ratelimit.hit(scope="t", client="10.0.0.1", limit=1, window=60, now=0).allowed
    assert ratelimit.hit(scope="t", client="10.0.0.2", limit=1, window=60, now=0).allowed
    assert ratelimit.hit(scope="u", client="10.0.0.1", limit=1, window=60, now=0).allowed
    assert not ratelimit.hit(scope="t", client="10.0.0.1", limit=1, window=60, now=0).allowed
    stored = list(RateCounter.objects.values_list("client", flat=True))
    assert len(stored) == 3 and all(len(c) == 64 and "10.0.0" not in c for c in stored)


def test_a_zero_limit_refuses_everything(db):
    assert not ratelimit.hit(scope="t", client="a", limit=0, window=60).allowed


def test_the_token_endpoint_is_limited_per_address(world, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "token": (2, 60)}
    body = {"username": "planner", "password": "test-password-1"}
    codes = [client.post("/api/v1/auth/token/", body).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = client.post("/api/v1/auth/token/", body)
    assert "message" in refused.json() and refused.headers["Retry-After"]


@pytest.mark.parametrize("path", ["/verifikasi/", "/api/v1/verify/"])
def test_public_verification_is_rate_limited_and_unknown_files_leave_no_audit_entry(db, client, settings, path):
    from kinerja.core.models import AuditEvent

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify": (3, 600)}
    codes = []
    for number in range(4):
        upload = SimpleUploadedFile("x.pdf", pdf_bytes(text=f"not issued {number}"), "application/pdf")
        codes.append(client.post(path, {"file": upload}).status_code)
    assert codes == [200, 200, 200, 429]  # checked (a valid PDF Kinerja never issued), then refused
    assert not AuditEvent.objects.filter(action="verify").exists()
