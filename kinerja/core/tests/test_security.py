import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[3]


def test_login_page_logs_a_user_in(world, client):
    response = client.post("/login/", {"username": "planner", "password": "test-password-1"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_repeated_failed_logins_lock_the_account(world, client):
    for _ in range(5):
        client.post("/login/", {"username": "planner", "password": "wrong"})
    response = client.post("/login/", {"username": "planner", "password": "test-password-1"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_demo_password_is_refused_when_demo_logins_are_off(world, client):
    user = world.users["planner"]
    user.set_password("kinerja-demo")
    user.save()
    with override_settings(ALLOW_DEMO_LOGINS=False):
        response = client.post("/login/", {"username": "planner", "password": "kinerja-demo"})
        assert response.status_code == 200 and "_auth_user_id" not in client.session
        with pytest.raises(ValidationError):
            validate_password("kinerja-demo")
    with override_settings(ALLOW_DEMO_LOGINS=True):
        assert client.post("/login/", {"username": "planner", "password": "kinerja-demo"}).status_code == 302


def test_pages_carry_security_headers_and_a_strict_csp(world, login):
    response = login(world.users["planner"]).get("/plan/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]


def test_pages_load_nothing_from_outside(world, login):
    html = login(world.users["planner"]).get("/plan/").content.decode()
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html
    assert "<script>" not in html  # no inline scripts


def _production_env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DATABASE_URL", "ALLOW_DEMO_LOGINS", "SECURE_SSL_REDIRECT")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-key-" + "y" * 20,
        AUDIT_KEY="z" * 20 + "-a-long-random-production-audit-key-" + "w" * 20,
        ALLOWED_HOSTS="kinerja.sumselprov.go.id",
        DATABASE_URL="sqlite:////tmp/kinerja-deploy-check.sqlite3",
        DJANGO_SETTINGS_MODULE="kinerja.settings",
        PUBLIC_BASE_URL="https://kinerja.sumselprov.go.id",
    )
    env.update(extra)
    return env


def test_deploy_check_reports_nothing_with_debug_off():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_public_base_url():
    env = _production_env()
    del env["PUBLIC_BASE_URL"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "kinerja.E001" in result.stderr + result.stdout


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    env = _production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_settings_refuse_a_malformed_boolean():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_production_env(DEBUG="maybe"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "DEBUG must be a boolean" in result.stderr
