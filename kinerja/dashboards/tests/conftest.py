import datetime

import pytest

from kinerja.conftest import make_user
from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.core.choices import Role
from kinerja.dashboards import supervision as services
from kinerja.monitoring.tests.conftest import output_indicator, periods  # noqa: F401  (fixtures)

TODAY = datetime.date(2026, 10, 5)  # a Monday: week 2026-W41 begins


@pytest.fixture
def supervisors(world):
    """wagub supervises Dinas Kesehatan, sekda Dinas Pendidikan; the governor (``leader``) every agency."""
    with audit_context(username="test:setup"):
        wagub = make_user("wagub", world.government, Role.LEADER)
        sekda = make_user("sekda", world.government, Role.LEADER)
        wagub.email, sekda.email = "wagub@example.test", "sekda@example.test"
        wagub.save(update_fields=["email"])
        sekda.save(update_fields=["email"])
        services.assignment_create(user=SYSTEM, government=world.government, supervisor=wagub, agency=world.dinkes)
        services.assignment_create(user=SYSTEM, government=world.government, supervisor=sekda, agency=world.disdik)
        services.assignment_create(user=SYSTEM, government=world.government, supervisor=world.users["leader"])
    return {"wagub": wagub, "sekda": sekda}


def send(world, supervisor, *, agency=None, today=TODAY, due_in=7, **extra):
    return services.request_send(
        user=supervisor,
        agency=agency or world.dinkes,
        kind=extra.pop("kind", "question"),
        text=extra.pop("text", "Mengapa capaian turun?"),
        due=today + datetime.timedelta(days=due_in),
        today=today,
        **extra,
    )
