import pytest

from kinerja.core.models import ServiceUnit
from kinerja.satisfaction import services


@pytest.fixture
def survey(world):
    # Transactional (browser) tests flush the tables, the method the migration installed included.
    from kinerja.satisfaction.method_data import install
    from kinerja.satisfaction.models import SurveyElement, SurveyMethod

    install(SurveyMethod, SurveyElement)
    unit = ServiceUnit.objects.get(code="rsud")
    return services.survey_create(
        user=world.users["service_quality"], service_unit=unit, period_kind="semester", year=2026, number=1,
        population=1000, services=["Rawat jalan", "Rawat inap", "rawat jalan"],
    )  # fmt: skip
