"""The rate limits hold when many requests arrive at once in several server processes.

A real gunicorn with three workers serves a copy of the test database; twenty requests are released at
the same instant by a barrier. Each limit must let through exactly its number, no more and no less.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.db import connection
from django.utils import timezone

from kinerja.core.models import ServiceUnit
from kinerja.core.tests.files import pdf_bytes
from kinerja.satisfaction import services
from kinerja.satisfaction.method_data import install
from kinerja.satisfaction.models import SurveyElement, SurveyMethod

ROOT = Path(__file__).resolve().parents[3]
BURST = 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _current_survey(world):
    """A survey of the semester running today: the server runs on the real clock."""
    install(SurveyMethod, SurveyElement)
    today = timezone.localdate()
    return services.survey_create(
        user=world.users["service_quality"], service_unit=ServiceUnit.objects.get(code="rsud"), period_kind="semester",
        year=today.year, number=1 if today.month <= 6 else 2, population=1000, services=["Rawat jalan"],
    )  # fmt: skip


@pytest.fixture
def served(transactional_db, world, tmp_path):
    """Seed a survey and a kiosk key, serve the database with gunicorn (3 workers), yield (url, survey, key, count)."""
    survey = _current_survey(world)
    _record, kiosk_key = services.kiosk_key_create(
        user=world.users["dinkes_operator"], service_unit=survey.service_unit, name="Loket"
    )
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        # The test database lives in memory: give the server processes a file copy, and count in it after.
        copy = tmp_path / "served.sqlite3"
        target = sqlite3.connect(copy)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        url = f"sqlite:///{copy}"

        def count(sql):
            with sqlite3.connect(copy) as db:
                return db.execute(sql).fetchone()[0]
    else:
        url = (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        )

        def count(sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()[0]

    port = _free_port()
    env = {
        **os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "kinerja.settings_test", "DEBUG": "1",
        "SURVEY_RATE_LIMIT": "10", "SURVEY_KIOSK_RATE_LIMIT": "12", "TOKEN_RATE_LIMIT": "10",
        "VERIFY_RATE_LIMIT": "5", "VAR_DIR": str(tmp_path / "var"),
    }  # fmt: skip
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "kinerja.wsgi", "--workers", "3", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(f"{base}/login/", timeout=30).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.5)
        yield base, survey, kiosk_key, count
    finally:
        server.terminate()
        server.wait(timeout=30)


def _burst(calls) -> list[int]:
    """Run the calls at the same instant (a barrier releases them together); return the status codes."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call().status_code

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _answers(survey) -> dict:
    elements = SurveyElement.objects.filter(method_id=survey.method_id)
    return {"service": survey.services.first().pk, "gender": "P", "age": "35", "education": "s1",
            "occupation": "pns", **{e.code: "3" for e in elements}}  # fmt: skip


def test_limits_hold_exactly_under_a_burst_across_server_processes(served):
    base, survey, kiosk_key, count = served

    # The public questionnaire: each respondent opens the form, then twenty send at once from one address.
    answers = _answers(survey)
    posts = []
    for _ in range(BURST):
        session = requests.Session()
        page = session.get(f"{base}/s/{survey.public_code}/", timeout=30).text
        token = re.search(r'name="token" value="([^"]+)"', page)[1]
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        fields = {**answers, "token": token, "csrfmiddlewaretoken": csrf}
        posts.append(
            lambda s=session, f=fields: s.post(
                f"{base}/s/{survey.public_code}/",
                data=f,
                timeout=60,
                headers={"Referer": base + "/"},
                allow_redirects=False,
            )
        )
    codes = _burst(posts)
    assert codes.count(302) == 10 and codes.count(429) == 10, codes
    assert count("SELECT count(*) FROM satisfaction_response WHERE channel = 'web'") == 10

    # A kiosk key: its own limit, 12 here.
    codes_of_elements = SurveyElement.objects.filter(method_id=survey.method_id).values_list("code", flat=True)
    body = {**{k: v for k, v in answers.items() if k not in codes_of_elements}, "survey": survey.pk, "age": 35,
            "scores": dict.fromkeys(codes_of_elements, 3)}  # fmt: skip
    kiosk = [
        lambda: requests.post(f"{base}/api/v1/kiosk/responses/", timeout=60,
                              json={**body, "submission_id": str(uuid.uuid4())},
                              headers={"Authorization": f"Kiosk {kiosk_key}"})
        for _ in range(BURST)
    ]  # fmt: skip
    codes = _burst(kiosk)
    assert codes.count(201) == 12 and codes.count(429) == 8, codes
    assert count("SELECT count(*) FROM satisfaction_response WHERE channel = 'kiosk'") == 12

    # The token endpoint: 10 per minute per address, whichever worker answers.
    login = {"username": "planner", "password": "test-password-1"}
    codes = _burst([lambda: requests.post(f"{base}/api/v1/auth/token/", data=login, timeout=60)] * BURST)
    assert codes.count(200) == 10 and codes.count(429) == 10, codes

    # The public verification: 5 here; unknown files leave the audit chain as it was.
    events = count("SELECT count(*) FROM core_auditevent")
    upload = [
        lambda n=n: requests.post(f"{base}/api/v1/verify/", files={"file": ("x.pdf", pdf_bytes(text=f"x{n}"))},
                                  timeout=60)
        for n in range(12)
    ]  # fmt: skip
    codes = _burst(upload)
    assert codes.count(200) == 5 and codes.count(429) == 7, codes
    assert count("SELECT count(*) FROM core_auditevent") == events
