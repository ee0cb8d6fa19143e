"""Reading many lines: log files, pipes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kvline.decode import KvlineError, loads


def iter_records(
    lines: Iterable[str], *, convert: bool = False, errors: str = "raise"
) -> Iterator[dict[str, Any]]:
    """One record per non-blank line.

    `errors` is "raise" (a malformed line raises KvlineError with its `lineno` set) or "skip"
    (malformed lines are left out).
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    return _records(lines, convert, errors == "skip")


def _records(lines: Iterable[str], convert: bool, skip: bool) -> Iterator[dict[str, Any]]:
    for lineno, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        try:
            record = loads(line, convert=convert)
        except KvlineError as err:
            if skip:
                continue
            raise KvlineError(err.message, err.column, lineno) from None
        yield record
