"""When a cron expression fires: the next and the previous fire time, and all in a window.

Times are wall-clock minutes: seconds are dropped, and an aware datetime keeps its tzinfo
(daylight-saving changes are not taken into account).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Union

from cronlite.expr import CronExpr

Expr = Union[str, CronExpr]

MAX_LOOKAHEAD = timedelta(days=366)
"""How far next_fire and prev_fire search before giving up."""
_MINUTE = timedelta(minutes=1)


class NoFireTime(LookupError):
    """The expression does not fire within the search window."""


def _cron(expr: Expr) -> CronExpr:
    return expr if isinstance(expr, CronExpr) else CronExpr(expr)


def _floor(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def next_fire(expr: Expr, after: datetime) -> datetime:
    """The first fire time strictly after `after`."""
    cron = _cron(expr)
    moment = _floor(after) + _MINUTE
    limit = moment + MAX_LOOKAHEAD
    while moment <= limit:
        if cron.matches(moment):
            return moment
        moment += _MINUTE
    raise NoFireTime(f"{cron.text!r} does not fire within {MAX_LOOKAHEAD.days} days after {after}")


def prev_fire(expr: Expr, before: datetime) -> datetime:
    """The last fire time strictly before `before`."""
    cron = _cron(expr)
    moment = _floor(before)
    if moment == before:
        moment -= _MINUTE
    limit = moment - MAX_LOOKAHEAD
    while moment >= limit:
        if cron.matches(moment):
            return moment
        moment -= _MINUTE
    raise NoFireTime(f"{cron.text!r} does not fire within {MAX_LOOKAHEAD.days} days before {before}")


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
    moment = _floor(start)
    if moment < start:
        moment += _MINUTE
    fires = []
    while moment < end:
        if cron.matches(moment):
            fires.append(moment)
        moment += _MINUTE
    return fires
