"""The interface speaks Indonesian: every message is translated and the compiled catalogue is current."""

import re
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"


def test_every_message_has_an_indonesian_translation_with_the_same_placeholders():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po if not e.translated() and not e.obsolete]
    assert untranslated == []
    for entry in po:
        text = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(re.findall(r"%\(\w+\)s", entry.msgid)) == sorted(re.findall(r"%\(\w+\)s", text)), entry.msgid


def test_compiled_catalogue_matches_the_sources():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {e.msgid: e.msgstr or e.msgstr_plural.get(0, "") for e in mo}
    source = {e.msgid: e.msgstr or e.msgstr_plural.get(0, "") for e in po if e.translated()}
    assert compiled == source, "run make messages"


def test_pages_are_indonesian_by_default(world, login):
    html = login(world.users["planner"]).get("/plan/").content.decode()
    assert "Pohon kinerja" in html and "Ekspor ke Excel" in html


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(world, login):
    client = login(world.users["planner"])
    response = client.get("/plan/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Pohon kinerja" in response.content.decode() and response["Content-Language"] == "id"
    client.post("/i18n/setlang/", {"language": "en", "next": "/plan/"})
    assert "Performance tree" in client.get("/plan/").content.decode()
