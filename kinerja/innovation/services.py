"""Writes of innovations, their changed services and measures, and their IID claims.

Every write checks the user's right (``kinerja.core.access.require``), runs in a transaction, refuses a stale
edit (``lock_version``) and lands in the audit trail (the models are audited; review decisions are recorded
as events of their own). Work no person does passes ``user=SYSTEM``.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import audit
from kinerja.core.access import SYSTEM, require
from kinerja.core.services import apply_changes, check_version
from kinerja.core.uploads import inspect_upload
from kinerja.innovation.choices import (
    MEASURE_ORDER,
    STAGE_DATE_FIELD,
    STAGE_ORDER,
    ClaimState,
    ReviewState,
    Stage,
)
from kinerja.innovation.models import Claim, Innovation, Measure, ServiceChange
from kinerja.innovation.permissions import INNOVATION, REVIEW
from kinerja.planning.choices import NodeKind

MEASURE_MAX = Decimal(10) ** 12  # the before/after columns hold 14 digits, 2 of them decimals
INNOVATION_FIELDS = [
    "agency", "service_unit", "name", "form", "urusan", "initiator", "is_digital", "stage", "initiated_on",
    "trial_on", "implemented_on", "plan_node", "sub_activity", "budget", "design", "goals", "benefits", "results",
    "region", "location", "person_in_charge", "contact", "video_url",
]  # fmt: skip


def _person(user):
    return user if user is not SYSTEM and getattr(user, "pk", None) else None


def _locked(model, pk):
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def _check_innovation(innovation: Innovation) -> None:
    """The rules across fields: the stage has its date, dates in order, links within the agency's government."""
    errors = {}
    reached = STAGE_ORDER.index(Stage(innovation.stage))
    for stage in STAGE_ORDER[1 : reached + 1]:
        name = STAGE_DATE_FIELD[stage]
        if getattr(innovation, name) is None:
            errors[name] = _("Give the date the innovation reached this stage.")
    if innovation.trial_on and innovation.implemented_on and innovation.implemented_on < innovation.trial_on:
        errors["implemented_on"] = _("Penerapan cannot begin before uji coba.")
    for name in ("trial_on", "implemented_on"):
        value = getattr(innovation, name)
        if value and value < innovation.initiated_on and name not in errors:
            errors[name] = _("This stage cannot begin before the inisiatif.")
    if innovation.service_unit_id and innovation.service_unit.agency_id != innovation.agency_id:
        errors["service_unit"] = _("Choose a service unit of the innovation's agency.")
    if innovation.plan_node_id and innovation.plan_node.government_id != innovation.government_id:
        errors["plan_node"] = _("Choose a node of this government's plan.")
    if innovation.sub_activity_id:
        node = innovation.sub_activity
        if node.government_id != innovation.government_id or node.kind != NodeKind.SUB_ACTIVITY:
            errors["sub_activity"] = _("Choose a sub-activity of this government's plan.")
    if innovation.region_id and innovation.region.government_id != innovation.government_id:
        errors["region"] = _("Choose a region of this government.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def innovation_save(
    *, user, government, data: dict, innovation: Innovation | None = None, expected_version: int | None
) -> Innovation:
    """Create or change an innovation; a change to a reviewed innovation sends it back to review.

    ``expected_version`` is the ``lock_version`` the user edited; None only when creating (there was none).
    """
    agency = data.get("agency") or (innovation.agency if innovation else None)
    if agency is None or agency.government_id != government.pk:
        raise ValidationError({"agency": _("Choose an agency of this government.")})
    values = {k: v for k, v in data.items() if k in INNOVATION_FIELDS}
    if innovation is None:
        require(user, "add", agency, area=INNOVATION)
        innovation = Innovation(government=government, **values)
        changed = True
    else:
        innovation = _locked(Innovation, innovation.pk)
        require(user, "change", innovation)
        require(user, "change", agency, area=INNOVATION)  # moving it needs the right on both agencies
        check_version(innovation, expected_version, INNOVATION_FIELDS)
        changed = apply_changes(innovation, values)
    # Fields first, then the rules across fields with their field named, then the table's constraints (whose
    # own message names no field: the rules above say the same for the user first).
    innovation.full_clean(exclude=["lock_version"], validate_constraints=False)
    _check_innovation(innovation)
    innovation.validate_constraints(exclude=["lock_version"])
    if innovation.pk and changed:
        innovation.lock_version = F("lock_version") + 1
        if innovation.review_state == ReviewState.REVIEWED:
            innovation.review_state = ReviewState.SUBMITTED  # what the public reads must be reviewed again
    if changed:
        innovation.save()
        innovation.refresh_from_db()
    return innovation


