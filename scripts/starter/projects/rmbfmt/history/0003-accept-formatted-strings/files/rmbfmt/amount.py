"""Amounts of money as Decimal, and formatting them with thousands separators."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Union

Number = Union[int, float, str, Decimal]

_CURRENCY = re.compile(r"^(?P<sign>-?)\s*(?:[¥￥]|RMB|CNY)?\s*(?P<number>.*?)\s*元?$", re.IGNORECASE)


def _clean(text: str) -> str:
    """Drop a currency sign or unit and thousands separators: "-¥1,234.50" -> "-1234.50"."""
    match = _CURRENCY.match(text.strip())
    assert match is not None  # the pattern matches every string
    return match["sign"] + match["number"].replace(",", "").replace("，", "")


def to_decimal(value: Number, places: int = 2) -> Decimal:
    """`value` as a Decimal rounded half-up to `places` decimals.

    Floats are taken by their shortest repr, so ``0.1`` becomes ``Decimal("0.10")`` and not
    the binary approximation. Strings may carry thousands separators and a currency sign or
    unit: ``"¥1,234.50"``, ``"1,234.50元"``, ``"RMB 1234.5"``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise TypeError(f"not an amount: {value!r}")
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(_clean(value) if isinstance(value, str) else value)
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_amount(value: Number, *, places: int = 2, sep: str = ",", symbol: str = "") -> str:
    """The amount with `places` decimals and its whole part grouped by thousands."""
    amount = to_decimal(value, places)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sep.join(groups)
    if fraction:
        text += "." + fraction
    return f"{sign}{symbol}{text}"
