"""Anchors of the audit trail outside the database: signed checkpoints, and seals of unaudited rows.

Someone who can write to the database can delete the tail of the chain and move its head, delete
everything, or (without the audit key) at least try; the HMAC of each entry stops rewriting, but not
cutting. So the head is also written, signed with the audit key, to ``AUDIT_CHECKPOINT_FILE`` (one line
per checkpoint, appended, ideally on another machine than the database; optionally mailed to ADMINS),
and ``verify_chain`` compares the chain with every line. Each checkpoint is also recorded in the chain,
so that a file cut short or replaced is noticed too: tampering unseen needs both the database and the
file, and the key.

Rows written too often to be audited one by one (survey answers) are sealed instead: an app registers
a seal, which each checkpoint step runs before anchoring (recording digests of the rows added since)
and ``verify_trail`` checks (recomputing those digests from the rows).
"""

import contextlib
import datetime
import fcntl
import hmac
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from django.conf import settings
from django.db import transaction

CHECKPOINT_ACTION = "checkpoint"


@dataclass(frozen=True)
class Checkpoint:
    """One signed line of the checkpoint file: the chain had entry ``sequence`` with ``hash`` at ``time``."""

    number: int
    sequence: int
    hash: str
    time: str
    key_id: str
    mac: str

    def line(self) -> str:
        return "\t".join([str(self.number), str(self.sequence), self.hash, self.time, self.key_id, self.mac])


def _mac(key: bytes, number: int, sequence: int, entry_hash: str, time: str) -> str:
    message = f"kinerja-audit-checkpoint\t{number}\t{sequence}\t{entry_hash}\t{time}".encode()
    return hmac.new(key, message, sha256).hexdigest()


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


@contextlib.contextmanager
def checkpoint_lock() -> Iterator[None]:
    """Hold the checkpoint file's lock: checkpoints wait while a backup copies the database and the file."""
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def parse_checkpoint(text: str) -> Checkpoint | None:
    """Read one line (as written to the file or mailed); None when it is malformed or its HMAC is wrong."""
    from kinerja.core.audit import keyring

    parts = text.strip().split("\t")
    if len(parts) != 6:
        return None
    number, sequence, entry_hash, time, key_id_, mac = parts
    try:
        point = Checkpoint(int(number), int(sequence), entry_hash, time, key_id_, mac)
    except ValueError:
        return None
    key = keyring().get(key_id_)
    if key is None or not hmac.compare_digest(_mac(key, point.number, point.sequence, entry_hash, time), mac):
        return None
    return point


def read_checkpoints() -> tuple[list[Checkpoint], str | None]:
    """Return the file's checkpoints in order, or a message when a line is forged, damaged or out of order."""
    from kinerja.core.audit import keyring

    path = checkpoint_path()
    if not path.exists():
        return [], None
    points: list[Checkpoint] = []
    for index, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        point = parse_checkpoint(text)
        if point is None:
            parts = text.strip().split("\t")
            if len(parts) == 6 and parts[4] not in keyring():
                return [], (
                    f"line {index} of the checkpoint file {path} is signed with an unknown key ({parts[4]}): "
                    "forged, or a replaced key missing from AUDIT_OLD_KEYS"
                )
            return [], f"line {index} of the checkpoint file {path} is forged or damaged (its signature fails)"
        expected = len(points) + 1
        if point.number != expected or (points and point.sequence < points[-1].sequence):
            return [], f"the checkpoint file {path} lacks checkpoint {expected} or has it out of order (lines removed)"
        points.append(point)
    return points, None


def missing_checkpoints(recorded, points: list[Checkpoint]) -> str | None:
    """Return a message when a checkpoint recorded in the chain is not in the file (cut, replaced or lost)."""
    by_number = {point.number: point for point in points}
    for event in recorded:
        after = event.after or {}
        point = by_number.get(after.get("number"))
        if point is None or point.sequence != after.get("sequence") or point.hash != after.get("hash"):
            return (
                f"checkpoint {after.get('number')} (of entry {after.get('sequence')}), recorded in entry "
                f"{event.sequence}, is missing from the checkpoint file {checkpoint_path()} (cut, replaced or lost)"
            )
    return None


# --- seals ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seal:
    name: str
    seal: Callable[[], int]
    verify: Callable[[], tuple[bool, str]]


