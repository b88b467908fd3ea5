"""Writes of the satisfaction app: surveys, responses (public page, kiosk API, paper), moderation."""

import datetime
import functools
import hashlib
import hmac
import secrets
import uuid
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core import audit, ratelimit
from kinerja.core.access import require
from kinerja.core.models import ServiceUnit
from kinerja.core.params import ID_MAX
from kinerja.core.services import apply_changes, check_version
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
    ElementTally,
    KioskKey,
    Response,
    Survey,
    SurveyElement,
    SurveyMethod,
    SurveyService,
    SurveyTally,
)
from kinerja.satisfaction.permissions import SATISFACTION

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
    require(user, "add", service_unit, area=SATISFACTION)
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


@transaction.atomic
def survey_update(*, user, survey: Survey, data: dict, expected_version: int | None) -> Survey:
    """Change the population, the status or the services of a survey (optimistic locking)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    require(user, "change", survey.service_unit, area=SATISFACTION)
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


def check_rate(client: str, *, kiosk: bool = False) -> None:
    """Count one questionnaire of this client and refuse it beyond the limit of its window.

    SURVEY_RATE_LIMIT per SURVEY_RATE_WINDOW seconds for a connection; a kiosk, which serves many respondents
    from one place, has its own limit (SURVEY_KIOSK_RATE_LIMIT). The count is one atomic statement shared by
    every process (``kinerja.core.ratelimit``), so concurrent submissions cannot slip past it."""
    if not client:
        return
    decision = ratelimit.check(scope="survey_kiosk" if kiosk else "survey", client=client)
    if not decision.allowed:
        raise Refused(
            _("Too many questionnaires were sent from this connection just now. Please try again in a few minutes."),
            status=429,
        )


def clean_response(
    survey: Survey,
    elements: list[SurveyElement],
    data: dict,
    *,
    require_all: bool = True,
    service_known: bool | None = None,
) -> CleanResponse:
    """Check a questionnaire: every field valid, every element answered 1–4 (paper may leave elements blank).

    ``data`` has service (id), gender, age, education, occupation, suggestion and ``scores`` mapping the
    element code to a score. Raises ValidationError with one message per field. ``service_known`` says
    whether the service id belongs to the survey when the caller already looked it up.
    """
    errors: dict[str, str] = {}
    if not hasattr(data, "get"):
        raise ValidationError({"__all__": _("Send the questionnaire as an object of fields.")})
    service = None
    try:
        service = _strict_int(data.get("service"))
        if service_known is None:
            service_known = SurveyService.objects.filter(survey_id=survey.pk, pk=service).exists()
        if not service_known:
            raise ValueError
    except (TypeError, ValueError):
        service = None
        errors["service"] = _("Choose the service you used.")
    gender = data.get("gender")
    if gender not in Gender.values:
        errors["gender"] = _("Choose your gender.")
    age = None
    try:
        age = _strict_int(data.get("age", ""))
        if not AGE_MIN <= age <= AGE_MAX:
            raise ValueError
    except (TypeError, ValueError, ValidationError):
        errors["age"] = _("Enter an age between %(min)s and %(max)s.") % {"min": AGE_MIN, "max": AGE_MAX}
    education = data.get("education")
    if education not in Education.values:
        errors["education"] = _("Choose your last education.")
    occupation = data.get("occupation")
    if occupation not in Occupation.values:
        errors["occupation"] = _("Choose your occupation.")
    suggestion = data.get("suggestion") or ""
    if not isinstance(suggestion, str):
        errors["suggestion"] = _("The suggestion must be text.")
        suggestion = ""
    suggestion = suggestion.strip()
    if "\x00" in suggestion:
        errors["suggestion"] = _("Null characters are not allowed.")
    elif len(suggestion) > SUGGESTION_MAX:
        errors["suggestion"] = _("The suggestion is too long (at most %(n)s characters).") % {"n": SUGGESTION_MAX}
    raw_scores = data.get("scores") or {}
    if not isinstance(raw_scores, dict):
        errors["scores"] = _("Send the scores as an object of element codes and scores 1–4.")
        raw_scores = {}
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
            score = _strict_int(value)
            if score not in (1, 2, 3, 4):
                raise ValueError
        except (TypeError, ValueError):
            errors[element.code] = _("Choose one of the four answers.")
            continue
        scores[element.pk] = score
    if errors:
        raise ValidationError(errors)
    return CleanResponse(service, gender, age, education, occupation, suggestion, scores)


def _strict_int(value) -> int:
    """An int (never a bool) or a text of digits; raise ValueError for anything else (``true``, ``18.9``),
    and for a number past the 64-bit range of the database's integers (an id of 2**70 overflowed SQLite)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(value)
    text = value.strip() if isinstance(value, str) else str(value)
    if not text.lstrip("+-").isdigit() or len(text) > 20:
        raise ValueError(value)
    number = int(text)
    if abs(number) > ID_MAX:
        raise ValueError(value)
    return number


