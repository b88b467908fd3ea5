"""BRIDA reviews every agency's innovations and reads what that needs (plan, organisation, IKM), nothing more."""

import pytest

from kinerja.conftest import make_user
from kinerja.core.access import SYSTEM, may
from kinerja.core.choices import Role
from kinerja.core.permissions import ORGANISATION
from kinerja.innovation import services
from kinerja.innovation.choices import ReviewState
from kinerja.innovation.permissions import INNOVATION, REVIEW
from kinerja.innovation.tests.conftest import make_innovation
from kinerja.monitoring.permissions import MONITORING, VERIFY
from kinerja.planning.permissions import PLANNING
from kinerja.projects.permissions import PROJECTS
from kinerja.satisfaction.permissions import SATISFACTION
from kinerja.tests.versions import current_version


@pytest.fixture
def brida(world):
    return make_user("brida", world.government, Role.BRIDA)


def test_brida_reviews_innovations_of_every_agency(world, brida):
    for agency in (world.dinkes, world.disdik):
        innovation = make_innovation(world, agency=agency, name=f"Inovasi {agency.code}")
        services.innovation_submit(user=SYSTEM, innovation=innovation, expected_version=current_version(innovation))
        reviewed = services.innovation_review(
            user=brida, innovation=innovation, accept=True, expected_version=current_version(innovation)
        )
        assert reviewed.review_state == ReviewState.REVIEWED and reviewed.reviewed_by == brida
    assert not may(brida, "change", innovation) and not may(brida, "add", world.dinkes, area=INNOVATION)


def test_brida_reads_the_plan_organisation_and_ikm_and_does_nothing_else(world, brida):
    government = world.government
    for area in (INNOVATION, PLANNING, ORGANISATION, SATISFACTION):
        assert may(brida, "view", government, area=area), area
    assert may(brida, REVIEW, government, area=INNOVATION)
    for action in ("add", "change", "delete"):
        assert not may(brida, action, world.dinkes_program), action  # no plan edits
    assert not may(brida, VERIFY, government, area=MONITORING)  # no verification of realizations
    assert not may(brida, "view", government, area=MONITORING)
    assert not may(brida, "view", government, area=PROJECTS)
    assert not may(brida, "add", government, area=SATISFACTION)
    assert not may(brida, "view", world.other_government, area=INNOVATION)  # only its own government
