"""Reading logfmt lines back into dicts."""

from __future__ import annotations


class KvlineError(ValueError):
    """A line that is not valid logfmt; `column` is where the problem was found (1-based)."""

    def __init__(self, message: str, column: int) -> None:
        self.message = message
        self.column = column
        super().__init__(f"column {column}: {message}")


def loads(line: str) -> dict[str, str]:
    """The key=value pairs of one line. A key without `=` is a flag and reads as "true"."""
    record: dict[str, str] = {}
    pos, end = 0, len(line)
    while True:
        while pos < end and line[pos] == " ":
            pos += 1
        if pos >= end:
            return record
        start = pos
        while pos < end and line[pos] not in " =":
            pos += 1
        key = line[start:pos]
        if not key:
            raise KvlineError("expected a key", pos + 1)
        if pos >= end or line[pos] == " ":
            record[key] = "true"
            continue
        pos += 1  # the '='
        if pos < end and line[pos] == '"':
            close = line.find('"', pos + 1)
            if close < 0:
                raise KvlineError("unterminated quoted value", pos + 1)
            record[key] = line[pos + 1 : close]
            pos = close + 1
            if pos < end and line[pos] != " ":
                raise KvlineError("expected a space after a quoted value", pos + 1)
        else:
            start = pos
            while pos < end and line[pos] != " ":
                pos += 1
            value = line[start:pos]
            if '"' in value:
                raise KvlineError("unexpected '\"' in an unquoted value", start + value.index('"') + 1)
            record[key] = value
