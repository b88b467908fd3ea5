"""Tamper evidence for survey answers, which are too many to audit one by one.

At every audit checkpoint the responses a survey received since its last seal are digested (SHA-256 over
each response's answers and respondent data, in id order) and the digest is recorded in the audit chain
("seal" of the survey: the range of response ids, their number, the digest). ``verify_seals`` recomputes
every sealed range from the rows, so an answer changed, a response removed, moved or slipped into a sealed
range afterwards is reported. Responses newer than the last checkpoint are not sealed yet. The moderation
state of suggestions is left out (it changes legitimately, and each change is an audit entry of its own).
"""

import hashlib
import json

from django.db import connection, transaction
from django.db.models import Max

from kinerja.core import audit
from kinerja.core.access import SYSTEM
from kinerja.core.models import AuditEvent
from kinerja.satisfaction.models import Answer, Response, Survey

SEAL_ACTION = "seal"
SURVEY_TYPE = "satisfaction.survey"
RESPONSE_FIELDS = ["id", "created", "service_id", "gender", "age", "education", "occupation", "suggestion", "channel",
                   "is_illustrative"]  # fmt: skip
CHUNK = 2000


def survey_digest(survey_id: int, after: int, upto: int) -> tuple[int, str]:
    """Return (responses, SHA-256) of a survey's responses with after < id <= upto and their answers."""
    digest = hashlib.sha256()
    count = 0
    low = after
    while True:
        rows = list(
            Response.objects.filter(survey_id=survey_id, id__gt=low, id__lte=upto)
            .order_by("id")
            .values_list(*RESPONSE_FIELDS)[:CHUNK]
        )
        if not rows:
            break
        high = rows[-1][0]
        answers: dict[int, list] = {}
        for response_id, element_id, score in (
            Answer.objects.filter(survey_id=survey_id, response_id__gt=low, response_id__lte=high)
            .order_by("response_id", "element_id")
            .values_list("response_id", "element_id", "score")
        ):
            answers.setdefault(response_id, []).append([element_id, score])
        for row in rows:
            record = [audit.to_jsonable(value) for value in row] + [answers.pop(row[0], [])]
            digest.update(json.dumps(record, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n")
            count += 1
        # Answers whose response is not (or no longer) in this survey's range count too.
        for response_id, orphans in sorted(answers.items()):
            digest.update(json.dumps(["orphan", response_id, orphans], separators=(",", ":")).encode() + b"\n")
        low = high
    # Answers pointing at this survey beyond the last response of the chunk walk.
    for response_id, element_id, score in (
        Answer.objects.filter(survey_id=survey_id, response_id__gt=low, response_id__lte=upto)
        .order_by("response_id", "element_id")
        .values_list("response_id", "element_id", "score")
    ):
        digest.update(
            json.dumps(["orphan", response_id, [[element_id, score]]], separators=(",", ":")).encode() + b"\n"
        )
    return count, digest.hexdigest()


def _last_seals() -> dict[int, int]:
    """Return, per survey id, the last response id its seals cover (read from the chain, not from a cache)."""
    latest = (
        AuditEvent.objects.filter(action=SEAL_ACTION, object_type=SURVEY_TYPE)
        .order_by()
        .values("object_id")
        .annotate(last=Max("sequence"))
        .values_list("last", flat=True)
    )
    return {
        int(event.object_id): int((event.after or {}).get("to_response", 0))
        for event in AuditEvent.objects.filter(sequence__in=list(latest)).only("object_id", "after")
    }


def seal_answers() -> int:
    """Record a seal for every survey with responses since its last one; return how many were recorded.

    One transaction per survey. On PostgreSQL the tables are locked against new rows meanwhile (briefly:
    only the survey's new rows are read), so a response whose id was drawn before the seal but committed
    after it cannot land inside a sealed range; SQLite has a single writer, this transaction.
    """
    sealed = _last_seals()
    newest = dict(
        Response.objects.order_by().values("survey_id").annotate(last=Max("id")).values_list("survey_id", "last")
    )
    pending = sorted(survey_id for survey_id, last in newest.items() if last > sealed.get(survey_id, 0))
    surveys = Survey.objects.in_bulk(pending)
    recorded = 0
    with audit.audit_context(user=SYSTEM, reason="seal"):
        for survey_id in pending:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute(f"LOCK TABLE {Response._meta.db_table}, {Answer._meta.db_table} IN SHARE MODE")
                last = Response.objects.filter(survey_id=survey_id).aggregate(last=Max("id"))["last"]
                after = sealed.get(survey_id, 0)
                count, digest = survey_digest(survey_id, after, last)
                survey = surveys.get(survey_id)
                audit.record_event(
                    action=SEAL_ACTION,
                    object_type=SURVEY_TYPE,
                    object_id=str(survey_id),
                    object_repr=str(survey)[:300] if survey else "",
                    government_id=survey.government_id if survey else None,
                    after={"from_response": after, "to_response": last, "responses": count, "sha256": digest},
                )
            recorded += 1
    return recorded


def verify_seals() -> tuple[bool, str]:
    """Recompute every sealed range of every survey; report the first that differs from its seal."""
    covered: dict[int, int] = {}
    seals = 0
    responses = 0
    for event in (
        AuditEvent.objects.filter(action=SEAL_ACTION, object_type=SURVEY_TYPE)
        .order_by("sequence")
        .only("sequence", "object_id", "after")
        .iterator(chunk_size=1000)
    ):
        survey_id = int(event.object_id)
        after = event.after or {}
        low, high = after.get("from_response"), after.get("to_response")
        if low != covered.get(survey_id, 0):
            return False, f"the seals of survey {survey_id} do not join up at entry {event.sequence} (a seal removed)"
        count, digest = survey_digest(survey_id, low, high)
        if count != after.get("responses") or digest != after.get("sha256"):
            return False, (
                f"the answers of survey {survey_id} (responses {low + 1}–{high}) were changed after they were "
                f"sealed in audit entry {event.sequence}: {count} responses now, {after.get('responses')} sealed"
            )
        covered[survey_id] = high
        seals += 1
        responses += count
    return True, f"{seals} survey seals intact ({responses} responses)"