@transaction.atomic
def innovation_submit(*, user, innovation: Innovation, expected_version: int | None) -> Innovation:
    """Send a draft (or returned) innovation to Biro Organisasi / Bappeda for review.

    ``expected_version`` is the ``lock_version`` of the record the user saw: a record changed meanwhile (its
    fields, services or measures) is not sent unseen.
    """
    innovation = _locked(Innovation, innovation.pk)
    require(user, "change", innovation)
    check_version(innovation, expected_version, ["review_state"])
    if innovation.review_state not in (ReviewState.DRAFT, ReviewState.RETURNED):
        raise ValidationError(_("This innovation is already awaiting review or reviewed."))
    innovation.review_state = ReviewState.SUBMITTED
    innovation.save()
    audit.record_event(action="submitted", obj=innovation)
    return innovation


@transaction.atomic
def innovation_review(
    *, user, innovation: Innovation, accept: bool, note: str = "", expected_version: int | None
) -> Innovation:
    """Accept an innovation's record as reviewed (then the public catalogue may show it) or return it with a note.

    ``expected_version`` is the ``lock_version`` of the record the reviewer read: an innovation edited while
    it awaited review (its fields, services or measures) is refused, never accepted unseen.
    """
    innovation = _locked(Innovation, innovation.pk)
    require(user, REVIEW, innovation)
    check_version(innovation, expected_version, ["review_state"])
    note = (note or "").strip()
    if innovation.review_state != ReviewState.SUBMITTED:
        raise ValidationError(_("Only an innovation awaiting review can be reviewed."))
    if not accept and not note:
        raise ValidationError({"note": _("Say what needs to change when returning it.")})
    innovation.review_state = ReviewState.REVIEWED if accept else ReviewState.RETURNED
    innovation.review_note = note
    innovation.reviewed_by, innovation.reviewed_at = _person(user), timezone.now()
    innovation.save()
    audit.record_event(action="reviewed" if accept else "returned", obj=innovation, reason=note)
    return innovation


@transaction.atomic
def innovation_adopt(*, user, original: Innovation, agency, data: dict) -> Innovation:
    """Record that ``agency`` replicates ``original`` (an implemented, reviewed innovation): a new innovation
    of that agency, at inisiatif unless ``data`` says otherwise, linked to the original."""
    original = Innovation.objects.get(pk=original.pk)
    if not original.is_public:
        raise ValidationError(_("Only an implemented, reviewed innovation can be replicated."))
    if agency.pk == original.agency_id:
        raise ValidationError({"agency": _("An agency cannot replicate its own innovation.")})
    values = {
        "form": original.form, "urusan": original.urusan, "initiator": original.initiator,
        "is_digital": original.is_digital, "goals": original.goals, "benefits": original.benefits,
    } | data | {"agency": agency}  # fmt: skip
    innovation = innovation_save(user=user, government=agency.government, data=values, expected_version=None)
    innovation.adopted_from = original
    innovation.save()
    audit.record_event(action="replicated", obj=innovation, after={"adopted_from": original.pk}, reason=str(original))
    return innovation


def _attach(instance, upload) -> None:
    content_type, sha256, _size = inspect_upload(upload)
    instance.sha256, instance.evidence_type, instance.evidence_name = sha256, content_type, upload.name[:255]
    instance.evidence_file.save(sha256, upload, save=False)


CHANGE_FIELDS = ["service", "standard", "time_unit"]
MEASURE_FIELDS = ["kind", "before", "after", "evidence_link", "sha256"]


def _back_to_review(innovation: Innovation) -> None:
    """What the public reads changed (a service or a measure): a reviewed innovation is reviewed again.

    The innovation's own version rises too, so a reviewer who read it before the change cannot accept it unseen.
    """
    if innovation.review_state == ReviewState.REVIEWED:
        innovation.review_state = ReviewState.SUBMITTED
    _bump(innovation)


def _bump(instance) -> None:
    instance.lock_version = F("lock_version") + 1
    instance.save()
    instance.refresh_from_db()


def _amount(value, name: str, errors: dict):
    """A before/after number: zero or more, at most the column's 12 digits before the decimal point."""
    try:
        number = Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        errors[name] = _("Enter a number.")
        return None
    if not number.is_finite() or number < 0:
        errors[name] = _("Enter a number of zero or more.")
        return None
    if number >= MEASURE_MAX:
        errors[name] = _("Enter a number below 1.000.000.000.000.")
        return None
    if number != number.quantize(Decimal("0.01")):
        errors[name] = _("Enter at most two decimals.")
        return None
    return number


