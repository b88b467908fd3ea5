from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from kinerja.core.access import SYSTEM
from kinerja.core.services import ConflictError
from kinerja.planning import services
from kinerja.planning.choices import PeriodStatus
from kinerja.planning.models import Indicator, PlanNode, Target
from kinerja.tests.versions import current_version, target_version


def test_child_kind_follows_from_the_parent(world):
    node = services.node_create(
        user=world.users["planner"],
        period=world.period,
        parent=world.dinkes_activity,
        code="1.02.02.1.01.0001",
        title="x",
    )
    assert node.kind == "sub_activity" and node.agency == world.dinkes
    assert node.path == f"{world.dinkes_activity.path}{node.pk}/"


def test_wrong_parent_kind_is_refused(world):
    with pytest.raises(ValidationError, match="must sit under"):
        services.node_create(
            user=SYSTEM,
            period=world.period,
            parent=world.goal,
            kind="program",
            code="1.02.03",
            title="x",
            agency=world.dinkes,
        )


def test_a_plan_has_one_vision(world):
    with pytest.raises(ValidationError, match="already has a vision"):
        services.node_create(user=SYSTEM, period=world.period, parent=None, title="Second vision")


def test_database_refuses_a_parent_of_the_wrong_kind(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanNode.objects.filter(pk=world.dinkes_sub.pk).update(parent=world.objective)


def test_database_refuses_a_cycle(world):
    # A cycle would need a node under its own descendant: the kind rule makes that impossible.
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanNode.objects.filter(pk=world.mission.pk).update(parent=world.goal)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE planning_plannode SET kind = 'program' WHERE id = %s", [world.objective.pk])


def test_service_refuses_moving_a_node_under_its_descendant(world):
    with pytest.raises(ValidationError):
        services.node_move(
            user=world.users["planner"],
            node=world.mission,
            parent=world.goal,
            expected_version=current_version(world.mission),
        )


def test_moving_a_node_moves_its_subtree(world):
    other_objective = services.node_create(user=SYSTEM, period=world.period, parent=world.goal, title="Sasaran lain")
    services.node_move(
        user=world.users["planner"],
        node=world.dinkes_program,
        parent=other_objective,
        expected_version=current_version(world.dinkes_program),
    )
    world.dinkes_sub.refresh_from_db()
    assert world.dinkes_sub.path.startswith(f"{other_objective.path}{world.dinkes_program.pk}/")


def test_code_absent_from_the_nomenclature_is_refused_naming_the_version(world):
    with pytest.raises(ValidationError, match="not in the SIPD nomenclature sample"):
        services.node_create(
            user=SYSTEM, period=world.period, parent=world.dinkes_program, code="1.02.02.1.09", title="x"
        )


def test_code_must_extend_the_parent_code(world):
    with pytest.raises(ValidationError, match="does not extend"):
        services.node_create(
            user=SYSTEM, period=world.period, parent=world.dinkes_program, code="1.02.03.1.01", title="x"
        )


def test_support_program_takes_the_agency_bidang(world):
    program = services.node_create(
        user=SYSTEM, period=world.period, parent=world.objective, code="1.02.01", title="Penunjang", agency=world.dinkes
    )
    activity = services.node_create(
        user=SYSTEM, period=world.period, parent=program, code="1.02.01.1.01", title="Perencanaan"
    )
    assert activity.code == "1.02.01.1.01"


def test_sub_activity_from_nomenclature_gets_its_official_output_indicator(world):
    indicator = world.dinkes_sub.indicators.get()
    assert indicator.indicator_type == "output"
    assert (
        indicator.name
        == "Jumlah Sarana, Prasarana dan Alat Kesehatan yang Dilakukan Rehabilitasi dan Pemeliharaan oleh Rumah Sakit"
    )
    assert indicator.unit == "Unit"


def test_agency_of_a_child_must_match_its_parent(world):
    with pytest.raises(ValidationError, match="same agency"):
        services.node_create(
            user=SYSTEM,
            period=world.period,
            parent=world.dinkes_program,
            code="1.02.02.1.02",
            title="x",
            agency=world.disdik,
        )


def test_operator_cannot_create_or_change_nodes(world):
    with pytest.raises(PermissionDenied):
        services.node_create(
            user=world.users["dinkes_operator"],
            period=world.period,
            parent=world.dinkes_program,
            code="1.02.02.1.02",
            title="x",
        )
    with pytest.raises(PermissionDenied):
        services.node_update(
            user=world.users["dinkes_head"],
            node=world.dinkes_program,
            data={"title": "x"},
            expected_version=current_version(world.dinkes_program),
        )


def test_concurrent_edit_is_refused_with_the_stored_values(world):
    planner = world.users["planner"]
    loaded_version = world.mission.lock_version
    services.node_update(
        user=planner, node=world.mission, data={"title": "First save"}, expected_version=loaded_version
    )
    with pytest.raises(ConflictError) as excinfo:
        services.node_update(
            user=planner, node=world.mission, data={"title": "Second save"}, expected_version=loaded_version
        )
    assert excinfo.value.current["title"] == "First save"
    world.mission.refresh_from_db()
    assert world.mission.title == "First save"


def test_target_outside_the_plan_period_is_refused(world):
    with pytest.raises(ValidationError, match="outside the plan period 2025–2029"):
        services.target_set(
            user=SYSTEM,
            indicator=world.objective_indicator,
            year=2031,
            value=Decimal(1),
            expected_version=target_version(world.objective_indicator, 2031),
        )


def test_range_target_with_low_above_high_is_refused(world):
    indicator = services.indicator_create(
        user=SYSTEM, node=world.goal, name="Inflasi", unit="%", polarity="range", indicator_type="outcome"
    )
    with pytest.raises(ValidationError, match="lower bound"):
        services.target_set(
            user=SYSTEM,
            indicator=indicator,
            year=2026,
            value=Decimal("3.5"),
            value_high=Decimal("1.5"),
            expected_version=target_version(indicator, 2026),
        )
    target = services.target_set(
        user=SYSTEM,
        indicator=indicator,
        year=2026,
        value=Decimal("1.5"),
        value_high=Decimal("3.5"),
        expected_version=target_version(indicator, 2026),
    )
    assert target.value_high == Decimal("3.5")


def test_non_numeric_target_is_refused(world):
    with pytest.raises(ValidationError, match="not a number"):
        services.target_set(
            user=SYSTEM,
            indicator=world.objective_indicator,
            year=2026,
            value="tinggi",
            expected_version=target_version(world.objective_indicator, 2026),
        )


def test_database_refuses_a_range_with_low_above_high(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            indicator=world.objective_indicator, year=2026, period_kind="quarter", period_no=1, value=5, value_high=1
        )


def test_quarterly_targets_sit_beside_the_annual_one(world):
    services.target_set(
        user=SYSTEM,
        indicator=world.objective_indicator,
        year=2026,
        period_kind="quarter",
        period_no=2,
        value=Decimal("70.95"),
        expected_version=target_version(world.objective_indicator, 2026, period_kind="quarter", period_no=2),
    )
    assert world.objective_indicator.targets.filter(year=2026).count() == 2
    with pytest.raises(ValidationError):
        services.target_set(
            user=SYSTEM,
            indicator=world.objective_indicator,
            year=2026,
            period_kind="quarter",
            period_no=5,
            value=Decimal(1),
            expected_version=target_version(world.objective_indicator, 2026, period_kind="quarter", period_no=5),
        )


def test_amendment_copies_the_tree_and_keeps_the_old_version_readable(world):
    new = services.period_amend(user=world.users["planner"], period=world.period, reason="Perubahan RPJMD")
    world.period.refresh_from_db()
    assert world.period.status == PeriodStatus.SUPERSEDED and new.version == 2 and new.previous == world.period
    assert new.nodes.count() == world.period.nodes.count()
    assert (
        Indicator.objects.filter(node__period=new).count()
        == Indicator.objects.filter(node__period=world.period).count()
    )
    assert (
        Target.objects.filter(indicator__node__period=new).count()
        == Target.objects.filter(indicator__node__period=world.period).count()
    )
    copy = new.nodes.get(code="1.02.02.1.01.0009")
    assert copy.path.count("/") == world.dinkes_sub.path.count("/")
    assert all(PlanNode.objects.get(pk=a).period_id == new.pk for a in copy.ancestor_ids)
    with pytest.raises(ValidationError, match="superseded"):
        services.node_update(
            user=world.users["planner"],
            node=world.mission,
            data={"title": "x"},
            expected_version=current_version(world.mission),
        )


def test_amendment_needs_a_reason(world):
    with pytest.raises(ValidationError):
        services.period_amend(user=world.users["planner"], period=world.period, reason="  ")


def test_deleting_a_node_with_children_is_refused(world):
    with pytest.raises(ValidationError, match="children"):
        services.node_delete(
            user=world.users["planner"], node=world.dinkes_program, expected_version=world.dinkes_program.lock_version
        )
