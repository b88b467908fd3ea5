import pytest

from kinerja.satisfaction.models import Response
from kinerja.satisfaction.tests.test_surveys import CODES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_fills_the_survey_on_a_phone(world, survey, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base_url}/s/{survey.public_code}/")
    page.wait_for_selector("h1 >> text=Survei Kepuasan Masyarakat")
    # nothing wider than the phone's screen
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.select_option("#id_service", label="Rawat inap")
    page.check("label >> text=Perempuan")
    page.fill("#id_age", "29")
    page.select_option("#id_education", value="sma")
    page.select_option("#id_occupation", value="wirausaha")
    # the first question with the keyboard: focus the first answer, move down twice to the third one
    page.focus("#U1-1")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#U1-3")
    for code in CODES[1:]:
        page.click(f"label[for={code}-4]")
    page.fill("#id_suggestion", "Ruang tunggu perlu kipas angin")
    page.click("button >> text=Kirim")
    page.wait_for_selector("text=Terima kasih")
    response = Response.objects.get()
    scores = dict(response.answers.values_list("element__code", "score"))
    assert scores == {"U1": 3, **dict.fromkeys(CODES[1:], 4)}
    assert response.service.name == "Rawat inap" and response.gender == "P" and response.age == 29
    assert response.suggestion_status == "private"
    assert page.js_errors == []


def test_missing_answers_are_marked_and_nothing_is_stored(world, survey, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base_url}/s/{survey.public_code}/")
    page.select_option("#id_service", label="Rawat jalan")
    page.check("label >> text=Laki-laki")
    page.fill("#id_age", "40")
    page.select_option("#id_education", value="s1")
    page.select_option("#id_occupation", value="pns")
    for code in CODES[:-1]:
        page.click(f"label[for={code}-2]")
    page.click("button >> text=Kirim")
    page.wait_for_selector("text=Periksa kembali jawaban yang ditandai di bawah.")
    assert page.locator(".survey-invalid").count() == 1
    assert page.is_checked("#U1-2")  # what was answered stays filled
    assert Response.objects.count() == 0
