"""make bench: server time and query count of the main pages at 1x and 10x the size of a province.

A province is taken as 40 agencies, about 6,000 plan nodes and 4,000 indicators with five years of
targets; 10x is 400 agencies, about 60,000 nodes and 40,000 indicators. Data is generated directly
(bulk inserts, no audit events) into a separate SQLite database per scale under var/, then each page
is requested in-process through Django's full middleware stack, as a planner and as an operator.
Server time is measured without query capture; the query count comes from one extra captured run.
"""

import json
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
        PUBLIC_RATE_LIMIT="1000000",  # nor the public limiter: one client requests the portal pages hundreds of times
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", "").replace("{scale}", str(scale))
        or f"sqlite:///{ROOT / 'var' / f'bench-{scale}x.sqlite3'}",
    )


def ensure_databases() -> None:
    """Create the PostgreSQL databases of BENCH_DATABASE_URL (one per scale) when they are missing."""
    template = os.environ.get("BENCH_DATABASE_URL", "")
    if not template.startswith("postgres"):
        return
    import psycopg

    for scale in SCALES:
        base, name = template.replace("{scale}", str(scale)).rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')


def summary() -> None:
    """The government overview at each scale and the cost of every achievement against the bare aggregate."""
    vendor = "postgresql" if os.environ.get("BENCH_DATABASE_URL", "").startswith("postgres") else "sqlite"
    rows = []
    for scale in SCALES:
        path = ROOT / "var" / f"bench-figures-{vendor}-{scale}x.json"
        if path.exists():
            rows.append(json.loads(path.read_text()))
    if not rows:
        return
    print(f"\nSummary ({vendor}): government overview and every achievement against one bare SUM ... GROUP BY")
    print(
        f"{'scale':<8}{'overview median':>16}{'p95 ms':>9}{'queries':>9}{'achievements ms':>17}{'bare ms':>9}{'ratio':>7}"
    )
    for row in rows:
        overview = row.get("overview", {})
        print(
            f"{str(row['scale']) + 'x':<8}{overview.get('median', 0):>16.1f}{overview.get('p95', 0):>9.1f}"
            f"{overview.get('queries', 0):>9}{row['engine_ms']:>17.0f}{row['bare_ms']:>9.0f}{row['ratio']:>7.2f}"
        )
    counts = {row.get("overview", {}).get("queries") for row in rows}
    print(
        "Goals: overview p95 < 300 ms at 10x, query counts equal at every scale "
        f"({'equal' if len(counts) == 1 else 'NOT equal'}); every achievement <= 1.5x the bare aggregate."
    )


def main() -> None:
    ensure_databases()
    for scale in SCALES:
        # One process per scale: Django reads its settings once per process.
        subprocess.run([sys.executable, "-m", "bench.scale", str(scale), str(REPEAT)], cwd=ROOT, check=True)
    print("\nGoal: query counts equal at 1x and 10x; p95 under 300 ms at 10x (portal pages: under 200 ms).")
    summary()
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
