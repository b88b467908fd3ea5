"""One source for the rows of an agreement: the signed annex, the LKjIP (Bab II and its annex, PDF and DOCX) and
the public portal show the same objectives, indicators and targets, numbered as the signed annex numbers them,
a range target with both bounds."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from docx import Document

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.integrity import content, documents, lkjip
from kinerja.integrity.choices import DocumentState
from kinerja.integrity.models import SignedDocument
from kinerja.integrity.tests.test_documents import pdf_text, prepare
from kinerja.planning import services as planning
from kinerja.planning.models import Indicator
from kinerja.tests.versions import target_version

YEAR = 2026

# (number, first row of its node, node, indicator, target, unit): two objectives, the first with a range target,
# then the agency's program. Objective 2 is number 2 although it starts on the third row.
EXPECTED = [
    (1, True, "M1.T1.S1 Sasaran kesehatan", "Usia Harapan Hidup", "71,1", "tahun"),
    (1, False, "M1.T1.S1 Sasaran kesehatan", "Prevalensi balita gizi kurang", "60 – 75,5", "%"),
    (2, True, "M1.T1.S2 Sasaran gizi masyarakat", "Cakupan ASI eksklusif", "80", "%"),
    (3, True, "1.02.02 Program upaya kesehatan", "Angka kematian ibu", "97", "kasus"),
]


def _indicator(node, name, unit, target, high=None, polarity="positive"):
    indicator = planning.indicator_create(
        user=SYSTEM, node=node, name=name, unit=unit, polarity=polarity, indicator_type="outcome"
    )
    planning.target_set(
        user=SYSTEM, indicator=indicator, year=YEAR, value=Decimal(target),
        value_high=Decimal(high) if high else None, expected_version=target_version(indicator, YEAR),
    )  # fmt: skip
    return indicator


@pytest.fixture
def agreement(world, monkeypatch):
    """Dinas Kesehatan's agreement of 2026 in force, with the rows the signed PDF was rendered from."""
    with audit_context(username="test:setup"):
        _indicator(world.objective, "Prevalensi balita gizi kurang", "%", "60", "75.5", polarity="range")
        second = planning.node_create(
            user=SYSTEM, period=world.period, parent=world.goal, title="Sasaran gizi masyarakat"
        )
        _indicator(second, "Cakupan ASI eksklusif", "%", "80")
        Indicator.objects.filter(node__in=[world.objective, second]).update(responsible_agency=world.dinkes)
        seen = {}
        original = documents.render_pdf

        def capture(template, context):
            seen.setdefault(template, context)
            return original(template, context)

        monkeypatch.setattr(documents, "render_pdf", capture)
        document = prepare(world)
    SignedDocument.objects.filter(pk=document.pk).update(
        state=DocumentState.IN_FORCE, document_date=datetime.date(YEAR, 1, 21)
    )
    document.refresh_from_db()
    return document, seen["integrity/pdf/document.html"]["rows"]


def _plain(rows) -> list[tuple]:
    return [
        (r["number"], r["first"], f"{r['code']} {r['title']}".strip(), r["indicator"], r["target_text"], r["unit"])
        for r in rows
    ]


def test_the_signed_annex_the_lkjip_and_the_portal_show_the_same_rows(world, agreement, client, monkeypatch):
    document, signed = agreement
    assert _plain(signed) == EXPECTED
    text = pdf_text(bytes(document.pdf))
    # The signed annex numbers its nodes 1, 2, 3 (not its rows) and shows both bounds of the range.
    assert "2 M1.T1.S2 Sasaran gizi masyarakat Cakupan ASI eksklusif 80 %" in text
    assert "3 1.02.02 Program upaya kesehatan Angka kematian ibu 97 kasus" in text
    assert "Prevalensi balita gizi kurang 60 – 75,5 %" in text

    report = lkjip.build(government=world.government, year=YEAR, agency=world.dinkes)
    assert report.agreement == document
    seen = {}
    original = lkjip.render_pdf
    monkeypatch.setattr(lkjip, "render_pdf", lambda template, ctx: seen.update(ctx) or original(template, ctx))
    lkjip_text = pdf_text(lkjip.render(report))
    assert _plain(seen["agreement_rows"]) == EXPECTED
    # Bab II and the annex: both bounds and the annex's numbers, twice.
    assert lkjip_text.count("Prevalensi balita gizi kurang 60 – 75,5 %") == 2
    assert lkjip_text.count("2 M1.T1.S2 Sasaran gizi masyarakat Cakupan ASI eksklusif 80 %") == 2
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows]
        for table in Document(io.BytesIO(lkjip.render_docx(report))).tables
    ]
    agreement_tables = [t for t in tables if t[0][:3] == ["No", "Sasaran / program", "Indikator"]]
    assert len(agreement_tables) == 2  # Bab II and the annex
    for table in agreement_tables:
        assert table[1:] == [
            ["1", "M1.T1.S1 Sasaran kesehatan", "Usia Harapan Hidup", "71,1", "tahun"],
            ["", "", "Prevalensi balita gizi kurang", "60 – 75,5", "%"],
            ["2", "M1.T1.S2 Sasaran gizi masyarakat", "Cakupan ASI eksklusif", "80", "%"],
            ["3", "1.02.02 Program upaya kesehatan", "Angka kematian ibu", "97", "kasus"],
        ]

    cache.clear()
    response = client.get(reverse("portal:agency", args=[world.dinkes.code]), {"year": YEAR})
    assert _plain(response.context["agreement"]) == EXPECTED
    page = " ".join(response.getvalue().decode().split())
    assert 'Prevalensi balita gizi kurang</td><td class="text-end text-nowrap">60 – 75,5</td>' in page
    cache.clear()


def test_numbers_count_every_node_of_the_signed_annex_and_only_it_lists_empty_ones():
    frozen = SignedDocument(
        content={
            "performance": [
                {"code": "", "title": "Sasaran A", "indicators": [{"name": "A1", "unit": "%", "target": "5"}]},
                {"code": "", "title": "Sasaran tanpa indikator", "indicators": []},
                {"code": "1.02", "title": "Program", "indicators": [
                    {"name": "P1", "unit": "%", "target": "1.5", "target_high": "2"},
                    {"name": "P2", "unit": "unit", "target": None},
                ]},
            ]
        }
    )  # fmt: skip
    from django.utils import translation

    with translation.override("id"):
        shown = _plain(content.agreement_rows(frozen))
        signed = _plain(content.agreement_rows(frozen, with_empty_nodes=True))
    assert shown == [
        (1, True, "Sasaran A", "A1", "5", "%"),
        (3, True, "1.02 Program", "P1", "1,5 – 2", "%"),
        (3, False, "1.02 Program", "P2", "–", "unit"),
    ]
    assert signed == [shown[0], (2, True, "Sasaran tanpa indikator", "", "–", ""), *shown[1:]]
    assert content.agreement_rows(None) == []
