"""The budgets' figures to date (``BudgetToDate``) stay in step with every write to a month, and the pages
reading them give what folding the months themselves gives (``budget_progress``)."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kinerja.core.access import SYSTEM
from kinerja.monitoring import selectors, services, totals
from kinerja.monitoring.models import Budget, BudgetMonth, BudgetToDate
from kinerja.tests.versions import budget_version, month_version


def _budget(world, node=None, ceiling="1000"):
    node = node or world.dinkes_sub
    return services.budget_set(
        user=SYSTEM, node=node, year=2026, ceiling=ceiling, expected_version=budget_version(node, 2026)
    )


def _month(budget, month, cash=None, spent=None, plan=None, actual=None):
    return services.budget_month_set(
        user=SYSTEM,
        budget=budget,
        month=month,
        cash_plan=cash,
        spent=spent,
        physical_plan=plan,
        physical_actual=actual,
        expected_version=month_version(budget, month),
    )


def _stored(budget, month):
    row = BudgetToDate.objects.get(budget=budget, month=month)
    return (row.cash_plan, row.spent, row.physical_plan, row.physical_actual, row.physical_entered)


def test_every_write_to_a_month_keeps_the_figures_to_date_in_step(world):
    budget = _budget(world)
    assert not BudgetToDate.objects.filter(budget=budget).exists()  # nothing entered: nothing to date
    _month(budget, 1, cash=100, spent=50, plan=10, actual=30)
    _month(budget, 3, cash=100, plan=30)  # February left out: the months are sparse
    assert BudgetToDate.objects.filter(budget=budget).count() == 12
    assert _stored(budget, 1) == (100, 50, 10, 30, 30)
    assert _stored(budget, 2) == (100, 50, 10, 30, None)
    assert _stored(budget, 3) == (200, 50, 30, 30, None)
    assert _stored(budget, 12) == (200, 50, 30, 30, None)
    _month(budget, 1, cash=100, spent=70, plan=10, actual=40)  # a correction
    assert _stored(budget, 3) == (200, 70, 30, 40, None)
    assert totals.check_budgets() == []
    BudgetMonth.objects.get(budget=budget, month=1).delete()
    assert _stored(budget, 3) == (100, 0, 30, None, None)
    BudgetMonth.objects.get(budget=budget, month=3).delete()
    assert not BudgetToDate.objects.filter(budget=budget).exists()
    _month(budget, 2, cash=100, spent=10)
    budget.delete()  # its months go with it, and so do their figures to date
    assert not BudgetToDate.objects.exists()
    assert totals.check_budgets() == []


def test_an_amendment_keeps_the_figures_to_date_with_the_moved_budget(world):
    from kinerja.planning import services as planning

    budget = _budget(world)
    _month(budget, 1, cash=100, spent=50, plan=10, actual=30)
    new_period = planning.period_amend(
        user=world.users["planner"], period=world.dinkes_sub.period, reason="Perubahan RPJMD"
    )
    moved = Budget.objects.get(node__period=new_period, year=2026)
    assert moved.pk == budget.pk and _stored(moved, 12) == (100, 50, 10, 30, None)
    assert totals.check_budgets() == []


@pytest.mark.parametrize("month", [1, 2, 3, 6, 12])
def test_the_overview_and_the_reality_check_read_what_the_months_give(world, month):
    """budget_candidates and progress_by_agency from the stored figures equal budget_progress over the months."""
    behind = _budget(world)
    _month(behind, 1, cash=100, spent=10, plan=10, actual=2)
    _month(behind, 3, cash=100, spent=20, plan=30, actual=25)
    _month(behind, 5, cash=200, plan=50)
    budgets = Budget.objects.filter(node__period__status="active")
    progress = selectors.budget_progress(budgets=budgets, year=2026, month=month)
    planner = world.users["planner"]
    flagged = {
        (agency_id, p.financial_plan, p.financial_actual, p.physical_plan, p.physical_actual)
        for agency_id, p in selectors.budget_candidates(user=planner, year=2026, month=month)
        if p.warning or p.diverges
    }
    expected = {
        (world.dinkes_sub.agency_id, p.financial_plan, p.financial_actual, p.physical_plan, p.physical_actual)
        for p in progress.values()
        if p.warning or p.diverges
    }
    assert flagged == expected
    by_agency = selectors.progress_by_agency(
        user=planner, government_id=world.dinkes_sub.government_id, year=2026, month=month
    )
    entered = {1: Decimal(2), 3: Decimal(25)}.get(month)
    if entered is None:  # no physical progress entered for the month: the agency is left out, as before
        assert world.dinkes_sub.agency_id not in by_agency
    else:
        row = by_agency[world.dinkes_sub.agency_id]
        assert row["physical"] == entered
        assert row["financial"] == progress[world.dinkes_sub.pk].financial_actual


def test_the_command_reports_drift_in_the_figures_to_date_and_rebuild_repairs_it(world, capsys):
    budget = _budget(world)
    _month(budget, 1, cash=100, spent=50)
    BudgetToDate.objects.filter(budget=budget, month=4).update(spent=Decimal(999))
    BudgetToDate.objects.filter(budget=budget, month=5).delete()
    assert len(totals.check_budgets()) == 2
    with pytest.raises(CommandError, match="2 budget months to date"):
        call_command("monitoring_totals", "--check")
    call_command("monitoring_totals", "--rebuild")
    assert totals.check_budgets() == []
    assert "budgets to date: 12 rows" in capsys.readouterr().out
    call_command("monitoring_totals", "--check")
