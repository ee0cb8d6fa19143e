"""ctest: CTest's JUnit XML (`ctest --output-junit /report/ctest.xml`, CMake >= 3.21), else its console.

Names are CTest test names as `ctest -N` lists them ("pass_test", or GoogleTest's discovered
"Suite.Test", "Inst/Suite.Test/0").

XML: status="run" -> PASSED, a <failure> (failed, timeout, crash) -> FAILED, status="notrun" (skipped by
SKIP_RETURN_CODE / SKIP_REGULAR_EXPRESSION) or "disabled" -> SKIPPED.

Console fallback (structured=False): " 3/12 Test  #3: name ......   Passed    0.01 sec";
"***Failed", "***Timeout", "***Exception: SegFault" -> FAILED; "***Skipped", "***Not Run (Disabled)"
-> SKIPPED; other "***Not Run" (executable missing) -> ERROR. The closing "The following tests FAILED:"
list marks its names FAILED, and a name seen twice keeps its worse status, so a test that prints a fake
"Passed" line (shown by --output-on-failure) does not pass.
"""

from __future__ import annotations

import re

from swegauge.grading.parsers import register
from swegauge.grading.parsers._common import StatusBook, find_reports
from swegauge.grading.parsers.base import ParsedTests, TestRun, TestStatus
from swegauge.grading.parsers.junit_xml import read_all

_LINE = re.compile(r"^\s*\d+/\d+ Test\s+#\d+: (.+?) \.*\s*(\*\*\*)?(Passed|Failed|Timeout|Skipped|Not Run|Exception)")
_FAILED_HEADER = re.compile(r"^The following tests FAILED:\s*$")
_FAILED_ITEM = re.compile(r"^\s+\d+ - (.+) \([^()]*\)\s*$")


def _line_status(word: str, line: str) -> TestStatus:
    if word == "Passed":
        return TestStatus.PASSED
    if word == "Skipped" or (word == "Not Run" and "(Disabled)" in line):
        return TestStatus.SKIPPED
    if word == "Not Run":
        return TestStatus.ERROR
    return TestStatus.FAILED


def parse_ctest_text(text: str, book: StatusBook) -> None:
    in_failed = False
    for line in text.splitlines():
        if _FAILED_HEADER.match(line):
            in_failed = True
            continue
        if in_failed:
            item = _FAILED_ITEM.match(line)
            if item:
                book.add(item.group(1), TestStatus.FAILED)
                continue
            in_failed = False
        found = _LINE.match(line)
        if found:
            book.add(found.group(1).strip(), _line_status(found.group(3), line))


@register("ctest")
def parse_ctest(run: TestRun) -> ParsedTests:
    book = StatusBook()
    files = find_reports(run.report_dir, "*.xml", book.notes)
    for case in read_all(files, book.notes):
        book.add(case.name, case.status)
    if book.statuses:
        return ParsedTests(statuses=book.statuses, structured=True, notes=book.all_notes())
    book.note("no CTest JUnit XML found; read ctest's console lines (unstructured)")
    parse_ctest_text(run.stdout, book)
    return ParsedTests(statuses=book.statuses, structured=False, notes=book.all_notes())
