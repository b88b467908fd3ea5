"""Writes of monitoring data: reporting periods, realizations and their workflow, evidence, budgets.

Workflow: operators and agency heads enter drafts; the agency head submits; a planner verifies or
returns (with a reason); a returned value is corrected and submitted again. A verified value is
locked: a correction creates the next version, with a reason, to be verified again.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kinerja.core import audit, exif
from kinerja.core.access import may, person, require
from kinerja.core.models import Agency, Government
from kinerja.core.numbers import format_number, parse_number
from kinerja.core.services import ConflictError, apply_changes, check_version
from kinerja.core.uploads import inspect_upload
from kinerja.monitoring.choices import EDITABLE_STATES, PeriodKind, PeriodStatus, RealizationState
from kinerja.monitoring.models import Budget, BudgetMonth, Evidence, PeriodAgencyStatus, Realization, ReportingPeriod
from kinerja.monitoring.permissions import MANAGE_PERIODS, MONITORING, SET_CEILING, SUBMIT, VERIFY
from kinerja.planning.choices import Frequency, NodeKind
from kinerja.planning.models import Indicator, PlanNode

FREQUENCY_PERIODS = {
    Frequency.MONTHLY: (PeriodKind.MONTH, range(1, 13)),
    Frequency.QUARTERLY: (PeriodKind.QUARTER, range(1, 5)),
    Frequency.SEMESTER: (PeriodKind.QUARTER, (2, 4)),
    Frequency.ANNUAL: (PeriodKind.QUARTER, (4,)),
}


def reporting_agency(indicator: Indicator) -> Agency | None:
    """Return the agency that reports ``indicator``: its node's agency, else its responsible agency."""
    return indicator.node.agency if indicator.node.agency_id else indicator.responsible_agency


def allowed_actions(
    *, user, realization: Realization | None, agency: Agency, entry_open: bool = True
) -> frozenset[str]:
    """Return the workflow steps ``user`` may take on the current value of an indicator for a period.

    ``realization`` is the current value (None: not reported yet), ``agency`` the reporting agency and
    ``entry_open`` whether the period is open for entry (``entry_allowed``). Computed once per value and
    used by the entry page and by "what I must report" (which values get a checkbox); the services check
    the same rules again when the step is taken. Steps: save, upload, submit, verify, return, correct.
    """

    def allows(action: str) -> bool:
        return may(user, action, agency, area=MONITORING)

    state = realization.state if realization is not None else None
    actions = set()
    if entry_open and state in (None, *EDITABLE_STATES) and allows("change"):
        actions.add("save")
        if realization is not None:
            actions.add("upload")
    if state in EDITABLE_STATES and allows(SUBMIT):
        actions.add("submit")
    if state == RealizationState.SUBMITTED and allows(VERIFY):
        actions.update(("verify", "return"))
    if state == RealizationState.VERIFIED and allows("change"):
        actions.add("correct")
    return frozenset(actions)


class BulkRefused(Exception):
    """A step taken on several values at once was refused for some of them; nothing was changed.

    ``errors`` maps the id of each refused value to the message saying why.
    """

    def __init__(self, errors: dict[int, str]):
        super().__init__(errors)
        self.errors = errors


def _each_or_none(step, *, user, items: list[tuple[Realization, int | None]], **kwargs) -> list[Realization]:
    """Take ``step`` on every value inside one transaction: all of them, or (with the reasons) none."""
    errors: dict[int, str] = {}
    done = []
    with transaction.atomic():
        for realization, expected_version in items:
            try:
                done.append(step(user=user, realization=realization, expected_version=expected_version, **kwargs))
            except ConflictError as exc:
                details = ", ".join(f"{k} = {v}" for k, v in exc.current.items())
                errors[realization.pk] = _("Changed by someone else since the page was loaded (%(now)s).") % {
                    "now": details
                }
            except ValidationError as exc:
                errors[realization.pk] = " ".join(exc.messages)
            except PermissionDenied as exc:
                errors[realization.pk] = str(exc) or _("You are not allowed to do this.")
        if errors:
            raise BulkRefused(errors)  # leaving the block rolls back every step taken, audit events included
    return done


