"""The one function that decides access (kinerja.core.access): who may, on what, failing closed."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from kinerja.core.access import SYSTEM, may, person, require
from kinerja.core.audit import audit_context
from kinerja.core.choices import Role
from kinerja.core.models import Agency, AuditEvent, Membership
from kinerja.monitoring.models import ReportingPeriod
from kinerja.monitoring.permissions import MANAGE_PERIODS, MONITORING, SUBMIT, VERIFY
from kinerja.planning import services as planning
from kinerja.planning.models import Indicator, PlanNode
from kinerja.planning.permissions import PLANNING


def _fresh(user):
    """The user as a new request would load it (grants are cached on the object)."""
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("nobody", [None, AnonymousUser()], ids=["None", "anonymous"])
def test_no_user_is_refused_everything(world, nobody):
    for target, area in ((world.dinkes, MONITORING), (world.government, MONITORING), (world.dinkes_sub, None)):
        assert not may(nobody, "view", target, area=area)
        with pytest.raises(PermissionDenied):
            require(nobody, "view", target, area=area)


def test_an_inactive_user_is_refused_even_as_planner(world):
    planner = world.users["planner"]
    assert may(planner, MANAGE_PERIODS, world.government, area=MONITORING)
    planner.is_active = False
    planner.save()
    assert not may(_fresh(planner), MANAGE_PERIODS, world.government, area=MONITORING)
    assert not may(_fresh(planner), "view", world.dinkes_sub)


def test_system_may_do_everything_in_every_government_but_needs_a_target(world):
    assert may(SYSTEM, MANAGE_PERIODS, world.other_government, area=MONITORING)
    assert may(SYSTEM, "delete", world.disdik_program)
    require(SYSTEM, SUBMIT, world.other_agency, area=MONITORING)  # does not raise
    assert not may(SYSTEM, "view", None)  # no government found, say: nothing to allow
    assert person(SYSTEM) is None and person(world.users["planner"]) == world.users["planner"]


def test_agency_roles_act_for_their_agency_only(world):
    operator, head = world.users["dinkes_operator"], world.users["dinkes_head"]
    assert may(operator, "change", world.dinkes, area=MONITORING)
    assert not may(operator, "change", world.disdik, area=MONITORING)
    assert not may(operator, SUBMIT, world.dinkes, area=MONITORING)  # the role decides the action
    assert may(head, SUBMIT, world.dinkes, area=MONITORING)
    assert not may(head, VERIFY, world.dinkes, area=MONITORING)
    assert not may(operator, "change", world.other_agency, area=MONITORING)  # same code, other government


def test_an_agency_membership_covers_its_bureaus_not_its_parent(world):
    setda_head = world.users["planner"].__class__.objects.create_user(username="setda_head", password="x-x-x-x-1")
    Membership.objects.create(user=setda_head, government=world.government, role=Role.AGENCY_HEAD, agency=world.setda)
    assert may(setda_head, "change", world.biro, area=MONITORING)
    assert may(setda_head, "change", world.setda, area=MONITORING)
    assert not may(setda_head, "change", world.dinkes, area=MONITORING)
    biro_head = world.users["planner"].__class__.objects.create_user(username="biro_head", password="x-x-x-x-1")
    Membership.objects.create(user=biro_head, government=world.government, role=Role.AGENCY_HEAD, agency=world.biro)
    assert not may(biro_head, "change", world.setda, area=MONITORING)


def test_government_rights_are_decided_on_the_government_never_through_an_agency(world):
    planner, head = world.users["planner"], world.users["dinkes_head"]
    assert may(planner, MANAGE_PERIODS, world.government, area=MONITORING)
    # An agency head holds rights on the agency, none on the whole government, whatever the area.
    assert not may(head, "view", world.government, area=MONITORING)
    assert not may(head, SUBMIT, world.government, area=MONITORING)
    # A fabricated stand-in agency is refused loudly rather than decided.
    with pytest.raises(ImproperlyConfigured):
        may(planner, MANAGE_PERIODS, Agency(government_id=world.government.pk), area=MONITORING)


def test_government_roles_reach_their_own_government_only(world):
    stranger = world.users["stranger"]  # a planner of Bengkulu
    assert not may(stranger, MANAGE_PERIODS, world.government, area=MONITORING)
    assert not may(stranger, "change", world.dinkes_sub)
    assert not may(stranger, "view", world.dinkes, area=MONITORING)
    assert may(stranger, MANAGE_PERIODS, world.other_government, area=MONITORING)
    assert may(stranger, "change", world.other_agency, area=PLANNING)


def test_government_and_agency_targets_need_the_area(world):
    with pytest.raises(ImproperlyConfigured):
        may(world.users["planner"], "view", world.government)
    with pytest.raises(ImproperlyConfigured):
        may(world.users["planner"], "view", world.dinkes)


def test_scoped_instances_are_placed_through_their_scope(world):
    operator, planner = world.users["disdik_operator"], world.users["planner"]
    # Indicator scope: node__agency. The disdik indicator is disdik's; the dinkes one is not.
    assert may(operator, "view", world.disdik_indicator)
    assert not may(operator, "view", world.program_indicator)
    assert not may(operator, "change", world.disdik_indicator)  # planning: agency roles read
    assert may(planner, "change", world.program_indicator)
    # The shared top of the tree (no agency): every member reads it, an agency role never changes it.
    assert may(operator, "view", world.vision)
    period = ReportingPeriod.objects.create(
        government=world.government,
        year=2026,
        kind="month",
        number=1,
        starts="2026-01-01",
        ends="2026-01-31",
        deadline="2026-02-10",
    )
    assert may(operator, "view", period)
    assert not may(operator, "change", period)  # operators change monitoring data, but only their agency's
    assert may(planner, "view", period)


def test_may_on_an_instance_agrees_with_the_restricted_querysets(world):
    """One rule: what may() says about a row is what Model.objects.restrict() selects."""
    users = [*world.users.values(), SYSTEM]
    nodes = list(PlanNode.objects.all())
    indicators = list(Indicator.objects.select_related("node"))
    for user in users:
        user = user if user is SYSTEM else _fresh(user)
        for action in ("view", "change", "delete"):
            for model, rows in ((PlanNode, nodes), (Indicator, indicators)):
                allowed = set(model.objects.restrict(user, action).values_list("pk", flat=True))
                for row in rows:
                    assert may(user, action, row) == (row.pk in allowed), (user, action, row)


def test_the_audit_trail_records_the_system_actor(world):
    with audit_context(user=SYSTEM, reason="test"):
        node = planning.node_update(
            user=SYSTEM,
            node=world.dinkes_sub,
            data={"title": "Judul baru"},
            expected_version=PlanNode.objects.get(pk=world.dinkes_sub.pk).lock_version,
        )
    event = AuditEvent.objects.filter(object_id=str(node.pk)).order_by("-pk").first()
    assert (event.username, event.user_id) == ("sistem", None)
