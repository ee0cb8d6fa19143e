"""How many terminal columns text takes; padding and cutting text to a number of columns."""

from __future__ import annotations

import unicodedata

_WIDE = ("W", "F")
# Marks drawn on top of the character before them, and invisible format characters
# (zero-width space and joiners, direction marks, the BOM), take no column of their own.
# The soft hyphen is a format character too, but terminals draw it as a hyphen.
_ZERO_WIDTH_CATEGORIES = ("Mn", "Me", "Cf")
_SOFT_HYPHEN = "\u00ad"


def char_width(char: str) -> int:
    """Columns a terminal uses for one character.

    0 for combining marks and invisible format characters, 2 for East Asian wide and
    fullwidth characters, 1 for everything else.
    """
    if unicodedata.category(char) in _ZERO_WIDTH_CATEGORIES and char != _SOFT_HYPHEN:
        return 0
    return 2 if unicodedata.east_asian_width(char) in _WIDE else 1


def display_width(text: str) -> int:
    """Columns a terminal uses for `text` (a single line)."""
    return sum(char_width(char) for char in text)


def pad(text: str, width: int, align: str = "left") -> str:
    """`text` padded with spaces to `width` columns; text that is already wider is returned as is."""
    gap = width - display_width(text)
    if align not in ("left", "right", "center"):
        raise ValueError(f"align must be 'left', 'right' or 'center', not {align!r}")
    if gap <= 0:
        return text
    if align == "left":
        return text + " " * gap
    if align == "right":
        return " " * gap + text
    left = gap // 2
    return " " * left + text + " " * (gap - left)


def truncate(text: str, width: int, placeholder: str = "\u2026") -> str:
    """`text` cut to at most `width` columns, ending with `placeholder` when something was cut."""
    if display_width(text) <= width:
        return text
    room = width - display_width(placeholder)
    if room < 0:
        raise ValueError(f"width {width} leaves no room for the placeholder {placeholder!r}")
    kept: list[str] = []
    used = 0
    for char in text:
        char_columns = char_width(char)
        if used + char_columns > room:
            break
        kept.append(char)
        used += char_columns
    return "".join(kept) + placeholder
