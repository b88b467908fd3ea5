"""Writes of the satisfaction app: surveys, responses (public page, kiosk API, paper), moderation."""

import datetime
import hashlib
import hmac
import secrets
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import audit
from kinerja.core.models import ServiceUnit
from kinerja.core.services import apply_changes, check_version, require
from kinerja.satisfaction.choices import (
    AGE_MAX,
    AGE_MIN,
    Channel,
    Education,
    Gender,
    Occupation,
    SuggestionStatus,
    SurveyPeriodKind,
    SurveyStatus,
)
from kinerja.satisfaction.models import (
    Answer,
    KioskKey,
    Response,
    Survey,
    SurveyElement,
    SurveyMethod,
    SurveyService,
)

PERIOD_NUMBERS = {SurveyPeriodKind.QUARTER: 4, SurveyPeriodKind.SEMESTER: 2, SurveyPeriodKind.YEAR: 1}
SUGGESTION_MAX = 2000
FOLLOW_UP_MAX = 10000


class Refused(Exception):
    """A submission refused before validation (flood, reused form): nothing is stored."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# --- surveys -------------------------------------------------------------------------------------


def _period_bounds(kind: str, year: int, number: int) -> tuple[datetime.date, datetime.date]:
    months = {SurveyPeriodKind.QUARTER: 3, SurveyPeriodKind.SEMESTER: 6, SurveyPeriodKind.YEAR: 12}[kind]
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    end = datetime.date(year + (last_month == 12), last_month % 12 + 1, 1) - datetime.timedelta(days=1)
    return datetime.date(year, first_month, 1), end


@transaction.atomic
def survey_create(
    *,
    user,
    service_unit: ServiceUnit,
    period_kind: str,
    year: int,
    number: int,
    population: int,
    services: list[str],
    method: SurveyMethod | None = None,
    is_illustrative: bool = False,
) -> Survey:
    """Create the survey of a unit for a period, with the services it offers (open for answers at once)."""
    require(user, Survey, "add")
    require_unit(user, service_unit, "add")
    if period_kind not in PERIOD_NUMBERS:
        raise ValidationError({"period_kind": _("Choose a quarter, a semester or a year.")})
    if not 1 <= number <= PERIOD_NUMBERS[period_kind]:
        raise ValidationError({"number": _("This period has no number %(number)s.") % {"number": number}})
    if population is None or population < 0:
        raise ValidationError({"population": _("Enter the number of service users of the previous period.")})
    names = _clean_services(services)
    method = method or SurveyMethod.objects.order_by("-created").first()
    starts, ends = _period_bounds(period_kind, year, number)
    if Survey.objects.filter(service_unit=service_unit, year=year, period_kind=period_kind, number=number).exists():
        raise ValidationError(_("This unit already has a survey for this period."))
    survey = Survey.objects.create(
        government_id=service_unit.government_id,
        service_unit=service_unit,
        method=method,
        period_kind=period_kind,
        year=year,
        number=number,
        starts=starts,
        ends=ends,
        population=population,
        status=SurveyStatus.OPEN,
        is_illustrative=is_illustrative,
    )
    for name in names:
        SurveyService.objects.create(survey=survey, name=name)
    return survey


def _clean_services(services: list[str]) -> list[str]:
    names = []
    for name in services:
        name = " ".join((name or "").split())
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name[:200])
    if not names:
        raise ValidationError({"services": _("Name at least one service the unit offers.")})
    return names


def require_unit(user, service_unit: ServiceUnit, action: str) -> None:
    if user is None:
        return
    from kinerja.core.querysets import user_may_for_agency
    from kinerja.satisfaction.permissions import SATISFACTION

    if not user_may_for_agency(user, SATISFACTION, action, service_unit.agency):
        raise PermissionDenied(_("You are not allowed to do this."))


@transaction.atomic
def survey_update(*, user, survey: Survey, data: dict, expected_version: int | None = None) -> Survey:
    """Change the population, the status or the services of a survey (optimistic locking)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    require_unit(user, survey.service_unit, "change")
    check_version(survey, expected_version, ["population", "status", "follow_up_plan"])
    changes = {}
    if "population" in data:
        population = data["population"]
        if population is None or int(population) < 0:
            raise ValidationError({"population": _("Enter the number of service users of the previous period.")})
        changes["population"] = int(population)
    if "status" in data:
        if data["status"] not in SurveyStatus.values:
            raise ValidationError({"status": _("Unknown status.")})
        changes["status"] = data["status"]
    if "follow_up_plan" in data:
        plan = (data["follow_up_plan"] or "").strip()
        if len(plan) > FOLLOW_UP_MAX:
            raise ValidationError(
                {
                    "follow_up_plan": _("The follow-up plan is too long (at most %(n)s characters).")
                    % {"n": FOLLOW_UP_MAX}
                }
            )
        changes["follow_up_plan"] = plan
    if "services" in data:
        names = _clean_services(data["services"])
        existing = {s.name: s for s in survey.services.all()}
        for name in names:
            if name not in existing:
                SurveyService.objects.create(survey=survey, name=name)
        for name, service in existing.items():
            if name not in names:
                if service.responses.exists():
                    raise ValidationError(
                        {"services": _("“%(name)s” already has responses and stays.") % {"name": name}}
                    )
                service.delete()
    if apply_changes(survey, changes):
        survey.lock_version += 1
        survey.save()
    return survey


