"""jest and vitest: their JSON report (same shape), from `jest --json --outputFile=/report/jest.json`
or `vitest run --reporter=json --outputFile=/report/vitest.json` (every *.json in report_dir whose top level
has "testResults" is read).

Names: "<file> > <describe> > ... > <title>", the file relative to the workspace (/workspace in the
sandbox), the whole title path kept: "src/math.test.js > math > nested > deep". Each file also gets an
aggregate entry "<file>": FAILED if any test failed or the file did not run ("Test suite failed to run"
gives the file ERROR and no tests), SKIPPED if all were skipped, else PASSED. A dataset's bare
"describe > title" or "title" finds its test through `names.match_test_names` when unique.

The harness's sentinel (grading/sentinel.py, a must-fail test vitest runs in every file) is listed like
any test but left out of its file's aggregate entry: a file whose only failure is the sentinel passed.

Statuses: passed -> PASSED, failed -> FAILED, pending/skipped/todo/disabled -> SKIPPED.

Without a report file, a JSON report printed to stdout (`--json` alone) is read, structured=False.

A report file is believed only from a run that got to write it: jest prints "Test results written to: ..."
(to stderr, whatever reporters are configured) and vitest's JSON reporter "JSON report written to ..." once
the file is written. A report file without that line was left by something else, the run ending first
(jest runs a single test file in its own process, so library code that writes the report and exits ends
jest itself): finished=False, and the verdict is unresolved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from swegauge.grading.parsers import register
from swegauge.grading.parsers._common import (
    WORKSPACE,
    StatusBook,
    aggregate,
    find_reports,
    last_json_object,
    load_json,
    relativize,
)
from swegauge.grading.parsers.base import ParsedTests, TestRun, TestStatus

SENTINEL_TITLE = "swegauge sentinel "
"""How the harness's sentinel tests' titles begin (grading/sentinel.py names them)."""

_STATUS = {
    "passed": TestStatus.PASSED,
    "failed": TestStatus.FAILED,
    "pending": TestStatus.SKIPPED,
    "skipped": TestStatus.SKIPPED,
    "todo": TestStatus.SKIPPED,
    "disabled": TestStatus.SKIPPED,
}


def _file_results(doc: Any, book: StatusBook) -> list[dict[str, Any]]:
    results = doc.get("testResults") if isinstance(doc, dict) else None
    if not isinstance(results, list):
        book.note("JSON report has no testResults list")
        return []
    return [r for r in results if isinstance(r, dict)]


def _add_file(result: dict[str, Any], root: str | None, book: StatusBook) -> None:
    file = relativize(str(result.get("name") or result.get("testFilePath") or ""), root)
    statuses: list[TestStatus] = []
    sentinel_failed = False
    for item in result.get("assertionResults") or []:
        if not isinstance(item, dict):
            continue
        status = _STATUS.get(str(item.get("status")))
        if status is None:
            book.note(f"{file}: unknown test status {item.get('status')!r}; counted FAILED")
            status = TestStatus.FAILED
        ancestors = [str(a) for a in item.get("ancestorTitles") or []]
        title = str(item.get("title") or item.get("fullName") or "")
        book.add(" > ".join([file, *ancestors, title]), status)
        if title.startswith(SENTINEL_TITLE) and not ancestors:
            sentinel_failed = sentinel_failed or status == TestStatus.FAILED
            continue
        statuses.append(status)
    file_status = aggregate(statuses)
    only_sentinel = sentinel_failed and not str(result.get("message") or "").strip()
    if result.get("status") == "failed" and not (only_sentinel and TestStatus.FAILED not in statuses):
        if not statuses:
            book.note(f"{file}: test file failed to run: {str(result.get('message', ''))[:200].strip()}")
            file_status = TestStatus.ERROR
        else:
            file_status = TestStatus.FAILED
    if file and file_status is not None:
        book.add(file, file_status)


JEST_STDOUT_MARKERS = ('"numFailedTestSuites"', '"numTotalTestSuites"')
WRITTEN_MARKERS = ("Test results written to", "JSON report written to")
"""What jest and vitest print once they have written their report file."""


def _read_docs(
    run: TestRun, book: StatusBook, key: str, stdout_markers: tuple[str, ...]
) -> tuple[list[Any], bool]:
    """Every report file whose top level has `key` (one per package in a monorepo, say); else the last
    such object printed to stdout."""
    docs = []
    for path in find_reports(run.report_dir, "*.json", book.notes):
        doc = load_json(path, book.notes)
        if isinstance(doc, dict) and key in doc:
            docs.append(doc)
    if docs:
        return docs, True
    for marker in stdout_markers:
        doc = last_json_object(run.stdout, marker)
        if isinstance(doc, dict) and key in doc:
            return [doc], False
    return [], False


def parse_js_report(
    run: TestRun, *, root: str | None = WORKSPACE, key: str = "testResults",
    stdout_markers: tuple[str, ...] = JEST_STDOUT_MARKERS,
    add: Callable[[Any, str | None, StatusBook], None] | None = None,
    written_markers: tuple[str, ...] = (),
) -> ParsedTests:
    """Shared by jest, vitest and mocha: find the report (file first, else stdout) and read it."""
    book = StatusBook()
    docs, from_file = _read_docs(run, book, key, stdout_markers)
    if not docs:
        book.note("no JSON test report found in the report directory or stdout")
        return ParsedTests(statuses={}, structured=False, notes=book.all_notes())
    if not from_file:
        book.note("JSON report read from stdout, not from a report file (unstructured)")
    for doc in docs:
        (add or _add_jest_doc)(doc, root, book)
    finished = None
    if from_file and written_markers:
        finished = any(m in run.stderr or m in run.stdout for m in written_markers)
        if not finished:
            book.note("the runner never said it wrote its report file: the run ended before it did")
    return ParsedTests(statuses=book.statuses, structured=from_file, notes=book.all_notes(), finished=finished)


def _add_jest_doc(doc: Any, root: str | None, book: StatusBook) -> None:
    for result in _file_results(doc, book):
        _add_file(result, root, book)


def parse_jest_json(run: TestRun, root: str | None = WORKSPACE) -> ParsedTests:
    return parse_js_report(run, root=root, written_markers=WRITTEN_MARKERS)


@register("jest")
def parse_jest(run: TestRun) -> ParsedTests:
    return parse_jest_json(run)


@register("vitest")
def parse_vitest(run: TestRun) -> ParsedTests:
    return parse_jest_json(run)
