"""Rendering rows of cells as a boxed plain-text table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from termtable.width import display_width, pad, truncate


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _alignments(align: str | Sequence[str], columns: int) -> list[str]:
    chosen = [align] * columns if isinstance(align, str) else list(align)[:columns]
    chosen += ["left"] * (columns - len(chosen))
    for how in chosen:
        if how not in ("left", "right", "center"):
            raise ValueError(f"align must be 'left', 'right' or 'center', not {how!r}")
    return chosen


def render(
    rows: Iterable[Sequence[Any]],
    headers: Sequence[Any] | None = None,
    *,
    align: str | Sequence[str] = "left",
    max_width: int | None = None,
) -> str:
    """The table as one string (no trailing newline). Short rows are padded with empty cells.

    `align` is "left", "right" or "center" for every column, or a sequence with one of those per
    column (missing ones are "left"). With `max_width`, cells wider than that many columns are
    cut and end with an ellipsis.
    """
    if max_width is not None and max_width < 1:
        raise ValueError("max_width must be at least 1")
    body = [[_cell(value) for value in row] for row in rows]
    head = [_cell(value) for value in headers] if headers is not None else None
    columns = max([len(row) for row in body] + [len(head) if head else 0])
    if columns == 0:
        return ""
    grid = ([head] if head else []) + body
    grid = [row + [""] * (columns - len(row)) for row in grid]
    if max_width is not None:
        grid = [[truncate(text, max_width) for text in row] for row in grid]
    widths = [max(display_width(row[i]) for row in grid) for i in range(columns)]
    aligns = _alignments(align, columns)

    rule = "+" + "+".join("-" * (width + 2) for width in widths) + "+"

    def line(row: list[str]) -> str:
        cells = (pad(text, width, how) for text, width, how in zip(row, widths, aligns))
        return "| " + " | ".join(cells) + " |"

    out = [rule]
    if head:
        out += [line(grid[0]), rule]
        grid = grid[1:]
    out += [line(row) for row in grid]
    if grid:
        out.append(rule)
    return "\n".join(out)
