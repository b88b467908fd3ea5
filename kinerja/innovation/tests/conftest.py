import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.access import SYSTEM
from kinerja.core.tests.files import pdf_bytes
from kinerja.innovation import services
from kinerja.innovation.models import Catalogue

DESIGN = " ".join(["Layanan"] * 320)


def pdf(name="bukti.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def make_innovation(world, *, user=SYSTEM, agency=None, name="Antrean daring RSUD", stage="implementation", **data):
    agency = agency or world.dinkes
    values = {
        "agency": agency, "name": name, "form": "public_service", "urusan": "1.02", "initiator": "asn",
        "is_digital": True, "stage": stage, "initiated_on": datetime.date(2024, 2, 1),
        "trial_on": datetime.date(2024, 5, 1) if stage != "initiative" else None,
        "implemented_on": datetime.date(2024, 9, 2) if stage == "implementation" else None,
        "design": DESIGN, "goals": "Memangkas antrean", "person_in_charge": "dr. Rina",
        "service_unit": agency.service_units.first(),
    } | data  # fmt: skip
    return services.innovation_save(user=user, government=world.government, data=values, expected_version=None)


@pytest.fixture
def catalogue(db):
    from kinerja.innovation.catalogue_data import install
    from kinerja.innovation.models import CatalogueIndicator

    install(Catalogue, CatalogueIndicator)  # again after a browser test's flush (a no-op otherwise)
    return Catalogue.objects.get(year=2026)


@pytest.fixture
def innovation(world):
    return make_innovation(world)


def measures(**overrides):
    base = {
        "steps": {"before": Decimal(8), "after": Decimal(3), "evidence_link": "https://example.org/sop"},
        "documents": {"before": Decimal(6), "after": Decimal(2), "evidence_link": "https://example.org/sop"},
        "time": {"before": Decimal(14), "after": Decimal(3), "evidence_link": "https://example.org/sp"},
        "cost": {"before": Decimal(0), "after": Decimal(0), "evidence_link": "https://example.org/sp"},
    }
    return base | overrides