def realization_submit_many(*, user, items: list[tuple[Realization, int | None]], now=None) -> list[Realization]:
    """Submit several values at once (agency head): each through ``realization_submit``, all or nothing.

    ``items`` are (value, the lock_version the user saw). When any value cannot be submitted, none is
    and ``BulkRefused`` lists the reason for each refused one, as the Excel import does for its rows.
    """
    return _each_or_none(realization_submit, user=user, items=items, now=now)


def realization_verify_many(*, user, items: list[tuple[Realization, int | None]]) -> list[Realization]:
    """Verify several submitted values at once (planner): each through ``realization_verify``, all or nothing."""
    return _each_or_none(realization_verify, user=user, items=items)


# --- reporting periods ------------------------------------------------------------------------------


@transaction.atomic
def periods_ensure(*, government: Government, year: int, deadline_days: int | None = None) -> list[ReportingPeriod]:
    """Create the 12 months and 4 quarters of ``year`` (those missing), each due ``deadline_days`` after its end."""
    days = settings.REPORTING_DEADLINE_DAYS if deadline_days is None else deadline_days
    existing = {(p.kind, p.number): p for p in ReportingPeriod.objects.filter(government=government, year=year)}
    created = []
    for kind, numbers in ((PeriodKind.MONTH, range(1, 13)), (PeriodKind.QUARTER, range(1, 5))):
        for number in numbers:
            if (kind, number) in existing:
                continue
            first_month, last_month = (number, number) if kind == PeriodKind.MONTH else (3 * number - 2, 3 * number)
            ends = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
            created.append(
                ReportingPeriod(
                    government=government,
                    year=year,
                    kind=kind,
                    number=number,
                    starts=datetime.date(year, first_month, 1),
                    ends=ends,
                    deadline=ends + datetime.timedelta(days=days),
                )
            )
    ReportingPeriod.objects.bulk_create(created)
    return list(ReportingPeriod.objects.filter(government=government, year=year))


@transaction.atomic
def period_set_deadline(
    *, user, period: ReportingPeriod, deadline: datetime.date, expected_version: int | None
) -> ReportingPeriod:
    """Move the reporting deadline of ``period``.

    ``expected_version`` is the version of the period the user saw: a deadline moved meanwhile by someone
    else is a conflict and nothing is changed."""
    require(user, MANAGE_PERIODS, period.government, area=MONITORING)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    check_version(period, expected_version, ["deadline"])
    if deadline < period.ends:
        raise ValidationError({"deadline": _("The deadline cannot fall before the period ends.")})
    if deadline == period.deadline:
        return period
    before = period.deadline
    period.deadline = deadline
    period.lock_version += 1
    period.save(update_fields=["deadline", "lock_version", "updated"])
    audit.record_event(
        action="deadline_changed", obj=period, government_id=period.government_id,
        before={"deadline": before}, after={"deadline": deadline},
    )  # fmt: skip
    return period


PERIOD_STATUS_FIELDS = ["status", "exception_until", "note"]


@transaction.atomic
def period_set_status(
    *,
    user,
    period: ReportingPeriod,
    agency: Agency,
    status: str,
    exception_until: datetime.date | None = None,
    note: str = "",
    expected_version: int | None,
) -> PeriodAgencyStatus:
    """Open, close or lock ``period`` for ``agency``, optionally granting late entry until a date.

    ``expected_version`` is the version of the agency's status row the user saw, None when it had none
    (the period simply open): a status set meanwhile by someone else is then a conflict too."""
    require(user, MANAGE_PERIODS, agency, area=MONITORING)
    if status not in PeriodStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if exception_until is not None and not note.strip():
        raise ValidationError({"note": _("State why late entry is allowed.")})
    values = {"status": status, "exception_until": exception_until, "note": note}
    row = PeriodAgencyStatus.objects.select_for_update().filter(period=period, agency=agency).first()
    if row is None:
        row = PeriodAgencyStatus(period=period, agency=agency, **values)
        row.full_clean(exclude=["lock_version"])
        try:
            with transaction.atomic():
                row.save()
            return row
        except IntegrityError:  # set at the same moment by someone else: theirs stays, this one is refused
            row = PeriodAgencyStatus.objects.select_for_update().get(period=period, agency=agency)
            expected_version = None
    check_version(row, expected_version, PERIOD_STATUS_FIELDS)
    if apply_changes(row, values):
        row.full_clean(exclude=["lock_version"])
        row.lock_version += 1
        row.save()
    return row


