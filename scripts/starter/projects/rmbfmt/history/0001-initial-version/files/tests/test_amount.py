from decimal import Decimal

import pytest

from rmbfmt import format_amount, to_decimal


def test_to_decimal_rounds_half_up_to_cents():
    assert to_decimal("2.345") == Decimal("2.35")
    assert to_decimal("2.344") == Decimal("2.34")
    assert to_decimal(7) == Decimal("7.00")


def test_to_decimal_takes_floats_by_repr():
    assert to_decimal(0.1) == Decimal("0.10")
    assert to_decimal(1.005) == Decimal("1.01")


def test_to_decimal_other_places():
    assert to_decimal("1.23456", places=4) == Decimal("1.2346")
    assert to_decimal("1.5", places=0) == Decimal("2")


@pytest.mark.parametrize(
    "bad", ["abc", "", "1.2.3", "NaN", "Infinity"], ids=["word", "empty", "two-points", "nan", "infinity"]
)
def test_to_decimal_rejects_garbage(bad):
    with pytest.raises(ValueError):
        to_decimal(bad)


def test_to_decimal_rejects_other_types():
    with pytest.raises(TypeError):
        to_decimal(True)
    with pytest.raises(TypeError):
        to_decimal(None)


def test_format_amount_groups_thousands():
    assert format_amount(1234567.891) == "1,234,567.89"
    assert format_amount(100) == "100.00"
    assert format_amount(1000) == "1,000.00"
    assert format_amount("999999.995") == "1,000,000.00"


def test_format_amount_negative_and_symbol():
    assert format_amount("-42.5", symbol="¥") == "-¥42.50"
    assert format_amount(-123456) == "-123,456.00"
    assert format_amount("-0.001") == "0.00"


def test_format_amount_options():
    assert format_amount(1234567, places=0, sep=" ") == "1 234 567"
