"""junit: generic JUnit XML, every *.xml under report_dir (recursively).

Meant for Maven Surefire (copy `target/surefire-reports/TEST-*.xml`, or every module's, under /report),
Gradle (`build/test-results/**/*.xml`), GoogleTest (`--gtest_output=xml:/report/gtest.xml`) and other
reporters that put the class or suite in `classname`.

Names:
- a test case is "<classname>.<name>": Surefire "com.ex.CalcTest.fails", "com.ex.CalcTest.param(int)[2]"
  (as Surefire's console prints it), Gradle "com.ex.CalcTest.fails()" (Gradle's own spelling with JUnit 5),
  GoogleTest "Suite.Test", "Inst/Suite.Test/0"; when classname is empty or equals name, just the name;
- each classname also gets an aggregate entry "<classname>" (Multi-SWE-bench records Maven tests at class
  level): FAILED if any of its cases failed or errored, SKIPPED if all were skipped, else PASSED. It is
  not added when a test case already has that exact name.
Datasets that write "pkg.ClassTest#method" or "pkg.ClassTest > method" find these through
`names.match_test_names` (canonical spelling).

Without XML, Surefire's console lines ("Tests run: ..., Failures: ... -- in pkg.ClassTest", class level,
and "pkg.ClassTest.method -- Time elapsed: ... <<< FAILURE!") and GoogleTest's "[       OK ] Suite.Test
(0 ms)" lines are read, structured=False.
"""

from __future__ import annotations

import re
from collections import defaultdict

from swegauge.grading.parsers import register
from swegauge.grading.parsers._common import StatusBook, aggregate, find_reports
from swegauge.grading.parsers.base import ParsedTests, TestRun, TestStatus
from swegauge.grading.parsers.junit_xml import JUnitCase, read_all

_SUREFIRE_CLASS = re.compile(
    r"Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+), Time elapsed: .*?-{1,2} in (\S+)"
)
_SUREFIRE_METHOD = re.compile(r"^(?:\[\w+\] )?(\S+?) -{1,2} Time elapsed: .*<<< (FAILURE|ERROR)!")
_SUREFIRE2_METHOD = re.compile(r"^(?:\[\w+\] )?(\w+)\((\S+)\)\s+Time elapsed: .*<<< (FAILURE|ERROR)!")
_GTEST = re.compile(r"^\[\s+(OK|FAILED|SKIPPED)\s+\] (\S+) \(\d+ ms\)\s*$")
_GTEST_STATUS = {"OK": TestStatus.PASSED, "FAILED": TestStatus.FAILED, "SKIPPED": TestStatus.SKIPPED}
_METHOD_STATUS = {"FAILURE": TestStatus.FAILED, "ERROR": TestStatus.ERROR}


def case_name(case: JUnitCase) -> str:
    if not case.classname or case.classname == case.name:
        return case.name
    return f"{case.classname}.{case.name}"


def add_cases(cases: list[JUnitCase], book: StatusBook, *, class_aggregates: bool = True) -> None:
    by_class: dict[str, list[TestStatus]] = defaultdict(list)
    for case in cases:
        book.add(case_name(case), case.status)
        if case.classname and case.classname != case.name:
            by_class[case.classname].append(case.status)
    if not class_aggregates:
        return
    tests = set(book.statuses)
    for classname, statuses in by_class.items():
        status = aggregate(statuses)
        if status is not None and classname not in tests:
            book.add(classname, status)


def _surefire_class(counts: tuple[int, int, int, int]) -> TestStatus:
    run, failures, errors, skipped = counts
    if failures or errors:
        return TestStatus.FAILED
    if run and skipped == run:
        return TestStatus.SKIPPED
    return TestStatus.PASSED


def parse_console_text(text: str, book: StatusBook) -> None:
    """Surefire's and GoogleTest's console lines (a fallback: any test can print such lines)."""
    for line in text.splitlines():
        found = _SUREFIRE_CLASS.search(line)
        if found:
            counts = (int(found.group(1)), int(found.group(2)), int(found.group(3)), int(found.group(4)))
            book.add(found.group(5), _surefire_class(counts))
            continue
        method = _SUREFIRE_METHOD.match(line)
        if method:
            book.add(method.group(1), _METHOD_STATUS[method.group(2)])
            continue
        old = _SUREFIRE2_METHOD.match(line)
        if old:
            book.add(f"{old.group(2)}.{old.group(1)}", _METHOD_STATUS[old.group(3)])
            continue
        gtest = _GTEST.match(line)
        if gtest:
            book.add(gtest.group(2), _GTEST_STATUS[gtest.group(1)])


@register("junit")
def parse_junit(run: TestRun) -> ParsedTests:
    book = StatusBook()
    files = find_reports(run.report_dir, "*.xml", book.notes)
    add_cases(read_all(files, book.notes), book)
    if book.statuses:
        return ParsedTests(statuses=book.statuses, structured=True, notes=book.all_notes())
    book.note("no JUnit XML test cases found; read Surefire/GoogleTest console lines (unstructured)")
    parse_console_text(run.stdout, book)
    return ParsedTests(statuses=book.statuses, structured=False, notes=book.all_notes())
