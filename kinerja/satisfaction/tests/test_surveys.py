import random
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.access import SYSTEM
from kinerja.satisfaction import formulas, selectors, services
from kinerja.satisfaction.models import Answer, Response, Survey
from kinerja.tests.versions import current_version

CODES = [f"U{i}" for i in range(1, 10)]


def data(survey, scores=None, **profile):
    return {
        "service": survey.services.first().pk,
        "gender": "P",
        "age": "34",
        "education": "s1",
        "occupation": "swasta",
        "suggestion": "",
        "scores": scores if scores is not None else dict.fromkeys(CODES, 3),
        **profile,
    }


def test_survey_creation_checks_scope_and_input(world, survey):
    assert survey.status == "open" and survey.minimum_sample == 278
    assert [s.name for s in survey.services.all()] == ["Rawat inap", "Rawat jalan"]  # duplicates merged
    with pytest.raises(PermissionDenied):
        services.survey_create(
            user=world.users["disdik_operator"], service_unit=survey.service_unit, period_kind="year",
            year=2026, number=1, population=10, services=["x"],
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.survey_create(
            user=world.users["service_quality"], service_unit=survey.service_unit, period_kind="semester",
            year=2026, number=3, population=10, services=["x"],
        )  # fmt: skip


def test_database_ikm_agrees_with_the_pure_function(world, survey):
    rng = random.Random(14)
    pure_input = []
    for _ in range(60):
        scores = {code: rng.choice([1, 2, 3, 4]) for code in CODES}
        blank = rng.choice([None, "U8", "U4"])  # paper questionnaires may leave an element blank
        if blank:
            scores.pop(blank)
        services.response_submit(
            survey=survey, data=data(survey, scores), channel="paper", user=world.users["service_quality"]
        )
        pure_input.append({code: scores.get(code) for code in CODES})
    for method in ("exact", "rounded"):
        with CaptureQueriesContext(connection) as ctx:
            from_db = selectors.ikm_of(Survey.objects.filter(pk=survey.pk), method=method)
        assert len(ctx) == 3
        assert from_db == formulas.ikm(pure_input, method=method)
    assert selectors.ikm_per_survey([survey.pk])[survey.pk] == formulas.ikm(pure_input)
    assert Answer.objects.filter(survey=survey).count() == sum(len([v for v in r.values() if v]) for r in pure_input)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scores": {**dict.fromkeys(CODES, 3), "U3": 5}}, "U3"),
        ({"scores": {**dict.fromkeys(CODES, 3), "U3": "2.5"}}, "U3"),
        ({"scores": {code: 3 for code in CODES if code != "U7"}}, "U7"),
        ({"scores": {**dict.fromkeys(CODES, 3), "U10": 4}}, "scores"),
        ({"age": "7"}, "age"),
        ({"gender": "X"}, "gender"),
        ({"service": "999999"}, "service"),
    ],
)
def test_impossible_answers_are_refused_and_store_nothing(world, survey, change, field):
    with pytest.raises(ValidationError) as error:
        services.response_submit(survey=survey, data={**data(survey), **change}, form_token="t1")
    assert field in error.value.message_dict
    assert not Response.objects.exists() and not Answer.objects.exists()


def _form(client, survey):
    page = client.get(f"/s/{survey.public_code}/")
    assert page.status_code == 200
    return re.search(r'name="token" value="([^"]+)"', page.content.decode())[1]


def _post(client, survey, token, **extra):
    fields = {"token": token, "service": survey.services.first().pk, "gender": "L", "age": "40",
              "education": "sma", "occupation": "wirausaha", **dict.fromkeys(CODES, "4"), **extra}  # fmt: skip
    return client.post(f"/s/{survey.public_code}/", fields)


def test_public_page_accepts_once_and_refuses_a_duplicate(client, survey):
    token = _form(client, survey)
    response = _post(client, survey, token, suggestion="Antrean perlu diperpendek")
    assert response.status_code == 302 and response["Location"].endswith("/terima-kasih/")
    stored = Response.objects.get()
    assert stored.suggestion_status == "private" and stored.channel == "web" and stored.answers.count() == 9
    again = _post(client, survey, token)
    assert again.status_code == 409 and "sudah dikirim" in again.content.decode()
    assert Response.objects.count() == 1
    thanks = client.get(f"/s/{survey.public_code}/terima-kasih/")
    assert "Antrean" not in thanks.content.decode()  # nothing of other respondents is shown


