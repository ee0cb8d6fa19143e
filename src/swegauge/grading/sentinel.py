"""A sentinel: a test of the harness's own that must fail, run beside the real ones.

For runners whose results come from the test process itself (no reporter over the harness channel), code
under test could neuter the assertion library or forge the report and exit early. A sentinel catches both:
a must-fail test, named with the run's secret so no candidate can know it beforehand, written next to the
first test file of the run and added to its command line. If the run reports it as anything but failed,
or not at all, the results are untrusted. Runs of the whole suite (no `{tests}`) get no sentinel.

What it catches: a report written by something other than the run (forged and left behind by an early
exit), and assertions neutered in every test file. What it does not: runners that isolate each test file
(vitest's module graphs, node --test's processes) keep a neutering done inside one file's module graph
away from the sentinel's file, so that case still rests on the tamper signals.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from swegauge.grading.parsers import ParsedTests, TestStatus

TEMPLATES = {
    "node-test": ("import test from 'node:test';\nimport assert from 'node:assert';\n"
                  "test('{title}', () => {{ assert.strictEqual(1, 2); }});\n"),
    "mocha": "import assert from 'node:assert';\nit('{title}', () => {{ assert.strictEqual(1, 2); }});\n",
    "vitest": "import {{ test, expect }} from 'vitest';\ntest('{title}', () => {{ expect(1).toBe(2); }});\n",
}
"""Parser name -> the sentinel's source (an ES module), with {title} for its name."""


TITLE_PREFIX = "swegauge sentinel "
FILE_PREFIX = "zz-swegauge-sentinel-"


def title_for(secret: str) -> str:
    return f"{TITLE_PREFIX}{secret[:12]}"


def is_sentinel(test_name: str) -> bool:
    """Whether a reported test name is the harness's sentinel (by its title, or by its file when the
    runner names a failed file rather than its test), not one of the task's tests."""
    return TITLE_PREFIX in test_name or FILE_PREFIX in test_name


def plant(workspace: Path, *, parser: str, test_command: str, targets: list[str], secret: str) -> str | None:
    """Write the sentinel beside the first target; returns its path (to add to the targets), or None when
    this run gets none."""
    if parser not in TEMPLATES or "{tests}" not in test_command or not targets:
        return None
    folder = PurePosixPath(targets[0]).parent
    root, real = os.path.realpath(workspace), os.path.realpath(workspace / folder)
    if not (real == root or real.startswith(root + os.sep)) or not os.path.isdir(real):
        return None  # never write through a link out of the workspace
    rel = str(folder / f"{FILE_PREFIX}{secret[:12]}.test.mjs")
    fd = os.open(workspace / rel, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(TEMPLATES[parser].format(title=title_for(secret)))
    return rel


def judge(parsed: ParsedTests, *, secret: str) -> ParsedTests:
    """The parsed results, untrusted unless the sentinel was reported, and reported failed."""
    if not parsed.statuses:
        return parsed  # nothing ran or nothing was read: "no test results" says it better
    title = title_for(secret)
    found = {name: status for name, status in parsed.statuses.items() if title in name}
    if any(status in (TestStatus.FAILED, TestStatus.ERROR) for status in found.values()):
        return parsed
    why = ("the harness's must-fail sentinel test passed: assertions do not work in this run" if found else
           "the harness's sentinel test is missing from the report: the report does not come from this run")
    return parsed.model_copy(update={"untrusted": [*parsed.untrusted, why]})
