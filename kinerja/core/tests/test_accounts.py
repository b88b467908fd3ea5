"""Two-factor authentication and API tokens: what an attacker with a password, or a stolen token, can do."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from kinerja.core import accounts
from kinerja.core.models import AuditEvent

PASSWORD = "test-password-1"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Enrol a minute ago: a code is accepted once per 30-second step, so the test's codes are fresh ones."""
    with time_machine.travel(timezone.now() - datetime.timedelta(seconds=60)):
        device = accounts.totp_start(user=user)
        codes = accounts.totp_confirm(user=user, code=_code(device))
    device.refresh_from_db()
    return device, codes


def _token(username: str, **extra):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD, **extra}, format="json")


# --- tokens ---------------------------------------------------------------------------------------


def test_a_token_is_stored_only_as_a_hash_and_expires(world, settings):
    response = _token("planner")
    assert response.status_code == 200
    token = response.json()["token"]
    record = AuthToken.objects.get(user=world.users["planner"])
    assert token not in (record.digest, record.token_key) and token.startswith(record.token_key)
    expected = timezone.now() + datetime.timedelta(hours=settings.API_TOKEN_TTL_HOURS)
    assert abs((record.expiry - expected).total_seconds()) < 60
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/plan-nodes/").status_code == 200
    with time_machine.travel(record.expiry + datetime.timedelta(seconds=1)):
        expired = client.get("/api/v1/plan-nodes/")
        assert expired.status_code == 401 and set(expired.json()) == {"message", "extra"}
    assert AuditEvent.objects.filter(action="token_create", object_id=str(world.users["planner"].pk)).exists()


def test_a_new_password_and_a_deactivation_revoke_every_token(world):
    planner = world.users["planner"]
    tokens = [_token("planner").json()["token"] for _ in range(2)]
    planner.set_password("another-password-2")
    planner.save()
    for token in tokens:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert client.get("/api/v1/plan-nodes/").status_code == 401
    operator = world.users["dinkes_operator"]
    token = _token("dinkes_operator").json()["token"]
    operator.is_active = False
    operator.save()
    assert not AuthToken.objects.filter(user=operator).exists()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/plan-nodes/").status_code == 401
    assert AuditEvent.objects.filter(action="token_revoke").count() == 2


def test_a_login_does_not_revoke_tokens(world, client):
    token = _token("planner").json()["token"]
    assert client.post("/login/", {"username": "planner", "password": PASSWORD}).status_code == 302  # last_login
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/plan-nodes/").status_code == 200


def test_owners_list_and_revoke_their_tokens_and_nobody_elses(world):
    first = _token("planner").json()["token"]
    _token("planner")
    other = _token("dinkes_operator").json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    listed = client.get("/api/v1/auth/tokens/").json()
    assert len(listed) == 2 and all("digest" not in row and "token" not in row for row in listed)
    assert client.delete(f"/api/v1/auth/tokens/{other[:15]}/").status_code == 404  # not theirs
    assert AuthToken.objects.filter(user=world.users["dinkes_operator"]).count() == 1
    second_key = next(row["token_key"] for row in listed if not first.startswith(row["token_key"]))
    assert client.delete(f"/api/v1/auth/tokens/{second_key}/").status_code == 204
    assert len(client.get("/api/v1/auth/tokens/").json()) == 1


def test_the_account_page_creates_lists_and_revokes_tokens(world, login):
    client = login(world.users["dinkes_operator"])
    created = client.post("/akun/token/baru/")
    token = re.search(r'<code class="user-select-all text-break">([^<]+)</code>', created.content.decode())[1]
    assert AuthToken.objects.get(user=world.users["dinkes_operator"]).token_key == token[:15]
    page = client.get("/akun/keamanan/").content.decode()
    assert token[:15] in page and token not in page
    assert client.post(f"/akun/token/{token[:15]}/cabut/").status_code == 302
    assert not AuthToken.objects.filter(user=world.users["dinkes_operator"]).exists()


# --- two-factor authentication --------------------------------------------------------------------


def test_enrolment_confirms_with_a_code_and_gives_ten_single_use_recovery_codes(world):
    planner = world.users["planner"]
    device = accounts.totp_start(user=planner)
    with pytest.raises(Exception, match="wrong"):
        accounts.totp_confirm(user=planner, code="000000" if _code(device) != "000000" else "111111")
    codes = accounts.totp_confirm(user=planner, code=_code(device))
    assert len(set(codes)) == 10 and accounts.has_two_factor(planner)
    assert accounts.two_factor_check(user=planner, code=codes[0]) is not None
    assert accounts.two_factor_check(user=planner, code=codes[0]) is None  # used up
    assert accounts.recovery_codes_left(planner) == 9
    assert AuditEvent.objects.filter(action="two_factor_on").exists()


