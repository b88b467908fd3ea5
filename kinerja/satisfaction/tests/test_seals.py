"""Survey answers are not audited one by one; each checkpoint seals the new ones in the audit chain, so that a
changed, removed or slipped-in answer is reported by audit_verify."""

import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kinerja.core import anchors
from kinerja.core.models import AuditEvent
from kinerja.satisfaction.models import Answer, Response
from kinerja.satisfaction.tests.test_tallies import submit


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def _broken(match):
    intact, message = anchors.verify_trail()
    assert not intact and match in message, message
    with pytest.raises(CommandError, match=match):
        call_command("audit_verify")


def test_checkpoint_seals_the_new_answers_of_each_survey_once(world, survey):
    submit(world, survey, random.Random(1), 6)
    call_command("audit_checkpoint")
    seal = AuditEvent.objects.get(action="seal", object_id=str(survey.pk))
    assert seal.after["responses"] == 6 and seal.after["from_response"] == 0
    call_command("audit_checkpoint")
    assert AuditEvent.objects.filter(action="seal").count() == 1  # nothing new, nothing sealed
    submit(world, survey, random.Random(2), 3)
    call_command("audit_verify")  # checks, then seals the three new ones
    later = AuditEvent.objects.filter(action="seal").order_by("-sequence").first()
    assert later.after["from_response"] == seal.after["to_response"] and later.after["responses"] == 3
    intact, message = anchors.verify_trail()
    assert intact and "2 survey seals intact (9 responses)" in message


def test_attack_changing_a_sealed_answer_is_detected(world, survey):
    submit(world, survey, random.Random(3), 5)
    call_command("audit_checkpoint")
    answer = Answer.objects.filter(survey=survey).order_by("pk").first()
    # The tallies are changed to match, as someone hiding the change would (the triggers do it).
    _sql("UPDATE satisfaction_answer SET score = %s WHERE id = %s", [5 - answer.score, answer.pk])
    call_command("satisfaction_tallies", "--check")
    _broken(f"the answers of survey {survey.pk}")


def test_attack_removing_or_adding_sealed_responses_is_detected(world, survey):
    submit(world, survey, random.Random(4), 5)
    call_command("audit_checkpoint")
    victim = Response.objects.filter(survey=survey).order_by("pk")[2]
    Response.objects.filter(pk=victim.pk).delete()
    _broken("4 responses now, 5 sealed")


def test_attack_removing_a_seal_is_detected(world, survey):
    submit(world, survey, random.Random(5), 2)
    call_command("audit_checkpoint")
    submit(world, survey, random.Random(6), 2)
    call_command("audit_checkpoint")
    first = AuditEvent.objects.filter(action="seal").order_by("sequence").first()
    _sql("UPDATE core_auditevent SET action = 'sealed' WHERE sequence = %s", [first.sequence])
    _broken(f"entry {first.sequence} was altered")
