import datetime
from decimal import Decimal

from kinerja.monitoring import formulas, selectors, services
from kinerja.monitoring.models import Realization
from kinerja.planning.models import Indicator


def _report(world, periods, indicator, quarter, value, *, verify=True):
    r = services.realization_save(
        user=world.users["dinkes_operator"],
        indicator=indicator,
        period=periods[("quarter", quarter)],
        value=value,
        explanation="ok",
        today=datetime.date(2026, 12, 1),
    )
    services.realization_submit(user=world.users["dinkes_head"], realization=r)
    if verify:
        services.realization_verify(user=world.users["planner"], realization=r)
    return r


def test_annual_achievement_sums_verified_quarters_and_projects_the_year(world, periods, output_indicator):
    _report(world, periods, output_indicator, 1, "10")
    _report(world, periods, output_indicator, 2, "8")
    _report(world, periods, output_indicator, 3, "6", verify=False)
    qs = Indicator.objects.filter(pk=output_indicator.pk)
    official = selectors.indicator_results(indicators=qs, year=2026, as_of=datetime.date(2026, 7, 20))[
        output_indicator.pk
    ]
    assert official.realization == 18 and official.target == 40
    assert official.achievement == Decimal(45) and official.rating == "sangat_rendah"
    # Two quarters elapsed of four: 18 projects to 36 of 40 = 90 %, no warning.
    assert official.projected == Decimal(90) and not official.warning
    working = selectors.indicator_results(
        indicators=qs, year=2026, include_submitted=True, as_of=datetime.date(2026, 10, 20)
    )[output_indicator.pk]
    assert working.realization == 24 and working.achievement == Decimal(60)
    # Three quarters elapsed: 24 projects to 32 of 40 = 80 %.
    assert working.projected == Decimal(80) and not working.warning


def test_projection_below_tinggi_is_flagged(world, periods, output_indicator):
    _report(world, periods, output_indicator, 1, "4")
    result = selectors.indicator_results(
        indicators=Indicator.objects.filter(pk=output_indicator.pk), year=2026, as_of=datetime.date(2026, 5, 1)
    )[output_indicator.pk]
    assert result.projected == Decimal(40) and result.warning


def test_level_indicators_take_the_last_value_and_negative_polarity(world, periods):
    from kinerja.planning import services as planning

    indicator = world.program_indicator  # Angka kematian ibu: negative polarity, annual
    planning.indicator_update(user=None, indicator=indicator, data={"frequency": "quarterly", "accumulation": "last"})
    _report(world, periods, indicator, 1, "110")
    _report(world, periods, indicator, 2, "90")
    result = selectors.indicator_results(
        indicators=Indicator.objects.filter(pk=indicator.pk), year=2026, as_of=datetime.date(2026, 7, 20)
    )[indicator.pk]
    target = indicator.targets.get(year=2026).value
    assert result.realization == 90
    assert result.achievement == formulas.achievement(target=target, realization=Decimal(90), polarity="negative")


def test_zero_target_is_explained_not_computed(world, periods, output_indicator):
    from kinerja.planning import services as planning

    planning.target_set(user=None, indicator=output_indicator, year=2026, value=Decimal(0))
    _report(world, periods, output_indicator, 1, "4")
    result = selectors.indicator_results(indicators=Indicator.objects.filter(pk=output_indicator.pk), year=2026)[
        output_indicator.pk
    ]
    assert result.achievement is None and "0" in result.reason


def test_sql_aggregation_agrees_with_the_pure_formulas(world, periods, output_indicator):
    values = {1: "10.5", 2: "7.25", 3: "6"}
    for quarter, value in values.items():
        _report(world, periods, output_indicator, quarter, value)
    result = selectors.indicator_results(indicators=Indicator.objects.filter(pk=output_indicator.pk), year=2026)[
        output_indicator.pk
    ]
    ordered = [Decimal(values[q]) if q in values else None for q in range(1, 5)]
    for accumulation in ("sum", "last", "average", "max"):
        from kinerja.planning import services as planning

        planning.indicator_update(user=None, indicator=output_indicator, data={"accumulation": accumulation})
        result = selectors.indicator_results(indicators=Indicator.objects.filter(pk=output_indicator.pk), year=2026)[
            output_indicator.pk
        ]
        assert result.realization == formulas.annual_realization(ordered, accumulation), accumulation


