"""The reality check speaks Indonesian on its pages: every fact labelled (the fields of listed records too),
numbers with a decimal comma, dates as the pages write them, percentages as the pages show them, long names
cut by ``Truncator``."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from kinerja.dashboards import reality
from kinerja.dashboards.models_supervision import SupervisionAnswer
from kinerja.dashboards.tests import reality_data
from kinerja.projects.models import Project

SIGNAL = "/cek-realitas/sinyal/"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
LONG = "Pembangunan Jalan Tol Kayu Agung–Palembang–Betung Seksi Dua beserta Jembatan Penghubungnya di Banyuasin"


@pytest.fixture
def case(world):
    with time_machine.travel(datetime.datetime(2026, 12, 2, 3, tzinfo=datetime.UTC), tick=False):
        data = reality_data.first_agency(world)
        Project.objects.filter(government=world.government).update(name=LONG)  # a long name to cut
        yield data


def _signal(world, kind):
    signals = reality.compute(user=world.users["leader"], government=world.government, year=2026)
    return next(s for s in signals if s.kind == kind)


def _facts(client, signal) -> dict[str, str]:
    response = client.get(SIGNAL, {"year": 2026, "key": signal.key})
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('class="table table-sm reality-facts"') :].split("</table>")[0]
    rows = re.findall(r"<th[^>]*>(.*?)</th><td[^>]*>(.*?)</td>", table, re.S)
    return {strip_tags(label).strip(): strip_tags(value.replace("<br>", "\n")).strip() for label, value in rows}


@pytest.mark.parametrize("kind", list(reality.KINDS))
def test_every_fact_on_the_signal_page_is_labelled_in_indonesian(world, case, login, kind):
    signal = _signal(world, kind)
    facts = _facts(login(world.users["leader"]), signal)
    # every fact, but a record's name and its id make one row (the name, linked)
    assert len(facts) == len(signal.facts) - sum(1 for name in reality.NAMED_BY if name in signal.facts)
    keys = set(signal.facts)
    for value in signal.facts.values():
        if isinstance(value, list):
            keys |= {k for item in value if isinstance(item, dict) for k in item}
    text = "\n".join(f"{label}\n{value}" for label, value in facts.items())
    for key in keys:
        assert key not in facts, key  # every fact has a label
        assert f"{key}:" not in text, key  # and so does every field of a listed record
    assert not ISO_DATE.search(text), text
    assert not re.search(r"\d\.\d{1,2}\b", text), text  # a decimal point where Indonesian writes a comma


def test_the_facts_are_written_as_indonesian_pages_write_them(world, case, login):
    client = login(world.users["leader"])
    surge = _facts(client, _signal(world, reality.YEAR_END_SURGE))
    assert surge["Porsi (%)"] == "72,73"
    photos = _facts(client, _signal(world, reality.PHOTO_METADATA))["Foto"]
    assert "Diambil pada: 10-05-2026 09:00" in photos or "Diambil pada: 10-05-2026 16:00" in photos
    assert "Temuan: " in photos and "Lintang: " in photos
    uses = _facts(client, _signal(world, reality.REUSED_EVIDENCE))["Penggunaan berkas"]
    assert "Nama berkas: hadir-1.pdf" in uses and "Periode: Januari 2026" in uses
    target = _facts(client, _signal(world, reality.UNAMBITIOUS_TARGET))
    assert target["Polaritas"] == "Semakin rendah semakin baik"
    process = _facts(client, _signal(world, reality.PROCESS_KEY_INDICATOR))
    assert process["Tipe"] == "Proses"
    # percentages and points with the sentences' two decimals; the survey period as the survey pages write it
    assert surge["Batas (%)"] == "50,00"
    gap_signal = _signal(world, reality.ACHIEVEMENT_WITHOUT_SATISFACTION)
    gap = _facts(client, gap_signal)
    assert gap["Capaian s.d. saat ini (%)"] == "100,00" and gap["Periode survei"] == "2026 S1"
    assert gap["Survei"] and "#" not in gap["Survei"] and "Survei (id)" not in gap  # the units surveyed, named
    page = client.get(SIGNAL, {"year": 2026, "key": gap_signal.key}).content.decode()
    assert "2026 S1" in page.split('class="lead reality-explanation"')[1].split("</p>")[0]
    target_page = client.get(SIGNAL, {"year": 2026, "key": _signal(world, reality.UNAMBITIOUS_TARGET).key})
    sentence = target_page.content.decode().split('class="lead reality-explanation"')[1].split("</p>")[0]
    assert "kondisi awal" in sentence and "baseline" not in sentence


def _facts_html(client, signal) -> str:
    html = client.get(SIGNAL, {"year": 2026, "key": signal.key}).content.decode()
    return html[html.index('class="table table-sm reality-facts"') :].split("</table>")[0]


def test_the_facts_name_their_records_and_link_to_them(world, case, login):
    client = login(world.users["leader"])
    indicator = case["indicator"]
    surge = _signal(world, reality.YEAR_END_SURGE)
    facts = _facts(client, surge)
    assert facts["Indikator"] == indicator.name and "Indikator (id)" not in facts
    assert f'<a href="/reports/indicators/{indicator.pk}/?year=2026">{indicator.name}</a>' in _facts_html(client, surge)
    reused = _signal(world, reality.REUSED_EVIDENCE)
    uses = _facts(client, reused)["Penggunaan berkas"]
    assert f"Indikator: {reused.facts['uses'][0]['indicator_name']}" in uses
    assert "(id)" not in uses  # names, not the records' ids
    html = _facts_html(client, reused)
    evidence = reused.facts["uses"][0]["evidence"]
    assert f'<a href="{reverse("monitoring:evidence", args=[evidence])}">hadir-1.pdf</a>' in html
    photos = _signal(world, reality.PHOTO_METADATA)
    text, html = _facts(client, photos)["Foto"], _facts_html(client, photos)
    assert f"Proyek: {LONG}" in text and "Berkas: Buka berkas" in text and "(id)" not in text
    photo = next(p for p in photos.facts["photos"] if "photo" in p)
    assert f'<a href="{reverse("projects:photo", args=[photo["photo"]])}">Buka berkas</a>' in html
    assert f'<a href="{reverse("projects:detail", args=[photo["project"]])}">{LONG}</a>' in html


def test_the_sentences_carry_indonesian_dates_percentages_and_truncated_names(world, case):
    surge = _signal(world, reality.YEAR_END_SURGE)
    # English while tests call the code directly (the pages are Indonesian), with the pages' spacing
    assert "72.73 %" in surge.explanation and "72.73%" not in surge.explanation
    progress = _signal(world, reality.PROGRESS_DIVERGENCE)
    assert "77.00 %" in progress.explanation and "11.00 %" in progress.explanation
    photos = _signal(world, reality.PHOTO_METADATA)
    assert not ISO_DATE.search(photos.explanation)
    assert "10-05-2026" in photos.explanation and "14-09-2026" in photos.explanation
    short = Truncator(LONG).chars(60)
    assert short.endswith("…") and short in photos.explanation and LONG not in photos.explanation
    assert all(len(label) <= 80 for label, _url in photos.links)


def test_a_supervision_answer_is_named_by_its_text_cut_with_an_ellipsis():
    text = "Jawaban " * 20
    assert str(SupervisionAnswer(text=text)) == Truncator(text).chars(80)
    assert str(SupervisionAnswer(text=text)).endswith("…")
