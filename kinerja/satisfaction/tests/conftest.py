import datetime

import pytest
import time_machine
from django.utils import timezone

from kinerja.core.models import ServiceUnit
from kinerja.satisfaction import services

# The suite's survey is of 2026 S1, which takes answers only until its end (30-06-2026): the tests run on a
# day inside it. Browser tests keep the real clock (the browser judges cookies by it) and survey this semester.
WITHIN_2026_S1 = datetime.datetime(2026, 5, 20, 3, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def within_the_survey_period(request):
    if request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(WITHIN_2026_S1, tick=True):
        yield


@pytest.fixture
def survey(world, request):
    # Transactional (browser) tests flush the tables, the method the migration installed included.
    from kinerja.satisfaction.method_data import install
    from kinerja.satisfaction.models import SurveyElement, SurveyMethod

    install(SurveyMethod, SurveyElement)
    unit = ServiceUnit.objects.get(code="rsud")
    today = timezone.localdate()
    return services.survey_create(
        user=world.users["service_quality"], service_unit=unit, period_kind="semester", year=today.year,
        number=1 if today.month <= 6 else 2,
        population=1000, services=["Rawat jalan", "Rawat inap", "rawat jalan"],
    )  # fmt: skip
