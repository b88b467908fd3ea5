"""The tallies the IKM reads are kept by database triggers: whatever writes or deletes rows, they match."""

import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinerja.satisfaction import formulas, selectors, services
from kinerja.satisfaction.models import Answer, ElementTally, Response, Survey, SurveyTally
from kinerja.satisfaction.tests.test_surveys import CODES, data


def submit(world, survey, rng, count):
    sent = []
    for _ in range(count):
        scores = {code: rng.choice([1, 2, 3, 4]) for code in CODES}
        if rng.random() < 0.3:
            scores.pop(rng.choice(CODES))  # paper questionnaires may leave an element blank
        services.response_submit(
            survey=survey, data=data(survey, scores), channel="paper", user=world.users["service_quality"]
        )
        sent.append({code: scores.get(code) for code in CODES})
    return sent


def tally(survey):
    respondents = SurveyTally.objects.filter(survey=survey).values_list("respondents", flat=True).first()
    codes = dict(survey.method.elements.values_list("id", "code"))
    elements = {
        codes[e]: (s, n)
        for e, s, n in ElementTally.objects.filter(survey=survey).values_list("element_id", "score_sum", "answers")
    }
    return respondents, elements


def test_submissions_and_deletions_keep_the_tallies(world, survey):
    rng = random.Random(6)
    sent = submit(world, survey, rng, 25)
    respondents, elements = tally(survey)
    assert respondents == 25
    for code in CODES:
        scores = [r[code] for r in sent if r[code] is not None]
        assert elements[code] == (sum(scores), len(scores))
    assert selectors.ikm_of(Survey.objects.filter(pk=survey.pk)) == formulas.ikm(sent)

    # One response deleted (its answers cascade): the tallies lose exactly its scores.
    first = Response.objects.filter(survey=survey).order_by("pk").first()
    first.delete()
    remaining = [
        {code: dict(r.answers.values_list("element__code", "score")).get(code) for code in CODES}
        for r in Response.objects.filter(survey=survey).prefetch_related("answers")
    ]
    assert tally(survey)[0] == 24
    assert selectors.ikm_of(Survey.objects.filter(pk=survey.pk)) == formulas.ikm(remaining)

    # An answer corrected in place moves its score.
    answer = Answer.objects.filter(survey=survey).order_by("pk").first()
    before = tally(survey)[1][answer.element.code]
    Answer.objects.filter(pk=answer.pk).update(score=5 - answer.score)
    after = tally(survey)[1][answer.element.code]
    assert after == (before[0] + (5 - 2 * answer.score), before[1])
    assert selectors.tallies_differ() == []


def test_bulk_inserts_count_once_per_row(world, survey):
    # The paper import and the generator of make bench insert many rows in one statement.
    response = Response.objects.create(survey=survey, gender="L", age=40, education="sma", occupation="swasta")
    elements = list(survey.method.elements.order_by("position"))
    Answer.objects.bulk_create([Answer(response=response, survey=survey, element=e, score=4) for e in elements])
    respondents, totals = tally(survey)
    assert respondents == 1 and totals == {e.code: (4, 1) for e in elements}
    assert selectors.tallies_differ([survey.pk]) == []


def test_deleting_a_survey_takes_its_tallies(world, survey):
    submit(world, survey, random.Random(2), 3)
    survey_id = survey.pk
    Response.objects.filter(survey=survey).delete()  # a survey with responses is protected
    assert tally(survey)[0] == 0 and all(n == 0 for _s, n in tally(survey)[1].values())
    Survey.objects.filter(pk=survey_id).delete()
    assert not SurveyTally.objects.filter(survey_id=survey_id).exists()
    assert not ElementTally.objects.filter(survey_id=survey_id).exists()


def test_check_and_rebuild_commands(world, survey, capsys):
    submit(world, survey, random.Random(3), 5)
    call_command("satisfaction_tallies", "--check")
    # A tally damaged behind the triggers' back (a manual repair gone wrong) is found and recounted.
    ElementTally.objects.filter(survey=survey).update(score_sum=0)
    SurveyTally.objects.filter(survey=survey).update(respondents=99)
    with pytest.raises(CommandError, match=rf"1 surveys differ.*\({survey.pk}\)"):
        call_command("satisfaction_tallies", "--check")
    call_command("satisfaction_tallies", "--rebuild", "--survey", str(survey.pk))
    call_command("satisfaction_tallies", "--check")
    assert tally(survey)[0] == 5
    assert "match" in capsys.readouterr().out
