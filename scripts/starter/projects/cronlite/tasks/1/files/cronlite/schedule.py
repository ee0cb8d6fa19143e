"""When a cron expression fires: the next and the previous fire time, and all in a window.

Fire times are found by walking the calendar rather than testing minute after minute: over the
days that the day fields allow, then over the allowed hours and minutes of the first such day.
A rare expression ("0 0 29 2 *") therefore costs about as much as a frequent one. The Gregorian
calendar, leap years and weekdays included, repeats every 400 years, so an expression that does
not fire within 400 years from a moment never fires.

Times are wall-clock minutes: seconds are dropped, and an aware datetime keeps its tzinfo
(daylight-saving changes are not taken into account).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Union

from cronlite.expr import CronExpr

Expr = Union[str, CronExpr]

CYCLE_YEARS = 400
"""The Gregorian calendar repeats after this many years: a search never needs to go further."""
_MINUTE = timedelta(minutes=1)
_FORWARD, _BACKWARD = 1, -1


class NoFireTime(LookupError):
    """The expression never fires in the direction searched (within the years datetime allows)."""


def _cron(expr: Expr) -> CronExpr:
    return expr if isinstance(expr, CronExpr) else CronExpr(expr)


def _floor(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _ceil(moment: datetime) -> datetime:
    floor = _floor(moment)
    return floor if floor == moment else floor + _MINUTE


def _in_order(values: tuple[int, ...], direction: int) -> tuple[int, ...]:
    """Ascending values (as CronExpr keeps them) in the order of the walk."""
    return values if direction == _FORWARD else values[::-1]


def _days(cron: CronExpr, first: date, direction: int) -> Iterator[date]:
    """The days the expression allows, from `first` (included) forwards or backwards in time.

    Only the months the expression allows are visited, and the walk stops after one full
    calendar cycle or at the end of the datetime range.
    """
    last_year = first.year + direction * CYCLE_YEARS
    last_year = max(date.min.year, min(date.max.year, last_year))
    months = _in_order(cron.month_order, direction)
    for year in range(first.year, last_year + direction, direction):
        for month in months:
            if year == first.year and (month - first.month) * direction < 0:
                continue
            length = calendar.monthrange(year, month)[1]
            numbers = range(1, length + 1) if direction == _FORWARD else range(length, 0, -1)
            for number in numbers:
                day = date(year, month, number)
                if (day - first).days * direction < 0:
                    continue
                if cron.day_matches(day):
                    yield day


def _time_on(cron: CronExpr, bound: tuple[int, int] | None, direction: int) -> tuple[int, int] | None:
    """The first (forwards) or last (backwards) allowed hour and minute of a day that is not
    before (forwards) or after (backwards) `bound`; None when there is none."""
    for hour in _in_order(cron.hour_order, direction):
        if bound is not None and (hour - bound[0]) * direction < 0:
            continue
        for minute in _in_order(cron.minute_order, direction):
            if bound is not None and hour == bound[0] and (minute - bound[1]) * direction < 0:
                continue
            return hour, minute
    return None


def _search(cron: CronExpr, start: datetime, direction: int) -> datetime | None:
    """The fire time closest to `start` in `direction`, `start` itself included."""
    for day in _days(cron, start.date(), direction):
        bound = (start.hour, start.minute) if day == start.date() else None
        found = _time_on(cron, bound, direction)
        if found is not None:
            hour, minute = found
            return start.replace(year=day.year, month=day.month, day=day.day, hour=hour, minute=minute)
    return None


def next_fire(expr: Expr, after: datetime) -> datetime:
    """The first fire time strictly after `after`."""
    cron = _cron(expr)
    found = _search(cron, _floor(after) + _MINUTE, _FORWARD)
    if found is None:
        raise NoFireTime(f"{cron.text!r} never fires after {after}")
    return found


def prev_fire(expr: Expr, before: datetime) -> datetime:
    """The last fire time strictly before `before`."""
    cron = _cron(expr)
    found = _search(cron, _ceil(before) - _MINUTE, _BACKWARD)
    if found is None:
        raise NoFireTime(f"{cron.text!r} never fires before {before}")
    return found


def iter_fires(
    expr: Expr, after: datetime, *, count: int | None = None, until: datetime | None = None
) -> Iterator[datetime]:
    """Fire times after `after`, in order: at most `count` of them, none later than `until`."""
    cron = _cron(expr)
    moment = after
    produced = 0
    while count is None or produced < count:
        moment = next_fire(cron, moment)
        if until is not None and moment > until:
            return
        yield moment
        produced += 1


def fires_between(expr: Expr, start: datetime, end: datetime) -> list[datetime]:
    """Every fire time `t` with ``start <= t < end``, in order."""
    cron = _cron(expr)
    fires: list[datetime] = []
    moment = _search(cron, _ceil(start), _FORWARD)
    while moment is not None and moment < end:
        fires.append(moment)
        moment = _search(cron, moment + _MINUTE, _FORWARD)
    return fires
