from datetime import datetime, timedelta, timezone
from itertools import islice

import pytest

from cronlite import CronExpr, NoFireTime, fires_between, iter_fires, next_fire, prev_fire


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


def test_leap_day_expression_fires_in_the_next_leap_year():
    assert next_fire("0 9 29 2 *", datetime(2025, 3, 1)) == datetime(2028, 2, 29, 9, 0)
    assert next_fire("30 12 29 2 *", datetime(2024, 2, 29, 12, 30)) == datetime(2028, 2, 29, 12, 30)


def test_leap_day_expression_skips_2100():
    assert next_fire("0 0 29 2 *", datetime(2096, 3, 1)) == datetime(2104, 2, 29, 0, 0)


def test_leap_day_expression_keeps_tzinfo():
    tz = timezone(timedelta(hours=-5))
    result = next_fire("0 0 29 2 *", datetime(2025, 1, 1, tzinfo=tz))
    assert result == datetime(2028, 2, 29, tzinfo=tz)
    assert result.tzinfo is tz


def test_never_firing_day_in_a_month_list_raises():
    with pytest.raises(NoFireTime):
        next_fire("0 0 31 2,4,6,9,11 *", datetime(2023, 1, 1))


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


def test_iter_fires_over_leap_days():
    assert list(iter_fires("0 0 29 2 *", datetime(2023, 1, 1), count=3)) == [
        datetime(2024, 2, 29),
        datetime(2028, 2, 29),
        datetime(2032, 2, 29),
    ]


def test_iter_fires_leap_days_until():
    fires = list(iter_fires("0 6 29 FEB *", datetime(2025, 1, 1), until=datetime(2036, 12, 31)))
    assert fires == [datetime(2028, 2, 29, 6), datetime(2032, 2, 29, 6), datetime(2036, 2, 29, 6)]


def test_iter_fires_is_lazy_without_bounds():
    fires = iter_fires("0 0 1 * *", datetime(2023, 5, 8))
    assert list(islice(fires, 3)) == [datetime(2023, 6, 1), datetime(2023, 7, 1), datetime(2023, 8, 1)]


def test_prev_fire():
    assert prev_fire("0 9 * * 1-5", datetime(2023, 5, 15, 8, 0)) == datetime(2023, 5, 12, 9, 0)


def test_prev_fire_is_strictly_before():
    assert prev_fire("*/15 * * * *", datetime(2023, 5, 8, 9, 15)) == datetime(2023, 5, 8, 9, 0)
    assert prev_fire("*/15 * * * *", datetime(2023, 5, 8, 9, 15, 1)) == datetime(2023, 5, 8, 9, 15)


def test_prev_fire_crosses_year():
    assert prev_fire("@monthly", datetime(2024, 1, 1, 0, 0)) == datetime(2023, 12, 1, 0, 0)


def test_prev_fire_never_firing_expression_raises():
    with pytest.raises(NoFireTime):
        prev_fire("0 0 31 4 *", datetime(2023, 6, 1))


def test_prev_fire_finds_an_older_leap_day():
    assert prev_fire("0 9 29 2 *", datetime(2026, 3, 1)) == datetime(2024, 2, 29, 9, 0)
    assert prev_fire("0 0 29 2 *", datetime(2104, 2, 1)) == datetime(2096, 2, 29, 0, 0)


def test_prev_fire_yearly_from_just_after_it_fired():
    assert prev_fire("@yearly", datetime(2024, 1, 1, 0, 0, 30)) == datetime(2024, 1, 1, 0, 0)
    assert prev_fire("@yearly", datetime(2024, 1, 1, 0, 0)) == datetime(2023, 1, 1, 0, 0)


def test_fires_between_over_leap_days():
    assert fires_between("0 0 29 2 *", datetime(2020, 1, 1), datetime(2033, 1, 1)) == [
        datetime(2020, 2, 29),
        datetime(2024, 2, 29),
        datetime(2028, 2, 29),
        datetime(2032, 2, 29),
    ]


def test_fires_between_matches_iter_fires():
    start, end = datetime(2023, 12, 30, 22, 17), datetime(2024, 1, 2, 3, 0)
    expected = list(iter_fires("*/20 22-23,0-2 * * *", start - timedelta(minutes=1), until=end - timedelta(minutes=1)))
    assert fires_between("*/20 22-23,0-2 * * *", start, end) == expected
    assert expected[0] == datetime(2023, 12, 30, 22, 20)


def test_fires_between_half_open():
    assert fires_between("0 */8 * * *", datetime(2023, 5, 8), datetime(2023, 5, 9)) == [
        datetime(2023, 5, 8, 0, 0),
        datetime(2023, 5, 8, 8, 0),
        datetime(2023, 5, 8, 16, 0),
    ]


def test_fires_between_rounds_start_up_to_a_minute():
    assert fires_between("* * * * *", datetime(2023, 5, 8, 9, 0, 30), datetime(2023, 5, 8, 9, 3)) == [
        datetime(2023, 5, 8, 9, 1),
        datetime(2023, 5, 8, 9, 2),
    ]


def test_fires_between_empty_window():
    assert fires_between("* * * * *", datetime(2023, 5, 8, 9, 0), datetime(2023, 5, 8, 9, 0)) == []
    assert fires_between("0 0 1 1 *", datetime(2023, 2, 1), datetime(2023, 12, 1)) == []


def test_fires_between_keeps_tzinfo():
    tz = timezone.utc
    fires = fires_between("0 12 * * *", datetime(2023, 5, 8, tzinfo=tz), datetime(2023, 5, 10, tzinfo=tz))
    assert fires == [datetime(2023, 5, 8, 12, tzinfo=tz), datetime(2023, 5, 9, 12, tzinfo=tz)]