def entry_allowed(period: ReportingPeriod, agency_id: int, today: datetime.date, status_row=None) -> tuple[bool, str]:
    """Return whether values of ``period`` may be entered by the agency today, and why not."""
    row = (
        status_row
        if status_row is not None
        else PeriodAgencyStatus.objects.filter(period=period, agency_id=agency_id).first()
    )
    if today < period.starts:
        return False, _("%(period)s has not started yet.") % {"period": period}
    if row is None or row.status == PeriodStatus.OPEN:
        return True, ""
    if row.status == PeriodStatus.LOCKED:
        return False, _("%(period)s is locked for this agency.") % {"period": period}
    if row.exception_until and today <= row.exception_until:
        return True, ""
    return False, _("%(period)s is closed for this agency; ask Bappeda for a late-entry exception.") % {
        "period": period
    }


def _is_locked(period: ReportingPeriod, agency_id: int) -> bool:
    return PeriodAgencyStatus.objects.filter(period=period, agency_id=agency_id, status=PeriodStatus.LOCKED).exists()


# --- realizations -----------------------------------------------------------------------------------


def _value(value) -> Decimal:
    try:
        number = parse_number(value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from exc
    if number is None:
        raise ValidationError({"value": _("Enter the realization.")})
    return number


def _check_period_fits(indicator: Indicator, period: ReportingPeriod) -> None:
    kind, numbers = FREQUENCY_PERIODS[indicator.frequency]
    if period.kind != kind or period.number not in numbers:
        raise ValidationError(
            {
                "period": _("%(indicator)s is reported %(frequency)s, not for %(period)s.")
                % {
                    "indicator": indicator.name,
                    "frequency": indicator.get_frequency_display().lower(),
                    "period": period,
                }
            }
        )
    if period.government_id != indicator.government_id:
        raise ValidationError({"period": _("The period belongs to another government.")})


@transaction.atomic
def realization_save(
    *,
    user,
    indicator: Indicator,
    period: ReportingPeriod,
    value,
    explanation: str = "",
    expected_version: int | None,
    today: datetime.date | None = None,
    is_illustrative: bool = False,
) -> Realization:
    """Enter or change the draft (or returned) value of an indicator for a period."""
    indicator = Indicator.objects.select_related("node__agency", "responsible_agency").get(pk=indicator.pk)
    agency = reporting_agency(indicator)
    if agency is None:
        raise ValidationError(_("This indicator has no reporting agency; set its responsible agency first."))
    require(user, "change", agency, area=MONITORING)
    _check_period_fits(indicator, period)
    allowed, why = entry_allowed(period, agency.pk, today or timezone.localdate())
    if not allowed:
        raise ValidationError(why)
    number = _value(value)
    current = (
        Realization.objects.select_for_update().filter(indicator=indicator, period=period, is_current=True).first()
    )
    if current is None:
        if expected_version not in (None, 0):
            raise ValidationError(_("This value was deleted meanwhile; reload the page."))
        return Realization.objects.create(
            government_id=indicator.government_id,
            agency=agency,
            indicator=indicator,
            period=period,
            value=number,
            explanation=explanation,
            entered_by=person(user),
            is_illustrative=is_illustrative,
        )
    check_version(current, expected_version, ["value", "explanation", "state"])
    if current.state not in EDITABLE_STATES:
        raise ValidationError(
            _("This value is %(state)s and can no longer be edited.") % {"state": current.get_state_display().lower()}
            + (" " + _("Make a correction instead.") if current.state == RealizationState.VERIFIED else "")
        )
    if apply_changes(current, {"value": number, "explanation": explanation}):
        current.entered_by = person(user)
        current.lock_version += 1
        current.save()
    return current


def _load_for_update(realization: Realization) -> Realization:
    return (
        Realization.objects.select_for_update(of=("self",))
        .select_related("period", "agency", "indicator")
        .get(pk=realization.pk)
    )


@transaction.atomic
def realization_submit(*, user, realization: Realization, expected_version: int | None, now=None) -> Realization:
    """Submit a draft or returned value for verification (agency head); late when past the deadline."""
    realization = _load_for_update(realization)
    require(user, SUBMIT, realization.agency, area=MONITORING)
    check_version(realization, expected_version, ["value", "state"])
    if realization.state not in EDITABLE_STATES:
        raise ValidationError(_("Only a draft or returned value can be submitted."))
    now = now or timezone.now()
    allowed, why = entry_allowed(realization.period, realization.agency_id, timezone.localdate(now))
    if not allowed:
        raise ValidationError(why)
    if not realization.evidence.exists() and not realization.explanation.strip():
        raise ValidationError(_("Attach evidence or explain the value before submitting it."))
    realization.state = RealizationState.SUBMITTED
    realization.submitted_at, realization.submitted_by = now, person(user)
    realization.is_late = timezone.localdate(now) > realization.period.deadline
    realization.lock_version += 1
    realization.save()
    audit.record_event(
        action="submitted", obj=realization, after={"value": realization.value, "late": realization.is_late}
    )
    return realization


@transaction.atomic
def realization_verify(*, user, realization: Realization, expected_version: int | None) -> Realization:
    """Verify a submitted value (planner); it is then locked."""
    realization = _load_for_update(realization)
    require(user, VERIFY, realization.agency, area=MONITORING)
    check_version(realization, expected_version, ["value", "state"])
    if realization.state != RealizationState.SUBMITTED:
        raise ValidationError(_("Only a submitted value can be verified."))
    if _is_locked(realization.period, realization.agency_id):
        raise ValidationError(_("%(period)s is locked for this agency.") % {"period": realization.period})
    realization.state = RealizationState.VERIFIED
    realization.reviewed_at, realization.reviewed_by = timezone.now(), person(user)
    realization.lock_version += 1
    realization.save()
    audit.record_event(action="verified", obj=realization, after={"value": realization.value})
    return realization


@transaction.atomic
def realization_return(*, user, realization: Realization, reason: str, expected_version: int | None) -> Realization:
    """Return a submitted value to the agency with the reason (planner)."""
    realization = _load_for_update(realization)
    require(user, VERIFY, realization.agency, area=MONITORING)
    check_version(realization, expected_version, ["value", "state"])
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the value is returned.")})
    if realization.state != RealizationState.SUBMITTED:
        raise ValidationError(_("Only a submitted value can be returned."))
    realization.state = RealizationState.RETURNED
    realization.return_reason = reason.strip()
    realization.reviewed_at, realization.reviewed_by = timezone.now(), person(user)
    realization.lock_version += 1
    with audit.audit_context(reason=reason.strip()):
        realization.save()
        audit.record_event(
            action="returned", obj=realization, after={"value": realization.value}, reason=reason.strip()
        )
    return realization


@transaction.atomic
def realization_correct(
    *, user, realization: Realization, value, explanation: str, reason: str, expected_version: int | None
) -> Realization:
    """Correct a verified value: a new version (draft) with the reason; the verified one stays readable."""
    realization = _load_for_update(realization)
    require(user, "change", realization.agency, area=MONITORING)
    check_version(realization, expected_version, ["value", "state"])
    if realization.state != RealizationState.VERIFIED or not realization.is_current:
        raise ValidationError(_("Only the current verified value is corrected this way; edit drafts directly."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("State the reason for the correction.")})
    if _is_locked(realization.period, realization.agency_id):
        raise ValidationError(_("%(period)s is locked for this agency.") % {"period": realization.period})
    number = _value(value)
    with audit.audit_context(reason=reason.strip()):
        realization.is_current = False
        realization.state = RealizationState.SUPERSEDED
        realization.lock_version += 1
        realization.save()
        return Realization.objects.create(
            government_id=realization.government_id,
            agency_id=realization.agency_id,
            indicator_id=realization.indicator_id,
            period_id=realization.period_id,
            version=realization.version + 1,
            value=number,
            explanation=explanation,
            correction_reason=reason.strip(),
            entered_by=person(user),
        )


# The entries a value's history shows of its files (``selectors.evidence_history``).
EVIDENCE_ADDED = "evidence_added"
EVIDENCE_REMOVED = "evidence_removed"


@transaction.atomic
def evidence_add(*, user, realization: Realization, upload) -> Evidence:
    """Attach a file to an editable value; its type is checked by content and it is stored under its SHA-256."""
    realization = _load_for_update(realization)
    require(user, "change", realization.agency, area=MONITORING)
    if realization.state not in EDITABLE_STATES:
        raise ValidationError(_("Evidence can be added only while the value is a draft or returned."))
    content_type, sha256, size = inspect_upload(upload)
    # The value is locked (above): two uploads of one file to it at once cannot both pass.
    if realization.evidence.filter(sha256=sha256).exists():
        raise ValidationError(
            _("%(name)s is already attached to this value (the same file).") % {"name": upload.name[:80]}
        )
    metadata = exif.read_upload(upload, content_type)
    evidence = Evidence(
        realization=realization,
        name=upload.name[:255],
        content_type=content_type,
        size=size,
        sha256=sha256,
        taken_at=metadata.taken_at,
        taken_outside_period=Evidence.taken_outside(metadata.taken_at, realization.period),
        latitude=metadata.latitude,
        longitude=metadata.longitude,
        uploaded_by=person(user),
    )
    evidence.file.save(sha256, upload, save=False)
    evidence.save()
    # On the value too (the file's own entry names the file): the value's history reads its entries by its id.
    audit.record_event(
        action=EVIDENCE_ADDED, obj=realization, after={"evidence": evidence.pk, "name": evidence.name, "sha256": sha256}
    )
    return evidence


def mark_photos_outside_periods(*, evidence_model=None, period_model=None) -> int:
    """Set ``taken_outside_period`` on the photos loaded without ``evidence_add`` (bulk loads, migration
    ``monitoring.0014``): per reporting period, the photos whose time lies before its first day's local
    midnight or from the midnight after its last day, as ``Evidence.taken_outside`` decides one. Returns how
    many. The models may be a migration's historical ones."""
    evidence_model = evidence_model or Evidence
    period_model = period_model or ReportingPeriod
    marked = 0
    for pk, starts, ends in period_model.objects.values_list("pk", "starts", "ends").iterator():
        start = timezone.make_aware(datetime.datetime.combine(starts, datetime.time.min))
        end = timezone.make_aware(datetime.datetime.combine(ends + datetime.timedelta(days=1), datetime.time.min))
        marked += (
            evidence_model.objects.filter(realization__period_id=pk, taken_at__isnull=False, taken_outside_period=False)
            .filter(Q(taken_at__lt=start) | Q(taken_at__gte=end))
            .update(taken_outside_period=True)
        )
    return marked


@transaction.atomic
def evidence_remove(*, user, evidence: Evidence, expected_version: int | None) -> None:
    """Remove a file from an editable value. ``expected_version`` is the lock_version of the value as the user
    saw it: evidence of a value changed meanwhile (entered again, submitted, returned) is not removed unseen."""
    evidence = Evidence.objects.select_related("realization__agency").get(pk=evidence.pk)
    realization = _load_for_update(evidence.realization)
    require(user, "change", realization.agency, area=MONITORING)
    check_version(realization, expected_version, ["value", "explanation", "state"])
    if realization.state not in EDITABLE_STATES:
        raise ValidationError(_("Evidence of a submitted or verified value cannot be removed."))
    audit.record_event(
        action=EVIDENCE_REMOVED,
        obj=realization,
        before={"evidence": evidence.pk, "name": evidence.name, "sha256": evidence.sha256},
    )
    evidence.delete()  # the stored file stays: the audit trail refers to its SHA-256


# --- budget and physical progress ------------------------------------------------------------------


@transaction.atomic
def budget_set(*, user, node: PlanNode, year: int, ceiling, expected_version: int | None) -> Budget:
    """Set the budget ceiling (pagu) of a sub-activity for a year (planners and administrators).

    The ceiling never falls below what the months already plan or spend: that would leave the year's
    figures above their own ceiling and refuse every later entry."""
    if node.kind != NodeKind.SUB_ACTIVITY:
        raise ValidationError(_("Budgets are kept per sub-activity."))
    require(user, SET_CEILING, node.agency, area=MONITORING)
    amount = _amount(ceiling, "ceiling")
    budget = Budget.objects.select_for_update().filter(node=node, year=year).first()
    if budget is None:
        return Budget.objects.create(node=node, year=year, ceiling=amount)
    check_version(budget, expected_version, ["ceiling"])
    totals = budget.months.aggregate(planned=Sum("cash_plan"), spent=Sum("spent"))
    floor = max(totals["planned"] or Decimal(0), totals["spent"] or Decimal(0))
    if amount < floor:
        raise ValidationError(
            {
                "ceiling": _("The ceiling cannot be below what the months already plan or spend (%(floor)s).")
                % {"floor": number_format(floor, decimal_pos=0, force_grouping=True)}
            }
        )
    if apply_changes(budget, {"ceiling": amount}):
        budget.lock_version += 1
        budget.save()
    return budget


def _amount(value, field: str, *, allow_none: bool = False, percent: bool = False) -> Decimal | None:
    try:
        number = parse_number(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if number is None:
        if allow_none:
            return None
        raise ValidationError({field: _("Enter an amount.")})
    if number < 0:
        raise ValidationError({field: _("The amount cannot be negative.")})
    if percent and number > 100:
        raise ValidationError({field: _("Progress is a percentage between 0 and 100.")})
    return number


@transaction.atomic
def budget_month_set(
    *,
    user,
    budget: Budget,
    month: int,
    cash_plan=None,
    spent=None,
    physical_plan=None,
    physical_actual=None,
    expected_version: int | None,
) -> BudgetMonth:
    """Enter one month's cash plan, spending and physical progress (cumulative percent, entered directly)."""
    budget = Budget.objects.select_related("node__agency").get(pk=budget.pk)
    require(user, "change", budget.node.agency, area=MONITORING)
    if not 1 <= int(month) <= 12:
        raise ValidationError({"month": _("A month is 1 to 12.")})
    data = {
        "cash_plan": _amount(cash_plan, "cash_plan", allow_none=True) or Decimal(0),
        "spent": _amount(spent, "spent", allow_none=True),
        "physical_plan": _amount(physical_plan, "physical_plan", allow_none=True, percent=True),
        "physical_actual": _amount(physical_actual, "physical_actual", allow_none=True, percent=True),
    }
    row = BudgetMonth.objects.select_for_update().filter(budget=budget, month=month).first()
    if row is None:
        row = BudgetMonth(budget=budget, month=month, **data)
        _check_totals(budget, row)
        row.save()
        return row
    check_version(row, expected_version, list(data))
    if apply_changes(row, data):
        _check_totals(budget, row)
        row.lock_version += 1
        row.save()
    return row


def _check_totals(budget: Budget, row: BudgetMonth) -> None:
    others = BudgetMonth.objects.filter(budget=budget).exclude(month=row.month)
    planned = sum((m.cash_plan for m in others), Decimal(0)) + row.cash_plan
    spent = sum((m.spent or 0 for m in others), Decimal(0)) + (row.spent or 0)
    if planned > budget.ceiling:
        raise ValidationError(
            {
                "cash_plan": _("The cash plan (%(planned)s) exceeds the ceiling (%(ceiling)s).")
                % {"planned": format_number(planned), "ceiling": format_number(budget.ceiling)}
            }
        )
    if spent > budget.ceiling:
        raise ValidationError(
            {
                "spent": _("Spending (%(spent)s) exceeds the ceiling (%(ceiling)s).")
                % {"spent": format_number(spent), "ceiling": format_number(budget.ceiling)}
            }
        )
