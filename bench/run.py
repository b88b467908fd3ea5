"""make bench: server time and query count of the main pages at 1x and 10x the size of a province.

A province is taken as 40 agencies, about 6,000 plan nodes and 4,000 indicators with five years of
targets; 10x is 400 agencies, about 60,000 nodes and 40,000 indicators. Data is generated directly
(bulk inserts, no audit events) into a separate SQLite database per scale under var/, then each page
is requested in-process through Django's full middleware stack, as a planner and as an operator.
Server time is measured without query capture; the query count comes from one extra captured run.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "40"))


def configure(scale: int) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="kinerja.settings",
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        AUDIT_KEY="bench-only-audit-key-" + "z" * 40,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        STATIC_MANIFEST="0",
        LOG_LEVEL="ERROR",
        TWO_FACTOR_REQUIRED="0",  # the bench measures pages, not the second step of the login
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", "").replace("{scale}", str(scale))
        or f"sqlite:///{ROOT / 'var' / f'bench-{scale}x.sqlite3'}",
    )


def main() -> None:
    for scale in SCALES:
        # One process per scale: Django reads its settings once per process.
        subprocess.run([sys.executable, "-m", "bench.scale", str(scale), str(REPEAT)], cwd=ROOT, check=True)
    print("\nGoal: query counts equal at 1x and 10x; p95 under 300 ms at 10x (portal pages: under 200 ms).")
    if os.environ.get("BENCH_PROJECTS", "1") != "0":
        # Leadership view and project list at 500 and 5,000 projects with 36 months each (bench/projects.py).
        for size in (500, 5000):
            subprocess.run([sys.executable, "-m", "bench.projects", str(size), str(REPEAT)], cwd=ROOT, check=True)
        print("Goal: query counts equal at 500 and 5,000 projects; p95 under 300 ms at 5,000.")
    if os.environ.get("BENCH_INTEGRITY", "1") != "0" and 10 in SCALES:
        # The agreements and pacts of 400 agencies prepared in the background and signed (bench/integrity.py).
        subprocess.run([sys.executable, "-m", "bench.integrity"], cwd=ROOT, check=True)
    if os.environ.get("BENCH_SURVEY", "1") != "0":
        # Submissions through gunicorn and the IKM over a million responses, on PostgreSQL (bench/survey.py).
        subprocess.run([sys.executable, "-m", "bench.survey"], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
