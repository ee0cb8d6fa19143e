from datetime import datetime, timedelta, timezone
from itertools import islice

import pytest

from cronlite import CronExpr, NoFireTime, iter_fires, next_fire


def test_next_quarter_hour():
    assert next_fire("*/15 * * * *", datetime(2023, 5, 8, 9, 7)) == datetime(2023, 5, 8, 9, 15)


def test_next_fire_is_strictly_after():
    assert next_fire("*/15 * * * *", datetime(2023, 5, 8, 9, 15)) == datetime(2023, 5, 8, 9, 30)


def test_seconds_are_dropped():
    assert next_fire("* * * * *", datetime(2023, 5, 8, 9, 15, 30)) == datetime(2023, 5, 8, 9, 16)


def test_crosses_midnight_month_and_year():
    assert next_fire("0 0 * * *", datetime(2023, 12, 31, 23, 59)) == datetime(2024, 1, 1, 0, 0)
    assert next_fire("30 6 1 * *", datetime(2023, 4, 30, 12, 0)) == datetime(2023, 5, 1, 6, 30)


def test_weekdays_only_skips_the_weekend():
    # Friday evening -> Monday morning
    assert next_fire("0 9 * * 1-5", datetime(2023, 5, 12, 18, 0)) == datetime(2023, 5, 15, 9, 0)


def test_day_31_skips_short_months():
    assert next_fire("0 12 31 * *", datetime(2023, 4, 1)) == datetime(2023, 5, 31, 12, 0)


def test_yearly_expression():
    assert next_fire("0 0 1 1 *", datetime(2023, 5, 13)) == datetime(2024, 1, 1)


def test_accepts_a_parsed_expression():
    cron = CronExpr("0 * * * *")
    assert next_fire(cron, datetime(2023, 5, 8, 9, 7)) == datetime(2023, 5, 8, 10, 0)


def test_aware_datetimes_keep_their_tzinfo():
    tz = timezone(timedelta(hours=2))
    result = next_fire("0 8 * * *", datetime(2023, 5, 8, 9, 0, tzinfo=tz))
    assert result == datetime(2023, 5, 9, 8, 0, tzinfo=tz)
    assert result.tzinfo is tz


def test_never_firing_expression_raises():
    with pytest.raises(NoFireTime):
        next_fire("0 0 30 2 *", datetime(2023, 1, 1))


def test_iter_fires_count():
    assert list(iter_fires("0 */6 * * *", datetime(2023, 5, 8, 1, 0), count=4)) == [
        datetime(2023, 5, 8, 6, 0),
        datetime(2023, 5, 8, 12, 0),
        datetime(2023, 5, 8, 18, 0),
        datetime(2023, 5, 9, 0, 0),
    ]


def test_iter_fires_until_is_inclusive():
    fires = list(iter_fires("0 0 * * *", datetime(2023, 5, 8), until=datetime(2023, 5, 11)))
    assert fires == [datetime(2023, 5, 9), datetime(2023, 5, 10), datetime(2023, 5, 11)]


def test_iter_fires_is_lazy_without_bounds():
    fires = iter_fires("0 0 1 * *", datetime(2023, 5, 8))
    assert list(islice(fires, 3)) == [datetime(2023, 6, 1), datetime(2023, 7, 1), datetime(2023, 8, 1)]
