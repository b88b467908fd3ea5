"""The public pages (innovation catalogue, public portal) are rate limited per address: past the limit a 429
page in Indonesian with Retry-After, without running the view; a new window lets the address in again."""

import pytest
from django.conf import settings
from django.test import override_settings

from kinerja.core.models import RateCounter
from kinerja.settings import PUBLIC_RATE_LIMIT, PUBLIC_RATE_LIMIT_PREFIXES, PUBLIC_RATE_WINDOW

LIMITED = override_settings(
    PUBLIC_RATE_LIMIT_PREFIXES=PUBLIC_RATE_LIMIT_PREFIXES, RATE_LIMITS={**settings.RATE_LIMITS, "public": (3, 60)}
)


@pytest.fixture
def clock(monkeypatch):
    now = {"t": 1_800_000_000.0}  # the start of a window of 60 s
    monkeypatch.setattr("kinerja.core.ratelimit.time.time", lambda: now["t"])
    return now


def test_production_settings_limit_both_public_prefixes_generously():
    assert PUBLIC_RATE_LIMIT_PREFIXES == ("/inovasi/", "/publik/")
    assert PUBLIC_RATE_LIMIT >= 300 and PUBLIC_RATE_WINDOW == 60
    assert "kinerja.core.middleware.PublicRateLimitMiddleware" in settings.MIDDLEWARE


@LIMITED
@pytest.mark.parametrize("path", ["/inovasi/", "/publik/opd/"])
def test_past_the_limit_an_address_gets_429_in_indonesian_with_retry_after(world, client, clock, path):
    codes = [client.get(path, REMOTE_ADDR="10.1.1.1").status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    clock["t"] += 20
    refused = client.get(path, REMOTE_ADDR="10.1.1.1", HTTP_ACCEPT_LANGUAGE="id")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"  # the window ends 40 s later
    assert "Terlalu banyak permintaan" in refused.content.decode()
    assert "inovasi/public_list.html" not in [t.name for t in refused.templates]  # the view did not run
    # Another address is counted apart; the login-only pages are not limited.
    assert client.get(path, REMOTE_ADDR="10.1.1.2").status_code == 200
    assert client.get("/login/", REMOTE_ADDR="10.1.1.1").status_code == 200


@LIMITED
def test_the_catalogue_and_the_portal_share_one_count_per_address_and_it_resets_with_the_window(world, client, clock):
    assert client.get("/inovasi/", REMOTE_ADDR="10.2.2.2").status_code == 200
    assert client.get("/publik/opd/", REMOTE_ADDR="10.2.2.2").status_code == 200
    assert client.get("/inovasi/", REMOTE_ADDR="10.2.2.2").status_code == 200
    assert client.get("/publik/opd/", REMOTE_ADDR="10.2.2.2").status_code == 429
    assert client.get("/inovasi/", REMOTE_ADDR="10.2.2.2").status_code == 429  # refused requests count too
    clock["t"] += 60  # the next window
    assert client.get("/inovasi/", REMOTE_ADDR="10.2.2.2").status_code == 200
    assert RateCounter.objects.filter(scope="public").count() == 2  # the ended window and the open one


def test_off_in_tests_by_default(db, client):
    """The test settings leave the prefixes empty: the browser tests and pinned query counts never meet it."""
    for _ in range(5):
        assert client.get("/inovasi/", REMOTE_ADDR="10.3.3.3").status_code == 200
    assert not RateCounter.objects.filter(scope="public").exists()
