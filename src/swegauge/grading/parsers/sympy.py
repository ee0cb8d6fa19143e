"""sympy: the verbose text of SymPy's own runner, `bin/test -C --verbose` (sympy.testing.runtests).
No structured report exists, so structured=False.

Names are the bare test function names, as SWE-bench spells them ("test_Pow"); a name defined in two
files is one entry (its worse status). A test file that fails to import is named by its path, ERROR.

The runner writes "<file>[N] ", then for each test a new line "<name> " followed by its status: "ok"
-> PASSED, "F" -> FAILED, "E" (an exception) and "T" (a timeout) -> ERROR, "f" (expected to fail) and
"X" (expected to fail but passed) -> PASSED as pytest's xfail/xpass are, "<reason> s", "Slow w",
"KeyboardInterrupt K", "Timeout T" -> SKIPPED. The last test of a file has "[OK]" or "[FAIL]" at the
right margin. Output the test prints comes between its name and its status, so a status on a line of
its own belongs to the open test. After the run, the runner lists every failure and exception under a
"____ <file>:<name> ____" header; those mark their tests FAILED (a name seen twice keeps its worse
status), so a test that prints "ok" for itself, or a fake "test_x ok" line, cannot pass a test the
runner failed. Nothing after the run's last test is read as a result.

The text can be forged by the code under test, so it is cross-checked against the runner's summary,
"tests finished: P passed, F failed, S skipped, X expected to fail, Y expected to fail but passed,
E exceptions, in T seconds" (the last one; it may wrap onto a second line), against each file's "[N]"
test count, the failure headers and the exit status (0 exactly when nothing failed). Each disagreement
goes to `ParsedTests.untrusted`. Without the summary the run did not finish (`finished=False`).
`runner_exit` is the status the summary implies (1 when a test failed or raised, else 0).
"""

from __future__ import annotations

import re
from collections import Counter

from swegauge.grading.parsers import register
from swegauge.grading.parsers._common import StatusBook, runner_stream
from swegauge.grading.parsers.base import ParsedTests, TestRun, TestStatus

_FILE = re.compile(r"^(\S+\.py)\[(\d+)\]")
_IMPORT_ERROR = re.compile(r"^(\S+\.py)\[\?\]\s+Failed to import")
_TEST = re.compile(r"^(test_\w*)(?: (.*))?$")
_MARGIN = re.compile(r"\s*\[(?:OK|FAIL)\]\s*$")
_RULE = re.compile(r"^_{8,}")
_SECTION = re.compile(r"^_*\s*(\S+\.py):{1,2}(test_\w*)\s*_*$")
_FINISHED = re.compile(r"tests finished: (.*?)\s+in [\d.]+ seconds", re.S)
_COUNT = re.compile(r"(\d+) (passed|failed|skipped|expected to fail but passed|expected to fail|exceptions)")

_EXACT = {
    "ok": (TestStatus.PASSED, "passed"),
    "F": (TestStatus.FAILED, "failed"),
    "E": (TestStatus.ERROR, "exceptions"),
    "T": (TestStatus.ERROR, "exceptions"),
    "f": (TestStatus.PASSED, "expected to fail"),
    "X": (TestStatus.PASSED, "expected to fail but passed"),
    "- s": (TestStatus.SKIPPED, "skipped"),
    "s": (TestStatus.SKIPPED, "skipped"),  # a skip whose reason wrapped: the letter alone on the next line
    "w": (TestStatus.SKIPPED, "skipped"),
    "K": (TestStatus.SKIPPED, "skipped"),
}
_SKIP = re.compile(r"^\S.* [swKT]$")


def _status(rest: str) -> tuple[TestStatus, str] | None:
    """What the runner wrote after a test's name (or on a line of its own), margin removed."""
    rest = rest.strip()
    if rest in _EXACT:
        return _EXACT[rest]
    if _SKIP.match(rest):
        return TestStatus.SKIPPED, "skipped"
    return None