# --- responses -----------------------------------------------------------------------------------


@dataclass
class CleanResponse:
    service: int | None  # the SurveyService id
    gender: str
    age: int
    education: str
    occupation: str
    suggestion: str
    scores: dict[int, int]  # element id -> score


def client_key(address: str) -> str:
    """A keyed hash of the client address and the day: enough to limit floods, useless to identify anyone."""
    day = timezone.localdate().isoformat()
    return hmac.new(settings.SECRET_KEY.encode(), f"{address}|{day}".encode(), hashlib.sha256).hexdigest()


def check_rate(client: str, limit: int | None = None) -> None:
    """Refuse when this client sent ``limit`` (default SURVEY_RATE_LIMIT) responses in the last SURVEY_RATE_WINDOW
    seconds. A kiosk, which serves many respondents from one place, has its own limit (SURVEY_KIOSK_RATE_LIMIT)."""
    if not client:
        return
    limit = settings.SURVEY_RATE_LIMIT if limit is None else limit
    since = timezone.now() - datetime.timedelta(seconds=settings.SURVEY_RATE_WINDOW)
    if Response.objects.filter(client=client, created__gte=since)[:limit].count() >= limit:
        raise Refused(
            _("Too many questionnaires were sent from this connection just now. Please try again in a few minutes."),
            status=429,
        )


