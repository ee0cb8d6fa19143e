"""django: the verbose text of Django's own runner, `./tests/runtests.py --verbosity 2` (unittest's
TextTestRunner under DiscoverRunner). No structured report exists, so structured=False.

Names are spelled as SWE-bench's FAIL_TO_PASS / PASS_TO_PASS spell them:

- "test_name (module.Class)" (Python < 3.11) or "test_name (module.Class.test_name)" (3.11+), the text
  unittest writes before " ... ";
- a test with a docstring is named by the docstring's first line, which unittest writes on the line after
  the test id ("test_x (m.C)\\nFirst line of the docstring ... ok"); further docstring lines never show.

Statuses: "ok" and "expected failure" -> PASSED, "FAIL" and "unexpected success" -> FAILED, "ERROR" ->
ERROR, "skipped ..." -> SKIPPED. A status on a line of its own belongs to the open test (the test printed
output after its id); a failing subtest fails its test. The closing "FAIL: ..." / "ERROR: ..." blocks
are the runner's own list of failures and mark their tests too (a name seen twice keeps its worse status),
so a test that prints "... ok" for itself, or a fake "test_x (m.C) ... ok" line, cannot pass a test the
runner failed. Traceback text inside the blocks is never read.

Which stream: unittest writes to stderr, the code under test mostly to stdout. The first of stderr,
stdout that holds the runner's "Ran N tests" summary is read alone (so with separate streams nothing the
code prints to stdout is read); with neither, both are read (and the run did not finish).

The text can be forged by the code under test, so it is cross-checked against the runner's summary:
"Ran N tests" against the tests seen, "FAILED (failures=F, errors=E, skipped=S, expected failures=X,
unexpected successes=U)" / "OK (...)" against the FAIL/ERROR blocks and the statuses seen, and the exit
status against OK/FAILED. Each disagreement goes to `ParsedTests.untrusted`. Without the summary the run
did not finish (`finished=False`): the runner was killed, crashed, or the code under test ended it.
`runner_exit` is the status the summary implies (1 for FAILED, 0 for OK).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from swegauge.grading.parsers import register
from swegauge.grading.parsers._common import StatusBook, runner_stream
from swegauge.grading.parsers.base import ParsedTests, TestRun, TestStatus

_EQ, _DASH = "=" * 70, "-" * 70
_ID = re.compile(r"^\S+ \([\w.]+\)$")
_SUBTEST_ID = re.compile(r"^  (\S+ \([\w.]+\)) (?:\[.*\]|\(.*\))+$")
_FIXTURE = re.compile(r"^(?:setUpClass|tearDownClass|setUpModule|tearDownModule) \(")
_BLOCK = re.compile(r"^(FAIL|ERROR): (.+)$")
_HEADER_ID = re.compile(r"^(\S+ \([\w.]+\))")
_RAN = re.compile(r"^Ran (\d+) tests? in [\d.]+s\s*$")
_OUTCOME = re.compile(r"^(OK|FAILED)(?: \((.*)\))?\s*$")
_WORDS: dict[str, tuple[TestStatus, str]] = {
    "ok": (TestStatus.PASSED, "ok"),
    "FAIL": (TestStatus.FAILED, "fail"),
    "ERROR": (TestStatus.ERROR, "error"),
    "expected failure": (TestStatus.PASSED, "expected failures"),
    "unexpected success": (TestStatus.FAILED, "unexpected successes"),
}


def _word(text: str) -> tuple[TestStatus, str] | None:
    """The status word unittest writes after " ... ", with the summary key it counts under."""
    text = text.strip()
    if text in _WORDS:
        return _WORDS[text]
    if text == "skipped" or text.startswith(("skipped '", 'skipped "')):
        return TestStatus.SKIPPED, "skipped"
    return None


@dataclass
class _Summary:
    ran: int
    outcome: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def _names(segments: list[str]) -> list[str]:
    """Test names from the " ... "-separated pieces before a status: a piece starts a new test when it is
    a test id; other pieces are joined back (a docstring may itself contain " ... ")."""
    names: list[str] = []
    for piece in segments:
        piece = piece.strip()
        if "..." in piece and _ID.match(piece.rsplit("...", 1)[-1]):
            piece = piece.rsplit("...", 1)[-1]  # migration output glued before the id
        if names and not _ID.match(piece) and not _ID.match(names[-1]):
            names[-1] = f"{names[-1]} ... {piece}"
        else:
            names.append(piece)
    return names


class _Reader:
    def __init__(self) -> None:
        self.book = StatusBook()
        self.current: str | None = None
        self.open = False
        self.subtest_next = False
        self.sub_failed = False
        self.started = 0
        self.seen: Counter[str] = Counter()
        self.blocks: Counter[str] = Counter()
        self.unfinished: list[str] = []
        self.summary: _Summary | None = None

    def read(self, text: str) -> None:
        lines = text.splitlines()
        i = 0
        while i < len(lines):
            line = lines[i].rstrip()
            if line == _EQ and i + 1 < len(lines) and _BLOCK.match(lines[i + 1].rstrip()):
                i = self._block(lines, i + 1)
                continue
            ran = _RAN.match(line)
            if ran:
                self._summary(int(ran.group(1)), lines[i + 1 : i + 4])
            else:
                self._line(lines[i])
            i += 1
        self._close()

    def _block(self, lines: list[str], i: int) -> int:
        """One "FAIL: id" / "ERROR: id" block; returns the index of the line after its traceback."""
        kind, header = _BLOCK.match(lines[i].rstrip()).groups()  # type: ignore[union-attr]
        i += 1
        description = None
        while i < len(lines) and lines[i].rstrip() != _DASH:
            description = description or lines[i].strip() or None
            i += 1
        found = _HEADER_ID.match(header)
        name = description or (found.group(1) if found else header.strip())
        self.blocks[kind] += 1
        self.book.add(name, TestStatus.FAILED if kind == "FAIL" else TestStatus.ERROR)
        i += 1
        while i < len(lines) and lines[i].rstrip() not in (_EQ, _DASH):
            i += 1  # the traceback: never read
        if i < len(lines) and lines[i].rstrip() == _DASH:
            i += 1
        return i

    def _summary(self, ran: int, after: list[str]) -> None:
        self.summary = _Summary(ran)
        for line in after:
            found = _OUTCOME.match(line.strip())
            if found:
                self.summary.outcome = found.group(1)
                for part in (found.group(2) or "").split(","):
                    key, _, value = part.strip().partition("=")
                    if value.isdigit():
                        self.summary.counts[key] = int(value)
                return

    def _line(self, raw: str) -> None:
        line = raw.rstrip()
        if _SUBTEST_ID.match(line) and " ... " not in line:
            self.subtest_next = True  # a subtest id whose docstring line follows
            return
        if " ... " not in line + " ":
            word = _word(line)
            if word and self.open:
                self._resolve(*word)
            self.subtest_next = False
            return
        pieces = (line + " ").split(" ... ")
        subtest = self.subtest_next or bool(_SUBTEST_ID.match(pieces[0]))
        self.subtest_next = False
        for name in _names(pieces[:-1]):
            if not subtest:
                self._start(name)
        tail = pieces[-1].strip()
        word = _word(tail)
        if word is None and self.open and tail.endswith("ok") and not subtest:
            word = _WORDS["ok"]  # output without a newline, then "ok" glued to it
        if word and subtest:
            self._subtest(word[0])
        elif word and self.open:
            self._resolve(*word)

    def _start(self, name: str) -> None:
        if self.sub_failed and name == self.current:
            self.open = True  # the test's own status, re-announced after its subtests
            return
        self._close()
        self.current, self.open, self.sub_failed = name, True, False
        if not _FIXTURE.match(name):
            self.started += 1

    def _resolve(self, status: TestStatus, key: str) -> None:
        assert self.current is not None
        self.book.add(self.current, status)
        self.open, self.sub_failed = False, False
        if _FIXTURE.match(self.current):
            return
        self.seen[key] += 1

    def _subtest(self, status: TestStatus) -> None:
        if self.current is None:
            return
        if status != TestStatus.PASSED:
            self.book.add(self.current, status)
            self.sub_failed = True

    def _close(self) -> None:
        """The open test got no status of its own: its subtests or its FAIL/ERROR block may settle it."""
        if self.open and self.current is not None:
            self.unfinished.append(self.current)
        self.open = False

    def check(self, exit_code: int | None) -> list[str]:
        """Disagreements with the runner's own summary (none without a summary: see `finished`)."""
        summary = self.summary
        if summary is None:
            return []
        problems = []
        if summary.ran != self.started:
            problems.append(f"the runner ran {summary.ran} tests but the log shows {self.started}")
        for key, seen in (("failures", self.blocks["FAIL"]), ("errors", self.blocks["ERROR"])):
            if summary.counts.get(key, 0) != seen:
                problems.append(f"the summary counts {summary.counts.get(key, 0)} {key}, the log {seen}")
        for key in ("skipped", "expected failures", "unexpected successes"):
            if summary.counts.get(key, 0) != self.seen[key]:
                problems.append(f"the summary counts {summary.counts.get(key, 0)} {key}, the log {self.seen[key]}")
        bad = [n for n, s in self.book.statuses.items() if s in (TestStatus.FAILED, TestStatus.ERROR)]
        if summary.outcome == "OK" and bad:
            problems.append(f"the runner says OK but {len(bad)} tests failed in the log")
        if exit_code is not None and summary.outcome and (exit_code != 0) != (summary.outcome == "FAILED"):
            problems.append(f"the runner says {summary.outcome} but exited {exit_code}")
        return problems


@register("django")
def parse_django(run: TestRun) -> ParsedTests:
    reader = _Reader()
    reader.read(runner_stream(run, _RAN, ("stderr", "stdout")))
    book = reader.book
    unfinished = [name for name in dict.fromkeys(reader.unfinished) if name not in book.statuses]
    if unfinished:
        shown = ", ".join(unfinished[:5])
        book.note(f"{len(unfinished)} tests started but reported no status (did not run, as far as the log shows): "
                  f"{shown}")
    summary = reader.summary
    if summary is None:
        book.note("no 'Ran N tests' summary from the runner: it did not finish (killed, crashed, or ended early)")
    runner_exit = None if summary is None or not summary.outcome else int(summary.outcome == "FAILED")
    return ParsedTests(statuses=book.statuses, structured=False, notes=book.all_notes(),
                       untrusted=reader.check(run.exit_code), finished=summary is not None, runner_exit=runner_exit)
