"""Writes of supervision: assigning supervisors, sending requests, answering, closing and reopening them.

Who may do what (see docs and README, Supervisi):
- the administrator assigns leaders to agencies (``assign``); an assignment without an agency covers every
  agency of the government (the governor's, in the demo);
- a leader sends a request only to an agency assigned to him (or to any agency when he holds an
  assignment of the whole government), and closes or reopens only the requests he sent;
- the head of the agency answers, with evidence, while the request is open;
- operators of the agency, planners and inspectors read.
Every write checks the right (``kinerja.core.access``), runs in a transaction, refuses a stale edit
(``lock_version``) and lands in the audit trail (the models are AuditedModel; a close or reopen note is
the audit entry's reason).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.access import is_system, require
from kinerja.core.audit import audit_context
from kinerja.core.choices import Role
from kinerja.core.models import Agency, Government, Membership
from kinerja.core.services import check_version
from kinerja.core.uploads import inspect_upload
from kinerja.dashboards.models_supervision import (
    ANSWER_TEXT_MAX,
    NOTE_MAX,
    REQUEST_TEXT_MAX,
    SIGNAL_KEY,
    RequestKind,
    RequestState,
    SupervisionAnswer,
    SupervisionAssignment,
    SupervisionRequest,
)
from kinerja.dashboards.permissions import ADD, ANSWER, ASSIGN, CHANGE, SUPERVISION

# How far ahead a due date may be set: a request is for the weeks ahead, not the next years.
MAX_DUE_DAYS = 366


def is_leader(user, government: Government) -> bool:
    """Return whether ``user`` holds an active leader membership in ``government`` (one query)."""
    return Membership.objects.filter(
        user=user, government=government, role=Role.LEADER, is_active=True, user__is_active=True
    ).exists()


def supervised_agency_ids(user, government: Government) -> set[int] | None:
    """The agencies ``user`` supervises: a set of ids, None for every agency (an assignment of the whole government).

    One query. A user without assignments supervises nothing (an empty set)."""
    if is_system(user):
        return None
    rows = list(
        SupervisionAssignment.objects.filter(supervisor_id=user.pk, government=government, is_active=True).values_list(
            "agency_id", flat=True
        )
    )
    if any(agency_id is None for agency_id in rows):
        return None
    return set(rows)


def may_supervise(user, agency: Agency) -> bool:
    """Whether ``user`` may send ``agency`` a request: the leader's right, and an assignment covering it."""
    from kinerja.core.access import may

    if not may(user, ADD, agency, area=SUPERVISION):
        return False
    if is_system(user) or user.is_superuser:
        return True
    ids = supervised_agency_ids(user, agency.government)
    return ids is None or agency.pk in ids


def _locked(model, pk):
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def _clean_text(value: str, field: str, limit: int, *, required: bool = True) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise ValidationError({field: _("The text contains a character that is not allowed.")})
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > limit:
        raise ValidationError(
            {field: _("At most %(limit)s characters (this has %(n)s).") % {"limit": limit, "n": len(text)}}
        )
    return text


# --- assignments -------------------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(*, user, government: Government, supervisor, agency: Agency | None = None):
    """Assign ``supervisor`` (who must hold the leader role) to ``agency``, or to every agency when None."""
    require(user, ASSIGN, government, area=SUPERVISION)
    if not is_leader(supervisor, government):
        raise ValidationError(
            {"supervisor": _("Only a leader (governor, vice-governor, Sekda) can supervise agencies.")}
        )
    if agency is not None and agency.government_id != government.pk:
        raise ValidationError({"agency": _("The agency belongs to another government.")})
    existing = SupervisionAssignment.objects.filter(supervisor=supervisor, government=government, is_active=True)
    if existing.filter(agency=agency).exists():
        raise ValidationError({"agency": _("%(user)s already supervises this.") % {"user": supervisor}})
    assignment = SupervisionAssignment(government=government, supervisor=supervisor, agency=agency)
    assignment.full_clean(exclude=["lock_version"], validate_constraints=False)
    assignment.save()
    return assignment


@transaction.atomic
def assignment_end(*, user, assignment: SupervisionAssignment, expected_version: int | None):
    """End an assignment (it stays on record, inactive); the requests already sent stay as they are."""
    assignment = _locked(SupervisionAssignment, assignment.pk)
    require(user, ASSIGN, assignment.government, area=SUPERVISION)
    check_version(assignment, expected_version, ["is_active"])
    if not assignment.is_active:
        raise ValidationError({"is_active": _("This assignment has already ended.")})
    assignment.is_active = False
    assignment.lock_version = F("lock_version") + 1
    assignment.save()
    assignment.refresh_from_db()
    return assignment


# --- requests ----------------------------------------------------------------------------------------------


def _subject_errors(agency: Agency, indicator, project, obstacle, signal_key: str) -> dict:
    errors = {}
    given = [name for name, value in (("indicator", indicator), ("project", project), ("obstacle", obstacle),
                                      ("signal_key", signal_key)) if value]  # fmt: skip
    if len(given) > 1:
        errors[given[1]] = _("Choose one subject: an indicator, a project, an obstacle or a signal.")
        return errors
    if indicator is not None and agency.pk not in (indicator.node.agency_id, indicator.responsible_agency_id):
        errors["indicator"] = _("The indicator is not reported by %(agency)s.") % {"agency": agency}
    if project is not None and project.agency_id != agency.pk:
        errors["project"] = _("The project is not owned by %(agency)s.") % {"agency": agency}
    if obstacle is not None and obstacle.agency_id != agency.pk:
        errors["obstacle"] = _("The obstacle is not one of %(agency)s.") % {"agency": agency}
    if signal_key:
        try:
            SIGNAL_KEY(signal_key)
        except ValidationError as exc:
            errors["signal_key"] = exc.messages[0]
    return errors


