"""Month arithmetic on `datetime.date` (and `datetime.datetime`) values."""

from __future__ import annotations

import calendar
from datetime import date
from typing import TypeVar

D = TypeVar("D", bound=date)


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(day: D, months: int) -> D:
    """Move `day` by whole months (negative goes back).

    A day that does not exist in the target month is clamped to that month's last day:
    January 31 plus one month is the last day of February. The time of a datetime is kept.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    if not 1 <= year <= 9999:
        raise OverflowError(f"{day!r} plus {months} months is out of range")
    return day.replace(year=year, month=month, day=min(day.day, days_in_month(year, month)))


def month_start(day: D) -> D:
    return day.replace(day=1)


def month_end(day: D) -> D:
    return day.replace(day=days_in_month(day.year, day.month))


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end`: the largest n with ``add_months(start, n) <= end``.

    Negative when `end` comes before `start`. Consistent with `add_months`, so January 31 to
    February 29 is one month.
    """
    if end < start:
        return -months_between(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months
