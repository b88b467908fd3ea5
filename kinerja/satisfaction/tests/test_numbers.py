"""The survey's numbers (population, year, period number) are read by the shared reader, never silently."""

import pytest
from rest_framework.test import APIClient

from kinerja.core.models import ServiceUnit
from kinerja.core.tests.pages import resubmit_data
from kinerja.satisfaction.models import Survey


def _create(officer, **change):
    unit = ServiceUnit.objects.get(code="rsud")
    data = {"service_unit": unit.pk, "period_kind": "semester", "year": "2026", "number": "2", "population": "1.600"}
    data.update(change, services="Rawat jalan")
    return officer.post("/satisfaction/new/", data)


@pytest.mark.parametrize("typed", ["1.600", "1600,5", "seribu"])
def test_a_new_survey_with_a_population_that_is_not_one_whole_number_is_refused(world, survey, login, typed):
    officer = login(world.users["service_quality"])
    response = _create(officer, population=typed)
    assert response.status_code == 400
    assert not Survey.objects.filter(number=2).exists()
    if typed == "1.600":
        assert (
            "1.600 ambigu: tulis 1600 untuk bilangan bulat atau 1,6 untuk pecahan desimal." in response.content.decode()
        )


@pytest.mark.parametrize(("typed", "stored"), [("1.600,0", 1600), ("1600", 1600), ("12.000.000", 12_000_000)])
def test_a_new_survey_stores_the_population_as_typed(world, survey, login, typed, stored):
    response = _create(login(world.users["service_quality"]), population=typed)
    assert response.status_code == 302
    assert Survey.objects.get(number=2).population == stored


def test_a_year_written_as_a_thousands_number_is_refused_with_its_message(world, survey, login):
    response = _create(login(world.users["service_quality"]), year="2.026", population="1600")
    assert response.status_code == 400 and "2.026 ambigu" in response.content.decode()


def test_the_population_shown_on_the_survey_page_is_saved_back_unchanged(world, survey, login):
    survey.population = 12500
    survey.save()
    officer = login(world.users["service_quality"])
    page = officer.get(f"/satisfaction/{survey.pk}/")
    assert 'value="12500"' in page.content.decode()  # "12.500" would read as 12,5 to a machine
    assert "(populasi 12.500)" in page.content.decode()
    officer.post(f"/satisfaction/{survey.pk}/", resubmit_data(page, "population"))
    survey.refresh_from_db()
    assert survey.population == 12500 and survey.lock_version == 1


def test_changing_the_population_to_an_ambiguous_number_changes_nothing(world, survey, login):
    officer = login(world.users["service_quality"])
    page = officer.get(f"/satisfaction/{survey.pk}/")
    data = resubmit_data(page, "population")
    data["population"] = ["1.600"]
    officer.post(f"/satisfaction/{survey.pk}/", data)
    survey.refresh_from_db()
    assert survey.population == 1000
    data["population"] = ["1.600.000"]
    officer.post(f"/satisfaction/{survey.pk}/", data)
    survey.refresh_from_db()
    assert survey.population == 1_600_000


@pytest.mark.parametrize(
    ("sent", "status", "stored"),
    [(1600, 200, 1600), ("1.600.000", 200, 1_600_000), ("1.600", 400, 1000), (1600.5, 400, 1000), (True, 400, 1000)],
)
def test_the_api_takes_json_numbers_as_they_are_and_reads_text_as_the_forms_do(world, survey, sent, status, stored):
    client = APIClient()
    client.force_authenticate(world.users["service_quality"])
    response = client.patch(
        f"/api/v1/surveys/{survey.pk}/", {"population": sent, "lock_version": survey.lock_version}, format="json"
    )
    assert response.status_code == status, response.json()
    if status == 400:
        assert set(response.json()["extra"]["fields"]) == {"population"}
    survey.refresh_from_db()
    assert survey.population == stored
