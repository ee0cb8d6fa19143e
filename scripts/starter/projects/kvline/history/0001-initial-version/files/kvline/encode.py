"""Writing records as logfmt lines: key=value pairs separated by single spaces."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

KEY = re.compile(r"[A-Za-z0-9_.\-/]+")
_BARE = re.compile(r'[^\s="]+')


def format_value(value: Any) -> str:
    """One value as it appears after `key=`: bare when that is unambiguous, else quoted."""
    text = str(value)
    if _BARE.fullmatch(text):
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