def _measure_values(kind: str, values: dict, errors: dict) -> dict | None:
    before, after = values.get("before"), values.get("after")
    if before is None or after is None:
        errors[f"{kind}_before" if before is None else f"{kind}_after"] = _("Give both before and after.")
        return None
    before, after = _amount(before, f"{kind}_before", errors), _amount(after, f"{kind}_after", errors)
    if before is None or after is None:
        return None
    return {"before": before, "after": after}


def _write_measure(measure: Measure, numbers: dict, values: dict) -> bool:
    """Set a measure's numbers and evidence; save it when something changed and say whether it did."""
    changed = apply_changes(measure, numbers)
    if "evidence_link" in values and values["evidence_link"] is not None:
        changed += apply_changes(measure, {"evidence_link": (values["evidence_link"] or "").strip()})
    if values.get("upload"):
        _attach(measure, values["upload"])
        changed.append("evidence_file")
    if not changed and measure.pk:
        return False
    measure.full_clean(exclude=["change", "lock_version"])
    if measure.pk:
        measure.lock_version = F("lock_version") + 1
    measure.save()
    measure.refresh_from_db()
    return True


@transaction.atomic
def change_save(
    *,
    user,
    innovation: Innovation,
    service: str,
    standard: str = "",
    time_unit: str = "days",
    measures: dict,
    change: ServiceChange | None = None,
    expected_version: int | None = None,
) -> ServiceChange:
    """Create or change a service the innovation changes with its measures.

    ``measures`` maps a measure kind (steps, documents, time, cost) to a dict with ``before``, ``after`` and
    optionally ``evidence_link`` and ``upload``, or ``{"delete": True}`` to remove that measure; a kind left
    out is left as it is. Numbers are zero or more. ``expected_version`` is the service's ``lock_version``
    the user edited (any change of the service or its measures raises it); None only when creating.
    """
    innovation = _locked(Innovation, innovation.pk)
    require(user, "change", innovation)
    if change is None:
        change = ServiceChange(innovation=innovation)
    else:
        change = _locked(ServiceChange, change.pk)
        if change.innovation_id != innovation.pk:
            raise ValidationError(_("This service belongs to another innovation."))
        check_version(change, expected_version, CHANGE_FIELDS)
    changed = apply_changes(
        change, {"service": (service or "").strip(), "standard": (standard or "").strip(), "time_unit": time_unit}
    )
    change.full_clean(exclude=["lock_version"])
    creating = change.pk is None
    if changed or creating:
        change.save()
    errors = {}
    existing = {m.kind: m for m in change.measures.select_for_update()} if not creating else {}
    touched = False
    for kind in MEASURE_ORDER:
        values = measures.get(kind)
        if not values:
            continue
        if values.get("delete"):
            if kind in existing:
                existing.pop(kind).delete()
                touched = True
            continue
        if values.get("before") is None and values.get("after") is None:
            continue
        numbers = _measure_values(kind, values, errors)
        if numbers is None:
            continue
        touched |= _write_measure(existing.get(kind) or Measure(change=change, kind=kind), numbers, values)
    if errors:
        raise ValidationError(errors)  # the transaction rolls back: nothing of this request is kept
    if not creating and (changed or touched):
        _bump(change)
    if changed or touched or creating:
        _back_to_review(innovation)
    return change


@transaction.atomic
def change_delete(*, user, change: ServiceChange, expected_version: int | None) -> None:
    """Remove a service (and its measures) from an innovation; ``expected_version`` is the one the user saw."""
    change = _locked(ServiceChange, change.pk)
    innovation = _locked(Innovation, change.innovation_id)
    require(user, "change", innovation)
    check_version(change, expected_version, CHANGE_FIELDS)
    change.delete()
    _back_to_review(innovation)