def clean_response(
    survey: Survey, elements: list[SurveyElement], data: dict, *, require_all: bool = True
) -> CleanResponse:
    """Check a questionnaire: every field valid, every element answered 1–4 (paper may leave elements blank).

    ``data`` has service (id), gender, age, education, occupation, suggestion and ``scores`` mapping the
    element code to a score. Raises ValidationError with one message per field.
    """
    errors: dict[str, str] = {}
    service = None
    try:
        service = int(data.get("service"))
        if not SurveyService.objects.filter(survey_id=survey.pk, pk=service).exists():
            raise ValueError
    except (TypeError, ValueError):
        service = None
        errors["service"] = _("Choose the service you used.")
    gender = data.get("gender")
    if gender not in Gender.values:
        errors["gender"] = _("Choose your gender.")
    age = None
    try:
        age = int(str(data.get("age", "")).strip())
        if not AGE_MIN <= age <= AGE_MAX:
            raise ValueError
    except ValueError:
        errors["age"] = _("Enter an age between %(min)s and %(max)s.") % {"min": AGE_MIN, "max": AGE_MAX}
    education = data.get("education")
    if education not in Education.values:
        errors["education"] = _("Choose your last education.")
    occupation = data.get("occupation")
    if occupation not in Occupation.values:
        errors["occupation"] = _("Choose your occupation.")
    suggestion = (data.get("suggestion") or "").strip()
    if len(suggestion) > SUGGESTION_MAX:
        errors["suggestion"] = _("The suggestion is too long (at most %(n)s characters).") % {"n": SUGGESTION_MAX}
    raw_scores = data.get("scores") or {}
    known = {e.code for e in elements}
    unknown = sorted(set(raw_scores) - known)
    if unknown:
        errors["scores"] = _("Unknown questions: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}
    scores: dict[int, int] = {}
    for element in elements:
        value = raw_scores.get(element.code)
        if value in (None, ""):
            if require_all:
                errors[element.code] = _("Answer this question.")
            continue
        try:
            score = int(value)
            if isinstance(value, float) or score not in (1, 2, 3, 4):
                raise ValueError
        except (TypeError, ValueError):
            errors[element.code] = _("Choose one of the four answers.")
            continue
        scores[element.pk] = score
    if errors:
        raise ValidationError(errors)
    return CleanResponse(service, gender, age, education, occupation, suggestion, scores)


_ELEMENTS: dict[int, list[SurveyElement]] = {}


def method_elements(method_id: int) -> list[SurveyElement]:
    """The elements of a method, kept per process: a method in use never changes (a change is a new method)."""
    elements = _ELEMENTS.get(method_id)
    if elements is None:
        elements = list(SurveyElement.objects.filter(method_id=method_id).order_by("position"))
        if elements:
            _ELEMENTS[method_id] = elements
    return elements


def survey_accepts(survey: Survey, today: datetime.date | None = None) -> str | None:
    """Return why the survey takes no answers now, or None when it does."""
    today = today or timezone.localdate()
    if survey.status != SurveyStatus.OPEN:
        return _("This survey is closed.")
    if today < survey.starts:
        return _("This survey opens on %(date)s.") % {"date": survey.starts.strftime("%d-%m-%Y")}
    return None


def response_submit(
    *,
    survey: Survey,
    data: dict,
    channel: str = Channel.WEB,
    form_token: str | None = None,
    client: str = "",
    user=None,
    elements: list[SurveyElement] | None = None,
) -> Response:
    """Store one questionnaire after every check, or raise (Refused / ValidationError) storing nothing."""
    why = survey_accepts(survey) if channel != Channel.PAPER else None
    if why:
        raise ValidationError(why)
    if channel == Channel.PAPER:
        require_unit(user, survey.service_unit, "add")
    check_rate(client, settings.SURVEY_KIOSK_RATE_LIMIT if channel == Channel.KIOSK else None)
    elements = elements if elements is not None else method_elements(survey.method_id)
    clean = clean_response(survey, elements, data, require_all=channel != Channel.PAPER)
    response = Response(
        survey=survey,
        service_id=clean.service,
        gender=clean.gender,
        age=clean.age,
        education=clean.education,
        occupation=clean.occupation,
        suggestion=clean.suggestion,
        channel=channel,
        form_token=form_token or None,
        client=client,
    )
    try:
        if connection.vendor == "postgresql" and clean.scores:
            # Inside a caller's transaction a savepoint keeps a refused duplicate from breaking it.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                _insert_in_one_statement(response, clean.scores)
        else:
            with transaction.atomic():
                response.save(force_insert=True)
                Answer.objects.bulk_create(
                    [Answer(response=response, survey=survey, element_id=pk, score=s) for pk, s in clean.scores.items()]
                )
    except IntegrityError as error:
        if form_token and Response.objects.filter(form_token=form_token).exists():
            raise Refused(_("This questionnaire was already sent. Thank you!"), status=409) from error
        raise
    return response


def _insert_in_one_statement(response: Response, scores: dict[int, int]) -> None:
    """PostgreSQL: the response and its answers in one statement (one round trip, atomic by itself).

    Submissions are the hot path of the public survey (see make bench); the ORM path above does the same
    in four round trips and is the one used on SQLite.
    """
    now = timezone.now()
    response.created = response.updated = now
    fields = [
        "created", "updated", "survey_id", "service_id", "gender", "age", "education", "occupation", "suggestion",
        "suggestion_status", "channel", "form_token", "client", "is_illustrative",
    ]  # fmt: skip
    values = [getattr(response, name) for name in fields]
    response_table, answer_table = Response._meta.db_table, Answer._meta.db_table
    # Table and column names come from the models; every value is a parameter.
    sql = (
        f"WITH new AS (INSERT INTO {response_table} ({', '.join(fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING id) "
        f"INSERT INTO {answer_table} (response_id, survey_id, element_id, score) "
        f"SELECT new.id, %s, a.element_id, a.score FROM new, unnest(%s::bigint[], %s::smallint[]) AS a(element_id, score) "
        f"RETURNING response_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, response.survey_id, list(scores), list(scores.values())])
        response.pk = cursor.fetchone()[0]
    response._state.adding = False
    response._state.db = "default"


@transaction.atomic
def suggestion_moderate(*, user, response: Response, status: str) -> Response:
    """Publish or hide a respondent's suggestion (service-quality officers only); recorded in the audit trail."""
    from kinerja.core.querysets import user_may_for_agency
    from kinerja.satisfaction.permissions import MODERATE, SATISFACTION

    response = Response.objects.select_for_update().select_related("survey__service_unit__agency").get(pk=response.pk)
    if user is not None and not user_may_for_agency(user, SATISFACTION, MODERATE, response.survey.service_unit.agency):
        raise PermissionDenied(_("Only service-quality officers moderate suggestions."))
    if status not in SuggestionStatus.values:
        raise ValidationError(_("Unknown status."))
    if not response.suggestion:
        raise ValidationError(_("This response has no suggestion."))
    before = response.suggestion_status
    if before != status:
        response.suggestion_status = status
        response.save(update_fields=["suggestion_status", "updated"])
        audit.record_event(
            action="moderate",
            obj=response.survey,
            before={"response": response.pk, "suggestion_status": before},
            after={"response": response.pk, "suggestion_status": status},
        )
    return response


# --- kiosk keys ----------------------------------------------------------------------------------

KIOSK_KEY_PREFIX = "kio_"


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def kiosk_key_create(*, user, service_unit: ServiceUnit, name: str) -> tuple[KioskKey, str]:
    """Make a key for a kiosk or partner app of a unit; return it with the key, which is never shown again."""
    require_unit(user, service_unit, "change")
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Name the kiosk or the app that will use this key.")})
    key = KIOSK_KEY_PREFIX + secrets.token_urlsafe(32)
    record = KioskKey.objects.create(
        government_id=service_unit.government_id,
        service_unit=service_unit,
        name=name[:120],
        prefix=key[:8],
        key_hash=_key_hash(key),
    )
    return record, key


@transaction.atomic
def kiosk_key_revoke(*, user, key: KioskKey) -> KioskKey:
    key = KioskKey.objects.select_for_update().select_related("service_unit").get(pk=key.pk)
    require_unit(user, key.service_unit, "change")
    if key.revoked is None:
        key.revoked = timezone.now()
        key.save()
    return key


def kiosk_key_find(key: str) -> KioskKey | None:
    """The active key record for a presented key, or None (unknown or revoked)."""
    if not key or not key.startswith(KIOSK_KEY_PREFIX):
        return None
    record = (
        KioskKey.objects.filter(key_hash=_key_hash(key), revoked__isnull=True)
        .only("pk", "service_unit_id", "last_used")
        .order_by()
        .first()
    )
    if record is not None and (record.last_used is None or timezone.now() - record.last_used > LAST_USED_STEP):
        KioskKey.objects.filter(pk=record.pk).update(last_used=timezone.now())
    return record


LAST_USED_STEP = datetime.timedelta(minutes=5)
