import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.core.choices import RegionKind
from kinerja.core.models import Region
from kinerja.projects import services
from kinerja.projects.choices import Category, Phase, Sector
from kinerja.tests.versions import report_version

TODAY = datetime.date(2026, 11, 28)


def jpeg(name="lokasi.jpg", size=(32, 24)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 90, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def region(world):
    return Region.objects.create(
        government=world.government, code="16.07", bps_code="1607", name="Kab. Banyuasin", kind=RegionKind.REGENCY
    )


def make_project(world, agency=None, code="pelabuhan", region=None, start=datetime.date(2026, 1, 1), **extra):
    with audit_context(username="test:setup"):
        return services.project_save(
            user=SYSTEM,
            expected_version=None,
            government=world.government,
            data={
                "code": code, "name": f"Proyek {code}", "category": Category.REGIONAL, "sector": Sector.TRANSPORT,
                "agency": agency or world.dinkes, "region": region, "value": Decimal("1000000000"), "start": start,
                "planned_end": datetime.date(2027, 12, 31), "phase": Phase.IMPLEMENTATION, **extra,
            },
        )  # fmt: skip


@pytest.fixture
def project(world, region):
    return make_project(world, region=region)


def report(project, month, plan, actual, user=SYSTEM, today=TODAY, **kwargs):
    kwargs.setdefault("expected_version", report_version(project, month))
    return services.report_save(
        user=user, project=project, month=month, physical_plan=Decimal(plan), physical_actual=Decimal(actual),
        financial=kwargs.pop("financial", Decimal(0)), today=today, **kwargs,
    )  # fmt: skip