_ELEMENTS: dict[int, list[SurveyElement]] = {}


def method_elements(method_id: int) -> list[SurveyElement]:
    """The elements of a method, kept per process: a method in use never changes (a change is a new method)."""
    elements = _ELEMENTS.get(method_id)
    if elements is None:
        elements = list(SurveyElement.objects.filter(method_id=method_id).order_by("position"))
        if elements:
            _ELEMENTS[method_id] = elements
    return elements


def survey_accepts(survey: Survey, today: datetime.date | None = None, *, channel: str = Channel.WEB) -> str | None:
    """Return why the survey takes no answers now, or None when it does.

    A survey whose period has ended takes no more answers through any channel (public page, kiosk, paper):
    an answer given after the period would be counted in it. Paper questionnaires are typed in after they
    were filled, so the survey's status and start do not stop them; its end does.
    """
    today = today or timezone.localdate()
    if today > survey.ends:
        return _("The survey period %(period)s ended on %(date)s: it takes no more answers.") % {
            "period": survey.period_label,
            "date": survey.ends.strftime("%d-%m-%Y"),
        }
    if channel == Channel.PAPER:
        return None
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
    known: "KioskFacts | None" = None,
    answered_on: datetime.date | None = None,
) -> Response:
    """Store one questionnaire after every check, or raise (Refused / ValidationError) storing nothing.

    ``known`` carries what the kiosk path already read in one query (whether the service belongs to the
    survey); the checks made with it are the same. ``answered_on`` is the day the questionnaire was
    answered (today; the demo's generated history gives its own)."""
    why = survey_accepts(survey, answered_on, channel=channel)
    if why:
        raise ValidationError(why)
    if channel == Channel.PAPER:
        require(user, "add", survey.service_unit, area=SATISFACTION)
    elements = elements if elements is not None else method_elements(survey.method_id)
    clean = clean_response(
        survey,
        elements,
        data,
        require_all=channel != Channel.PAPER,
        service_known=known.service_known if known else None,
    )
    # Counted once the questionnaire is valid: a respondent correcting a mistake does not use up the limit.
    check_rate(client, kiosk=channel == Channel.KIOSK)
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


@functools.cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        log_query = False

        def execute(self, query, params=None, *, prepare=True, binary=None):
            result = super().execute(query, params, prepare=prepare, binary=binary)
            if self.log_query and self._query is None:
                # A prepared execution keeps no query text; Django's query log (tests, DEBUG) reads it.
                self._query = self._convert_query(query, params)
            return result

    return PreparingCursor


