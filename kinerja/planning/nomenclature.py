"""Loading a version of the official SIPD nomenclature from its CSV file."""

import csv
import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.core import audit
from kinerja.planning.codes import normalize_code
from kinerja.planning.models import NomenclatureItem, NomenclatureVersion

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "nomenclature.csv"
DEFAULT_LABEL = "SIPD-RI pemutakhiran 2027 (ekspor 2026-01-23)"
REQUIRED_COLUMNS = {"code", "level", "name", "government_level", "indicator", "unit", "regulation"}
LEVELS = {"urusan", "bidang", "program", "kegiatan", "sub_kegiatan"}


def load_nomenclature(
    *, path: Path = DEFAULT_FILE, label: str = DEFAULT_LABEL, activate: bool = True
) -> tuple[NomenclatureVersion, bool]:
    """Load the CSV as version ``label``; return (version, created). Loading the same file again changes nothing."""
    raw = Path(path).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    existing = NomenclatureVersion.objects.filter(label=label).first()
    if existing is not None:
        if existing.source_sha256 != digest:
            raise ValidationError(
                _("Version %(label)s is already loaded from a different file; load it under another label.")
                % {"label": label}
            )
        return existing, False
    reader = csv.DictReader(raw.decode("utf-8-sig").splitlines())
    missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(_("The file lacks the columns: %(columns)s") % {"columns": ", ".join(sorted(missing))})
    items, errors, seen = [], [], set()
    for line, row in enumerate(reader, start=2):
        code = normalize_code(row["code"])
        key = (code, row["government_level"])
        if row["level"] not in LEVELS:
            errors.append(_("Row %(row)s: unknown level %(level)s.") % {"row": line, "level": row["level"]})
        elif key in seen:
            errors.append(_("Row %(row)s: code %(code)s appears twice.") % {"row": line, "code": code})
        seen.add(key)
        items.append(
            NomenclatureItem(
                code=code,
                level=row["level"],
                name=row["name"].strip(),
                government_level=row["government_level"].strip(),
                indicator=(row["indicator"] or "").strip(),
                unit=(row["unit"] or "").strip(),
                regulation=(row["regulation"] or "").strip()[:300],
            )
        )
    if errors:
        raise ValidationError(errors[:50])
    regulations = sorted({item.regulation for item in items if item.level == "sub_kegiatan"})
    with transaction.atomic():
        version = NomenclatureVersion.objects.create(
            label=label, regulation="; ".join(regulations)[:300], source_sha256=digest, row_count=len(items)
        )
        for item in items:
            item.version = version
        NomenclatureItem.objects.bulk_create(items, batch_size=2000)
        if activate:
            NomenclatureVersion.objects.filter(is_active=True).update(is_active=False)
            NomenclatureVersion.objects.filter(pk=version.pk).update(is_active=True)
            version.is_active = True
        audit.record_event(
            action="nomenclature_loaded",
            obj=version,
            after={"label": label, "rows": len(items), "sha256": digest, "active": activate},
        )
    return version, True
