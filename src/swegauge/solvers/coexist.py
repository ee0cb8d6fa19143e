"""Letting many test candidates live in one workspace, so one test run executes them all.

Each test candidate is one test file's full text after its edits. For a combined run it is written to a
new sibling file whose name carries a marker ("selfplay07"), and every test name the runner reports for
it contains that marker, which is how results are attributed back to candidates:

- Python (pytest ids hold the file path), JavaScript/TypeScript (jest/vitest/mocha names hold the file):
  tests/test_parser.py -> tests/test_parser_selfplay07.py, test/a.test.js -> test/a_selfplay07.test.js.
- Go: a_test.go -> a_selfplay07_test.go, and every top-level name the file declares (TestX, helpers,
  types, vars, consts) gets the suffix _selfplay07, since all files of a package share one namespace.
- Rust integration tests (tests/*.rs without `mod x;` lines): tests/a.rs -> tests/a_selfplay07.rs with the
  body wrapped in `mod selfplay07 { ... }`, so names read "selfplay07::test_name".
Anything else (Rust unit tests inside src/, node's own runner whose names carry no file, Java, ...) has no
combined layout: self-play then runs each (patch, test) pair on its own (crossrun's "pairs" mode).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

PY_JS = re.compile(r"\.(?:py|[cm]?[jt]sx?)$")
_GO_FUNC = re.compile(r"^func\s+(\w+)\s*[\[(]", re.M)
_GO_SINGLE = re.compile(r"^(?:type|var|const)\s+(\w+)", re.M)
_GO_GROUP = re.compile(r"^(?:type|var|const)\s*\(\s*\n(.*?)^\)", re.M | re.S)
_GO_GROUP_NAMES = re.compile(r"^[ \t]+(\w+(?:\s*,\s*\w+)*)", re.M)
_RUST_MOD_DECL = re.compile(r"^\s*(?:pub\s+)?mod\s+\w+\s*;", re.M)


@dataclass(frozen=True)
class Placed:
    """Where a test candidate lives in a combined run."""

    index: int
    marker: str
    path: str
    content: str


def marker_for(index: int, width: int) -> str:
    return f"selfplay{index:0{width}d}"


def _insert(name: str, marker: str) -> str:
    """Put the marker into a file name where the runner still collects it."""
    for tail in ("_test.go", ".test.", ".spec.", "_test.py", "_tests.py", "_spec.rb", "_test.rb"):
        at = name.find(tail)
        if at > 0:
            return f"{name[:at]}_{marker}{name[at:]}"
    stem, dot, rest = name.partition(".")
    return f"{stem}_{marker}{dot}{rest}"


def _go_names(text: str) -> list[str]:
    names = set(_GO_FUNC.findall(text)) | set(_GO_SINGLE.findall(text))
    for group in _GO_GROUP.findall(text):
        for run in _GO_GROUP_NAMES.findall(group):
            names.update(n.strip() for n in run.split(","))
    names.discard("init")
    names.discard("_")
    return sorted(names)


def _go_rename(text: str, marker: str) -> str:
    names = _go_names(text)
    if not names:
        return text
    pattern = re.compile(r"(?<![.\w])(" + "|".join(re.escape(n) for n in names) + r")\b")
    return pattern.sub(lambda m: f"{m.group(1)}_{marker}", text)


def _rust_wrap(text: str, marker: str) -> str:
    # Inner attributes (#![...]) and inner docs (//!) at the top of the file stay valid: they come first
    # inside the module too.
    body = text
    return f"mod {marker} {{\n{body}\n}}\n"


def place(index: int, path: str, content: str, *, width: int) -> Placed | None:
    """The sibling file for one test candidate, or None when no combined layout is known for it."""
    marker = marker_for(index, width)
    pure = PurePosixPath(path)
    sibling = str(pure.with_name(_insert(pure.name, marker)))
    if PY_JS.search(pure.name):
        return Placed(index, marker, sibling, content)
    if pure.name.endswith("_test.go"):
        return Placed(index, marker, sibling, _go_rename(content, marker))
    if pure.suffix == ".rs" and pure.parts[:1] == ("tests",) and len(pure.parts) == 2:
        if _RUST_MOD_DECL.search(content):
            return None
        return Placed(index, marker, sibling, _rust_wrap(content, marker))
    return None


def belongs(name: str, placed: Placed) -> bool:
    """Whether a reported test name comes from this candidate's sibling file."""
    return placed.marker in name