class _Reader:
    def __init__(self) -> None:
        self.book = StatusBook()
        self.current: str | None = None
        self.open = False
        self.finished = False
        self.declared = 0
        self.started = 0
        self.seen: Counter[str] = Counter()
        self.sections = 0
        self.unfinished: list[str] = []

    def read(self, text: str) -> None:
        lines = [_MARGIN.sub("", raw.rstrip()) for raw in text.splitlines()]
        last_file = max((i for i, line in enumerate(lines) if _FILE.match(line) or _IMPORT_ERROR.match(line)),
                        default=-1)
        for index, line in enumerate(lines):
            if self.finished:
                self._after_run(line)
            elif index > last_file and _RULE.match(line):
                self._close()  # the run is over: the runner's report of failures follows
                self.finished = True
                self._after_run(line)
            else:
                self._during_run(line)
        self._close()

    def _during_run(self, line: str) -> None:
        broken = _IMPORT_ERROR.match(line)
        if broken:
            self._close()
            self.book.add(broken.group(1), TestStatus.ERROR)
            self.seen["exceptions"] += 1
            return
        header = _FILE.match(line)
        if header:
            self._close()
            self.declared += int(header.group(2))
            return
        test = _TEST.match(line)
        if test:
            self._close()
            self.current, self.open = test.group(1), True
            self.started += 1
            rest = test.group(2) or ""
            found = _status(rest)
            if found is None and rest.endswith("ok"):
                found = _EXACT["ok"]  # output without a newline, then "ok" glued to it
            if found:
                self._resolve(*found)
            return
        found = _status(line)
        if found and self.open:
            self._resolve(*found)

    def _after_run(self, line: str) -> None:
        section = _SECTION.match(line)
        if section and not _RULE.fullmatch(line):
            self.sections += 1
            name = section.group(2)
            if self.book.statuses.get(name) not in (TestStatus.FAILED, TestStatus.ERROR):
                self.book.add(name, TestStatus.FAILED)

    def _resolve(self, status: TestStatus, key: str) -> None:
        assert self.current is not None
        self.book.add(self.current, status)
        self.seen[key] += 1
        self.open = False

    def _close(self) -> None:
        if self.open and self.current is not None:
            self.unfinished.append(self.current)
        self.open = False


def summary_counts(text: str) -> dict[str, int] | None:
    """The counts of the last "tests finished: ..." summary (which may wrap), or None."""
    found = list(_FINISHED.finditer(text))
    if not found:
        return None
    counts: Counter[str] = Counter()
    for number, key in _COUNT.findall(re.sub(r"\s+", " ", found[-1].group(1))):
        counts[key] += int(number)
    return dict(counts)


def _check(reader: _Reader, counts: dict[str, int] | None, exit_code: int | None) -> list[str]:
    if counts is None:
        return []
    problems = []
    for key in ("passed", "failed", "exceptions", "skipped", "expected to fail", "expected to fail but passed"):
        if counts.get(key, 0) != reader.seen[key]:
            problems.append(f"the summary counts {counts.get(key, 0)} {key}, the log {reader.seen[key]}")
    if reader.started != reader.declared:
        problems.append(f"the test files declare {reader.declared} tests but the log shows {reader.started}")
    failing = counts.get("failed", 0) + counts.get("exceptions", 0)
    imports = len([n for n in reader.book.statuses if n.endswith(".py")])
    if reader.sections and reader.sections != failing - imports:
        problems.append(f"the summary counts {failing - imports} failing tests, the failure report {reader.sections}")
    if exit_code is not None and (exit_code != 0) != (failing > 0):
        problems.append(f"the summary counts {failing} failures and exceptions but the runner exited {exit_code}")
    return problems


@register("sympy")
def parse_sympy(run: TestRun) -> ParsedTests:
    text = runner_stream(run, re.compile(r".*tests finished: "), ("stdout", "stderr"))
    reader = _Reader()
    reader.read(text)
    book = reader.book
    unfinished = [name for name in dict.fromkeys(reader.unfinished) if name not in book.statuses]
    if unfinished:
        shown = ", ".join(unfinished[:5])
        book.note(f"{len(unfinished)} tests started but reported no status (did not run, as far as the log shows): "
                  f"{shown}")
    counts = summary_counts(text)
    if counts is None:
        book.note("no 'tests finished: ...' summary from the runner: it did not finish (killed, crashed, or "
                  "ended early)")
    runner_exit = None if counts is None else int(counts.get("failed", 0) + counts.get("exceptions", 0) > 0)
    return ParsedTests(statuses=book.statuses, structured=False, notes=book.all_notes(),
                       untrusted=_check(reader, counts, run.exit_code), finished=counts is not None,
                       runner_exit=runner_exit)
