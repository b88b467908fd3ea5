"""A survey whose period has ended takes no more answers, by any channel (a December answer was counted in S1)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from kinerja.satisfaction import excel, services
from kinerja.satisfaction.models import Response
from kinerja.satisfaction.tests.test_api import kiosk_body
from kinerja.satisfaction.tests.test_excel import _row, _sheet
from kinerja.satisfaction.tests.test_surveys import _form, _post, data

DECEMBER = datetime.datetime(2026, 12, 2, 3, tzinfo=datetime.UTC)  # 2026 S1 ended on 30-06-2026
ENDED = "berakhir pada 30-06-2026"


def test_the_last_day_of_the_period_still_takes_answers_and_the_next_does_not(survey):
    assert survey.status == "open" and survey.ends == datetime.date(2026, 6, 30)
    assert services.survey_accepts(survey, datetime.date(2026, 6, 30)) is None
    for channel in ("web", "kiosk", "paper"):
        assert "30-06-2026" in services.survey_accepts(survey, datetime.date(2026, 7, 1), channel=channel)


def test_the_public_page_of_an_ended_period_refuses_with_a_message_and_stores_nothing(client, survey):
    token = _form(client, survey)  # the form was opened while the period ran
    with time_machine.travel(DECEMBER):
        page = client.get(f"/s/{survey.public_code}/")
        assert ENDED in page.content.decode() and 'name="token"' not in page.content.decode()
        refused = _post(client, survey, token)
    assert refused.status_code == 400 and ENDED in refused.content.decode()
    assert not Response.objects.exists()


def test_a_kiosk_cannot_send_answers_to_an_ended_period_nor_see_its_survey(world, survey):
    _record, key = services.kiosk_key_create(
        user=world.users["dinkes_operator"], service_unit=survey.service_unit, name="Loket"
    )
    kiosk = APIClient()
    kiosk.credentials(HTTP_AUTHORIZATION=f"Kiosk {key}")
    with time_machine.travel(DECEMBER):
        assert kiosk.get("/api/v1/kiosk/surveys/").json() == []
        refused = kiosk.post("/api/v1/kiosk/responses/", kiosk_body(survey), format="json")
    assert refused.status_code == 400 and ENDED in refused.json()["message"]
    assert not Response.objects.exists()


def test_a_paper_sheet_for_an_ended_period_is_refused_whole(world, survey):
    with time_machine.travel(DECEMBER):
        result = excel.import_paper(user=world.users["dinkes_operator"], survey=survey, data=_sheet([_row()]))
        assert not result.ok and "30-06-2026" in result.errors[0][1]  # no language active outside a request
        with pytest.raises(ValidationError, match="30-06-2026"):
            services.response_submit(
                survey=survey, data=data(survey), channel="paper", user=world.users["dinkes_operator"]
            )
    assert not Response.objects.exists()