def test_public_page_refuses_missing_answers_bots_forged_forms_and_floods(client, survey, settings):
    token = _form(client, survey)
    missing = _post(client, survey, token, U5="")
    assert missing.status_code == 400 and "Jawab pertanyaan ini" in missing.content.decode()
    assert _post(client, survey, _form(client, survey), website="http://spam.example").status_code == 400
    assert _post(client, survey, "forged-token").status_code == 400
    assert not Response.objects.exists()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey": (3, 600)}
    for _ in range(3):
        assert _post(client, survey, _form(client, survey)).status_code == 302
    flood = _post(client, survey, _form(client, survey))
    assert flood.status_code == 429 and "Terlalu banyak" in flood.content.decode()
    assert Response.objects.count() == 3


def test_closed_survey_takes_no_answers(client, world, survey):
    token = _form(client, survey)
    services.survey_update(
        user=world.users["service_quality"],
        survey=survey,
        data={"status": "closed"},
        expected_version=current_version(survey),
    )
    page = client.get(f"/s/{survey.public_code}/")
    assert "sudah ditutup" in page.content.decode() and 'name="token"' not in page.content.decode()
    assert _post(client, survey, token).status_code == 400  # refused: the page again, saying it is closed
    assert not Response.objects.exists()
    survey.refresh_from_db()
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, data=data(survey), form_token="late")


def test_results_page_moderation_and_scope(world, survey, login):
    for score in (4, 4, 2):
        services.response_submit(
            survey=survey,
            data=data(survey, dict.fromkeys(CODES, score), suggestion="Parkir sempit"),
            form_token=f"t{score}{random.random()}",
        )
    officer = login(world.users["service_quality"])
    page = officer.get(f"/satisfaction/{survey.pk}/")
    assert page.status_code == 200
    result = page.context["result"]
    assert result.index == formulas.ikm([dict.fromkeys(CODES, s) for s in (4, 4, 2)]).index == Decimal("83.33")
    assert page.context["short"]  # 3 respondents of a minimum sample of 278
    target = Response.objects.first()
    officer.post(f"/satisfaction/{survey.pk}/", {"action": "moderate", "response": target.pk, "status": "published",
                                                   "lock_version": 1})  # fmt: skip
    assert Response.objects.get(pk=target.pk).suggestion_status == "published"
    from kinerja.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="moderate").exists()
    operator = login(world.users["dinkes_operator"])
    operator.post(f"/satisfaction/{survey.pk}/", {"action": "moderate", "response": target.pk, "status": "hidden",
                                                    "lock_version": 2})  # fmt: skip
    assert Response.objects.get(pk=target.pk).suggestion_status == "published"  # operators do not moderate
    assert login(world.users["disdik_operator"]).get(f"/satisfaction/{survey.pk}/").status_code == 404
    agency = login(world.users["leader"]).get("/satisfaction/agencies/dinkes/")
    assert agency.status_code == 200 and agency.context["result"].index == result.index


def test_survey_list_query_count_does_not_grow(world, survey, login):
    def count():
        client = login(world.users["planner"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/satisfaction/").status_code == 200
        return len(ctx)

    small = count()
    for i in range(5):
        services.response_submit(survey=survey, data=data(survey), form_token=f"q{i}")
    assert count() == small


def test_agency_dashboard_shows_the_ikm_beside_the_achievement_in_constant_queries(world, survey, login):
    client = login(world.users["planner"])

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            page = client.get("/dashboard/agencies/dinkes/?year=2026")
        return len(ctx), page.content.decode()

    services.response_submit(
        survey=survey, data=data(survey, {**dict.fromkeys(CODES, 4), "U9": 1}), channel="paper", user=SYSTEM
    )
    small, html = queries()
    assert 'id="ikm-panel"' in html and "U9" in html
    for _ in range(5):
        services.response_submit(survey=survey, data=data(survey), channel="paper", user=SYSTEM)
    large, html = queries()
    assert small == large
    expected = formulas.ikm([{**dict.fromkeys(CODES, 4), "U9": 1}] + [dict.fromkeys(CODES, 3)] * 5)
    assert str(expected.index).replace(".", ",") in html or str(expected.index) in html
    # an agency without surveys shows no panel
    assert 'id="ikm-panel"' not in client.get("/dashboard/agencies/disdik/?year=2026").content.decode()
