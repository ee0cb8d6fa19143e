"""Writing records as logfmt lines: key=value pairs separated by single spaces."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

KEY = re.compile(r"[A-Za-z0-9_.\-/]+")
_BARE = re.compile(r'[^\s="]+')
# Strings that loads(convert=True) would read as something other than a string.
_LOOKS_TYPED = re.compile(r"true|false|[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def format_value(value: Any) -> str:
    """One value as it appears after `key=`: bare when that is unambiguous, else quoted.

    True/False are written as true/false and None as nothing at all. A string that would read
    back as a number or a boolean is quoted, so that it stays a string.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _BARE.fullmatch(text) and not _LOOKS_TYPED.fullmatch(text):
        return text
    return f'"{text}"'


def dumps(record: Mapping[str, Any]) -> str:
    """The record as one logfmt line, keys in the record's order."""
    parts = []
    for key, value in record.items():
        if not isinstance(key, str) or not KEY.fullmatch(key):
            raise ValueError(f"invalid key {key!r}: use letters, digits and _ . - /")
        parts.append(f"{key}={format_value(value)}")
    return " ".join(parts)
