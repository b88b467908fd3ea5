import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.access import SYSTEM
from kinerja.core.tests.files import image_bytes, pdf_bytes
from kinerja.monitoring import services
from kinerja.tests.versions import target_version

PDF = pdf_bytes()
PNG = image_bytes("PNG")


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
        planning.target_set(
            user=SYSTEM,
            indicator=indicator,
            year=year,
            value=Decimal(40),
            expected_version=target_version(indicator, year),
        )
    return indicator


@pytest.fixture
def mid_year():
    return datetime.date(2026, 7, 20)
