"""Run scope: which test files a run must include so that every listed test can run.

The test command's `{tests}` used to be only the code files the test patch touches. Suites list more than
that: Multi-SWE-bench's PASS_TO_PASS holds every test file of the suite (97 jest files for dayjs), and a
SWE-bench PASS_TO_PASS test may live in a file the test patch leaves alone. Those tests "did not run".

`test_targets` reads where each listed name (FAIL_TO_PASS + PASS_TO_PASS) lives:

- a path prefix: "tests/test_x.py::TestC::test_m" (pytest), "test/a.test.js > describe > title" (jest,
  vitest, mocha), "test/a.test.js:title" and "test/a.test.js" (Multi-SWE-bench's jest names);
- a dotted Python module: "tests.test_x.TestC.test_m" (unittest) -> tests/test_x.py, when that file exists.

The answer is the touched files plus the files the names live in (existing ones only), or None (the whole
suite) when that list grows past MAX_FILES, or past MIN_FOR_SHARE files and half of the tree's test files:
one run of everything is then simpler than a command line of hundreds of files, and costs about the same. Names that say nothing
of where they live (Go's "TestA", JUnit's "pkg.ClassTest.method", a bare "describe > title") leave the
answer to the touched files; runners that always run everything (`go test ./...`, Maven) ignore it anyway.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from swegauge.tasks import Task

MAX_FILES = 50
"""Past this many files the whole suite runs instead."""
MIN_FOR_SHARE = 10
"""Below this many files a list is always given (a whole pytest run can stop on one unrelated file that
fails to import); above it, a list covering half the tree's test files runs the whole suite instead."""
CODE_SUFFIX = r"(?:py|js|jsx|mjs|cjs|ts|tsx|mts|cts)"
PATH_PREFIX = re.compile(rf"^(?:PASS |FAIL )?([\w@.+/-]+?\.{CODE_SUFFIX})(?=$|::| > |:| \(|\[| )")
DOTTED = re.compile(r"^([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+)")
TEST_FILE = re.compile(rf"(^test_.*\.py$|_test\.py$|\.(test|spec)\.{CODE_SUFFIX}$)")
SKIPPED_DIRS = {".git", "node_modules", "__pycache__", ".tox", ".venv", "venv", "build", "dist"}
MAX_SCANNED = 50_000


def referenced_file(name: str, workspace: Path) -> str | None:
    """The workspace file a listed test name lives in, when the name says so and the file exists."""
    found = PATH_PREFIX.match(name.strip())
    if found and (workspace / found.group(1)).is_file():
        return found.group(1)
    dotted = DOTTED.match(name.strip())
    if dotted:
        parts = dotted.group(1).split(".")
        for end in range(len(parts), 0, -1):  # the longest module prefix that is a file
            candidate = "/".join(parts[:end]) + ".py"
            if (workspace / candidate).is_file():
                return candidate
    return None


def _test_file_count(workspace: Path) -> int:
    """How many files of the tree look like test files (capped scan)."""
    count = seen = 0
    for folder, dirs, files in os.walk(workspace):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        for name in files:
            seen += 1
            if seen > MAX_SCANNED:
                return count
            count += bool(TEST_FILE.search(name))
    return count


def _unique(paths: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(paths))


def test_targets(task: Task, workspace: Path, touched: list[str]) -> list[str] | None:
    """The files to give the test command: the touched ones plus those the listed tests live in; None
    means run the whole suite (see the module docstring)."""
    names = [*task.FAIL_TO_PASS, *task.PASS_TO_PASS]
    referenced = _unique(f for f in (referenced_file(n, workspace) for n in names) if f is not None)
    extra = [f for f in referenced if f not in touched]
    if not extra:
        return list(touched)
    targets = _unique([*touched, *extra])
    if len(targets) > MAX_FILES:
        return None
    if len(targets) > MIN_FOR_SHARE and len(targets) * 2 > _test_file_count(workspace):
        return None
    return targets
