"""Rendering rows of cells as a boxed plain-text table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from termtable.width import display_width, pad


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def render(rows: Iterable[Sequence[Any]], headers: Sequence[Any] | None = None) -> str:
    """The table as one string (no trailing newline). Short rows are padded with empty cells."""
    body = [[_cell(value) for value in row] for row in rows]
    head = [_cell(value) for value in headers] if headers is not None else None
    columns = max([len(row) for row in body] + [len(head) if head else 0])
    if columns == 0:
        return ""
    grid = ([head] if head else []) + body
    grid = [row + [""] * (columns - len(row)) for row in grid]
    widths = [max(display_width(row[i]) for row in grid) for i in range(columns)]

    rule = "+" + "+".join("-" * (width + 2) for width in widths) + "+"

    def line(row: list[str]) -> str:
        cells = (pad(text, width) for text, width in zip(row, widths))
        return "| " + " | ".join(cells) + " |"

    out = [rule]
    if head:
        out += [line(grid[0]), rule]
        grid = grid[1:]
    out += [line(row) for row in grid]
    if grid:
        out.append(rule)
    return "\n".join(out)
