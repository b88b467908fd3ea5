"""The one "to date" rule: ended periods only, the current month is not yet due."""

import datetime

import pytest

from kinerja.core.periods import has_ended, last_ended_month, last_ended_quarter

D = datetime.date


@pytest.mark.parametrize(
    ("today", "year", "expected"),
    [
        (D(2026, 12, 2), 2026, 11),  # the demo's day: November has ended, December is not yet due
        (D(2026, 12, 1), 2026, 11),  # first day of a month: the month before has just ended
        (D(2026, 11, 30), 2026, 10),  # last day of a month: that month has not ended yet
        (D(2026, 12, 31), 2026, 11),  # the year's last day: December is still running
        (D(2027, 1, 1), 2026, 12),  # Dec 31 → Jan 1: the whole past year counts
        (D(2027, 1, 1), 2027, 0),  # ... and nothing of the new one
        (D(2026, 1, 1), 2026, 0),
        (D(2026, 1, 31), 2026, 0),
        (D(2026, 2, 1), 2026, 1),
        (D(2026, 12, 2), 2025, 12),  # a past year: all twelve months
        (D(2026, 12, 2), 2027, 0),  # a future year: none
    ],
)
def test_last_ended_month_counts_only_months_that_have_ended(today, year, expected):
    assert last_ended_month(year, today) == expected


@pytest.mark.parametrize(
    ("today", "year", "expected"),
    [
        (D(2026, 12, 2), 2026, 3),
        (D(2026, 9, 30), 2026, 2),  # TW III ends with this day
        (D(2026, 10, 1), 2026, 3),
        (D(2027, 1, 1), 2026, 4),
        (D(2026, 3, 31), 2026, 0),
        (D(2026, 12, 2), 2027, 0),
    ],
)
def test_last_ended_quarter_follows_the_months(today, year, expected):
    assert last_ended_quarter(year, today) == expected


def test_a_period_has_ended_exactly_when_its_last_day_is_before_today():
    # Every day from 1 January 2026 to 1 January 2028, every month of 2026 and 2027: the rule by months
    # is the rule by dates (a period ends with its last day).
    day = D(2026, 1, 1)
    while day <= D(2028, 1, 1):
        for year in (2026, 2027):
            for month in range(1, 13):
                last_day = D(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
                assert has_ended(year, month, day) == (last_day < day), (year, month, day)
        day += datetime.timedelta(days=1)