_seals: dict[str, Seal] = {}


def register_seal(name: str, *, seal: Callable[[], int], verify: Callable[[], tuple[bool, str]]) -> None:
    """Let an app seal rows that are not audited one by one: ``seal`` records digests of the rows added since
    its last run (returning how many it recorded), ``verify`` recomputes them (intact, message)."""
    _seals[name] = Seal(name, seal, verify)


def run_seals() -> dict[str, int]:
    return {name: seal.seal() for name, seal in _seals.items()}


def verify_trail() -> tuple[bool, str]:
    """Verify the chain (with its checkpoints) and every registered seal; the first problem found wins."""
    from kinerja.core.audit import verify_chain

    intact, message = verify_chain()
    if not intact:
        return False, message
    messages = [message]
    for seal in _seals.values():
        ok, text = seal.verify()
        if not ok:
            return False, text
        messages.append(text)
    return True, "; ".join(messages)


# --- writing checkpoints -------------------------------------------------------------------------


def checkpoint(*, mail: bool | None = None) -> Checkpoint | None:
    """Seal what the apps registered, then append the signed head to the file and record it in the chain.

    Returns the new checkpoint, or None when the head is already anchored (nothing happened since) or the
    chain is empty. Raises RuntimeError when the file is damaged: a new line would hide the damage.
    """
    from django.core.mail import mail_admins
    from django.utils import timezone

    from kinerja.core.audit import record_event, signing_key
    from kinerja.core.models import AuditChainHead, AuditEvent

    run_seals()
    path = checkpoint_path()
    with checkpoint_lock():
        points, problem = read_checkpoints()
        if problem:
            raise RuntimeError(problem)
        with transaction.atomic():
            head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
            if head is None or head.sequence == 0:
                return None
            last = points[-1] if points else None
            if last is not None:
                # Never anchor a chain that no longer holds what the last checkpoint saw (a cheap check; the
                # whole chain is audit_verify's): the new line would lend the tampering a signature.
                anchored = AuditEvent.objects.filter(sequence=last.sequence).values_list("hash", flat=True).first()
                if head.sequence < last.sequence or anchored != last.hash:
                    raise RuntimeError(
                        f"the chain no longer holds entry {last.sequence} as checkpoint {last.number} saw it; "
                        "run audit_verify"
                    )
            if last is not None and last.sequence == head.sequence:
                return None
            head_entry = AuditEvent.objects.filter(sequence=head.sequence).first()
            if (
                last is not None
                and head_entry is not None
                and head_entry.action == CHECKPOINT_ACTION
                and (head_entry.after or {}).get("number") == last.number
            ):
                return None  # only the record of the last checkpoint came since
            key_id_, key = signing_key()
            number = len(points) + 1
            time = timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds")
            point = Checkpoint(
                number, head.sequence, head.hash, time, key_id_, _mac(key, number, head.sequence, head.hash, time)
            )
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(point.line() + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        record_event(
            action=CHECKPOINT_ACTION,
            object_type="core.auditcheckpoint",
            object_id=str(number),
            object_repr=f"checkpoint {number}",
            after={"number": number, "sequence": point.sequence, "hash": point.hash, "time": time},
        )
    if mail if mail is not None else settings.AUDIT_CHECKPOINT_MAIL:
        mail_admins(
            f"Kinerja: audit checkpoint {number}",
            "Keep this line: it proves what the audit trail held at this time. "
            "`python manage.py audit_verify --checkpoint '<line>'` checks the trail against it.\n\n" + point.line(),
        )
    return point


def verify_against(text: str) -> tuple[bool, str]:
    """Check the chain against one checkpoint line kept elsewhere (e.g. from an ADMINS mail)."""
    from kinerja.core.models import AuditEvent

    point = parse_checkpoint(text)
    if point is None:
        return False, "the checkpoint given is malformed or its signature fails"
    entry = AuditEvent.objects.filter(sequence=point.sequence).first()
    if entry is None:
        return False, f"entry {point.sequence}, recorded by checkpoint {point.number} of {point.time}, is gone"
    if entry.hash != point.hash:
        return False, f"entry {point.sequence} differs from checkpoint {point.number} of {point.time} (rewritten)"
    return True, f"entry {point.sequence} matches checkpoint {point.number} of {point.time}"
