"""Stored files against their SHA-256: the check every download makes, and the one ``files_verify`` makes.

Every uploaded file is stored under its SHA-256 and the hash is kept in its row, so a file edited or
replaced on disk afterwards is told apart from the one uploaded. Downloads go through ``open_intact``,
which refuses (and reports to ADMINS) a file whose content no longer matches, instead of serving it as if
intact, and reports a missing file (a database restored without its files) instead of a bare 404.
"""

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

logger = logging.getLogger("kinerja.files")
CHUNK = 1024 * 1024


class StoredFileAltered(PermissionDenied):
    """The stored file's content no longer matches the SHA-256 recorded when it was uploaded."""


class StoredFileMissing(Http404):
    """The row names a stored file that is not on disk."""


def file_sha256(handle) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(CHUNK), b""):
        digest.update(block)
    return digest.hexdigest()


def _alert(subject: str, message: str) -> None:
    from django.core.mail import mail_admins

    logger.error(message)
    try:
        mail_admins(subject, message)
    except OSError:
        logger.exception("Could not mail the administrators about a stored file")


def open_intact(field_file, sha256: str | None):
    """Open a stored file to serve it, after checking its content against ``sha256`` (when one is recorded).

    Raises StoredFileMissing (404) when the file is not on disk and StoredFileAltered (403 with the reason)
    when its content changed; both are logged and mailed to ADMINS. The returned handle is at the start.
    """
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        _alert("Kinerja: stored file missing", f"Stored file {field_file.name!r} is missing (run files_verify).")
        raise StoredFileMissing(_("The stored file is missing.")) from error
    if sha256:
        actual = file_sha256(handle)
        if actual != sha256:
            handle.close()
            _alert(
                "Kinerja: stored file altered",
                f"Stored file {field_file.name!r} no longer matches its SHA-256 ({sha256} recorded, {actual} now); "
                "it was not served (run files_verify).",
            )
            raise StoredFileAltered(
                _(
                    "This file was changed after it was stored (its SHA-256 no longer matches), so it is not "
                    "served. The administrators have been told."
                )
            )
        handle.seek(0)
    return handle


@dataclass(frozen=True)
class StoredFileField:
    model: type[models.Model]
    field: str
    sha256_field: str | None


def stored_file_fields() -> list[StoredFileField]:
    """Every FileField of every model, with the model's ``sha256`` field where it has one."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = {field.name for field in model._meta.concrete_fields}
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                found.append(StoredFileField(model, field.name, "sha256" if "sha256" in names else None))
    return found


@dataclass(frozen=True)
class FileProblem:
    label: str
    pk: object
    name: str
    problem: str

    def __str__(self) -> str:
        return f"{self.label} {self.pk}: {self.name} {self.problem}"


def verify_files() -> tuple[int, int, list[FileProblem]]:
    """Check every stored file: return (checked by SHA-256, present without a recorded hash, problems)."""
    hashed, unhashed, problems = 0, 0, []
    for spec in stored_file_fields():
        label = spec.model._meta.label_lower
        field = spec.model._meta.get_field(spec.field)
        columns = ["pk", spec.field] + ([spec.sha256_field] if spec.sha256_field else [])
        rows = spec.model._base_manager.exclude(**{spec.field: ""}).order_by("pk").values_list(*columns)
        for row in rows.iterator(chunk_size=2000):
            pk, name, expected = row[0], row[1], (row[2] if spec.sha256_field else None)
            storage = field.storage
            if not storage.exists(name):
                problems.append(FileProblem(label, pk, name, "is missing"))
                continue
            if not expected:
                unhashed += 1
                continue
            with storage.open(name, "rb") as handle:
                actual = file_sha256(handle)
            if actual != expected:
                problems.append(FileProblem(label, pk, name, f"was altered (SHA-256 {actual}, recorded {expected})"))
            else:
                hashed += 1
    return hashed, unhashed, problems


def iter_media_files(root) -> Iterator:
    """Every regular file under ``root`` (a Path), in a stable order."""
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path
