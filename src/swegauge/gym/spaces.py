"""The gym's spaces: text in, text out, within a fixed character set.

Gymnasium's Text space checks every character against its character set, so observations and actions use
Python's printable ASCII (with tab and newline); any other character of a task's text is written as its
backslash escape (`\\u00e9`), which keeps the information and stays inside the space."""

from __future__ import annotations

import string

from gymnasium import spaces

CHARSET = string.printable
MAX_TEXT = 200_000
MAX_ACTION = 1_000_000


def to_space(text: str, limit: int = MAX_TEXT) -> str:
    """`text` inside CHARSET and at most `limit` characters (head and tail kept, a marker between)."""
    clean = text.encode("ascii", "backslashreplace").decode("ascii")
    clean = "".join(c if c in _ALLOWED else f"\\x{ord(c):02x}" for c in clean)
    if len(clean) <= limit:
        return clean
    marker = f"\n[... {len(clean) - limit} characters cut ...]\n"
    keep = max(limit - len(marker), 2) // 2
    return clean[:keep] + marker + clean[len(clean) - keep:]


_ALLOWED = frozenset(CHARSET)


def text_space(max_length: int = MAX_TEXT) -> spaces.Text:
    return spaces.Text(max_length=max_length, min_length=0, charset=CHARSET)


def issue_observation_space() -> spaces.Dict:
    """issue: the problem statement (and hints); files: the repository's file tree; metadata: JSON of the
    task's public fields; output: what the last action gave; diff: the workspace's changes against base."""
    return spaces.Dict({key: text_space() for key in ("issue", "files", "metadata", "output", "diff")})


def action_space() -> spaces.Text:
    return text_space(MAX_ACTION)
