"""金额大写: amounts in Chinese capital numerals, as written on invoices, receipts and cheques.

    1680.32   -> 壹仟陆佰捌拾元叁角贰分
    1005      -> 壹仟零伍元整
    0.5       -> 伍角整

The integer part is read in sections of four digits (个, 万, 亿). A run of zeros between two
digits is written as one 零, also where it crosses from one section into the next
(100001 -> 壹拾万零壹元整, 100001000 -> 壹亿零壹仟元整). An amount that ends at 元 or 角
gets 整.
"""

from __future__ import annotations

from decimal import Decimal

from rmbfmt.amount import Number, to_decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("", "拾", "佰", "仟")
_SECTIONS = ("", "万", "亿")
LIMIT = Decimal(10) ** (4 * len(_SECTIONS))
"""The smallest amount that is too large: 壹万亿."""


def _section(number: int) -> str:
    """1 to 9999 in capital numerals, with a run of inner zeros written as one 零."""
    out: list[str] = []
    pending_zero = False
    for power in (3, 2, 1, 0):
        digit = number // 10**power % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append(DIGITS[0])
            pending_zero = False
        out.append(DIGITS[digit] + _PLACES[power])
    return "".join(out)


def _integer(number: int) -> str:
    """A whole number of yuan (at least 1) in capital numerals."""
    parts: list[str] = []
    skipped_zero_section = False
    for index in reversed(range(len(_SECTIONS))):
        section = number // 10 ** (4 * index) % 10000
        if section == 0:
            skipped_zero_section = bool(parts)
            continue
        # Zeros between this section and the digits written before it: a whole section of
        # zeros skipped, or leading zeros of this section (it is below 1000).
        if parts and (skipped_zero_section or section < 1000):
            parts.append(DIGITS[0])
        parts.append(_section(section) + _SECTIONS[index])
        skipped_zero_section = False
    return "".join(parts)


def to_upper(value: Number) -> str:
    """The amount, rounded to cents, in capital numerals: ``to_upper(1.05) == "壹元零伍分"``."""
    amount = to_decimal(value)
    if amount < 0:
        raise ValueError(f"capital numerals are for amounts of zero or more, not {amount}")
    if amount >= LIMIT:
        raise ValueError(f"amount too large for capital numerals: {amount}")
    yuan, cents = divmod(int(amount * 100), 100)
    jiao, fen = divmod(cents, 10)
    text = _integer(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return (text or DIGITS[0] + "元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += DIGITS[0]
    if fen:
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return text
