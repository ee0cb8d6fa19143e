"""go: the event stream of `go test -json` (report_dir/go-test.json, else stdout).

Names are "<import path>/<test>", subtests included: "example.com/m/pkg/TestA", "example.com/m/pkg/TestA/sub"
(go itself writes spaces in subtest names as "_"). A dataset's bare "TestA" is found by
`names.match_test_names` when exactly one package has it.

Actions: pass -> PASSED, fail -> FAILED, skip -> SKIPPED. A test that started but never ended (the
package hit `-timeout`, or crashed) is FAILED when its package failed or the stream stops, with a note.
A package that does not build has no tests in the result, only a note (and the runner exits non-zero).
A package whose binary ran no test ("[no tests to run]") but that lists passing tests is untrusted: its
test binary printed the framing itself after filtering the real tests out. So is a stream with events for
a package after that package's final pass/fail: the go command writes that event last, so whatever follows
was written into the report file by the code under test.

The stream is structured (test2json frames the test binary's output, so a test printing "--- PASS: X"
cannot forge an event). When no JSON events are found, the verbose text ("--- PASS: TestA (0.00s)",
attributed to the package of the next "ok"/"FAIL" package line) is read instead, structured=False.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from swegauge.grading.parsers import register
from swegauge.grading.parsers._common import StatusBook, read_text, report_file
from swegauge.grading.parsers.base import ParsedTests, TestRun, TestStatus

REPORT_FILE = "go-test.json"
_ACTION_STATUS = {"pass": TestStatus.PASSED, "fail": TestStatus.FAILED, "skip": TestStatus.SKIPPED}


@dataclass
class _GoState:
    ended: dict[tuple[str, str], TestStatus] = field(default_factory=dict)
    started: dict[tuple[str, str], None] = field(default_factory=dict)
    package_end: dict[str, str] = field(default_factory=dict)
    build_failed: set[str] = field(default_factory=set)
    timed_out: set[str] = field(default_factory=set)
    no_tests_run: set[str] = field(default_factory=set)
    after_end: dict[str, int] = field(default_factory=dict)
    events: int = 0
    junk_lines: int = 0


def _event(state: _GoState, ev: dict[str, object]) -> None:
    action = ev.get("Action")
    pkg = ev.get("Package")
    test = ev.get("Test")
    if action == "build-fail":
        state.build_failed.add(str(ev.get("ImportPath", "")).split(" ")[0])
        return
    if not isinstance(pkg, str) or not isinstance(action, str):
        return
    if pkg in state.package_end:
        state.after_end[pkg] = state.after_end.get(pkg, 0) + 1
    output = str(ev.get("Output", "")) if action == "output" else ""
    if "panic: test timed out" in output:
        state.timed_out.add(pkg)
    if not test and ("[no tests to run]" in output or output.startswith("testing: warning: no tests to run")):
        state.no_tests_run.add(pkg)
    if output.startswith("FAIL") and ("[build failed]" in output or "[setup failed]" in output):
        state.build_failed.add(pkg)
    if not isinstance(test, str) or not test:
        if action in ("pass", "fail", "skip"):
            state.package_end[pkg] = action
            if ev.get("FailedBuild"):
                state.build_failed.add(pkg)
        return
    key = (pkg, test)
    if action == "run":
        state.started[key] = None
    elif action in _ACTION_STATUS:
        state.ended[key] = _ACTION_STATUS[action]


def _scan(text: str) -> _GoState:
    state = _GoState()
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            if line:
                state.junk_lines += 1
            continue
        try:
            ev = json.loads(line)
        except ValueError:
            state.junk_lines += 1
            continue
        if isinstance(ev, dict) and "Action" in ev:
            state.events += 1
            _event(state, ev)
    return state


def _collect(state: _GoState, book: StatusBook) -> None:
    for (pkg, test), status in state.ended.items():
        book.add(f"{pkg}/{test}", status)
    unfinished = [key for key in state.started if key not in state.ended]
    for pkg, test in unfinished:
        if state.package_end.get(pkg, "fail") == "fail":
            book.add(f"{pkg}/{test}", TestStatus.FAILED)
    if unfinished:
        shown = ", ".join(f"{p}/{t}" for p, t in unfinished[:5])
        book.note(f"{len(unfinished)} tests started but never finished (timeout or crash), counted FAILED: {shown}")
    if state.timed_out:
        book.note("packages that hit the test timeout: " + ", ".join(sorted(state.timed_out)))
    if state.build_failed:
        book.note("packages that did not build (their tests are absent): " + ", ".join(sorted(state.build_failed)))
    cut = [p for p in {p for p, _ in state.started} if p not in state.package_end]
    if cut:
        book.note("stream ends before these packages finished (killed or truncated): " + ", ".join(sorted(cut)))
    if state.junk_lines:
        book.note(f"{state.junk_lines} lines were not test2json events and were ignored")


_TEXT_RESULT = re.compile(r"^\s*--- (PASS|FAIL|SKIP): (\S+) \(")
_TEXT_PACKAGE = re.compile(r"^(ok|FAIL)\s+(\S+)\s")
_TEXT_STATUS = {"PASS": TestStatus.PASSED, "FAIL": TestStatus.FAILED, "SKIP": TestStatus.SKIPPED}


def parse_go_text(text: str, book: StatusBook) -> None:
    """`go test -v` text: results are attributed to the package line that follows them."""
    pending: list[tuple[str, TestStatus]] = []
    for line in text.splitlines():
        result = _TEXT_RESULT.match(line)
        if result:
            pending.append((result.group(2), _TEXT_STATUS[result.group(1)]))
            continue
        package = _TEXT_PACKAGE.match(line)
        if package and package.group(2) != "-":
            for name, status in pending:
                book.add(f"{package.group(2)}/{name}", status)
            pending = []
    for name, status in pending:
        book.add(name, status)
    if pending:
        book.note(f"{len(pending)} results had no package line after them; named without a package")


def _untrusted(state: _GoState) -> list[str]:
    why = []
    forged = _forged_packages(state)
    if forged:
        why.append(f"packages report no tests to run yet list passing tests: {', '.join(forged)}")
    if state.after_end:
        shown = ", ".join(f"{pkg} ({n})" for pkg, n in sorted(state.after_end.items())[:5])
        why.append(f"events after their package's final result, written into the report by something other "
                   f"than the go command: {shown}")
    return why


def _forged_packages(state: _GoState) -> list[str]:
    """Packages whose test binary ran no test (the go command says "[no tests to run]") yet which have
    tests that passed: the binary printed test2json framing itself (tests filtered out at init)."""
    passed = {pkg for (pkg, _), status in state.ended.items() if status == TestStatus.PASSED}
    return sorted(passed & state.no_tests_run)


def event_stream(run: TestRun, notes: list[str]) -> str:
    """The text the events are read from: the report file when it is there and readable, else stdout."""
    report = report_file(run.report_dir, REPORT_FILE, notes)
    text = read_text(report, notes) if report is not None else None
    return run.stdout if text is None else text


def outputs_of(text: str, test: str) -> dict[str, list[str]]:
    """Per package, the output lines the stream carries for one test (by its exact top-level name)."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{") or f'"{test}"' not in line:
            continue
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        if isinstance(ev, dict) and ev.get("Action") == "output" and ev.get("Test") == test:
            found.setdefault(str(ev.get("Package", "")), []).append(str(ev.get("Output", "")))
    return found


@register("go")
def parse_go(run: TestRun) -> ParsedTests:
    book = StatusBook()
    text = event_stream(run, book.notes)
    state = _scan(text)
    if state.events:
        _collect(state, book)
        failed_packages = {pkg for pkg, end in state.package_end.items() if end == "fail"} | state.build_failed
        return ParsedTests(statuses=book.statuses, structured=True, notes=book.all_notes(),
                           failed_units=sorted(failed_packages), untrusted=_untrusted(state))
    book.note("no `go test -json` events found; read verbose text output (unstructured)")
    parse_go_text(text, book)
    if not book.statuses and text is not run.stdout:
        parse_go_text(run.stdout, book)
    return ParsedTests(statuses=book.statuses, structured=False, notes=book.all_notes())
