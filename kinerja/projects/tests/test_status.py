"""The status rules at each threshold, milestone lateness, and the words that explain them."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation

from kinerja.projects import status
from kinerja.projects.choices import Health, Phase

TODAY = datetime.date(2026, 11, 28)
START = datetime.date(2026, 1, 1)
LIMIT = status.Limits()


def assess(plan, actual, milestones=(), phase=Phase.IMPLEMENTATION, start=START):
    latest = (datetime.date(2026, 10, 1), Decimal(plan), Decimal(actual)) if plan is not None else None
    return status.assess(
        phase=phase, start=start, today=TODAY, latest=latest, open_milestones=list(milestones), limit=LIMIT
    )


@pytest.mark.parametrize(
    ("plan", "actual", "expected"),
    [
        ("50", "50", Health.ON_TRACK),
        ("50", "60", Health.ON_TRACK),  # ahead of plan
        ("50", "45", Health.ON_TRACK),  # exactly 5 points behind: still on track
        ("50", "44.99", Health.WARNING),  # just beyond 5
        ("50", "40", Health.WARNING),  # exactly 10 behind: still a warning
        ("50", "39.99", Health.CRITICAL),  # just beyond 10
        ("80", "20", Health.CRITICAL),
    ],
)
def test_deviation_thresholds(plan, actual, expected):
    assert assess(plan, actual).health == expected


def test_a_milestone_more_than_30_days_late_makes_the_project_critical_whatever_the_deviation():
    exactly_30 = [("Serah terima lahan", TODAY - datetime.timedelta(days=30))]
    assert assess("50", "50", exactly_30).health == Health.ON_TRACK
    thirty_one = [("Serah terima lahan", TODAY - datetime.timedelta(days=31))]
    result = assess("50", "50", thirty_one)
    assert result.health == Health.CRITICAL
    assert result.late == [("Serah terima lahan", 31)]


def test_late_milestones_are_ordered_worst_first_and_work_without_a_report():
    milestones = [("A", TODAY - datetime.timedelta(days=40)), ("B", TODAY - datetime.timedelta(days=90))]
    result = assess(None, None, milestones)
    assert result.health == Health.CRITICAL
    assert [title for title, _ in result.late] == ["B", "A"]


def test_without_a_report_the_project_is_not_started_or_unreported():
    assert assess(None, None, start=datetime.date(2027, 1, 1)).health == Health.NOT_STARTED
    # October's report is due by 10 November: a project that started in October owes it on 28 November
    assert assess(None, None, start=datetime.date(2026, 10, 15)).health == Health.NO_REPORT
    # one that starts in November does not owe anything yet
    assert assess(None, None, start=datetime.date(2026, 11, 2)).health == Health.NOT_STARTED


def test_completed_and_cancelled_projects_are_closed():
    assert assess("50", "10", phase=Phase.COMPLETED).health == Health.CLOSED
    assert assess("50", "10", phase=Phase.CANCELLED).health == Health.CLOSED


@override_settings(PROJECT_STATUS={"warning_points": 2, "critical_points": 4, "milestone_days": 7, "report_due_day": 5})
def test_thresholds_come_from_the_settings():
    limit = status.limits()
    assert (limit.warning, limit.critical, limit.milestone_days, limit.report_due_day) == (2, 4, 7, 5)
    result = status.assess(
        phase=Phase.IMPLEMENTATION, start=START, today=TODAY,
        latest=(datetime.date(2026, 10, 1), Decimal(50), Decimal(47)), open_milestones=[], limit=limit,
    )  # fmt: skip
    assert result.health == Health.WARNING


def test_month_due():
    assert status.month_due(datetime.date(2026, 11, 10), LIMIT) == datetime.date(2026, 9, 1)
    assert status.month_due(datetime.date(2026, 11, 11), LIMIT) == datetime.date(2026, 10, 1)
    assert status.month_due(datetime.date(2026, 1, 20), LIMIT) == datetime.date(2025, 12, 1)


def test_the_explanation_says_why_in_english_and_indonesian():
    kwargs = {
        "health": Health.CRITICAL, "deviation": Decimal("-8.2"), "month": datetime.date(2026, 10, 1),
        "late_title": "Land handover", "late_days": 45, "late_count": 1, "today": TODAY, "limit": LIMIT,
    }  # fmt: skip
    with translation.override("en"):
        assert status.explain(**kwargs) == "8.2 points behind plan; milestone 'Land handover' 45 days late"
    with translation.override("id"):
        assert status.explain(**kwargs) == "8,2 poin di belakang rencana; tonggak 'Land handover' terlambat 45 hari"


def test_the_explanation_names_further_late_milestones_an_old_report_and_ahead_of_plan():
    with translation.override("en"):
        text = status.explain(
            health=Health.CRITICAL, deviation=Decimal("3"), month=datetime.date(2026, 8, 1), late_title="Groundbreaking",
            late_days=1, late_count=3, today=TODAY, limit=LIMIT,
        )  # fmt: skip
        assert text == (
            "3.0 points ahead of plan; milestone 'Groundbreaking' 1 day late; 2 more milestones late; last report 08-2026"
        )
        assert status.explain(health=Health.NO_REPORT, deviation=None, month=None) == "No progress report yet"
        assert status.explain(health=Health.ON_TRACK, deviation=Decimal(0), month=None) == "Exactly on plan"