def test_only_the_current_version_counts(world, periods, output_indicator):
    first = _report(world, periods, output_indicator, 1, "10")
    services.realization_correct(
        user=world.users["dinkes_operator"],
        realization=first,
        value="12",
        explanation="dikoreksi",
        reason="salah ketik",
    )
    official = selectors.indicator_results(indicators=Indicator.objects.filter(pk=output_indicator.pk), year=2026)[
        output_indicator.pk
    ]
    assert official.realization is None  # the correction awaits verification; the superseded value no longer counts
    new = Realization.objects.get(indicator=output_indicator, is_current=True)
    services.realization_submit(user=world.users["dinkes_head"], realization=new)
    services.realization_verify(user=world.users["planner"], realization=new)
    assert (
        selectors.indicator_results(indicators=Indicator.objects.filter(pk=output_indicator.pk), year=2026)[
            output_indicator.pk
        ].realization
        == 12
    )


def test_rollups_are_plain_means_of_indicator_achievements(world, periods, output_indicator):
    _report(world, periods, output_indicator, 1, "20")  # 50 %
    results = selectors.indicator_results(indicators=Indicator.objects.all(), year=2026)
    by_agency = selectors.rollup_by_agency(results)
    assert by_agency[world.dinkes.pk] == Decimal(50)
    assert selectors.rollup_by_node(results)[world.dinkes_sub.pk] == Decimal(50)
    assert selectors.rollup_subtree(results, world.mission.pk) == Decimal(50)


def test_budget_progress_and_divergence(world):
    budget = services.budget_set(user=None, node=world.dinkes_sub, year=2026, ceiling="1000")
    for month, (cash, spent, plan, actual) in enumerate(
        [(100, 50, 10, 30), (100, 50, 20, 50), (100, None, 30, None)], start=1
    ):
        services.budget_month_set(
            user=None,
            budget=budget,
            month=month,
            cash_plan=cash,
            spent=spent,
            physical_plan=plan,
            physical_actual=actual,
        )
    from kinerja.monitoring.models import Budget

    progress = selectors.budget_progress(budgets=Budget.objects.all(), year=2026, month=2)[world.dinkes_sub.pk]
    assert progress.financial_plan == Decimal(20) and progress.financial_actual == Decimal(10)
    assert progress.physical_plan == Decimal(20) and progress.physical_actual == Decimal(50)
    assert progress.divergence == Decimal(40) and progress.diverges
    assert progress.financial_projected == Decimal(50) and progress.warning
    assert [m["financial_actual"] for m in progress.months[:3]] == [Decimal(5), Decimal(10), None]


def test_achievement_to_date_compares_with_the_target_pro_rata(world, periods, output_indicator):
    _report(world, periods, output_indicator, 1, "10")
    _report(world, periods, output_indicator, 2, "9")
    result = selectors.indicator_results(
        indicators=Indicator.objects.filter(pk=output_indicator.pk), year=2026, as_of=datetime.date(2026, 7, 20)
    )[output_indicator.pk]
    assert result.target_to_date == Decimal(20) and result.achievement_to_date == Decimal(95)
    assert result.achievement == Decimal("47.5") and formulas.rating(result.achievement_to_date) == "sangat_tinggi"


def test_large_sets_aggregate_per_government_with_the_same_results(world, periods, output_indicator, monkeypatch):
    _report(world, periods, output_indicator, 1, "10")
    _report(world, periods, output_indicator, 2, "7")
    # Another government's value must not leak into this one's results.
    indicators = Indicator.objects.filter(government=world.government)
    small = selectors.indicator_results(indicators=indicators, year=2026, as_of=datetime.date(2026, 7, 20))
    monkeypatch.setattr(selectors, "LARGE_SET", 0)
    large = selectors.indicator_results(
        indicators=indicators.filter(pk=output_indicator.pk), year=2026, as_of=datetime.date(2026, 7, 20)
    )
    assert large[output_indicator.pk].realization == small[output_indicator.pk].realization == 17
    assert large[output_indicator.pk].achievement == small[output_indicator.pk].achievement
    assert set(large) == {output_indicator.pk}
