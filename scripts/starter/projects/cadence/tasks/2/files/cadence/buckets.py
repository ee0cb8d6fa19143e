"""Sorting dated records into calendar buckets for reports.

Bucket keys are strings that sort in calendar order:

* ISO weeks: ``"2023-W38"`` (weeks start on Monday),
* months: ``"2023-09"``,
* quarters: ``"2023-Q3"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, TypeVar

T = TypeVar("T")

_WEEK_KEY = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})")


def week_key(day: date) -> str:
    """The ISO week a day belongs to, e.g. ``"2023-W38"``.

    The year is the ISO year, which differs from the calendar year for a few days around New
    Year: 2024-12-30 is in ``"2025-W01"`` and 2021-01-01 is in ``"2020-W53"``.
    """
    iso_year, week, _ = day.isocalendar()
    return f"{iso_year:04d}-W{week:02d}"


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def quarter_key(day: date) -> str:
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def week_bounds(key: str) -> tuple[date, date]:
    """The Monday and the Sunday of the ISO week named by a `week_key`."""
    match = _WEEK_KEY.fullmatch(key)
    if match is None:
        raise ValueError(f"not a week key: {key!r}")
    monday = date.fromisocalendar(int(match["year"]), int(match["week"]), 1)
    return monday, monday + timedelta(days=6)


def group_by(
    records: Iterable[T],
    key: Callable[[date], str] = week_key,
    *,
    date_of: Callable[[T], Any] | None = None,
) -> dict[str, list[T]]:
    """Group records into buckets, returned in key order; records keep their order in a bucket.

    `date_of` picks the date out of a record (default: the record is the date). A datetime
    is bucketed by its date.
    """
    buckets: dict[str, list[T]] = {}
    for record in records:
        day = record if date_of is None else date_of(record)
        buckets.setdefault(key(day), []).append(record)
    return dict(sorted(buckets.items()))
