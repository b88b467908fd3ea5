"""SIPD program/activity/sub-activity codes: ``U.BB.PP.K.KK.SSSS`` (docs/regulations.md, SIPD codes)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kinerja.planning.choices import NodeKind

_PATTERNS = {
    NodeKind.PROGRAM: re.compile(r"^(?:\d|X)\.(?:\d{2}|XX)\.\d{2}$"),
    NodeKind.ACTIVITY: re.compile(r"^(?:\d|X)\.(?:\d{2}|XX)\.\d{2}\.\d\.\d{2}$"),
    NodeKind.SUB_ACTIVITY: re.compile(r"^(?:\d|X)\.(?:\d{2}|XX)\.\d{2}\.\d\.\d{2}\.\d{4}$"),
}
_EXAMPLES = {
    NodeKind.PROGRAM: "1.02.02",
    NodeKind.ACTIVITY: "1.02.02.1.01",
    NodeKind.SUB_ACTIVITY: "1.02.02.1.01.0009",
}
_LEGACY_SUB_ACTIVITY = re.compile(r"^((?:\d|X)\.(?:\d{2}|XX)\.\d{2}\.\d\.\d{2})\.(\d{2})$")


def normalize_code(code: str) -> str:
    """Strip spaces, upper-case the X placeholder, and widen a legacy 2-digit sub-kegiatan to 4 digits."""
    code = (code or "").strip().replace(" ", "").upper()
    legacy = _LEGACY_SUB_ACTIVITY.match(code)
    if legacy:
        code = f"{legacy.group(1)}.00{legacy.group(2)}"
    return code


def validate_code(kind: str, code: str, parent_code: str | None = None) -> str:
    """Return the normalised code, or raise ValidationError saying what is wrong with it."""
    code = normalize_code(code)
    pattern = _PATTERNS.get(kind)
    if pattern is None:
        return code
    if not pattern.match(code):
        raise ValidationError(
            _("%(code)s is not a valid SIPD %(kind)s code (expected the form %(example)s).")
            % {"code": code or "''", "kind": NodeKind(kind).label.lower(), "example": _EXAMPLES[kind]},
            code="sipd_format",
        )
    if parent_code and kind != NodeKind.PROGRAM and not code.startswith(normalize_code(parent_code) + "."):
        raise ValidationError(
            _("Code %(code)s does not extend its parent's code %(parent)s.") % {"code": code, "parent": parent_code},
            code="sipd_parent",
        )
    return code


def lookup_candidates(code: str) -> list[str]:
    """Return the codes under which ``code`` may appear in the nomenclature.

    The support programme (``PP`` = 01) is listed once with the placeholder ``X.XX``; agencies use it
    with their own bidang code, e.g. ``1.02.01.1.01.0001`` for ``X.XX.01.1.01.0001``.
    """
    candidates = [code]
    parts = code.split(".")
    if len(parts) >= 3 and parts[2] == "01" and parts[0] != "X":
        candidates.append(".".join(["X", "XX", *parts[2:]]))
    return candidates


def government_digit(code: str) -> str | None:
    """Return the fourth segment (1 provinsi, 2 kab/kota), or None for a program code."""
    parts = code.split(".")
    return parts[3] if len(parts) > 3 else None
