"""One archive with the database, every stored file and the audit checkpoints, and its restore.

The archive is a tar file: ``database.pgdump`` (``pg_dump --format=custom``) or ``database.sqlite3``
(SQLite's online backup API, consistent while the site runs), ``media/…`` (everything under
MEDIA_ROOT), ``audit-checkpoints.log`` (the anchor of the audit trail outside the database; without it
the restored trail could not be told from a truncated one) and ``manifest.json`` (the SHA-256 and size of
each member), signed with AUDIT_KEY in ``manifest.sig``. The database and the checkpoint file are copied
under the checkpoint lock, so that no checkpoint lands between the two copies.

``restore`` needs an empty installation (an empty database and MEDIA_ROOT, no checkpoint file) and the
same AUDIT_KEY (or it in AUDIT_OLD_KEYS); it checks the signature and every hash before it writes anything.
"""

import datetime
import hashlib
import hmac
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from kinerja.core import anchors
from kinerja.core.storedfiles import CHUNK, iter_media_files

FORMAT = "kinerja-backup/1"
MANIFEST, SIGNATURE, CHECKPOINTS = "manifest.json", "manifest.sig", "audit-checkpoints.log"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why and what to do."""


@dataclass
class RestoreResult:
    manifest: dict
    files: int


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_params() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _pg_tool(name: str) -> str:
    """Return the path of pg_dump/pg_restore, refusing one older than the server (it would fail or lose data)."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.(\d+))?", output)
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    if match is None or int(match.group(1)) < server_major:
        raise BackupError(
            f"{name} ({output.strip()}) is older than the PostgreSQL server ({server_major}); "
            f"install postgresql-client-{server_major}."
        )
    return path


def _dump_database(target: Path) -> None:
    if connection.vendor == "postgresql":
        args, env = _pg_params()
        command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
        result = subprocess.run(command + args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def _sign(manifest_bytes: bytes) -> str:
    from kinerja.core.audit import signing_key

    key_id, key = signing_key()
    return f"{key_id} {hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest()}\n"


def _signature_ok(manifest_bytes: bytes, signature: str) -> bool:
    from kinerja.core.audit import keyring

    key_id, _, mac = signature.strip().partition(" ")
    key = keyring().get(key_id)
    return key is not None and hmac.compare_digest(hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest(), mac)


def _add(archive: tarfile.TarFile, path: Path, name: str) -> dict:
    """Add one file, hashing it as it is read (so it is read once); return its manifest row."""
    digest = hashlib.sha256()

    class Hashing:
        def __init__(self, handle):
            self.handle = handle

        def read(self, size=-1):
            block = self.handle.read(size)
            digest.update(block)
            return block

    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as handle:
        archive.addfile(info, Hashing(handle))
    return {"path": name, "size": info.size, "sha256": digest.hexdigest()}


def backup(output: Path) -> dict:
    """Write the archive to ``output``; return its manifest."""
    from django.db.migrations.recorder import MigrationRecorder

    from kinerja.core.models import AuditChainHead

    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="kinerja-backup-", dir=output.parent) as staging:
        staging = Path(staging)
        database_file = staging / DATABASE_FILES[connection.vendor]
        checkpoint_copy = staging / CHECKPOINTS
        with anchors.checkpoint_lock():
            # At least this much of the trail is in the dump (writes go on while it is taken).
            head = AuditChainHead.objects.filter(pk=1).values_list("sequence", flat=True).first()
            _dump_database(database_file)
            source = anchors.checkpoint_path()
            if source.exists():
                shutil.copyfile(source, checkpoint_copy)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            database_row = _add(archive, database_file, database_file.name)
            checkpoint_row = _add(archive, checkpoint_copy, CHECKPOINTS) if checkpoint_copy.exists() else None
            files = [
                _add(archive, path, "media/" + path.relative_to(media_root).as_posix())
                for path in iter_media_files(media_root)
            ]
            applied = MigrationRecorder.Migration.objects.order_by("app", "name").values_list("app", "name")
            migrations: dict[str, str] = {}
            for app, name in applied:
                migrations[app] = max(migrations.get(app, ""), name)
            manifest = {
                "format": FORMAT,
                "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "database": {"vendor": connection.vendor, **database_row},
                "checkpoints": checkpoint_row,
                "files": files,
                "audit_head": head or 0,
                "migrations": migrations,
            }
            manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8")
            for name, content in ((MANIFEST, manifest_bytes), (SIGNATURE, _sign(manifest_bytes).encode())):
                (staging / name).write_bytes(content)
                _add(archive, staging / name, name)
        partial.replace(output)
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _restore_database(path: Path, vendor: str) -> None:
    if vendor != connection.vendor:
        raise BackupError(f"The archive holds a {vendor} database; this installation uses {connection.vendor}.")
    if not _database_is_empty():
        raise BackupError(
            "The database is not empty: restore into an empty one (PostgreSQL: createdb; SQLite: a new file), "
            "without running migrate first."
        )
    if vendor == "postgresql":
        args, env = _pg_params()
        command = [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", str(path)]
        result = subprocess.run(command + args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()


def restore(archive_path: Path) -> RestoreResult:
    """Check the archive and bring it back into this (empty) installation."""
    archive_path = Path(archive_path)
    media_root = Path(settings.MEDIA_ROOT)
    checkpoint_target = anchors.checkpoint_path()
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"MEDIA_ROOT ({media_root}) is not empty: restore into an empty installation.")
    if checkpoint_target.exists() and checkpoint_target.stat().st_size:
        raise BackupError(
            f"The checkpoint file {checkpoint_target} exists: restore into an empty installation "
            "(move the file aside if it belongs to a lost installation; keep it, it is evidence)."
        )
    if not archive_path.is_file():
        raise BackupError(f"No archive at {archive_path}.")
    staging_parent = media_root.parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kinerja-restore-", dir=staging_parent) as staging:
        staging = Path(staging)
        try:
            with tarfile.open(archive_path, "r") as archive:
                archive.extractall(staging, filter="data")
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"The archive cannot be read: {error}") from error
        try:
            manifest_bytes = (staging / MANIFEST).read_bytes()
            signature = (staging / SIGNATURE).read_text()
            manifest = json.loads(manifest_bytes)
        except (OSError, ValueError) as error:
            raise BackupError("The archive has no readable manifest: not a Kinerja backup.") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
        if not _signature_ok(manifest_bytes, signature):
            raise BackupError(
                "The manifest's signature does not verify: the archive was altered, or this installation's "
                "AUDIT_KEY (and AUDIT_OLD_KEYS) is not the one that made it."
            )
        rows = [manifest["database"], *([manifest["checkpoints"]] if manifest.get("checkpoints") else [])]
        rows += manifest["files"]
        for row in rows:
            path = staging / row["path"]
            if not path.is_file() or _sha256_file(path) != row["sha256"]:
                raise BackupError(f"{row['path']} in the archive is missing or altered (its SHA-256 differs).")
        _restore_database(staging / manifest["database"]["path"], manifest["database"]["vendor"])
        for row in manifest["files"]:
            target = media_root / row["path"].removeprefix("media/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staging / row["path"], target)
        if manifest.get("checkpoints"):
            checkpoint_target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staging / CHECKPOINTS, checkpoint_target)
    return RestoreResult(manifest=manifest, files=len(manifest["files"]))
