"""The agencies' narratives of a year's performance (LKjIP Bab III and IV, the evaluation form's factor rows).

An agency writes, for each objective (sasaran) its programs serve, the causes of success and of the
shortfall, the solutions taken and the follow-up the next plan needs; and once for the agency an
introduction and a closing. Operators and heads write, the head submits, Bappeda (planner) approves or
returns with a note; a change to submitted or approved text sends it back to draft, to be reviewed again.
Only approved text is printed in the LKjIP and the evaluation form.

The government's own narrative (``agency`` empty: per objective of the RPJMD, and its introduction and
closing) is written and submitted by Bappeda (planners) and approved or returned by another planner than the
one who submitted it; the government's LKjIP prints it once approved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import audit
from kinerja.core.access import require
from kinerja.core.models import Agency, Government
from kinerja.core.services import check_version
from kinerja.core.validators import bounded_text
from kinerja.monitoring.models import Narrative, NarrativeState
from kinerja.monitoring.permissions import MONITORING, SUBMIT, VERIFY
from kinerja.planning.models import PlanNode

# The government's narrative is Bappeda's: the planners who issue its LKjIP write it (kinerja.integrity).
INTEGRITY = "integrity"

OBJECTIVE_FIELDS = ("drivers", "inhibitors", "solutions", "next_steps")
AGENCY_FIELDS = ("introduction", "closing")
FIELDS = OBJECTIVE_FIELDS + AGENCY_FIELDS


def agency_objectives(agency: Agency) -> list[PlanNode]:
    """The objectives (sasaran) of the active plan that the agency's programs serve, in code order (2 queries)."""
    paths = PlanNode.objects.filter(
        agency=agency, kind="program", period__status="active", period__government_id=agency.government_id
    ).values_list("path", flat=True)
    ids = {int(part) for path in paths for part in path.strip("/").split("/") if part}
    return list(PlanNode.objects.filter(pk__in=ids, kind="objective").order_by("code", "pk"))


def _check_objective(agency: Agency, objective: PlanNode | None) -> None:
    if objective is not None and objective.pk not in {o.pk for o in agency_objectives(agency)}:
        raise ValidationError(_("This objective is not one that the agency's programs serve."))


def government_objectives(government: Government) -> list[PlanNode]:
    """The objectives (sasaran) of the government's active RPJMD, in code order (1 query)."""
    return list(
        PlanNode.objects.filter(
            period__government=government, period__kind="rpjmd", period__status="active", kind="objective"
        ).order_by("code", "pk")
    )


@transaction.atomic
def narrative_save(
    *, user, agency: Agency, year: int, objective: PlanNode | None, data: dict, expected_version: int | None
) -> Narrative:
    """Create or change the narrative of ``agency`` for ``year`` and ``objective`` (None: the agency's own)."""
    require(user, "change", agency, area=MONITORING)
    _check_objective(agency, objective)
    return _save(agency.government_id, agency, year, objective, data, expected_version)


@transaction.atomic
def government_narrative_save(
    *, user, government: Government, year: int, objective: PlanNode | None, data: dict, expected_version: int | None
) -> Narrative:
    """Create or change the government's narrative for ``year`` and an RPJMD ``objective`` (None: its own
    introduction and closing). Bappeda's."""
    require(user, "change", government, area=INTEGRITY)
    if objective is not None and objective.pk not in {o.pk for o in government_objectives(government)}:
        raise ValidationError(_("This is not an objective of the government's active RPJMD."))
    return _save(government.pk, None, year, objective, data, expected_version)


