"""Turning a glob pattern into a regular expression that matches whole paths."""

from __future__ import annotations

import re


class PatternError(ValueError):
    """A glob pattern that cannot be translated."""


def _class_end(segment: str, start: int) -> int:
    """Index of the "]" closing the class opened at `start`, or -1. A "]" right after the
    opening "[" (or "[!") is a literal."""
    pos = start + 1
    if pos < len(segment) and segment[pos] in "!^":
        pos += 1
    if pos < len(segment) and segment[pos] == "]":
        pos += 1
    while pos < len(segment) and segment[pos] != "]":
        pos += 1
    return pos if pos < len(segment) else -1


def _segment(segment: str, pattern: str) -> str:
    """The regular expression for one "/"-free piece of a pattern."""
    out: list[str] = []
    pos = 0
    while pos < len(segment):
        char = segment[pos]
        if char == "*":
            out.append("[^/]*")
            while pos + 1 < len(segment) and segment[pos + 1] == "*":
                pos += 1
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = _class_end(segment, pos)
            if end < 0:
                raise PatternError(f"unterminated character class in {pattern!r}")
            body = segment[pos + 1 : end]
            negate = body[:1] in ("!", "^")
            if negate:
                body = body[1:]
            body = body.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
            out.append(f"[^/{body}]" if negate else f"[{body}]")
            pos = end
        else:
            out.append(re.escape(char))
        pos += 1
    return "".join(out)


def translate(pattern: str) -> str:
    """A regular expression (for `re.match`) that matches the paths `pattern` matches."""
    if not pattern:
        raise PatternError("empty pattern")
    parts = []
    for segment in pattern.split("/"):
        if segment == "**":
            parts.append(".*")  # any number of directories
        else:
            parts.append(_segment(segment, pattern))
    return "(?s:" + "/".join(parts) + ")\\Z"