@transaction.atomic
def request_send(
    *,
    user,
    agency: Agency,
    kind: str,
    text: str,
    due: datetime.date,
    indicator=None,
    project=None,
    obstacle=None,
    signal_key: str = "",
    supervisor=None,
    today: datetime.date | None = None,
) -> SupervisionRequest:
    """A supervisor sends ``agency`` a question or an instruction, due by ``due``.

    ``supervisor`` is the sender when the system acts (the demo); a person always sends in their own name."""
    today = today or timezone.localdate()
    if is_system(user):
        if supervisor is None:
            raise ValueError("the system sends a request in a supervisor's name: pass supervisor")
    else:
        supervisor = user
    if not may_supervise(user, agency):
        raise PermissionDenied(_("You may send supervision requests only to the agencies assigned to you."))
    if is_system(user) and not (supervisor.is_superuser or may_supervise(supervisor, agency)):
        raise ValidationError(
            {"supervisor": _("%(user)s does not supervise %(agency)s.") % {"user": supervisor, "agency": agency}}
        )
    errors = {}
    if kind not in RequestKind.values:
        errors["kind"] = _("Choose a question or an instruction.")
    try:
        text = _clean_text(text, "text", REQUEST_TEXT_MAX)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not isinstance(due, datetime.date):
        errors["due"] = _("Enter a due date.")
    elif due < today:
        errors["due"] = _("The due date cannot be in the past.")
    elif due > today + datetime.timedelta(days=MAX_DUE_DAYS):
        errors["due"] = _("The due date may be at most a year ahead.")
    signal_key = (signal_key or "").strip()
    errors.update(_subject_errors(agency, indicator, project, obstacle, signal_key))
    if errors:
        raise ValidationError(errors)
    request = SupervisionRequest(
        government_id=agency.government_id, agency=agency, supervisor=supervisor, kind=kind, text=text, due=due,
        indicator=indicator, project=project, obstacle=obstacle, signal_key=signal_key, sent_on=today,
    )  # fmt: skip
    request.save()
    return request


@transaction.atomic
def request_answer(
    *,
    user,
    request: SupervisionRequest,
    text: str,
    evidence=None,
    expected_version: int | None,
    now: datetime.datetime | None = None,
) -> SupervisionAnswer:
    """The agency head answers an open request, with evidence (checked by its content); it becomes answered."""
    request = _locked(SupervisionRequest, request.pk)
    require(user, ANSWER, request)
    check_version(request, expected_version, ["state"])
    if request.state != RequestState.OPEN:
        raise ValidationError({"text": _("This request is not waiting for an answer (it is %(state)s).")
                               % {"state": request.get_state_display()}})  # fmt: skip
    text = _clean_text(text, "text", ANSWER_TEXT_MAX)
    answer = SupervisionAnswer(
        request=request, author=None if is_system(user) else user, text=text, answered_at=now or timezone.now()
    )
    if evidence is not None:
        try:
            content_type, sha256, _size = inspect_upload(evidence)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}) from exc
        answer.sha256, answer.evidence_type, answer.evidence_name = sha256, content_type, evidence.name[:255]
        answer.evidence.save(evidence.name, evidence, save=False)
    answer.save()
    request.state = RequestState.ANSWERED
    request.lock_version = F("lock_version") + 1
    request.save()
    return answer


def require_sender(user, request: SupervisionRequest) -> None:
    """Refuse (PermissionDenied) anyone but the supervisor who sent ``request`` (and a superuser)."""
    require(user, CHANGE, request)
    if is_system(user) or user.is_superuser or user.pk == request.supervisor_id:
        return
    raise PermissionDenied(_("Only the supervisor who sent this request may close or reopen it."))


@transaction.atomic
def request_close(
    *, user, request: SupervisionRequest, note: str = "", expected_version: int | None
) -> SupervisionRequest:
    """The supervisor closes a request (answered, or open when it is no longer needed), with an optional note."""
    request = _locked(SupervisionRequest, request.pk)
    require_sender(user, request)
    check_version(request, expected_version, ["state"])
    note = _clean_text(note, "note", NOTE_MAX, required=False)
    if request.state == RequestState.CLOSED:
        raise ValidationError({"note": _("This request is already closed.")})
    with audit_context(reason=note or _("closed")):
        request.state, request.note, request.closed_at = RequestState.CLOSED, note, timezone.now()
        request.lock_version = F("lock_version") + 1
        request.save()
    request.refresh_from_db()
    return request


@transaction.atomic
def request_reopen(
    *,
    user,
    request: SupervisionRequest,
    note: str,
    due: datetime.date | None = None,
    expected_version: int | None,
    today: datetime.date | None = None,
) -> SupervisionRequest:
    """The supervisor reopens an answered or closed request: the note (required) says what is still missing."""
    today = today or timezone.localdate()
    request = _locked(SupervisionRequest, request.pk)
    require_sender(user, request)
    check_version(request, expected_version, ["state"])
    note = _clean_text(note, "note", NOTE_MAX)
    if request.state == RequestState.OPEN:
        raise ValidationError({"note": _("This request is still open.")})
    if due is not None and (due < today or due > today + datetime.timedelta(days=MAX_DUE_DAYS)):
        raise ValidationError({"due": _("The new due date must lie between today and a year ahead.")})
    with audit_context(reason=note):
        request.state, request.note, request.closed_at = RequestState.OPEN, note, None
        if due is not None:
            request.due = due
        request.lock_version = F("lock_version") + 1
        request.save()
    request.refresh_from_db()
    return request


def overdue_filter(today: datetime.date) -> Q:
    return Q(state=RequestState.OPEN, due__lt=today)
