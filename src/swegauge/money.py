"""Money as swegauge prints it: one formatter for every terminal line, log, trajectory and report.

    usd(0) -> "$0"     usd(0.0053) -> "$0.0053"     usd(0.00025) -> "$0.00025"     usd(1234.5) -> "$1,234.50"

Amounts under a dollar keep at least 4 decimals and always 2 significant digits, so a small non-zero
cost is never printed as $0.0000 (a model call at $0.00000012 is not free); None means the price is not
known (`missing`, default "unknown"), which is not the same as free.
"""

from __future__ import annotations

import math


def usd(amount: float | None, *, missing: str = "unknown") -> str:
    """`amount` US dollars as text (see the module docstring); `missing` when it is None or not a number."""
    if amount is None or isinstance(amount, bool) or not isinstance(amount, (int, float)) or math.isnan(amount):
        return missing
    if amount == 0:
        return "$0"
    sign, value = ("-" if amount < 0 else ""), abs(float(amount))
    if value >= 1:
        return f"{sign}${value:,.2f}"
    decimals = max(4, 1 - math.floor(math.log10(value)))
    return f"{sign}${value:.{decimals}f}"