def _save(government_id, agency, year, objective, data, expected_version) -> Narrative:
    allowed = OBJECTIVE_FIELDS if objective is not None else AGENCY_FIELDS
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    values = {name: bounded_text(data.get(name, "")).strip() for name in allowed}
    narrative = (
        Narrative.objects.select_for_update(of=("self",))
        .filter(government_id=government_id, agency=agency, year=year, objective=objective)
        .first()
    )
    if narrative is None:
        if expected_version not in (None, 0):
            check_version(Narrative(lock_version=0), expected_version, list(allowed))
        narrative = Narrative(government_id=government_id, agency=agency, year=year, objective=objective)
    else:
        check_version(narrative, expected_version if expected_version is not None else -1, [*allowed, "state"])
        if all(getattr(narrative, name) == value for name, value in values.items()):
            return narrative
        narrative.lock_version += 1
    for name, value in values.items():
        setattr(narrative, name, value)
    if narrative.state != NarrativeState.DRAFT:
        narrative.state = NarrativeState.DRAFT  # changed text is reviewed again
        narrative.reviewed_by, narrative.reviewed_at = None, None
    narrative.save()
    return narrative


def _load(narrative: Narrative, expected_version: int | None) -> Narrative:
    current = Narrative.objects.select_for_update().get(pk=narrative.pk)
    check_version(current, expected_version if expected_version is not None else -1, ["state", *FIELDS])
    return current


@transaction.atomic
def narrative_submit(*, user, narrative: Narrative, expected_version: int | None) -> Narrative:
    """The agency head submits the narrative to Bappeda."""
    narrative = _load(narrative, expected_version)
    if narrative.agency_id is None:
        require(user, "change", narrative.government, area=INTEGRITY)
    else:
        require(user, SUBMIT, narrative.agency, area=MONITORING)
    if narrative.state not in (NarrativeState.DRAFT, NarrativeState.RETURNED):
        raise ValidationError(_("Only a draft or returned narrative can be submitted."))
    fields = OBJECTIVE_FIELDS if narrative.objective_id else AGENCY_FIELDS
    if not any(getattr(narrative, name) for name in fields):
        raise ValidationError(_("Write the narrative before submitting it."))
    narrative.state = NarrativeState.SUBMITTED
    narrative.submitted_by = user if getattr(user, "pk", None) else None
    narrative.lock_version += 1
    narrative.save()
    return narrative


@transaction.atomic
def narrative_review(
    *, user, narrative: Narrative, approve: bool, note: str, expected_version: int | None
) -> Narrative:
    """Bappeda approves the narrative, or returns it with a note saying what to revise."""
    narrative = _load(narrative, expected_version)
    if narrative.agency_id is None:
        require(user, VERIFY, narrative.government, area=MONITORING)
    else:
        require(user, VERIFY, narrative.agency, area=MONITORING)
    if narrative.state != NarrativeState.SUBMITTED:
        raise ValidationError(_("Only a submitted narrative can be reviewed."))
    if narrative.agency_id is None and narrative.submitted_by_id and narrative.submitted_by_id == user.pk:
        raise ValidationError(
            _("The government's narrative is reviewed by another planner than the one who submitted it.")
        )
    note = bounded_text(note).strip()
    if not approve and not note:
        raise ValidationError(_("Say what must be revised when returning a narrative."))
    narrative.state = NarrativeState.APPROVED if approve else NarrativeState.RETURNED
    narrative.review_note = note
    narrative.reviewed_by = user if getattr(user, "pk", None) else None
    narrative.reviewed_at = timezone.now()
    narrative.lock_version += 1
    narrative.save()
    audit.record_event(action="approve" if approve else "return", obj=narrative, after={"note": note})
    return narrative


def approved(agency_ids, year: int) -> dict[tuple[int, int | None], Narrative]:
    """The approved narratives of the agencies for the year, by (agency id, objective id or None)."""
    return {
        (n.agency_id, n.objective_id): n
        for n in Narrative.objects.filter(agency_id__in=agency_ids, year=year, state=NarrativeState.APPROVED)
    }


def government_approved(government_id: int, year: int) -> dict[int | None, Narrative]:
    """The government's approved narratives of the year, by objective id (None: introduction and closing)."""
    return {
        n.objective_id: n
        for n in Narrative.objects.filter(
            government_id=government_id, agency__isnull=True, year=year, state=NarrativeState.APPROVED
        )
    }
