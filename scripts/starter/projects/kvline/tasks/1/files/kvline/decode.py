"""Reading logfmt lines back into dicts."""

from __future__ import annotations

import re
from typing import Any

_UNESCAPE = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
_INT = re.compile(r"[-+]?\d+")
_FLOAT = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


class KvlineError(ValueError):
    """A line that is not valid logfmt; `column` is where the problem was found (1-based).

    `lineno` is set when the line came from a file or stream.
    """

    def __init__(self, message: str, column: int, lineno: int | None = None) -> None:
        self.message = message
        self.column = column
        self.lineno = lineno
        where = f"line {lineno}, column {column}" if lineno is not None else f"column {column}"
        super().__init__(f"{where}: {message}")


def _typed(value: str) -> Any:
    if value == "":
        return None
    if value in ("true", "false"):
        return value == "true"
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def _quoted(line: str, start: int) -> tuple[str, int]:
    """The text of the quoted value whose opening quote is at `start`, and the position after
    its closing quote. Backslash escapes are undone; an unknown escape is kept as it is."""
    out: list[str] = []
    pos, end = start + 1, len(line)
    while pos < end:
        char = line[pos]
        if char == '"':
            return "".join(out), pos + 1
        if char == "\\" and pos + 1 < end:
            escaped = line[pos + 1]
            out.append(_UNESCAPE.get(escaped, char + escaped))
            pos += 2
            continue
        out.append(char)
        pos += 1
    raise KvlineError("unterminated quoted value", start + 1)


def _pairs(line: str) -> list[tuple[str, str, bool]]:
    """(key, raw value, quoted) for each pair; a flag reads as the bare value "true"."""
    pairs: list[tuple[str, str, bool]] = []
    pos, end = 0, len(line)
    while True:
        while pos < end and line[pos] == " ":
            pos += 1
        if pos >= end:
            return pairs
        start = pos
        while pos < end and line[pos] not in " =":
            pos += 1
        key = line[start:pos]
        if not key:
            raise KvlineError("expected a key", pos + 1)
        if pos >= end or line[pos] == " ":
            pairs.append((key, "true", False))
            continue
        pos += 1  # the '='
        if pos < end and line[pos] == '"':
            value, pos = _quoted(line, pos)
            pairs.append((key, value, True))
            if pos < end and line[pos] != " ":
                raise KvlineError("expected a space after a quoted value", pos + 1)
        else:
            start = pos
            while pos < end and line[pos] != " ":
                pos += 1
            value = line[start:pos]
            if '"' in value:
                raise KvlineError("unexpected '\"' in an unquoted value", start + value.index('"') + 1)
            pairs.append((key, value, False))


def loads(line: str, *, convert: bool = False) -> dict[str, Any]:
    """The key=value pairs of one line. A key without `=` is a flag and reads as "true".

    With `convert`, unquoted values become int, float, bool or None (for an empty value) where
    they look like one; quoted values always stay strings.
    """
    return {
        key: _typed(value) if convert and not quoted else value
        for key, value, quoted in _pairs(line)
    }
