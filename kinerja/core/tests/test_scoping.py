from django.contrib.auth.models import AnonymousUser

from kinerja.core.models import Agency, ServiceUnit
from kinerja.planning.models import Indicator, PlanNode, Target


def test_operator_sees_shared_top_and_own_agency_nodes_only(world):
    visible = set(PlanNode.objects.restrict(world.users["dinkes_operator"], "view").values_list("pk", flat=True))
    assert {world.vision.pk, world.objective.pk, world.dinkes_program.pk, world.dinkes_sub.pk} <= visible
    assert world.disdik_program.pk not in visible


def test_operator_cannot_see_other_agency_indicators_or_targets(world):
    user = world.users["dinkes_operator"]
    indicators = set(Indicator.objects.restrict(user, "view").values_list("pk", flat=True))
    assert world.disdik_indicator.pk not in indicators
    assert world.program_indicator.pk in indicators
    assert world.objective_indicator.pk in indicators
    assert not Target.objects.restrict(user, "view").filter(indicator=world.disdik_indicator).exists()


def test_planner_sees_and_changes_every_agency_of_the_government(world):
    planner = world.users["planner"]
    assert PlanNode.objects.restrict(planner, "change").filter(pk=world.disdik_program.pk).exists()
    assert (
        PlanNode.objects.restrict(planner, "view").count()
        == PlanNode.objects.filter(government=world.government).count()
    )


def test_read_only_roles_cannot_change_plan(world):
    for name in ("inspector", "leader", "service_quality", "dinkes_head", "dinkes_operator"):
        assert not PlanNode.objects.restrict(world.users[name], "change").exists(), name


def test_user_of_another_government_sees_nothing_of_this_one(world):
    stranger = world.users["stranger"]
    assert not PlanNode.objects.restrict(stranger, "view").exists()
    assert list(Agency.objects.restrict(stranger, "view")) == [world.other_agency]
    assert not ServiceUnit.objects.restrict(stranger, "view").exists()


def test_anonymous_and_roleless_users_see_nothing(world):
    assert not PlanNode.objects.restrict(AnonymousUser(), "view").exists()
    assert not PlanNode.objects.restrict(world.users["no_role"], "view").exists()


def test_agency_membership_covers_bureaus_under_the_agency(world):
    from kinerja.conftest import make_user
    from kinerja.core.choices import Role

    setda_operator = make_user("setda_operator", world.government, Role.OPERATOR, world.setda)
    visible = set(Agency.objects.restrict(setda_operator, "view").values_list("code", flat=True))
    assert visible == {"setda", "biroorg"}
