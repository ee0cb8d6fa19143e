from datetime import date, datetime

import pytest

from cronlite import CronError, CronExpr


def test_matches_every_quarter_hour_on_weekdays():
    cron = CronExpr("*/15 9-17 * * 1-5")
    assert cron.matches(datetime(2023, 5, 8, 9, 45))  # a Monday
    assert not cron.matches(datetime(2023, 5, 8, 9, 46))
    assert not cron.matches(datetime(2023, 5, 8, 18, 0))
    assert not cron.matches(datetime(2023, 5, 7, 10, 0))  # a Sunday


def test_seconds_are_ignored():
    assert CronExpr("30 12 * * *").matches(datetime(2023, 5, 8, 12, 30, 59, 999))


def test_month_and_day_of_month():
    cron = CronExpr("0 0 1 1,7 *")
    assert cron.matches(datetime(2023, 7, 1))
    assert not cron.matches(datetime(2023, 6, 1))


def test_day_matches():
    cron = CronExpr("0 0 * 2 0")
    assert cron.day_matches(date(2023, 2, 5))  # a Sunday in February
    assert not cron.day_matches(date(2023, 2, 6))
    assert not cron.day_matches(date(2023, 3, 5))


def test_sunday_as_7():
    assert CronExpr("0 0 * * 7").matches(datetime(2023, 5, 7))


@pytest.mark.parametrize(
    "alias, expanded",
    [
        ("@yearly", "0 0 1 1 *"),
        ("@annually", "0 0 1 1 *"),
        ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"),
        ("@midnight", "0 0 * * *"),
        ("@HOURLY", "0 * * * *"),
    ],
    ids=["yearly", "annually", "monthly", "weekly", "daily", "midnight", "hourly-upper-case"],
)
def test_aliases(alias, expanded):
    cron, plain = CronExpr(alias), CronExpr(expanded)
    assert (cron.minutes, cron.hours, cron.days, cron.months, cron.weekdays) == (
        plain.minutes,
        plain.hours,
        plain.days,
        plain.months,
        plain.weekdays,
    )


def test_names_in_expressions():
    cron = CronExpr("0 9 * JUN-AUG MON-FRI")
    assert cron.matches(datetime(2023, 6, 5, 9, 0))
    assert not cron.matches(datetime(2023, 9, 4, 9, 0))


def test_repr():
    assert repr(CronExpr("0 0 * * *")) == "CronExpr('0 0 * * *')"


@pytest.mark.parametrize(
    "text",
    ["", "* * * *", "* * * * * *", "61 * * * *", "@often"],
    ids=["empty", "four-fields", "six-fields", "bad-minute", "unknown-alias"],
)
def test_invalid_expressions(text):
    with pytest.raises(CronError):
        CronExpr(text)
