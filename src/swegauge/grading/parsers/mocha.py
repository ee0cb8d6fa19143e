"""mocha: the JSON reporter's report (`mocha --reporter json --reporter-option output=/report/mocha.json`,
mocha >= 9; every *.json in report_dir whose top level has "stats"), else that JSON printed to stdout
(`--reporter json` alone; structured=False).

Names: "<file> > <fullTitle>", the file relative to the workspace: "test/math.test.js > math nested deep".
Mocha's JSON gives only the space-joined full title, not the title path, so describe levels are joined
by spaces as mocha prints them; a dataset's "math nested deep" finds the test through
`names.match_test_names`. Each file also gets an aggregate entry "<file>" (as for jest).

Statuses: "passes" -> PASSED, "pending" -> SKIPPED, "failures" -> FAILED; a failed hook
('"before all" hook for "x"') -> ERROR. A test listed under "tests" in none of those (it never finished)
-> FAILED.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from swegauge.grading.parsers import register
from swegauge.grading.parsers._common import WORKSPACE, StatusBook, aggregate, relativize
from swegauge.grading.parsers.base import ParsedTests, TestRun, TestStatus
from swegauge.grading.parsers.jest import parse_js_report

_LISTS = (("passes", TestStatus.PASSED), ("pending", TestStatus.SKIPPED), ("failures", TestStatus.FAILED))
_HOOK_PREFIXES = ('"before all" hook', '"after all" hook', '"before each" hook', '"after each" hook')


def _entries(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = doc.get(key)
    return [t for t in items if isinstance(t, dict)] if isinstance(items, list) else []


def _name(test: dict[str, Any], root: str | None) -> tuple[str, str]:
    file = relativize(str(test.get("file") or ""), root)
    title = str(test.get("fullTitle") or test.get("title") or "")
    return (f"{file} > {title}" if file else title), file


def _add_mocha_doc(doc: Any, root: str | None, book: StatusBook) -> None:
    if not isinstance(doc, dict):
        book.note("mocha report is not a JSON object")
        return
    by_file: dict[str, list[TestStatus]] = defaultdict(list)
    seen: set[str] = set()
    for key, status in _LISTS:
        for test in _entries(doc, key):
            name, file = _name(test, root)
            if status == TestStatus.FAILED and str(test.get("title", "")).startswith(_HOOK_PREFIXES):
                status_here = TestStatus.ERROR
            else:
                status_here = status
            book.add(name, status_here)
            seen.add(name)
            if file:
                by_file[file].append(status_here)
    unfinished = [n for n in (_name(t, root)[0] for t in _entries(doc, "tests")) if n not in seen]
    for name in unfinished:
        book.add(name, TestStatus.FAILED)
    if unfinished:
        book.note(f"{len(unfinished)} tests listed without a result, counted FAILED")
    for file, statuses in by_file.items():
        file_status = aggregate(statuses)
        if file_status is not None and file not in book.statuses:
            book.add(file, file_status)


def parse_mocha_json(run: TestRun, root: str | None = WORKSPACE) -> ParsedTests:
    return parse_js_report(run, root=root, key="stats", stdout_markers=('"stats"',), add=_add_mocha_doc)


@register("mocha")
def parse_mocha(run: TestRun) -> ParsedTests:
    return parse_mocha_json(run)
