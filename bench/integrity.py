"""make bench, integrity part: the agreements and integrity pacts of 400 agencies, prepared as a background
task with its progress shown, then signed by both parties with (demo) certificates.

Data: a copy of the 10x database of bench/scale.py (400 agencies, their programs, activities, indicators,
targets and budgets), plus a head per agency and the governor. The batch runs the same code the worker runs
(``services.batch_run``) in a thread while the main thread polls its progress row, as the page does.
Reported: total time of the preparation and of the signing, documents per second, and the peak memory
(maximum resident set size) of the process.
"""

import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "var" / "bench-10x.sqlite3"
TARGET = ROOT / "var" / "bench-integrity.sqlite3"
YEAR = 2026


def run() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kinerja.core.choices import Role
    from kinerja.core.models import Agency, Government, Membership, User
    from kinerja.integrity import demo_ca, services, signing
    from kinerja.integrity.choices import DocumentKind, DocumentState
    from kinerja.integrity.models import PreparationBatch, SignedDocument

    call_command("migrate", verbosity=0)
    government = Government.objects.get()
    government.head_name, government.head_title = "Gubernur Bench", "Gubernur"
    government.save()
    governor = User.objects.create_user("gubernur", first_name="Gubernur Bench", position="Gubernur")
    Membership.objects.create(user=governor, government=government, role=Role.LEADER)
    agencies = list(Agency.objects.filter(government=government).order_by("code"))
    heads = User.objects.bulk_create(
        [
            User(username=f"{a.code}.kepala", first_name=f"Kepala {a.short_name}", position=f"Kepala {a.name}")
            for a in agencies
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=h, government=government, role=Role.AGENCY_HEAD, agency=a)
            for h, a in zip(heads, agencies, strict=True)
        ]
    )
    connection.close()

    print(f"  {len(agencies)} agencies; preparing {2 * len(agencies)} documents in the background ...")
    started = time.perf_counter()
    batch = PreparationBatch.objects.create(government=government, year=YEAR, total=len(agencies))

    def work():
        try:
            services.batch_run(batch.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():
        worker.join(timeout=15)
        row = PreparationBatch.objects.get(pk=batch.pk)
        print(
            f"    progress {row.percent:3d}%: {row.done}/{row.total} agencies, {row.documents} documents ({time.perf_counter() - started:.0f} s)"
        )
    prepared = time.perf_counter() - started
    batch.refresh_from_db()

    key, cert = demo_ca.make_ca()
    governor_credential = signing.Pkcs12Credential(demo_ca.make_signer(key, cert, "Gubernur Bench", "pw"), "pw")
    by_head = {}
    started = time.perf_counter()
    signatures = 0
    for document in (
        SignedDocument.objects.filter(year=YEAR, state=DocumentState.READY).select_related("first_party").order_by("pk")
    ):
        head = document.first_party
        if head.pk not in by_head:
            by_head[head.pk] = signing.Pkcs12Credential(demo_ca.make_signer(key, cert, head.first_name, "pw"), "pw")
        services.document_sign(user=head, document=document, credential=by_head[head.pk])
        signatures += 1
        if document.kind == DocumentKind.PK_AGENCY:
            services.document_sign(user=governor, document=document, credential=governor_credential)
            signatures += 1
    signed = time.perf_counter() - started
    in_force = SignedDocument.objects.filter(year=YEAR, state=DocumentState.IN_FORCE).count()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  prepared {batch.documents} documents for {batch.done} agencies in {prepared:.0f} s "
        f"({batch.documents / prepared:.1f}/s; errors: {len(batch.errors.splitlines())})\n"
        f"  {signatures} signatures in {signed:.0f} s ({signatures / signed:.1f}/s); {in_force} documents in force\n"
        f"  total {prepared + signed:.0f} s; peak memory (max RSS) {peak_mb:.0f} MB"
    )


def main() -> None:
    from bench.run import configure

    print("\n== Performance agreements and integrity pacts: 400 agencies ==")
    configure(10)
    if not SOURCE.exists():
        subprocess.run([sys.executable, "-m", "bench.scale", "10", "1"], cwd=ROOT, check=True,
                       env={**os.environ}, stdout=subprocess.DEVNULL)  # fmt: skip
    shutil.copyfile(SOURCE, TARGET)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{TARGET}",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    subprocess.run([sys.executable, "-m", "bench.integrity", "run"], cwd=ROOT, env=env, check=True)
    TARGET.unlink(missing_ok=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "run":
        sys.path.insert(0, str(ROOT))
        run()
    else:
        main()
