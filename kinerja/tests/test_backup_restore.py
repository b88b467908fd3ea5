"""The restore drill: a backup brought back into an empty installation passes every check, on the database
the suite runs on (SQLite, and PostgreSQL with DATABASE_URL); tampering and missing files are reported."""

import datetime
import io
import json
import os
import random
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from kinerja.monitoring import services as monitoring
from kinerja.monitoring.models import Evidence
from kinerja.monitoring.tests.conftest import output_indicator, pdf, periods  # noqa: F401  (fixtures)
from kinerja.satisfaction.tests.conftest import survey  # noqa: F401  (fixture)
from kinerja.satisfaction.tests.test_tallies import submit
from kinerja.tests.versions import current_version, realization_version

ROOT = Path(__file__).resolve().parents[2]
CHECKS = [
    ["audit_verify", "--no-checkpoint"],
    ["files_verify"],
    ["monitoring_totals", "--check"],
    ["satisfaction_tallies", "--check"],
]
DRILL = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
failed = 0
for command in json.loads(sys.argv[1]):
    try:
        call_command(*command)
    except CommandError as error:
        print("FAILED", command[0], error)
        failed = 1
sys.exit(failed)
"""

pytestmark = pytest.mark.django_db(transaction=True)


def _installation(tmp_path, settings):
    """An empty installation beside the one under test: its own database, MEDIA_ROOT and checkpoint file."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        name = f"{db['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
        if db.get("PASSWORD"):
            url = url.replace(f"{db['USER']}@", f"{db['USER']}:{db['PASSWORD']}@")
    else:
        name, url = None, f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "MEDIA_ROOT", "VAR_DIR", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="kinerja.settings",
        DEBUG="1",
        SECRET_KEY=settings.SECRET_KEY,
        AUDIT_KEY=settings.AUDIT_KEY,
        DATABASE_URL=url,
        VAR_DIR=str(tmp_path / "restored-var"),
        MEDIA_ROOT=str(tmp_path / "restored-media"),
        AUDIT_CHECKPOINT_FILE=str(tmp_path / "restored-var" / "audit-checkpoints.log"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="ERROR",
    )
    return env, name


def _run(env, *commands):
    return subprocess.run(
        [sys.executable, "-c", DRILL, json.dumps(list(commands))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def installation(tmp_path, settings):
    env, name = _installation(tmp_path, settings)
    yield env
    if name:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def recorded(world, periods, output_indicator, survey, settings, tmp_path):  # noqa: F811
    """Some of everything: values with evidence files (one verified), survey answers, a checkpoint."""
    settings.MEDIA_ROOT = tmp_path / "media"
    today = datetime.date(2026, 7, 2)
    for quarter in (1, 2):
        value = monitoring.realization_save(
            user=world.users["dinkes_operator"],
            indicator=output_indicator,
            period=periods[("quarter", quarter)],
            value=str(8 + quarter),
            explanation="ok",
            today=today,
            expected_version=realization_version(output_indicator, periods[("quarter", quarter)]),
        )
        content = pdf(content=pdf().read() + f"% quarter {quarter}\n".encode())
        monitoring.evidence_add(user=world.users["dinkes_operator"], realization=value, upload=content)
    monitoring.realization_submit(
        user=world.users["dinkes_head"], realization=value, expected_version=current_version(value)
    )
    monitoring.realization_verify(
        user=world.users["planner"], realization=value, expected_version=current_version(value)
    )
    submit(world, survey, random.Random(9), 7)
    call_command("audit_checkpoint")
    return world


def test_backup_restored_into_an_empty_installation_passes_every_check(recorded, installation, tmp_path):
    archive = tmp_path / "kinerja.tar"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["vendor"] == connection.vendor
    assert "audit-checkpoints.log" in names and manifest["checkpoints"]["sha256"]
    stored = {f"media/{name}" for name in Evidence.objects.values_list("file", flat=True)}
    assert len(stored) == 2 and stored <= {row["path"] for row in manifest["files"]}

    result = _run(installation, ["restore", str(archive)], *CHECKS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Audit trail intact" in result.stdout and "Stored files intact: 2 match" in result.stdout
    assert "survey seals intact (7 responses)" in result.stdout

    # The restored installation's evidence edited on disk, or gone (a database restored without its files).
    media = Path(installation["MEDIA_ROOT"])
    evidence = sorted(p for p in media.rglob("*") if p.is_file())
    evidence[0].write_bytes(evidence[0].read_bytes() + b"edited")
    evidence[1].unlink()
    result = _run(installation, ["files_verify"])
    assert result.returncode == 1
    assert "was altered" in result.stdout and "is missing" in result.stdout


def test_restore_refuses_a_tampered_archive_and_a_non_empty_installation(recorded, installation, tmp_path):
    archive = tmp_path / "kinerja.tar"
    call_command("backup", str(archive))
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data += b"x"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    result = _run(installation, ["restore", str(tampered)])
    assert result.returncode == 1 and "missing or altered" in result.stdout, result.stdout + result.stderr

    other_key = dict(installation, AUDIT_KEY="another-installation-audit-key-0123456789")
    result = _run(other_key, ["restore", str(archive)])
    assert result.returncode == 1 and "signature does not verify" in result.stdout

    assert _run(installation, ["restore", str(archive)]).returncode == 0
    result = _run(installation, ["restore", str(archive)])
    assert result.returncode == 1 and "not empty" in result.stdout
