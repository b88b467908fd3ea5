"""The main pages, rendered in Indonesian, show no English: no msgid left untranslated, no English label.

Two nets: every text of the page that is exactly an English msgid of the catalogue (a string shown
without ``translate``, or a translation missing at run time), and English words that Indonesian never
uses (a label Django made up from a field name, a hard-coded English word). Technical text (``code``
elements, the ``.code`` class) and scripts are left out.
"""

import datetime
import re
from html.parser import HTMLParser

import polib
import pytest

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.core.choices import RegionKind
from kinerja.core.models import Region
from kinerja.core.tests.test_catalogue import CATALOGUE
from kinerja.projects import services as project_services
from kinerja.projects.choices import ObstacleCategory
from kinerja.projects.tests.conftest import make_project

# Never Indonesian (words shared by both languages, such as program, target, status or data, are not here).
ENGLISH_WORDS = {
    "the", "and", "with", "from", "this", "that", "your", "none", "true", "false", "baseline", "certificate",
    "passphrase", "save", "cancel", "delete", "edit", "search", "submit", "upload", "download", "previous", "next",
    "page", "yes", "outcome", "output", "agency", "agencies", "indicator", "indicators", "report", "reports",
    "user", "users", "name", "description", "title", "date", "year", "month", "value", "reason", "note", "show",
    "action", "object", "before", "after", "changes", "time", "lock", "version", "created", "updated", "project",
    "projects", "obstacle", "meeting", "directive", "survey", "signed", "verified", "submitted", "draft", "returned",
}  # fmt: skip
SKIPPED_TAGS = {"script", "style", "code", "pre"}
# Msgids that are Indonesian words as well, found in data ("Unit" is a SIPD unit of measure).
SHARED_MSGIDS = {"Unit"}


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = tag in SKIPPED_TAGS or "code" in (attrs.get("class") or "").split()
        if tag not in ("br", "input", "img", "meta", "link", "hr"):
            self.stack.append((tag, skipped))
        if not self._skipped():
            for name in ("title", "placeholder", "aria-label", "alt"):
                if attrs.get(name):
                    self.texts.append(attrs[name])

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def _skipped(self):
        return any(skipped for _tag, skipped in self.stack)

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skipped():
            self.texts.append(text)


def _english_msgids() -> set[str]:
    entries = [e for e in polib.pofile(str(CATALOGUE)) if e.translated() and not e.msgid_plural]
    indonesian = {e.msgstr for e in entries}
    english = {e.msgid for e in entries if e.msgstr != e.msgid and e.msgid not in indonesian and len(e.msgid) > 2}
    return english - SHARED_MSGIDS


def english_on(html: str, msgids: set[str]) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    found = []
    for text in parser.texts:
        words = {word.lower() for word in re.findall(r"[A-Za-z]+", text)}
        if text in msgids or words & ENGLISH_WORDS:
            found.append(text)
    return found


def test_the_detector_finds_english_and_leaves_indonesian_and_code_alone():
    msgids = {"Audit trail", "Save"}
    html = '<p>Jejak audit</p><h1>Audit trail</h1><label title="Lock version">Versi</label><code>the id</code>'
    assert english_on(html, msgids) == ["Audit trail", "Lock version"]
    assert english_on("<p>Simpan data program, target dan status</p>", msgids) == []


@pytest.fixture
def pages(world):
    with audit_context(username="test:setup"):
        region = Region.objects.create(
            government=world.government, code="16.07", name="Kab. Banyuasin", kind=RegionKind.REGENCY
        )
    project = make_project(world, region=region)
    obstacle = project_services.obstacle_save(
        user=SYSTEM, agency=world.dinkes, today=datetime.date(2026, 11, 28),
        data={"title": "Lahan", "category": ObstacleCategory.LAND, "raised_on": datetime.date(2026, 10, 1),
              "owner": "Kabid", "project": project}, expected_version=None)  # fmt: skip
    meeting = project_services.meeting_save(
        user=SYSTEM, government=world.government,
        data={"title": "Rakor", "date": datetime.date(2026, 1, 21), "place": "Griya Agung", "chair": "Gubernur"},
    )  # fmt: skip
    return [
        "/", "/plan/", "/plan/periods/", "/agencies/", f"/agencies/{world.dinkes.code}/",
        f"/plan/nodes/{world.dinkes_program.pk}/", f"/plan/indicators/{world.program_indicator.pk}/",
        f"/plan/nodes/{world.dinkes_program.pk}/edit/", f"/plan/nodes/{world.dinkes_program.pk}/indicators/add/",
        f"/plan/indicators/{world.program_indicator.pk}/edit/", f"/plan/indicators/{world.program_indicator.pk}/targets/",
        f"/plan/periods/{world.period.pk}/import/", f"/plan/periods/{world.period.pk}/amend/",
        "/audit/?object_type=planning.indicator", "/users/", "/users/new/",
        "/reports/", "/reports/board/", "/reports/periods/", "/dashboard/", f"/dashboard/agencies/{world.dinkes.code}/",
        "/satisfaction/", "/satisfaction/new/", "/integritas/", "/verifikasi/",
        "/proyek/", "/proyek/daftar/", "/proyek/baru/", f"/proyek/{project.pk}/", f"/proyek/{project.pk}/ubah/",
        "/hambatan/", "/hambatan/baru/", f"/hambatan/{obstacle.pk}/", "/rapat/", "/rapat/baru/",
        f"/rapat/{meeting.pk}/", "/arahan/", "/api/v1/docs/",
    ]  # fmt: skip


def test_the_main_pages_show_no_english_in_indonesian(world, login, pages):
    for number, user in enumerate(world.users.values()):  # the cast's names are English words: data, not interface
        user.first_name, user.last_name = "Siti", f"Aminah {number}"
        user.save()
    client = login(world.users["admin_user"])
    msgids = _english_msgids()
    problems = {}
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        found = english_on(response.content.decode(), msgids)
        if found:
            problems[path] = sorted(set(found))
    assert problems == {}, "\n".join(f"{path}: {found}" for path, found in problems.items())


def test_the_login_page_shows_no_english(client, db):
    assert english_on(client.get("/login/").content.decode(), _english_msgids()) == []
