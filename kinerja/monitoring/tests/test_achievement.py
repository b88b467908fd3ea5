import datetime
from decimal import Decimal

import pytest

from kinerja.core.access import SYSTEM
from kinerja.monitoring import formulas, selectors, services
from kinerja.monitoring.models import Realization
from kinerja.planning.models import Indicator
from kinerja.tests.versions import budget_version, current_version, month_version, realization_version, target_version


def _report(world, periods, indicator, quarter, value, *, verify=True):
    r = services.realization_save(
        user=world.users["dinkes_operator"],
        indicator=indicator,
        period=periods[("quarter", quarter)],
        value=value,
        explanation="ok",
        today=datetime.date(2026, 12, 1),
        expected_version=realization_version(indicator, periods[("quarter", quarter)]),
    )
    services.realization_submit(user=world.users["dinkes_head"], realization=r, expected_version=current_version(r))
    if verify:
        services.realization_verify(user=world.users["planner"], realization=r, expected_version=current_version(r))
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
    planning.indicator_update(
        user=SYSTEM,
        indicator=indicator,
        data={"frequency": "quarterly", "accumulation": "last"},
        expected_version=current_version(indicator),
    )
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

    planning.target_set(
        user=SYSTEM,
        indicator=output_indicator,
        year=2026,
        value=Decimal(0),
        expected_version=target_version(output_indicator, 2026),
    )
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

        planning.indicator_update(
            user=SYSTEM,
            indicator=output_indicator,
            data={"accumulation": accumulation},
            expected_version=current_version(output_indicator),
        )
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
        expected_version=current_version(first),
    )
    official = selectors.indicator_results(indicators=Indicator.objects.filter(pk=output_indicator.pk), year=2026)[
        output_indicator.pk
    ]
    assert official.realization is None  # the correction awaits verification; the superseded value no longer counts
    new = Realization.objects.get(indicator=output_indicator, is_current=True)
    services.realization_submit(user=world.users["dinkes_head"], realization=new, expected_version=current_version(new))
    services.realization_verify(user=world.users["planner"], realization=new, expected_version=current_version(new))
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
    budget = services.budget_set(
        user=SYSTEM,
        node=world.dinkes_sub,
        year=2026,
        ceiling="1000",
        expected_version=budget_version(world.dinkes_sub, 2026),
    )
    for month, (cash, spent, plan, actual) in enumerate(
        [(100, 50, 10, 30), (100, 50, 20, 50), (100, None, 30, None)], start=1
    ):
        services.budget_month_set(
            user=SYSTEM,
            budget=budget,
            month=month,
            cash_plan=cash,
            spent=spent,
            physical_plan=plan,
            physical_actual=actual,
            expected_version=month_version(budget, month),
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


def test_year_totals_follow_every_workflow_step_and_match_the_pure_formulas(world, periods, output_indicator):
    from kinerja.monitoring import totals
    from kinerja.monitoring.models import IndicatorYearTotal

    def stored():
        row = IndicatorYearTotal.objects.filter(indicator=output_indicator, year=2026).first()
        return row and (row.verified_sum, row.verified_count, row.working_sum, row.working_count, row.working_last)

    draft = services.realization_save(
        user=world.users["dinkes_operator"], indicator=output_indicator, period=periods[("quarter", 1)],
        value="10", explanation="ok", today=datetime.date(2026, 12, 1), expected_version=realization_version(output_indicator, periods[("quarter", 1)]))  # fmt: skip
    assert stored() is None  # a draft counts nowhere
    services.realization_submit(
        user=world.users["dinkes_head"], realization=draft, expected_version=current_version(draft)
    )
    assert stored() == (None, 0, 10, 1, 10)
    services.realization_return(
        user=world.users["planner"], realization=draft, reason="bukti kurang", expected_version=current_version(draft)
    )
    assert stored() is None
    services.realization_submit(
        user=world.users["dinkes_head"], realization=draft, expected_version=current_version(draft)
    )
    services.realization_verify(user=world.users["planner"], realization=draft, expected_version=current_version(draft))
    second = _report(world, periods, output_indicator, 2, "7", verify=False)
    assert stored() == (10, 1, 17, 2, 7)
    corrected = services.realization_correct(
        user=world.users["dinkes_operator"],
        realization=draft,
        value="12",
        explanation="ok",
        reason="salah ketik",
        expected_version=current_version(draft),
    )
    assert stored() == (None, 0, 7, 1, 7)  # the verified value is no longer current; its correction is a draft
    services.realization_submit(
        user=world.users["dinkes_head"], realization=corrected, expected_version=current_version(corrected)
    )
    services.realization_verify(
        user=world.users["planner"], realization=corrected, expected_version=current_version(corrected)
    )
    services.realization_verify(
        user=world.users["planner"], realization=second, expected_version=current_version(second)
    )
    assert stored() == (19, 2, 19, 2, 7)
    # The stored totals are what a full recomputation gives, and the engine agrees with the pure formulas.
    assert totals.check() == []
    result = selectors.indicator_results(
        indicators=Indicator.objects.filter(pk=output_indicator.pk), year=2026, as_of=datetime.date(2026, 7, 20)
    )[output_indicator.pk]
    values = [
        r.value for r in Realization.objects.filter(indicator=output_indicator, is_current=True, state="verified")
    ]
    assert result.realization == formulas.annual_realization(values, "sum") == 19
    assert result.achievement == formulas.achievement(target=Decimal(40), realization=Decimal(19), polarity="positive")


def test_totals_check_reports_drift_and_rebuild_repairs_it(world, periods, output_indicator, capsys):
    from django.core.management import CommandError, call_command

    from kinerja.monitoring import totals
    from kinerja.monitoring.models import IndicatorYearTotal

    _report(world, periods, output_indicator, 1, "10")
    IndicatorYearTotal.objects.filter(indicator=output_indicator).update(verified_sum=Decimal(99))
    assert len(totals.check()) == 1
    with pytest.raises(CommandError, match="1 year totals differ"):
        call_command("monitoring_totals", "--check")
    call_command("monitoring_totals", "--rebuild")
    assert totals.check() == []
    assert IndicatorYearTotal.objects.get(indicator=output_indicator).verified_sum == 10
    assert "rebuilt: 1 rows" in capsys.readouterr().out


def test_amendment_moves_every_report_to_the_plan_in_force(world, periods, output_indicator):
    from kinerja.core.models import AuditEvent
    from kinerja.monitoring.models import Budget
    from kinerja.planning import services as planning

    first = _report(world, periods, output_indicator, 1, "10")
    corrected = services.realization_correct(
        user=world.users["dinkes_operator"],
        realization=first,
        value="12",
        explanation="ok",
        reason="salah ketik",
        expected_version=current_version(first),
    )
    services.realization_submit(
        user=world.users["dinkes_head"], realization=corrected, expected_version=current_version(corrected)
    )
    services.realization_verify(
        user=world.users["planner"], realization=corrected, expected_version=current_version(corrected)
    )
    _report(world, periods, output_indicator, 2, "8", verify=False)
    services.budget_set(
        user=SYSTEM,
        node=world.dinkes_sub,
        year=2026,
        ceiling="1000",
        expected_version=budget_version(world.dinkes_sub, 2026),
    )
    old_period = output_indicator.node.period

    new_period = planning.period_amend(user=world.users["planner"], period=old_period, reason="Perubahan RPJMD")

    copy = Indicator.objects.get(node__period=new_period, node__code=world.dinkes_sub.code, name=output_indicator.name)
    # Every version moved, history included; nothing is left on the superseded plan.
    assert Realization.objects.filter(indicator=copy).count() == 3
    assert not Realization.objects.filter(indicator=output_indicator).exists()
    assert Budget.objects.get(node__period=new_period, year=2026).ceiling == 1000
    assert sorted(
        Realization.objects.filter(indicator=copy, period=first.period).values_list("version", flat=True)
    ) == [1, 2]
    event = AuditEvent.objects.filter(action="amend").latest("pk")
    assert event.after["realizations_moved"] == 3 and event.after["budgets_moved"] == 1
    # The plan in force reports the year as before: the corrected verified value counts.
    result = selectors.indicator_results(
        indicators=Indicator.objects.filter(pk=copy.pk), year=2026, as_of=datetime.date(2026, 7, 20)
    )[copy.pk]
    assert result.realization == 12 and result.reported == 1
    board = {
        row["agency"].code: row
        for row in selectors.completeness_board(
            user=world.users["planner"], year=2026, today=datetime.date(2026, 7, 20)
        )
    }
    assert [c["submitted"] for c in board["dinkes"]["cells"][:2]] == [1, 1]


def test_results_without_labels_have_the_same_figures_and_read_the_names_once_when_asked(
    world, periods, output_indicator, django_assert_num_queries
):
    import dataclasses
    import pickle

    _report(world, periods, output_indicator, 1, "20")
    indicators = Indicator.objects.all()
    with django_assert_num_queries(1):
        full = selectors.indicator_results(indicators=indicators, year=2026, as_of=datetime.date(2026, 7, 20))
    with django_assert_num_queries(1):
        lean = selectors.indicator_results(
            indicators=indicators, year=2026, as_of=datetime.date(2026, 7, 20), labels=False
        )
    assert list(lean) == list(full) and len(full) > 1
    figures = [
        f.name for f in dataclasses.fields(selectors.IndicatorResult) if f.name not in ("_name", "_unit", "_labels")
    ]
    for pk, result in full.items():
        assert [getattr(lean[pk], f) for f in figures] == [getattr(result, f) for f in figures]
        assert lean[pk]._name is None  # not read with the figures
    # A name asked for reads every result's name and unit in one query, and only once.
    with django_assert_num_queries(1):
        assert [(r.name, r.unit) for r in lean.values()] == [(r.name, r.unit) for r in full.values()]
    assert lean[output_indicator.pk].name == output_indicator.name
    # Kept in a cache, the results carry their query, not the names, and read them after.
    again = selectors.indicator_results(
        indicators=indicators, year=2026, as_of=datetime.date(2026, 7, 20), labels=False
    )
    thawed = pickle.loads(pickle.dumps(again))
    with django_assert_num_queries(1):
        assert thawed[output_indicator.pk].unit == output_indicator.unit
        assert thawed[output_indicator.pk].name == output_indicator.name
    # A name written since it was kept is the name shown.
    Indicator.objects.filter(pk=output_indicator.pk).update(name="Renamed")
    assert pickle.loads(pickle.dumps(again))[output_indicator.pk].name == "Renamed"


def test_several_years_in_one_query_give_each_year_its_own_results(
    world, periods, output_indicator, django_assert_num_queries
):
    from kinerja.planning import services as planning

    _report(world, periods, output_indicator, 1, "20")
    planning.target_set(
        user=SYSTEM,
        indicator=output_indicator,
        year=2025,
        value=Decimal(30),
        expected_version=target_version(output_indicator, 2025),
    )
    indicators, as_of = Indicator.objects.all(), datetime.date(2026, 7, 20)
    with django_assert_num_queries(1):
        both = selectors.indicator_results_years(indicators=indicators, years=(2026, 2025, 2026), as_of=as_of)
    assert list(both) == [2026, 2025]
    for year in (2026, 2025):
        alone = selectors.indicator_results(indicators=indicators, year=year, as_of=as_of)
        assert both[year] == alone and len(alone) > 1
    assert both[2025][output_indicator.pk].target == 30 and both[2026][output_indicator.pk].target == 40
    assert both[2025][output_indicator.pk].realization is None and both[2026][output_indicator.pk].realization == 20
    # Without the names, the years share one reading of them.
    lean = selectors.indicator_results_years(indicators=indicators, years=(2026, 2025), as_of=as_of, labels=False)
    with django_assert_num_queries(1):
        assert lean[2026][output_indicator.pk].name == lean[2025][output_indicator.pk].name == output_indicator.name
