"""With DEBUG off, the error pages speak Indonesian (English after the switch) and need nothing to render."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

PAGES = {
    404: ("/tidak-ada/", "Tidak ditemukan", "Not found"),
    500: ("/test-errors/500/", "Terjadi kesalahan di server", "Something went wrong on the server"),
    400: ("/test-errors/400/", "Permintaan tidak dapat diproses", "The request could not be processed"),
    403: ("/test-errors/403/", "Tidak diizinkan", "Not allowed"),
}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "kinerja.core.tests.urls_errors"


@pytest.mark.parametrize("status", PAGES)
def test_error_pages_are_indonesian_by_default_and_english_after_the_switch(db, production, status):
    path, indonesian, english = PAGES[status]
    client = Client(raise_request_exception=False)
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == status
    assert indonesian in html and english not in html and '<html lang="id">' in html
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == status
    assert english in html and indonesian not in html and '<html lang="en">' in html


def test_the_server_error_page_renders_without_any_context_or_database(production):
    from django.template import loader

    html = loader.get_template("500.html").render()  # as django.views.defaults.server_error renders it
    assert "Kinerja" in html and "{%" not in html


def test_an_expired_form_gets_an_indonesian_page_not_djangos_english_one(db, production):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Formulir tidak dapat diterima" in html and "CSRF verification failed" not in html
