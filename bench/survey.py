"""make bench, satisfaction part: questionnaires through the real server, and the IKM over large data.

1. Load: gunicorn serves Kinerja on loopback against PostgreSQL; locust (headless, bounded by time and by
   count) plays kiosks submitting questionnaires through the kiosk API, which runs the same checks as the
   public page. Reported: sustained submissions per second, median and p95 latency, and the number stored
   against the number acknowledged (201): nothing may be lost.
2. IKM: one unit's survey holding 100,000 responses and the whole government holding 1,000,000
   (9 answers each), generated in SQL; the IKM of each computed by ``selectors.ikm_of``, median of 5 runs.

Runs on PostgreSQL only (production's database): BENCH_SURVEY_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/bench_survey (created when missing). Goals: at least 200 submissions
per second with zero lost; one unit's IKM under 200 ms; the government's under 2 s.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
DATABASE_URL = os.environ.get("BENCH_SURVEY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_survey")
PORT = int(os.environ.get("BENCH_SURVEY_PORT", "8765"))
UNITS = 20
# Kiosks per unit, each with its own key: the load is spread over many kiosks, as 200 questionnaires a second
# would be in a province, so every key stays within its rate limit (SURVEY_KIOSK_RATE_LIMIT, 120 per 10 min).
KIOSKS_PER_UNIT = 50
LOAD_SECONDS = int(os.environ.get("BENCH_SURVEY_SECONDS", "30"))
LOAD_USERS = int(os.environ.get("BENCH_SURVEY_USERS", "24"))
LOAD_MAX = int(os.environ.get("BENCH_SURVEY_MAX", "20000"))
# Three workers of four threads each (gunicorn gthread, keep-alive): both cores stay busy while PostgreSQL
# and locust run beside them, and a kiosk keeps its connection between questionnaires. The same settings
# are recommended for production in the README.
WORKERS = int(os.environ.get("BENCH_SURVEY_WORKERS", "3"))
GUNICORN = os.environ.get("BENCH_SURVEY_GUNICORN", "--worker-class gthread --threads 4 --keep-alive 30").split()
UNIT_RESPONSES = 100_000
GOVERNMENT_RESPONSES = 1_000_000

ENV = {
    "DJANGO_SETTINGS_MODULE": "kinerja.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
    "AUDIT_KEY": "bench-only-audit-key-" + "z" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "STATIC_MANIFEST": "0",
    "LOG_LEVEL": "ERROR",
    "DATABASE_URL": DATABASE_URL,
    "DATABASE_CONN_MAX_AGE": "600",
}


def ensure_database() -> bool:
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"satisfaction bench skipped: PostgreSQL unreachable ({error})")
        return False
    return True


def setup() -> None:
    """Runs in a child process with Django configured: schema, a government, units, open surveys, kiosk keys."""
    import django

    django.setup()
    from django.core.management import call_command

    from kinerja.core.choices import AgencyKind, GovernmentKind
    from kinerja.core.models import Agency, Government, ServiceUnit
    from kinerja.satisfaction import services
    from kinerja.satisfaction.models import KioskKey, Survey

    call_command("migrate", verbosity=0)
    gov = Government.objects.filter(code="98").first()
    if gov is None:
        gov = Government.objects.create(code="98", name="Provinsi Bench SKM", kind=GovernmentKind.PROVINCE)
        agency = Agency.objects.create(
            government=gov, code="dpmptsp", name="Dinas Perizinan", short_name="DPMPTSP", kind=AgencyKind.DINAS
        )
        for i in range(UNITS):
            unit = ServiceUnit.objects.create(
                government=gov, agency=agency, code=f"u{i:02d}", name=f"Unit layanan {i}", kind="licensing"
            )
            services.survey_create(
                user=None, service_unit=unit, period_kind="semester", year=2026, number=1, population=5000,
                services=["Izin usaha", "Izin bangunan"],
            )  # fmt: skip
    KioskKey.objects.filter(government=gov).delete()
    kiosks = []
    for survey in Survey.objects.filter(government=gov).select_related("service_unit").prefetch_related("services"):
        for number in range(KIOSKS_PER_UNIT):
            _record, key = services.kiosk_key_create(
                user=None, service_unit=survey.service_unit, name=f"bench {number}"
            )
            kiosks.append({"key": key, "survey": survey.pk, "services": [s.pk for s in survey.services.all()]})
    VAR.mkdir(exist_ok=True)
    (VAR / "bench-kiosks.json").write_text(json.dumps(kiosks))


def stored_kiosk_responses() -> int:
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        return conn.execute("SELECT count(*) FROM satisfaction_response WHERE channel = 'kiosk'").fetchone()[0]


def load() -> dict:
    before = stored_kiosk_responses()
    env = {**os.environ, **ENV}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "kinerja.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            *GUNICORN,
            # No access log: in production the reverse proxy in front logs each request.
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        import urllib.request

        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/login/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        result_file = VAR / "bench-survey-load.json"
        result_file.unlink(missing_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(LOAD_USERS),
                "--spawn-rate",
                str(LOAD_USERS),
                "--run-time",
                f"{LOAD_SECONDS}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "10",
            ],  # fmt: skip
            cwd=ROOT,
            env={
                **os.environ,
                "BENCH_KIOSKS": str(VAR / "bench-kiosks.json"),
                "BENCH_RESULT": str(result_file),
                "BENCH_MAX": str(LOAD_MAX),
            },  # fmt: skip
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        result = json.loads(result_file.read_text())
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["stored"] = stored_kiosk_responses() - before
    return result


GENERATE_SQL = """
WITH new AS (
    INSERT INTO satisfaction_response
        (created, updated, survey_id, service_id, gender, age, education, occupation, suggestion,
         suggestion_status, channel, form_token, client, is_illustrative)
    SELECT now(), now(), s.id, (SELECT min(id) FROM satisfaction_surveyservice WHERE survey_id = s.id),
           CASE WHEN g % 2 = 0 THEN 'L' ELSE 'P' END, 18 + g % 60, 'sma', 'swasta', '', 'private', 'paper',
           NULL, '', true
    FROM satisfaction_survey s CROSS JOIN generate_series(1, %(n)s) g
    WHERE s.id = %(survey)s
    RETURNING id, survey_id
)
INSERT INTO satisfaction_answer (response_id, survey_id, element_id, score)
SELECT new.id, new.survey_id, e.id, 1 + ((new.id * 7 + e.position * 13) % 17 % 4)
FROM new CROSS JOIN satisfaction_surveyelement e
WHERE e.method_id = (SELECT method_id FROM satisfaction_survey WHERE id = new.survey_id)
"""


def ikm() -> dict:
    """Runs in a child process with Django configured."""
    import django

    django.setup()
    from django.db import connection

    from kinerja.satisfaction import selectors
    from kinerja.satisfaction.models import Response, Survey

    surveys = list(Survey.objects.filter(government__code="98").order_by("pk").values_list("pk", flat=True))
    unit_survey = surveys[0]
    generated_started = time.perf_counter()
    generated = False
    per_other = (GOVERNMENT_RESPONSES - UNIT_RESPONSES) // (len(surveys) - 1)
    with connection.cursor() as cursor:
        for pk in surveys:
            want = UNIT_RESPONSES if pk == unit_survey else per_other
            have = Response.objects.filter(survey_id=pk, channel="paper").count()
            if have < want:
                cursor.execute(GENERATE_SQL.replace("%(n)s", str(want - have)).replace("%(survey)s", str(pk)))
                generated = True
    if generated:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE satisfaction_answer")
            cursor.execute("VACUUM ANALYZE satisfaction_response")
    generation = time.perf_counter() - generated_started

    def timed(queryset):
        selectors.ikm_of(queryset)  # warm the cache, as a running server would be
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            result = selectors.ikm_of(queryset)
            runs.append((time.perf_counter() - started) * 1000)
        return statistics.median(runs), max(runs), result

    unit_ms, unit_max, unit_result = timed(Survey.objects.filter(pk=unit_survey))
    gov_ms, gov_max, gov_result = timed(Survey.objects.filter(government__code="98", year=2026))
    return {
        "generation_s": round(generation, 1),
        "unit": {
            "respondents": unit_result.respondents,
            "median_ms": round(unit_ms),
            "max_ms": round(unit_max),
            "index": str(unit_result.index),
        },  # fmt: skip
        "government": {
            "respondents": gov_result.respondents,
            "median_ms": round(gov_ms),
            "max_ms": round(gov_max),
            "index": str(gov_result.index),
        },  # fmt: skip
    }


def child(step: str) -> None:
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    result = {"setup": setup, "ikm": ikm}[step]()
    if result is not None:
        print(json.dumps(result))


def run_child(step: str) -> dict | None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.survey", step], cwd=ROOT, env={**os.environ, **ENV}, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def main() -> None:
    if not ensure_database():
        return
    print("\n== Satisfaction surveys (PostgreSQL, gunicorn on loopback) ==")
    run_child("setup")
    result = load()
    print(
        f"submissions: {result['acknowledged']} acknowledged in {result['seconds']:.1f} s = "
        f"{result['acknowledged'] / result['seconds']:.0f}/s; latency median {result['median_ms']} ms, "
        f"p95 {result['p95_ms']} ms; refused {result['refused']}, errors {result['errors']}; "
        f"stored {result['stored']} (lost {result['acknowledged'] - result['stored']})"
    )
    figures = run_child("ikm")
    print(f"generated in {figures['generation_s']} s")
    for name in ("unit", "government"):
        f = figures[name]
        print(
            f"IKM of the {name}: {f['respondents']:,} responses, median {f['median_ms']} ms, max {f['max_ms']} ms "
            f"(IKM {f['index']})"
        )
    print("Goal: >= 200 submissions/s with none lost; unit IKM < 200 ms; government IKM < 2,000 ms.")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        child(sys.argv[1])
    else:
        main()