def test_a_password_alone_does_not_open_an_enrolled_account(world, client):
    device, codes = _enrol(world.users["planner"])
    response = client.post("/login/", {"username": "planner", "password": PASSWORD})
    assert response.status_code == 302
    held = client.get("/plan/")
    assert held.status_code == 302 and held["Location"].startswith("/login/verifikasi/")
    assert client.get("/api/v1/plan-nodes/").status_code == 403  # the session's API is held too
    assert client.get("/akun/keamanan/").status_code == 302  # tokens cannot be made before the second step
    wrong = client.post("/login/verifikasi/", {"code": "12345x", "next": "/plan/"})
    assert wrong.status_code == 400 and client.get("/plan/").status_code == 302
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):  # past the throttle of one failure
        right = client.post("/login/verifikasi/", {"code": _code(device), "next": "/plan/"})
        assert right.status_code == 302 and right["Location"] == "/plan/"
        assert client.get("/plan/").status_code == 200


def test_a_recovery_code_opens_the_account_once(world, client):
    _device, codes = _enrol(world.users["planner"])
    client.post("/login/", {"username": "planner", "password": PASSWORD})
    assert client.post("/login/verifikasi/", {"code": codes[3].upper(), "next": "/"}).status_code == 302
    client.post("/logout/")
    client.post("/login/", {"username": "planner", "password": PASSWORD})
    assert client.post("/login/verifikasi/", {"code": codes[3], "next": "/"}).status_code == 400


def test_required_roles_must_enrol_before_anything_else_when_the_setting_is_on(world, client, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.post("/login/", {"username": "inspector", "password": PASSWORD})
    held = client.get("/audit/")
    assert held.status_code == 302 and held["Location"].startswith("/akun/keamanan/aktifkan/")
    enrol = client.get("/akun/keamanan/aktifkan/")
    assert enrol.status_code == 200 and "<svg" in enrol.content.decode()
    device = accounts.totp_pending(world.users["inspector"])
    done = client.post("/akun/keamanan/aktifkan/", {"code": _code(device), "next": "/audit/"})
    assert done.status_code == 200 and len(re.findall(r'<li class="col">', done.content.decode())) == 10
    assert client.get("/audit/").status_code == 200
    # Operators are not among the required roles.
    other = client.__class__()
    other.post("/login/", {"username": "dinkes_operator", "password": PASSWORD})
    assert other.get("/plan/").status_code == 200


def test_two_factor_is_not_required_in_the_demo_setting(world, client, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client.post("/login/", {"username": "inspector", "password": PASSWORD})
    assert client.get("/audit/").status_code == 200


def test_a_token_needs_the_second_factor_where_it_applies(world, settings):
    device, _codes = _enrol(world.users["planner"])
    refused = _token("planner")
    assert refused.status_code == 400 and "otp" in refused.json()["extra"]["fields"]
    assert not AuthToken.objects.filter(user=world.users["planner"]).exists()
    assert _token("planner", otp=_code(device)).status_code == 200
    settings.TWO_FACTOR_REQUIRED = True
    not_enrolled = _token("inspector")
    assert not_enrolled.status_code == 403 and "dua langkah" in not_enrolled.json()["message"]


def test_only_administrators_reset_a_lost_authenticator_with_a_reason(world, login):
    _enrol(world.users["planner"])
    token = _token("planner", otp=_code(TOTPDevice.objects.get(user=world.users["planner"]))).json()["token"]
    assert login(world.users["inspector"]).post(
        f"/users/{world.users['planner'].pk}/2fa/reset/", {"reason": "hilang"}
    ).status_code in (403, 404)
    assert accounts.has_two_factor(world.users["planner"])
    admin = login(world.users["admin_user"])
    assert f"/users/{world.users['planner'].pk}/2fa/reset/" in admin.get("/users/").content.decode()
    assert admin.post(f"/users/{world.users['planner'].pk}/2fa/reset/", {"reason": "HP hilang"}).status_code == 302
    assert not accounts.has_two_factor(world.users["planner"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/plan-nodes/").status_code == 401
    assert AuditEvent.objects.get(action="two_factor_reset").reason == "HP hilang"


def test_live_tokens_per_user_are_capped(world, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    assert [_token("planner").status_code for _ in range(3)] == [200, 200, 400]
    assert AuthToken.objects.filter(user=world.users["planner"]).count() == 2
