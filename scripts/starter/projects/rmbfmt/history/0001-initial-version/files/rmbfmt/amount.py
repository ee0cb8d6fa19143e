"""Amounts of money as Decimal, and formatting them with thousands separators."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Union

Number = Union[int, float, str, Decimal]


def to_decimal(value: Number, places: int = 2) -> Decimal:
    """`value` as a Decimal rounded half-up to `places` decimals.

    Floats are taken by their shortest repr, so ``0.1`` becomes ``Decimal("0.10")`` and not
    the binary approximation.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise TypeError(f"not an amount: {value!r}")
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
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
