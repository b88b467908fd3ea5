import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.monitoring import services

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name="bukti.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def periods(world):
    rows = services.periods_ensure(government=world.government, year=2026)
    return {(p.kind, p.number): p for p in rows}


@pytest.fixture
def output_indicator(world):
    """The dinkes sub-activity's official output indicator: quarterly, summed over the year."""
    from kinerja.planning import services as planning

    indicator = world.dinkes_sub.indicators.get()
    for year in range(2025, 2030):
        planning.target_set(user=None, indicator=indicator, year=year, value=Decimal(40))
    return indicator


@pytest.fixture
def mid_year():
    return datetime.date(2026, 7, 20)
