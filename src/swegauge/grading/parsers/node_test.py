"""node-test: node's built-in runner, JUnit XML from
`node --test --test-reporter=junit --test-reporter-destination=/report/node-test.xml` (checked on node
20.20), else its TAP output on stdout (`--test-reporter=tap`) and the spec reporter's lines,
structured=False. Prefer TAP on stdout beside the JUnit file: node writes the JUnit file only at the
end while TAP streams (useful when the run is killed), and test output reaches TAP only as comments.

Names: the describe path and the test name joined by " > ": "suite > deeper > inner fail", a top-level
test by its name alone. Node's reports do not say which file a test came from, so the same name in two
files is one entry (worse status kept, noted). A file that fails as a whole (syntax error, crash) is
reported by node as a test named by its path, made relative to the workspace: "test/c.test.js".

Statuses: pass -> PASSED, failure (including timeouts) -> FAILED, skip and todo -> SKIPPED. In TAP, a
suite's own ok/not ok line (it has subtests) is not a test. Test output reaches TAP only as "# ..."
comment lines, which are never read as results.
"""

from __future__ import annotations

import re

from swegauge.grading.parsers import register
from swegauge.grading.parsers._common import WORKSPACE, StatusBook, find_reports, relativize
from swegauge.grading.parsers.base import ParsedTests, TestRun, TestStatus
from swegauge.grading.parsers.junit_xml import JUnitCase, read_all

_SUBTEST = re.compile(r"^(\s*)# Subtest: (.*)$")
_RESULT = re.compile(r"^(\s*)(not ok|ok) \d+(?: - (.*?))?(?: # (SKIP|TODO)\b.*)?\s*$")
_INDENT = 4


def _case_name(case: JUnitCase, root: str | None) -> str:
    name = case.name
    if name.startswith("/"):
        return relativize(name, root)
    return " > ".join([*[s for s in case.suites if s], name])


def _tap_unescape(title: str) -> str:
    return title.replace("\\#", "#").replace("\\\\", "\\")


class _TapReader:
    """Node's nested TAP: "# Subtest: x" opens a level; a result whose level had subtests is a suite."""

    def __init__(self, root: str | None, book: StatusBook) -> None:
        self.root = root
        self.book = book
        self.path: list[str] = []
        self.has_children: list[bool] = []

    def feed(self, line: str) -> None:
        sub = _SUBTEST.match(line)
        if sub:
            level = len(sub.group(1)) // _INDENT
            del self.path[level:], self.has_children[level:]
            if level > 0 and len(self.has_children) >= level:
                self.has_children[level - 1] = True
            self.path += [""] * (level - len(self.path)) + [sub.group(2)]
            self.has_children += [False] * (len(self.path) - len(self.has_children))
            return
        result = _RESULT.match(line)
        if result is None:
            return
        level = len(result.group(1)) // _INDENT
        if level < len(self.has_children) and self.has_children[level]:
            return
        title = _tap_unescape(result.group(3) or "")
        self.book.add(self._name(level, title), self._status(result.group(2), result.group(4)))

    def _name(self, level: int, title: str) -> str:
        if level == 0 and title.startswith("/"):
            return relativize(title, self.root)
        return " > ".join([p for p in self.path[:level] if p] + [title])

    @staticmethod
    def _status(ok: str, directive: str | None) -> TestStatus:
        if directive in ("SKIP", "TODO"):
            return TestStatus.SKIPPED
        return TestStatus.PASSED if ok == "ok" else TestStatus.FAILED


def parse_node_tap(text: str, book: StatusBook, root: str | None = WORKSPACE) -> None:
    reader = _TapReader(root, book)
    for line in text.splitlines():
        reader.feed(line)


_SPEC_SUITE = re.compile("^( *)\u25b6 (.*?)\\s*$")
_SPEC_RESULT = re.compile("^( *)([\u2714\u2716\ufe63]) (.*?) \\([\\d.]+m?s\\)( # .*)?\\s*$")
_SPEC_END = re.compile("^\u2716 failing tests:")
_SPEC_STATUS = {"\u2714": TestStatus.PASSED, "\u2716": TestStatus.FAILED, "\ufe63": TestStatus.SKIPPED}


def parse_node_spec(text: str, book: StatusBook, root: str | None = WORKSPACE) -> None:
    """Node's spec reporter: two spaces a level; "\u25b6 name" opens a suite, whose own result line closes it.
    Reading stops at the "failing tests:" recap. Test output is printed raw here, so this is the weakest
    source: a forged line can only add a result, and a test's real failure line still wins."""
    suites: list[str] = []
    for line in text.splitlines():
        if _SPEC_END.match(line):
            break
        suite = _SPEC_SUITE.match(line)
        if suite:
            level = len(suite.group(1)) // 2
            suites[level:] = [suite.group(2)]
            continue
        found = _SPEC_RESULT.match(line)
        if not found:
            continue
        level, name = len(found.group(1)) // 2, found.group(3)
        if level < len(suites) and suites[level] == name:
            del suites[level:]
            continue
        del suites[level:]
        status = _SPEC_STATUS[found.group(2)]
        if found.group(4) and found.group(4).startswith(" # TODO"):
            status = TestStatus.SKIPPED
        if level == 0 and name.startswith("/"):
            book.add(relativize(name, root), status)
        else:
            book.add(" > ".join([*suites, name]), status)


def parse_node_test_report(run: TestRun, root: str | None = WORKSPACE) -> ParsedTests:
    book = StatusBook()
    files = find_reports(run.report_dir, "*.xml", book.notes)
    for case in read_all(files, book.notes):
        book.add(_case_name(case, root), case.status)
    if book.statuses:
        return ParsedTests(statuses=book.statuses, structured=True, notes=book.all_notes())
    book.note("no JUnit XML from node's test runner; read TAP and spec lines from stdout (unstructured)")
    # Both readers run: in spec output a test's raw prints may look like TAP (and the real spec line,
    # read too, then wins as the worse status); in TAP output a print is a "# " comment, never spec.
    parse_node_tap(run.stdout, book, root)
    parse_node_spec(run.stdout, book, root)
    return ParsedTests(statuses=book.statuses, structured=False, notes=book.all_notes())


@register("node-test")
def parse_node_test(run: TestRun) -> ParsedTests:
    return parse_node_test_report(run)
