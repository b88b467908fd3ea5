"""The budget page shows its rupiah and percentages as the pages do, and saving it unchanged changes nothing."""

from decimal import Decimal

from kinerja.core.access import SYSTEM
from kinerja.core.tests.pages import resubmit_data
from kinerja.monitoring import services
from kinerja.monitoring.models import Budget, BudgetMonth
from kinerja.tests.versions import budget_version, month_version


def test_the_budget_page_shows_the_ceiling_with_thousands_dots_and_saves_it_back_unchanged(world, login):
    budget = services.budget_set(
        user=SYSTEM,
        node=world.dinkes_sub,
        year=2026,
        ceiling=Decimal("825000000"),
        expected_version=budget_version(world.dinkes_sub, 2026),
    )
    services.budget_month_set(
        user=SYSTEM,
        budget=budget,
        month=1,
        cash_plan=Decimal("70000000.50"),
        spent=Decimal("1600"),
        physical_plan=Decimal("10"),
        physical_actual=Decimal("9.5"),
        expected_version=month_version(budget, 1),
    )
    url = f"/reports/budgets/{world.dinkes_sub.pk}/?year=2026"
    planner = login(world.users["planner"])  # Bappeda sets the ceiling
    page = planner.get(url)
    assert 'value="825.000.000"' in page.content.decode()
    assert planner.post(url, resubmit_data(page, "ceiling")).status_code == 302
    operator = login(world.users["dinkes_operator"])  # the agency fills in the months
    page = operator.get(url)
    html = page.content.decode()
    assert 'value="70.000.000,5"' in html and 'value="9,5"' in html
    assert 'value="1600"' in html  # "1.600" would be refused as ambiguous
    assert operator.post(url, resubmit_data(page, "m1-cash_plan")).status_code == 302
    budget = Budget.objects.get(pk=budget.pk)
    month = BudgetMonth.objects.get(budget=budget, month=1)
    assert budget.ceiling == Decimal("825000000") and budget.lock_version == 1
    assert (month.cash_plan, month.spent, month.physical_plan, month.physical_actual, month.lock_version) == (
        Decimal("70000000.50"),
        Decimal("1600"),
        Decimal("10"),
        Decimal("9.5"),
        1,
    )


def test_an_ambiguous_ceiling_is_refused_and_nothing_is_saved(world, login):
    client = login(world.users["planner"])
    response = client.post(f"/reports/budgets/{world.dinkes_sub.pk}/?year=2026", {"ceiling": "1.600"})
    assert response.status_code == 200
    assert "1.600 ambigu" in response.content.decode()
    assert not Budget.objects.exists()
