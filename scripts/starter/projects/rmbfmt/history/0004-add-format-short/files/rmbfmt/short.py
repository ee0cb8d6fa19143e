"""Short amounts for dashboards: 1.23万, 4.5亿."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from rmbfmt.amount import Number, to_decimal

_WAN = Decimal(10) ** 4
_YI = Decimal(10) ** 8


def _trim(number: Decimal) -> str:
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_short(value: Number, *, places: int = 2) -> str:
    """The amount in 万 or 亿 with at most `places` decimals, trailing zeros dropped.

    Amounts below 1万 are written out (``"9999"``, ``"12.5"``). An amount that rounds to
    10000万 is written in 亿: ``format_short(99999999) == "1亿"``.
    """
    amount = to_decimal(value, places)
    quantum = Decimal(1).scaleb(-places)
    if abs(amount) < _WAN:
        return _trim(amount)
    in_wan = (amount / _WAN).quantize(quantum, rounding=ROUND_HALF_UP)
    if abs(amount) < _YI and abs(in_wan) < _WAN:
        return _trim(in_wan) + "万"
    return _trim((amount / _YI).quantize(quantum, rounding=ROUND_HALF_UP)) + "亿"
