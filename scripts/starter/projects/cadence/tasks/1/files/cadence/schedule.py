"""Recurring dates: lazy iterators bounded by a count and/or a last date."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from itertools import count as _count, islice, takewhile
from typing import TypeVar

from cadence.months import add_months

D = TypeVar("D", bound=date)


def _bounded(dates: Iterator[D], count: int | None, until: date | None) -> Iterator[D]:
    if count is not None and count < 0:
        raise ValueError("count must not be negative")
    if until is not None:
        dates = takewhile(lambda day: day <= until, dates)
    if count is not None:
        dates = islice(dates, count)
    return dates


def _check_every(every: int) -> None:
    if every < 1:
        raise ValueError("every must be a positive number")


def daily(start: D, *, every: int = 1, count: int | None = None, until: date | None = None) -> Iterator[D]:
    """`start`, then every `every` days."""
    _check_every(every)

    def dates() -> Iterator[D]:
        current = start
        while True:
            yield current
            current = current + timedelta(days=every)

    return _bounded(dates(), count, until)


def weekly(
    start: D,
    *,
    every: int = 1,
    weekdays: Iterable[int] | None = None,
    count: int | None = None,
    until: date | None = None,
) -> Iterator[D]:
    """`start`, then the same weekday every `every` weeks.

    With `weekdays` (0 is Monday ... 6 is Sunday), the given days of every `every`-th week
    instead, counting weeks from the one that holds `start`; days before `start` are skipped.
    """
    _check_every(every)
    if weekdays is None:
        return daily(start, every=7 * every, count=count, until=until)
    days = sorted(set(weekdays))
    if not days or not all(0 <= day <= 6 for day in days):
        raise ValueError("weekdays must be numbers from 0 (Monday) to 6 (Sunday)")

    def dates() -> Iterator[D]:
        monday = start - timedelta(days=start.weekday())
        while True:
            for day in days:
                current = monday + timedelta(days=day)
                if current >= start:
                    yield current
            monday = monday + timedelta(weeks=every)

    return _bounded(dates(), count, until)


def monthly(start: D, *, every: int = 1, count: int | None = None, until: date | None = None) -> Iterator[D]:
    """`start`, then the same day of the month every `every` months.

    Days that a month does not have are clamped to its last day, as in `add_months`; each date
    is counted from `start`, so a schedule from the 31st is back on the 31st after a short month.
    """
    _check_every(every)

    def dates() -> Iterator[D]:
        for step in _count():
            yield add_months(start, step * every)

    return _bounded(dates(), count, until)
