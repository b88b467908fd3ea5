"""Sources of the daily digest: each app registers a function giving, per user, its lines of the day.

The digest itself (one e-mail per user per day) is sent by monitoring; core only keeps the list so
that monitoring does not import the apps that add lines to it.
"""

import datetime
from collections.abc import Callable

# A source returns {user_id: (user, [line, ...])} for the given day.
Source = Callable[[datetime.date], dict[int, tuple[object, list[str]]]]
_SOURCES: list[Source] = []
# Steps run once before the day's digests are collected (escalating aged obstacles, for instance).
_PREPARATIONS: list[Callable[[datetime.date], object]] = []


def register_source(source: Source) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def sources() -> list[Source]:
    return list(_SOURCES)


def register_preparation(step: Callable[[datetime.date], object]) -> None:
    if step not in _PREPARATIONS:
        _PREPARATIONS.append(step)


def prepare(today: datetime.date) -> None:
    for step in _PREPARATIONS:
        step(today)
