from datetime import date, datetime

import pytest

from cadence import add_months, days_in_month, month_end, month_start, months_between


def test_add_months_simple():
    assert add_months(date(2023, 3, 15), 1) == date(2023, 4, 15)
    assert add_months(date(2023, 3, 15), 12) == date(2024, 3, 15)


def test_add_months_crosses_year_both_ways():
    assert add_months(date(2023, 11, 5), 3) == date(2024, 2, 5)
    assert add_months(date(2024, 2, 5), -3) == date(2023, 11, 5)
    assert add_months(date(2024, 1, 1), -1) == date(2023, 12, 1)


def test_add_months_clamps_to_month_end():
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 3, 31), 1) == date(2023, 4, 30)
    assert add_months(date(2023, 5, 31), -3) == date(2023, 2, 28)


def test_add_months_from_leap_day():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)


def test_add_months_keeps_time_of_datetime():
    assert add_months(datetime(2023, 8, 31, 9, 30), 1) == datetime(2023, 9, 30, 9, 30)


def test_add_months_out_of_range():
    with pytest.raises(OverflowError):
        add_months(date(9999, 12, 1), 1)


def test_month_start_and_end():
    assert month_start(date(2023, 2, 10)) == date(2023, 2, 1)
    assert month_end(date(2023, 2, 10)) == date(2023, 2, 28)
    assert month_end(date(2024, 2, 10)) == date(2024, 2, 29)
    assert month_end(date(2023, 12, 31)) == date(2023, 12, 31)


def test_days_in_month():
    assert [days_in_month(2023, m) for m in range(1, 13)] == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert days_in_month(2000, 2) == 29
    assert days_in_month(1900, 2) == 28


def test_months_between_whole_months():
    assert months_between(date(2023, 1, 15), date(2023, 4, 15)) == 3
    assert months_between(date(2023, 1, 15), date(2023, 4, 14)) == 2
    assert months_between(date(2023, 1, 15), date(2023, 1, 15)) == 0


def test_months_between_agrees_with_clamping():
    assert months_between(date(2024, 1, 31), date(2024, 2, 29)) == 1
    assert months_between(date(2023, 1, 31), date(2023, 2, 27)) == 0


def test_months_between_backwards_is_negative():
    assert months_between(date(2023, 4, 15), date(2023, 1, 15)) == -3


def test_months_between_across_years():
    assert months_between(date(2019, 11, 30), date(2023, 11, 4)) == 47
