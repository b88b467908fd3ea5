"""The one "to date" rule: to date counts ended periods only; the current month is not yet due.

Every page, API, export and the demo measure "to date" with ``last_ended_month``: on a day, the months
of a year counted to date are those that have ended before that day (a month ends with its last day,
so it counts from the first day of the next month). For a past year all twelve count, for a future
year none. A quarter, semester or year counts when its last month does.
"""

import datetime


def last_ended_month(year: int, today: datetime.date) -> int:
    """The last month of ``year`` that has ended on ``today``: 0 (none) to 12 (the whole year)."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month - 1


def has_ended(year: int, last_month: int, today: datetime.date) -> bool:
    """Whether a period of ``year`` whose last month is ``last_month`` (3 for TW I, 12 for the year) has ended."""
    return last_month <= last_ended_month(year, today)


def last_ended_quarter(year: int, today: datetime.date) -> int:
    """The last quarter (TW) of ``year`` that has ended on ``today``: 0 to 4."""
    return last_ended_month(year, today) // 3
