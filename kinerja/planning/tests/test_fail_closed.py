"""Planning services fail closed: no user is refused, an update needs the version it edits."""

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core.access import SYSTEM
from kinerja.core.services import ConflictError
from kinerja.planning import services
from kinerja.planning.models import Indicator, PlanNode, Target


def test_no_user_changes_nothing(world):
    node = PlanNode.objects.get(pk=world.dinkes_sub.pk)
    with pytest.raises(PermissionDenied):
        services.node_update(user=None, node=node, data={"title": "Diubah"}, expected_version=node.lock_version)
    with pytest.raises(PermissionDenied):
        services.node_create(user=None, period=world.period, parent=world.dinkes_activity, title="Baru", code="x")
    with pytest.raises(PermissionDenied):
        services.target_set(user=None, indicator=world.disdik_indicator, year=2026, value=5, expected_version=None)
    assert PlanNode.objects.get(pk=node.pk).title == node.title
    assert not PlanNode.objects.filter(title="Baru").exists()
    assert not Target.objects.filter(indicator=world.disdik_indicator).exists()


def test_an_update_without_the_current_version_is_a_conflict_and_changes_nothing(world):
    indicator = Indicator.objects.get(pk=world.program_indicator.pk)
    planner = world.users["planner"]
    for version in (None, indicator.lock_version + 1):
        with pytest.raises(ConflictError):
            services.indicator_update(user=planner, indicator=indicator, data={"name": "X"}, expected_version=version)
    target = Target.objects.filter(indicator=indicator, year=2026).get()
    with pytest.raises(ConflictError):  # the user saw no target, yet one is stored: a conflict, not an overwrite
        services.target_set(user=planner, indicator=indicator, year=2026, value=1, expected_version=None)
    assert Indicator.objects.get(pk=indicator.pk).name == indicator.name
    assert Target.objects.get(pk=target.pk).value == target.value
    services.indicator_update(
        user=planner, indicator=indicator, data={"name": "X"}, expected_version=indicator.lock_version
    )
    assert Indicator.objects.get(pk=indicator.pk).name == "X"


def test_the_system_actor_edits_at_the_version_it_read(world):
    node = PlanNode.objects.get(pk=world.vision.pk)
    services.node_update(user=SYSTEM, node=node, data={"title": "Visi"}, expected_version=node.lock_version)
    assert PlanNode.objects.get(pk=node.pk).title == "Visi"
