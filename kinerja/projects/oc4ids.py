"""A project in the Open Contracting for Infrastructure Data Standard (OC4IDS) project shape.

Checked against the published OC4IDS 0.9.1 project schema shipped in ``data/`` (see its SOURCE note).
Kinerja's own fields map onto OC4IDS as follows: identification (id, title, description, status,
sector, type, locations with the Kemendagri gazetteer code and the point), period (start and planned
end), budget (value with a breakdown per funding source, each a party), parties (the owning and
partner agencies, and the partner institutions), milestones (OCDS milestone fields), the monthly
progress reports as ``physicalProgressReport`` documents, and completion once the project is completed.
"""

import datetime
import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils import timezone, translation
from django.utils.text import slugify

from kinerja.core import links
from kinerja.core.numbers import format_number, format_rupiah
from kinerja.projects.choices import Phase

SCHEMA_PATH = Path(__file__).parent / "data" / "oc4ids-project-schema-0.9.1.json"
CURRENCY = "IDR"
_FUNDING_PARTY = {
    "apbn": ("Pemerintah Pusat (APBN)", "funder"),
    "apbd_province": (None, "funder"),  # the government itself
    "apbd_regency": ("Pemerintah Kabupaten/Kota (APBD)", "funder"),
    "bumn": ("BUMN", "funder"),
    "bumd": ("BUMD", "funder"),
    "private": ("Badan Usaha (KPBU/swasta)", "funder"),
    "other": ("Sumber lain", "funder"),
}


@cache
def _id(value) -> str:
    """A number in the Indonesian text of a document (the descriptions are in Indonesian): 40,5."""
    with translation.override("id"):
        return format_number(value)


def _rupiah(value) -> str:
    with translation.override("id"):
        return format_rupiah(value)


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _datetime(day: datetime.date | None) -> str | None:
    if day is None:
        return None
    moment = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=timezone.get_default_timezone())
    return moment.isoformat()


def _value(amount: Decimal) -> dict:
    return {"amount": float(amount), "currency": CURRENCY}


def _strip(data):
    """Drop empty values: OC4IDS fields are optional and an empty string says nothing."""
    if isinstance(data, dict):
        return {k: _strip(v) for k, v in data.items() if v not in (None, "", [], {})}
    if isinstance(data, list):
        return [_strip(v) for v in data]
    return data


def project_to_oc4ids(project, *, base_url: str | None = None) -> dict:
    """Return ``project`` (with fundings, milestones, reports and partners loaded or loadable) as OC4IDS."""
    base_url = (base_url or links.base_url()).rstrip("/")
    government = project.government
    prefix = f"{slugify(government.name)}-{government.pk}"
    owner_id = f"{prefix}-agency-{project.agency.code}"
    parties = [
        {"id": owner_id, "name": project.agency.name, "roles": ["publicAuthority", "procuringEntity"]},
    ]
    for agency in project.partner_agencies.all():
        parties.append({"id": f"{prefix}-agency-{agency.code}", "name": agency.name, "roles": ["publicAuthority"]})
    for number, line in enumerate([p.strip() for p in project.partners.splitlines() if p.strip()], start=1):
        parties.append({"id": f"{prefix}-{project.code}-partner-{number}", "name": line, "roles": ["interestedParty"]})
    breakdown = []
    funders: dict[str, str] = {}
    for funding in project.fundings.all():
        name, role = _FUNDING_PARTY[funding.source]
        if name is None:
            party_id, name = f"{prefix}-government", government.name
        else:
            party_id = f"{prefix}-funder-{funding.source}"
        if party_id not in funders and party_id != owner_id:
            funders[party_id] = name
            parties.append({"id": party_id, "name": name, "roles": [role]})
        breakdown.append(
            {
                "id": str(funding.pk),
                "description": f"{funding.get_source_display()}{' – ' + funding.note if funding.note else ''}",
                "amount": _value(funding.amount),
                "sourceParty": {"id": party_id, "name": name},
            }
        )
    locations = []
    if project.region_id or project.location or project.latitude is not None:
        location = {"id": "1", "description": ", ".join(x for x in (project.location, str(project.region or "")) if x)}
        if project.latitude is not None and project.longitude is not None:
            # OC4IDS 0.9.1 documents point coordinates as [latitude, longitude].
            location["geometry"] = {"type": "Point", "coordinates": [float(project.latitude), float(project.longitude)]}
        if project.region_id:
            location["gazetteer"] = {"scheme": "KEMENDAGRI", "identifiers": [project.region.code]}
        locations.append(location)
    milestones = [
        {
            "id": str(m.pk),
            "title": m.title,
            "type": "delivery",
            "status": "met" if m.actual else "scheduled",
            "dueDate": _datetime(m.planned),
            "dateMet": _datetime(m.actual),
            "description": m.note,
        }
        for m in project.milestones.all()
    ]
    documents = [
        {
            "id": f"progress-{r.month:%Y-%m}",
            "documentType": "physicalProgressReport",
            "title": f"Laporan kemajuan {r.month:%m-%Y}",
            "description": (
                f"Rencana fisik {_id(r.physical_plan)} %, realisasi fisik {_id(r.physical_actual)} %, "
                f"deviasi {'+' if r.deviation >= 0 else ''}{_id(r.deviation)} poin; "
                f"realisasi keuangan Rp {_rupiah(r.financial)}." + (f"\n\n{r.narrative}" if r.narrative else "")
            ),
            "datePublished": r.created.isoformat(),
            "dateModified": r.updated.isoformat(),
            "language": "id",
        }
        for r in project.reports.all()
    ]
    data = {
        "id": f"{prefix}-{project.code}",
        "updated": project.updated.isoformat(),
        "title": project.name,
        "description": project.description,
        "status": project.phase,
        "sector": [project.sector],
        "purpose": project.key_outputs,
        "additionalClassifications": [
            {"scheme": "Kinerja-category", "id": project.category, "description": project.get_category_display()}
        ],
        "type": "construction",
        "locations": locations,
        "period": {
            "startDate": _datetime(project.start),
            "endDate": _datetime(project.planned_end),
            "durationInDays": (project.planned_end - project.start).days,
        },
        "budget": {"amount": _value(project.value), "budgetBreakdown": breakdown},
        "parties": parties,
        "milestones": milestones,
        "documents": documents,
    }
    if base_url:
        data["documents"].insert(
            0,
            {
                "id": "project-page",
                "documentType": "projectScope",
                "title": project.name,
                "url": f"{base_url}/proyek/{project.pk}/",
                "format": "text/html",
            },
        )
    if project.phase == Phase.COMPLETED and project.actual_end:
        data["completion"] = {
            "endDate": _datetime(project.actual_end),
            "finalScope": project.key_outputs,
        }
        last = project.reports.all()
        spent = max((r.financial for r in last), default=None)
        if spent is not None:
            data["completion"]["finalValue"] = _value(spent)
    return _strip(data)


def validate(data: dict) -> list[str]:
    """Return the schema errors of ``data`` (empty when it conforms), formats included."""
    from jsonschema import Draft4Validator

    validator = Draft4Validator(schema(), format_checker=Draft4Validator.FORMAT_CHECKER)
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(data)
    ]
