"""Monitoring services fail closed: no user is refused, a step needs the version it acts on, and the
reporting periods are the government's, decided on the government."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from kinerja.core.access import SYSTEM
from kinerja.core.services import ConflictError
from kinerja.monitoring import services
from kinerja.monitoring.models import Realization, ReportingPeriod

NOW = datetime.datetime(2026, 4, 15, 10, 0, tzinfo=datetime.UTC)


def test_no_user_changes_nothing(world, periods, output_indicator):
    period = periods[("quarter", 1)]
    with time_machine.travel(NOW), pytest.raises(PermissionDenied):
        services.realization_save(
            user=None, indicator=output_indicator, period=period, value="5", expected_version=None
        )
    assert not Realization.objects.exists()
    with pytest.raises(PermissionDenied):
        services.period_set_deadline(user=None, period=period, deadline=datetime.date(2026, 5, 30), expected_version=1)
    assert ReportingPeriod.objects.get(pk=period.pk).deadline == period.deadline


def test_reporting_periods_are_managed_by_a_government_role_of_that_government(world, periods):
    period = periods[("quarter", 1)]
    for name in ("dinkes_head", "dinkes_operator", "stranger"):
        with pytest.raises(PermissionDenied):
            services.period_set_deadline(
                user=world.users[name], period=period, deadline=datetime.date(2026, 5, 30), expected_version=1
            )
    assert ReportingPeriod.objects.get(pk=period.pk).deadline == period.deadline
    services.period_set_deadline(
        user=world.users["planner"], period=period, deadline=datetime.date(2026, 5, 30), expected_version=1
    )
    assert ReportingPeriod.objects.get(pk=period.pk).deadline == datetime.date(2026, 5, 30)


def test_a_step_without_the_current_version_is_a_conflict_and_changes_nothing(world, periods, output_indicator):
    with time_machine.travel(NOW):
        draft = services.realization_save(
            user=world.users["dinkes_operator"],
            indicator=output_indicator,
            period=periods[("quarter", 1)],
            value="5",
            explanation="Tiga puskesmas",
            expected_version=None,
        )
        head = world.users["dinkes_head"]
        for version in (None, draft.lock_version + 1):
            with pytest.raises(ConflictError):
                services.realization_submit(user=head, realization=draft, expected_version=version)
        with pytest.raises(ConflictError):  # a value entered meanwhile is not overwritten by a "new" one
            services.realization_save(
                user=head, indicator=output_indicator, period=periods[("quarter", 1)], value="9", expected_version=None
            )
        stored = Realization.objects.get(pk=draft.pk)
        assert (stored.state, stored.value, stored.lock_version) == ("draft", draft.value, draft.lock_version)
        services.realization_submit(user=head, realization=draft, expected_version=draft.lock_version)
        assert Realization.objects.get(pk=draft.pk).state == "submitted"


def test_the_system_actor_is_recorded_as_nobody(world, periods, output_indicator):
    with time_machine.travel(NOW):
        value = services.realization_save(
            user=SYSTEM, indicator=output_indicator, period=periods[("quarter", 1)], value="5", expected_version=None
        )
    assert Realization.objects.get(pk=value.pk).entered_by is None