@transaction.atomic
def measure_save(
    *,
    user,
    change: ServiceChange,
    kind: str | None = None,
    before=None,
    after=None,
    evidence_link: str | None = None,
    upload=None,
    measure: Measure | None = None,
    expected_version: int | None = None,
) -> Measure:
    """Create one measure of a changed service (``kind`` given, ``measure`` None) or change one (``measure`` and
    the ``expected_version`` the user edited); a value left None keeps what is stored."""
    change = _locked(ServiceChange, change.pk)
    innovation = _locked(Innovation, change.innovation_id)
    require(user, "change", innovation)
    if measure is None:
        if kind not in MEASURE_ORDER:
            raise ValidationError({"kind": _("Choose steps, documents, time or cost.")})
        if change.measures.filter(kind=kind).exists():
            raise ValidationError({"kind": _("This service already has this measure; change it instead.")})
        measure = Measure(change=change, kind=kind)
    else:
        measure = _locked(Measure, measure.pk)
        if measure.change_id != change.pk:
            raise ValidationError(_("This measure belongs to another service."))
        check_version(measure, expected_version, MEASURE_FIELDS)
        before = measure.before if before is None else before
        after = measure.after if after is None else after
    errors = {}
    numbers = _measure_values(measure.kind, {"before": before, "after": after}, errors)
    if errors:
        raise ValidationError({key.split("_", 1)[1]: message for key, message in errors.items()})
    if _write_measure(measure, numbers, {"evidence_link": evidence_link, "upload": upload}):
        _bump(change)
        _back_to_review(innovation)
    return measure


@transaction.atomic
def measure_delete(*, user, measure: Measure, expected_version: int | None) -> None:
    """Remove one measure of a changed service; ``expected_version`` is the measure's version the user saw."""
    measure = _locked(Measure, measure.pk)
    change = _locked(ServiceChange, measure.change_id)
    innovation = _locked(Innovation, change.innovation_id)
    require(user, "change", innovation)
    check_version(measure, expected_version, MEASURE_FIELDS)
    measure.delete()
    _bump(change)
    _back_to_review(innovation)


@transaction.atomic
def claim_save(
    *,
    user,
    innovation: Innovation,
    indicator,
    level: int,
    explanation: str = "",
    evidence_link: str | None = None,
    upload=None,
    expected_version: int | None,
) -> Claim:
    """Claim a parameter level (1–3) of one indicator for an innovation at penerapan; a changed claim goes
    back to review.

    ``expected_version`` is the ``lock_version`` of the claim the user edited; None only when the user saw no
    claim for this indicator (a claim that exists by then is a conflict).
    """
    innovation = _locked(Innovation, innovation.pk)
    require(user, "change", innovation)
    if innovation.stage != Stage.IMPLEMENTATION:
        raise ValidationError(_("Only an innovation at penerapan can be entered for the innovation index."))
    if isinstance(level, bool) or level not in (1, 2, 3):
        raise ValidationError({"level": _("Choose level 1, 2 or 3.")})
    claim = Claim.objects.select_for_update().filter(innovation=innovation, indicator=indicator).first()
    values = {"level": level, "explanation": (explanation or "").strip()}
    if evidence_link is not None:
        values["evidence_link"] = evidence_link
    if claim is None:
        claim = Claim(innovation=innovation, indicator=indicator, claimed_by=_person(user), **values)
        changed = ["level"]
    else:
        check_version(claim, expected_version, ["level", "explanation", "evidence_link", "state"])
        changed = apply_changes(claim, values)
    if upload is not None:
        _attach(claim, upload)
        changed.append("evidence_file")
    if not changed:
        return claim
    claim.full_clean(exclude=["lock_version"])
    if claim.pk:
        claim.lock_version = F("lock_version") + 1
        claim.claimed_by = _person(user)
    claim.state, claim.review_note, claim.reviewed_by, claim.reviewed_at = ClaimState.SUBMITTED, "", None, None
    claim.save()
    claim.refresh_from_db()
    return claim


@transaction.atomic
def claim_review(*, user, claim: Claim, accept: bool, expected_version: int, note: str = "") -> Claim:
    """Accept a claim (its level counts in the verified score) or return it with a note."""
    claim = _locked(Claim, claim.pk)
    require(user, REVIEW, claim)
    check_version(claim, expected_version, ["level", "state"])
    note = (note or "").strip()
    if claim.state != ClaimState.SUBMITTED:
        raise ValidationError(_("Only a claim awaiting review can be reviewed."))
    if not accept and not note:
        raise ValidationError({"note": _("Say what needs to change when returning it.")})
    claim.state = ClaimState.ACCEPTED if accept else ClaimState.RETURNED
    claim.review_note, claim.reviewed_by, claim.reviewed_at = note, _person(user), timezone.now()
    claim.lock_version = F("lock_version") + 1
    claim.save()
    claim.refresh_from_db()
    audit.record_event(action="accepted" if accept else "returned", obj=claim, reason=note)
    return claim
