"""pytest: in graded runs the harness's own reporter (pytest_channel.py); elsewhere (solvers' scratch
runs) JUnit XML from `--junitxml=/report/junit.xml`, else the `-rA` summary in stdout.

Names are pytest node ids: "tests/test_x.py::test_name", "tests/test_x.py::TestClass::test_name",
parametrized ids keep their "[...]" suffix; a module that fails to import is "tests/test_x.py" (ERROR).

Statuses follow SWE-bench: failure -> FAILED, error (setup/teardown/collection) -> ERROR, skip -> SKIPPED,
xfail -> PASSED (SWE-bench counts XFAIL as passing), non-strict xpass -> PASSED, strict xpass -> FAILED.

Node ids from XML: with junit_family=xunit1 the `file` attribute gives the path; with the default xunit2
the path comes from the dotted classname: trailing parts that start with an upper-case letter are classes
(pytest's default `python_classes = Test*`), the rest is the module path. A module file whose name starts
with an upper-case letter would be misread as a class; the `file` attribute avoids that.

The text fallback (structured=False) reads only the "short test summary info" block and the verbose
progress lines ("path::test PASSED [ 10%]") before the first report section, so a test's captured output,
shown in the FAILURES/PASSES sections, is never read; a test named twice keeps its worse status.
"""

from __future__ import annotations

import re

from swegauge.grading.parsers import register
from swegauge.grading.parsers._common import StatusBook, find_reports
from swegauge.grading.parsers.base import ParsedTests, TestRun, TestStatus
from swegauge.grading.parsers.junit_xml import JUnitCase, read_all
from swegauge.grading.parsers.pytest_channel import parse_channel

_TEXT_STATUS = {
    "PASSED": TestStatus.PASSED,
    "FAILED": TestStatus.FAILED,
    "ERROR": TestStatus.ERROR,
    "SKIPPED": TestStatus.SKIPPED,
    "XFAIL": TestStatus.PASSED,
    "XPASS": TestStatus.PASSED,
}
_SUMMARY_HEADER = re.compile(r"^=+ short test summary info =+\s*$")
_SECTION = re.compile(r"^=+ .+ =+\s*$")
_NODE = r"([^\s\[]+(?:\[.*?\])?)"
_STATUS = r"(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)"
_SUMMARY_LINE = re.compile(rf"^{_STATUS} {_NODE}(?= - |\s*$)")
_PROGRESS_LINE = re.compile(rf"^{_NODE} {_STATUS}(?: \(.*\))?\s+\[\s*\d+%\]\s*$")


def _module_path(dotted: str) -> str:
    return dotted.replace(".", "/") + ".py" if dotted else ""


def _split_classname(classname: str, file: str) -> tuple[str, list[str]]:
    """(module path, class names) from a dotted classname, helped by the xunit1 `file` attribute."""
    parts = [p for p in classname.split(".") if p]
    if file.endswith(".py"):
        module = file[:-3].replace("/", ".").replace("\\", ".")
        if classname == module or classname.startswith(module + "."):
            rest = classname[len(module) :].lstrip(".")
            return file.replace("\\", "/"), [p for p in rest.split(".") if p]
    classes: list[str] = []
    while len(parts) > 1 and parts[-1][:1].isupper():
        classes.insert(0, parts.pop())
    return _module_path(".".join(parts)), classes


def node_id(case: JUnitCase) -> str:
    """A pytest node id for one JUnit test case."""
    if not case.classname:
        # a collection error: pytest names the case after the dotted module
        if case.file:
            return case.file
        return _module_path(case.name) if "/" not in case.name else case.name
    path, classes = _split_classname(case.classname, case.file)
    return "::".join([path, *classes, case.name])


def _case_status(case: JUnitCase) -> TestStatus:
    if case.status == TestStatus.SKIPPED and case.skip_type == "pytest.xfail":
        return TestStatus.PASSED
    return case.status


def parse_pytest_text(text: str, book: StatusBook) -> None:
    """-rA summary lines plus verbose progress lines, never a test's captured output."""
    in_summary = False
    before_sections = True
    for line in text.splitlines():
        if _SUMMARY_HEADER.match(line):
            in_summary, before_sections = True, False
            continue
        if _SECTION.match(line) and "test session starts" not in line:
            if in_summary:
                in_summary = False
            before_sections = False
            continue
        match = _SUMMARY_LINE.match(line) if in_summary else None
        if match:
            book.add(match.group(2), _TEXT_STATUS[match.group(1)])
            continue
        progress = _PROGRESS_LINE.match(line) if before_sections else None
        if progress and "::" in progress.group(1):
            book.add(progress.group(1), _TEXT_STATUS[progress.group(2)])


@register("pytest")
def parse_pytest(run: TestRun) -> ParsedTests:
    if run.secret is not None:  # a graded run: only the harness's channel is believed
        return parse_channel(run.channel, run.secret)
    book = StatusBook()
    files = find_reports(run.report_dir, "*.xml", book.notes)
    cases = read_all(files, book.notes)
    for case in cases:
        book.add(node_id(case), _case_status(case))
    if book.statuses:
        return ParsedTests(statuses=book.statuses, structured=True, notes=book.all_notes())
    book.note("no JUnit XML test cases found; read the -rA summary in stdout (unstructured)")
    parse_pytest_text(run.stdout, book)
    return ParsedTests(statuses=book.statuses, structured=False, notes=book.all_notes())