@contextmanager
def hot_cursor():
    """A cursor for the submission's hot statements: on PostgreSQL they run as prepared statements.

    Django binds parameters on the client and never prepares, so every statement is parsed and planned
    anew; for the two statements every submission runs that planning is most of the database's work.
    This cursor binds on the server and prepares (once per connection), and is wrapped like any Django
    cursor (query log, error translation). Behind a transaction-mode pooler, prepared statements need
    PgBouncer 1.21 or later with max_prepared_statements set.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        # Django turns preparation off (for poolers); allow it for what is asked explicitly, nothing else.
        connection.connection.prepare_threshold = 2**31 - 1
    raw = _preparing_cursor_class()(connection.connection)
    raw.log_query = connection.queries_logged
    cursor = connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)
    with cursor:
        yield cursor


def _insert_in_one_statement(response: Response, scores: dict[int, int]) -> None:
    """PostgreSQL: the response and its answers in one statement (one round trip, atomic by itself).

    Submissions are the hot path of the public survey (see make bench); the ORM path above does the same
    in four round trips and is the one used on SQLite.
    """
    now = timezone.now()
    response.created = response.updated = now
    fields = [
        "created", "updated", "survey_id", "service_id", "gender", "age", "education", "occupation", "suggestion",
        "suggestion_status", "channel", "form_token", "client", "is_illustrative", "lock_version",
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
    with hot_cursor() as cursor:
        cursor.execute(sql, [*values, response.survey_id, list(scores), list(scores.values())])
        response.pk = cursor.fetchone()[0]
    response._state.adding = False
    response._state.db = "default"


@transaction.atomic
def suggestion_moderate(*, user, response: Response, status: str, expected_version: int | None) -> Response:
    """Publish or hide a respondent's suggestion (service-quality officers only); recorded in the audit trail.

    ``expected_version`` is the version of the response the moderator saw: a decision taken meanwhile by
    another moderator is a conflict and is not overwritten."""
    from kinerja.satisfaction.permissions import MODERATE

    response = Response.objects.select_for_update().select_related("survey__service_unit").get(pk=response.pk)
    require(user, MODERATE, response.survey.service_unit, area=SATISFACTION)
    check_version(response, expected_version, ["suggestion_status"])
    if status not in SuggestionStatus.values:
        raise ValidationError(_("Unknown status."))
    if not response.suggestion:
        raise ValidationError(_("This response has no suggestion."))
    before = response.suggestion_status
    if before != status:
        response.suggestion_status = status
        response.lock_version += 1
        response.save(update_fields=["suggestion_status", "lock_version", "updated"])
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
    require(user, "change", service_unit, area=SATISFACTION)
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
    require(user, "change", key.service_unit, area=SATISFACTION)
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


class KioskKeyUnknown(Exception):
    """The presented kiosk key is unknown or revoked."""


@dataclass
class KioskFacts:
    """What a kiosk submission needs from the database, read in one query (see ``kiosk_submit``)."""

    key_id: int
    last_used: datetime.datetime | None
    survey: Survey | None
    service_known: bool


def kiosk_client(key_id: int) -> str:
    """The rate-limit client of a kiosk key: each key has its own budget (SURVEY_KIOSK_RATE_LIMIT)."""
    return f"kiosk:{key_id}"


def _kiosk_facts(key: str, survey_id: int, service_id: int | None) -> KioskFacts | None:
    """The key, its survey and whether the service belongs to it: one query.

    Submissions are the hot path measured by make bench; read one by one through the ORM these facts
    cost four round trips. Table and column names come from the models; every value is a parameter.
    None when the key is unknown or revoked.
    """
    k, s = KioskKey._meta.db_table, Survey._meta.db_table
    service = SurveyService._meta.db_table
    sql = (
        f"SELECT k.id, k.last_used, s.id, s.service_unit_id, s.method_id, s.status, s.starts, s.ends, "  # noqa: S608
        f"EXISTS (SELECT 1 FROM {service} v WHERE v.id = %s AND v.survey_id = s.id) "
        f"FROM {k} k LEFT JOIN {s} s ON s.id = %s AND s.service_unit_id = k.service_unit_id "
        f"WHERE k.key_hash = %s AND k.revoked IS NULL"
    )
    params = [service_id, survey_id, _key_hash(key)]
    with hot_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    key_id, last_used, survey_pk, unit_id, method_id, survey_status, starts, ends, service_known = row
    # SQLite hands a plain cursor naive UTC datetimes (or text): convert as the ORM would.
    if isinstance(last_used, str):
        last_used = datetime.datetime.fromisoformat(last_used)
    if last_used is not None and timezone.is_naive(last_used):
        last_used = timezone.make_aware(last_used, datetime.UTC)
    if isinstance(starts, str):
        starts = datetime.date.fromisoformat(starts)
    if isinstance(ends, str):
        ends = datetime.date.fromisoformat(ends)
    survey = None
    if survey_pk is not None:
        survey = Survey(
            pk=survey_pk, service_unit_id=unit_id, method_id=method_id, status=survey_status, starts=starts, ends=ends
        )
        survey._state.adding = False
    return KioskFacts(key_id, last_used, survey, bool(service_known))


def kiosk_submit(*, key: str, data: dict) -> Response:
    """Store a questionnaire sent by a kiosk or partner app with its key; the same checks as the public page.

    ``data`` holds ``survey`` (id) and ``submission_id`` (a UUID the kiosk makes per questionnaire: a retry
    after a lost connection is stored once and refused with status 409) besides the questionnaire.
    Raises KioskKeyUnknown, ValidationError or Refused, storing nothing.
    """
    if not key or not key.startswith(KIOSK_KEY_PREFIX):
        raise KioskKeyUnknown
    if not isinstance(data, dict):
        raise ValidationError(_("Send one questionnaire as a JSON object."))
    errors = {}
    try:
        survey_id = _strict_int(data.get("survey"))
    except (TypeError, ValueError):
        survey_id = None
        errors["survey"] = _("Give the survey's number.")
    try:
        submission_id = uuid.UUID(str(data.get("submission_id")))
    except ValueError:
        errors["submission_id"] = _("Give the questionnaire's submission_id (a UUID made by the kiosk).")
    try:
        service_id = _strict_int(data.get("service"))
    except (TypeError, ValueError):
        service_id = None
    facts = _kiosk_facts(key, survey_id or 0, service_id)
    if facts is None:
        raise KioskKeyUnknown
    if facts.survey is None and "survey" not in errors:
        errors["survey"] = _("This kiosk may not send answers to that survey.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if facts.last_used is None or now - facts.last_used > LAST_USED_STEP:
        KioskKey.objects.filter(pk=facts.key_id).update(last_used=now)
    return response_submit(
        survey=facts.survey,
        data=data,
        channel=Channel.KIOSK,
        form_token=f"k{facts.key_id}:{submission_id}",
        client=kiosk_client(facts.key_id),
        known=facts,
    )


# --- tallies -------------------------------------------------------------------------------------


@transaction.atomic
def tallies_rebuild(survey_ids: list[int] | None = None) -> int:
    """Recount the tallies of some surveys (all when None) from their rows; return the element rows written.

    The triggers keep the tallies exact; this repairs them after a manual change with the triggers off.
    On PostgreSQL the tables are locked against writes while counting, so no submission slips through.
    """
    from django.db.models import Count, Sum

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Response._meta.db_table}, {Answer._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
    element_tallies, survey_tallies = ElementTally.objects.all(), SurveyTally.objects.all()
    answers = Answer.objects.order_by().values("survey_id", "element_id").annotate(total=Sum("score"), n=Count("*"))
    responses = Response.objects.order_by().values("survey_id").annotate(n=Count("id"))
    if survey_ids is not None:
        element_tallies = element_tallies.filter(survey_id__in=survey_ids)
        survey_tallies = survey_tallies.filter(survey_id__in=survey_ids)
        answers, responses = answers.filter(survey_id__in=survey_ids), responses.filter(survey_id__in=survey_ids)
    element_tallies.delete()
    survey_tallies.delete()
    rows = ElementTally.objects.bulk_create(
        [
            ElementTally(survey_id=r["survey_id"], element_id=r["element_id"], score_sum=r["total"], answers=r["n"])
            for r in answers
        ],
        batch_size=1000,
    )
    SurveyTally.objects.bulk_create(
        [SurveyTally(survey_id=r["survey_id"], respondents=r["n"]) for r in responses], batch_size=1000
    )
    return len(rows)
