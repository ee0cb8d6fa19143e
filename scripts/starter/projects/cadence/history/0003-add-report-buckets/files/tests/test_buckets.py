from datetime import date, datetime

import pytest

from cadence import group_by, month_key, quarter_key, week_bounds, week_key


def test_week_key_mid_year():
    assert week_key(date(2023, 9, 20)) == "2023-W38"
    assert week_key(date(2023, 9, 18)) == "2023-W38"
    assert week_key(date(2023, 9, 24)) == "2023-W38"
    assert week_key(date(2023, 9, 25)) == "2023-W39"


def test_week_key_pads_week_number():
    assert week_key(date(2023, 3, 1)) == "2023-W09"


def test_week_key_of_datetime():
    assert week_key(datetime(2023, 6, 14, 23, 59)) == "2023-W24"


def test_month_and_quarter_keys():
    assert month_key(date(2023, 9, 20)) == "2023-09"
    assert quarter_key(date(2023, 9, 30)) == "2023-Q3"
    assert quarter_key(date(2023, 10, 1)) == "2023-Q4"
    assert quarter_key(date(2024, 1, 1)) == "2024-Q1"


def test_week_bounds():
    assert week_bounds("2023-W38") == (date(2023, 9, 18), date(2023, 9, 24))


def test_week_bounds_round_trip_mid_year():
    day = date(2023, 7, 6)
    monday, sunday = week_bounds(week_key(day))
    assert monday <= day <= sunday


def test_week_bounds_rejects_garbage():
    with pytest.raises(ValueError):
        week_bounds("2023-38")


def test_group_by_week_in_key_order():
    days = [date(2023, 9, 26), date(2023, 9, 18), date(2023, 9, 20)]
    assert group_by(days) == {
        "2023-W38": [date(2023, 9, 18), date(2023, 9, 20)],
        "2023-W39": [date(2023, 9, 26)],
    }


def test_group_by_month_with_date_of():
    sales = [
        {"on": date(2023, 8, 31), "amount": 10},
        {"on": date(2023, 9, 1), "amount": 5},
        {"on": date(2023, 8, 2), "amount": 7},
    ]
    grouped = group_by(sales, month_key, date_of=lambda sale: sale["on"])
    assert list(grouped) == ["2023-08", "2023-09"]
    assert [sale["amount"] for sale in grouped["2023-08"]] == [10, 7]
