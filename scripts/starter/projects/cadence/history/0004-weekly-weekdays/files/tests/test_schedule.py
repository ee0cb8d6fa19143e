from datetime import date, datetime

import pytest

from cadence import daily, monthly, weekly


def test_daily_with_count():
    assert list(daily(date(2023, 12, 30), count=4)) == [
        date(2023, 12, 30),
        date(2023, 12, 31),
        date(2024, 1, 1),
        date(2024, 1, 2),
    ]


def test_daily_every_and_until_inclusive():
    assert list(daily(date(2023, 9, 1), every=10, until=date(2023, 9, 21))) == [
        date(2023, 9, 1),
        date(2023, 9, 11),
        date(2023, 9, 21),
    ]


def test_weekly_every_other_week():
    assert list(weekly(date(2023, 9, 4), every=2, count=3)) == [
        date(2023, 9, 4),
        date(2023, 9, 18),
        date(2023, 10, 2),
    ]


def test_weekly_on_several_weekdays():
    # 2023-10-11 is a Wednesday: that week's Monday is skipped, its Thursday is not.
    assert list(weekly(date(2023, 10, 11), weekdays=[3, 0], count=4)) == [
        date(2023, 10, 12),
        date(2023, 10, 16),
        date(2023, 10, 19),
        date(2023, 10, 23),
    ]


def test_weekly_weekdays_every_other_week_until():
    assert list(weekly(date(2023, 10, 2), every=2, weekdays=[0, 4], until=date(2023, 10, 20))) == [
        date(2023, 10, 2),
        date(2023, 10, 6),
        date(2023, 10, 16),
        date(2023, 10, 20),
    ]


@pytest.mark.parametrize("weekdays", [[], [7], [-1, 2]])
def test_weekly_rejects_bad_weekdays(weekdays):
    with pytest.raises(ValueError):
        weekly(date(2023, 10, 2), weekdays=weekdays)


def test_monthly_same_day():
    assert list(monthly(date(2023, 10, 15), count=4)) == [
        date(2023, 10, 15),
        date(2023, 11, 15),
        date(2023, 12, 15),
        date(2024, 1, 15),
    ]


def test_monthly_clamps_short_month():
    assert list(monthly(date(2024, 1, 31), count=2)) == [date(2024, 1, 31), date(2024, 2, 29)]


def test_monthly_every_quarter_until():
    assert list(monthly(date(2023, 1, 10), every=3, until=date(2023, 12, 31))) == [
        date(2023, 1, 10),
        date(2023, 4, 10),
        date(2023, 7, 10),
        date(2023, 10, 10),
    ]


def test_monthly_keeps_time_of_datetime():
    assert list(monthly(datetime(2023, 6, 5, 8, 0), count=2)) == [
        datetime(2023, 6, 5, 8, 0),
        datetime(2023, 7, 5, 8, 0),
    ]


def test_until_before_start_gives_nothing():
    assert list(monthly(date(2023, 5, 1), until=date(2023, 4, 30))) == []


def test_count_zero_gives_nothing():
    assert list(daily(date(2023, 5, 1), count=0)) == []


def test_schedules_are_lazy_without_bounds():
    dates = monthly(date(2023, 1, 1))
    assert next(dates) == date(2023, 1, 1)
    assert next(dates) == date(2023, 2, 1)


@pytest.mark.parametrize("every", [0, -1])
def test_every_must_be_positive(every):
    with pytest.raises(ValueError):
        monthly(date(2023, 1, 1), every=every)


def test_negative_count_is_rejected():
    with pytest.raises(ValueError):
        daily(date(2023, 1, 1), count=-1)
