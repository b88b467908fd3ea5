"""The cost of the audit trail per write: N audited updates of one agency, then N bare record_event calls.

Run with a fresh database: `env -u DATABASE_URL DEBUG=1 VAR_DIR=/tmp/x .venv/bin/python -m bench.audit_writes`
(or DATABASE_URL=postgres://… for PostgreSQL); BENCH_AUDIT_WRITES sets N (2000). Prints milliseconds per write (wall clock and this process's CPU),
median of 5 rounds; BENCH_AUDIT_ATOMIC=1 runs each round in one transaction.
"""

import contextlib
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

N = int(os.environ.get("BENCH_AUDIT_WRITES", "2000"))
# With BENCH_AUDIT_ATOMIC=1 each round is one transaction: the commit's disk flush no longer dominates.
ATOMIC = os.environ.get("BENCH_AUDIT_ATOMIC") == "1"


def main() -> None:
    from kinerja.core import audit
    from kinerja.core.choices import AgencyKind, GovernmentKind
    from kinerja.core.models import Agency, AuditEvent, Government

    call_command("migrate", verbosity=0)
    with audit.audit_context(username="bench"):
        government, _ = Government.objects.get_or_create(
            code="99", defaults={"name": "Bench", "kind": GovernmentKind.PROVINCE}
        )
        agency, _ = Agency.objects.get_or_create(
            government=government, code="bench", defaults={"name": "Bench", "short_name": "B", "kind": AgencyKind.DINAS}
        )
        updates, events, cpu_updates, cpu_events = [], [], [], []
        for round_ in range(5):
            block = transaction.atomic() if ATOMIC else contextlib.nullcontext()
            block.__enter__()
            start, cpu = time.perf_counter(), time.process_time()
            for i in range(N):
                agency.note = f"round {round_} write {i}"
                agency.save()
            updates.append((time.perf_counter() - start) * 1000 / N)
            cpu_updates.append((time.process_time() - cpu) * 1000 / N)
            start, cpu = time.perf_counter(), time.process_time()
            for i in range(N):
                audit.record_event(action="bench", object_type="bench", object_id=str(i), after={"i": i})
            events.append((time.perf_counter() - start) * 1000 / N)
            cpu_events.append((time.process_time() - cpu) * 1000 / N)
            block.__exit__(None, None, None)
    print(f"entries {AuditEvent.objects.count()}")
    median = statistics.median
    print(f"audited update (save + entry): {median(updates):.3f} ms per write ({median(cpu_updates):.3f} ms CPU)")
    print(f"record_event alone: {median(events):.3f} ms per entry ({median(cpu_events):.3f} ms CPU)")


if __name__ == "__main__":
    main()
