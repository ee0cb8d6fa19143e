"""Tamper signals in a candidate's patch: what cannot be prevented in-process is detected.

The candidate's own source runs inside the test process, so it could patch the runner, end the process
early with a clean status, or print a runner's result lines. Resetting test code and configuration
(protect.py) removes the easy ways; the signals (rules/tamper.json, per language) catch the rest in the
lines the patch adds, outside the files that were reverted anyway. A hit is the candidate's fault: the
verdict is unresolved with reason `tampering: <signal> (<file>: <line>)`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict
from unidiff import PatchSet
from unidiff.errors import UnidiffParseError

from swegauge.grading.protect import glob_regex

RULES_FILE = Path(__file__).parent / "rules" / "tamper.json"
BaseHas = Callable[[str], bool]
"""Whether the base tree has a path (a file or a directory)."""
FileText = Callable[[str], "str | None"]
"""A file's text after the candidate's patch (for rules that look at the whole file, e.g. its package)."""


class Signal(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    path: str
    line: str

    def __str__(self) -> str:
        return f"{self.name} ({self.path}: {self.line.strip()[:100]})"


class _Rule:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.name = spec["name"]
        self.regex = re.compile(spec["regex"])
        self.unless_base_has = tuple(spec.get("unless_base_has", ()))
        self.paths = [glob_regex(p) for p in spec.get("paths", [])]
        self.paths_not = [glob_regex(p) for p in spec.get("paths_not", [])]
        self.unless_file_matches = re.compile(spec["unless_file_matches"]) if "unless_file_matches" in spec else None

    def applies(self, path: str, base_has: BaseHas | None, file_text: FileText) -> bool:
        if self.paths and not any(rx.match(path) for rx in self.paths):
            return False
        if any(rx.match(path) for rx in self.paths_not):
            return False
        if self.unless_file_matches is not None and self.unless_file_matches.search(file_text(path) or ""):
            return False
        return not (base_has is not None and any(base_has(p) for p in self.unless_base_has))


@lru_cache(maxsize=32)
def _rules(language: str) -> tuple[_Rule, ...]:
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    specs = list(data["common"])
    for spec in data.get(language.lower(), []):
        specs += data.get(spec["same_as"], []) if "same_as" in spec else [spec]
    return tuple(_Rule(spec) for spec in specs)


def added_lines(patch: str) -> list[tuple[str, str]]:
    """(path, text) of every line the patch adds; a diff unidiff cannot read gives its raw + lines."""
    try:
        files = PatchSet(patch)
    except UnidiffParseError:
        return [("?", line[1:]) for line in patch.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return [(f.path, str(line.value)) for f in files for hunk in f for line in hunk if line.is_added]


def scan(patch: str, *, language: str, base_has: BaseHas | None = None, file_text: FileText | None = None,
         skip: frozenset[str] = frozenset()) -> list[Signal]:
    """Every signal the patch's added lines raise (files in `skip`, already reverted, are not read).
    Without `file_text`, a file's text is taken to be the lines the patch adds to it."""
    if not patch.strip():
        return []
    rules = _rules(language)
    lines = added_lines(patch)
    if file_text is None:
        added: dict[str, list[str]] = {}
        for path, text in lines:
            added.setdefault(path, []).append(text)
        file_text = lambda path: "".join(added.get(path, []))  # noqa: E731
    found: list[Signal] = []
    seen: set[str] = set()
    for path, text in lines:
        if path in skip:
            continue
        for rule in rules:
            if rule.name not in seen and rule.regex.search(text) and rule.applies(path, base_has, file_text):
                found.append(Signal(name=rule.name, path=path, line=text))
                seen.add(rule.name)
    return found
