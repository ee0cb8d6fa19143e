import pytest

from cronlite import CronError, parse_field
from cronlite.fields import DAY, HOUR, MINUTE, WEEKDAY


def test_star():
    assert parse_field("*", HOUR) == frozenset(range(24))


def test_number_and_list():
    assert parse_field("5", MINUTE) == {5}
    assert parse_field("1,15,30", MINUTE) == {1, 15, 30}


def test_range():
    assert parse_field("9-17", HOUR) == frozenset(range(9, 18))


def test_steps():
    assert parse_field("*/15", MINUTE) == {0, 15, 30, 45}
    assert parse_field("10-40/10", MINUTE) == {10, 20, 30, 40}
    assert parse_field("5/20", MINUTE) == {5, 25, 45}


def test_mixed_list():
    assert parse_field("1-3,10,*/20", MINUTE) == {0, 1, 2, 3, 10, 20, 40}


def test_sunday_is_0_or_7():
    assert parse_field("7", WEEKDAY) == {0}
    assert parse_field("5-7", WEEKDAY) == {0, 5, 6}


@pytest.mark.parametrize(
    "text, spec",
    [("60", MINUTE), ("0", DAY), ("32", DAY), ("a", HOUR), ("5-1", HOUR), ("*/0", MINUTE), ("1,,2", MINUTE), ("*/x", MINUTE), ("-1", MINUTE)],
    ids=["minute-60", "day-0", "day-32", "letter", "backwards", "step-0", "empty-item", "step-letter", "negative"],
)
def test_invalid(text, spec):
    with pytest.raises(CronError):
        parse_field(text, spec)
