"""cargo: libtest's text output of `cargo test --no-fail-fast` (structured=False: stable cargo has no report).

Where the text comes from: report_dir/cargo-test.log when present (stdout and stderr merged, e.g.
`cargo test --no-fail-fast 2>&1 | tee /report/cargo-test.log`), else stdout. Cargo prints the headers of
each test binary ("Running unittests src/lib.rs (target/debug/deps/demo-1a2b...)", "Doc-tests demo") to
stderr and libtest's lines to stdout; when they were captured apart, the n-th "running N tests" block of
stdout belongs to the n-th header of stderr.

Names are libtest's paths ("tests::it_works", doctests "src/lib.rs - add (line 5)"), " - should panic"
and doctest attributes dropped. A name that occurs in more than one test binary is qualified by the
binary's crate name: "demo::tests::same", "integration::tests::same".

Statuses: ok -> PASSED, FAILED -> FAILED, ignored -> SKIPPED. Against forged lines: only lines inside a
block (after "running N tests", before its "test result:") count; a test's captured output (shown
between "failures:" and "test result:") is never read; the final failures list marks its names FAILED;
a name seen twice keeps its worse status; a block whose "test result:" counts disagree with the lines read
gets a note; a block that never reaches "test result:" (crash, abort, kill) gets a note.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from swegauge.grading.parsers import register
from swegauge.grading.parsers._common import StatusBook, read_text, report_file, worse
from swegauge.grading.parsers.base import ParsedTests, TestRun, TestStatus

REPORT_FILE = "cargo-test.log"
_RUNNING_BIN = re.compile(r"^\s*Running (?:unittests |tests |benches )?(\S.*?)(?: \((\S+)\))?\s*$")
_DOC_TESTS = re.compile(r"^\s*Doc-tests (\S+)\s*$")
_BLOCK_START = re.compile(r"^running (\d+) tests?\s*$")
_TEST_LINE = re.compile(r"^test (.+?) \.\.\. (ok|FAILED|ignored)(?:,.*)?\s*$")
_RESULT = re.compile(
    r"^test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed; (\d+) ignored; (\d+) measured"
)
_NAME_TAILS = (" - should panic", " - compile fail", " - compile", " - no_run")
_STATUS = {"ok": TestStatus.PASSED, "FAILED": TestStatus.FAILED, "ignored": TestStatus.SKIPPED}


@dataclass
class _Block:
    label: str
    expected: int
    results: dict[str, TestStatus] = field(default_factory=dict)
    lines: int = 0
    summary: tuple[int, int, int] | None = None
    failure_list: list[str] = field(default_factory=list)
    stray: int = 0


def _label(line: str) -> str | None:
    doc = _DOC_TESTS.match(line)
    if doc:
        return doc.group(1).replace("-", "_")
    run = _RUNNING_BIN.match(line)
    if not run:
        return None
    binary = (run.group(2) or run.group(1)).rsplit("/", 1)[-1]
    return re.sub(r"-[0-9a-f]{16}$", "", binary) or binary


def _clean(name: str) -> str:
    for tail in _NAME_TAILS:
        if name.endswith(tail):
            return name[: -len(tail)]
    return name


class _BlockReader:
    """Reads libtest blocks, each labelled with the header before it or the next given label.

    A block runs from its "running N tests" line to the next one. Inside it, test lines count except in
    a "failures:" section (a test's captured output); every "test result:" line updates the summary and
    takes the failures list read just before it, so the real ones, which libtest prints last, win over
    any printed earlier by a test. Test lines after a summary still count (worse status kept) and are
    noted: a forged early summary cannot hide the real results that follow it.
    """

    def __init__(self, labels: list[str] | None) -> None:
        self.labels = labels
        self.blocks: list[_Block] = []
        self.header: str | None = None
        self.block: _Block | None = None
        self.in_failures = False
        self.tail: list[str] = []
        self.headers: list[str] = []

    def feed(self, line: str) -> None:
        label = _label(line) if not self.in_failures else None
        if label is not None:
            self.header = label
            self.headers.append(label)
            return
        start = _BLOCK_START.match(line)
        if start and not self.in_failures:
            self._open(int(start.group(1)))
            return
        if self.block is not None:
            self._inside(self.block, line)

    def _inside(self, block: _Block, line: str) -> None:
        result = _RESULT.match(line)
        if result:
            block.summary = (int(result.group(1)), int(result.group(2)), int(result.group(3)))
            if self.in_failures:
                block.failure_list = [t.strip() for t in self.tail if t.startswith("    ") and t.strip()]
            self.in_failures, self.tail = False, []
            return
        if line.rstrip() == "failures:":
            self.in_failures, self.tail = True, []
            return
        if self.in_failures:
            self.tail.append(line)
            return
        test = _TEST_LINE.match(line)
        if test:
            block.lines += 1
            block.stray += block.summary is not None
            name, status = _clean(test.group(1)), _STATUS[test.group(2)]
            old = block.results.get(name)
            block.results[name] = status if old is None else worse(old, status)

    def _open(self, expected: int) -> None:
        index = len(self.blocks)
        if self.labels is not None:
            label = self.labels[index] if index < len(self.labels) else f"binary{index + 1}"
        else:
            label = self.header or f"binary{index + 1}"
        self.header = None
        self.block = _Block(label=label, expected=expected)
        self.blocks.append(self.block)
        self.in_failures, self.tail = False, []


def _read(text: str, labels: list[str] | None = None) -> _BlockReader:
    reader = _BlockReader(labels)
    for line in text.splitlines():
        reader.feed(line)
    return reader


def read_blocks(text: str, labels: list[str] | None = None) -> list[_Block]:
    return _read(text, labels).blocks


def _check(block: _Block, book: StatusBook) -> None:
    for name in block.failure_list:
        block.results[name] = TestStatus.FAILED
    if block.stray:
        book.note(f"{block.label}: {block.stray} test lines after a 'test result:' line; forged output?")
    if block.summary is None:
        book.note(f"{block.label}: no 'test result:' line (crashed, aborted or killed); "
                  f"{len(block.results)} of {block.expected} tests reported")
        return
    counts: dict[TestStatus, int] = defaultdict(int)
    for status in block.results.values():
        counts[status] += 1
    read = (counts[TestStatus.PASSED], counts[TestStatus.FAILED], counts[TestStatus.SKIPPED])
    if read != block.summary or block.lines != len(block.results):
        book.note(f"{block.label}: 'test result:' says {block.summary[0]} passed, {block.summary[1]} failed, "
                  f"{block.summary[2]} ignored, but the test lines read give {read[0]}/{read[1]}/{read[2]} "
                  f"({block.lines} lines); forged or garbled output?")


def _name_blocks(blocks: list[_Block], book: StatusBook) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for block in blocks:
        for name in block.results:
            owners[name].add(block.label)
    for block in blocks:
        for name, status in block.results.items():
            book.add(f"{block.label}::{name}" if len(owners[name]) > 1 else name, status)


def _source(run: TestRun, book: StatusBook) -> tuple[str, list[str] | None]:
    report = report_file(run.report_dir, REPORT_FILE, book.notes)
    if report is not None:
        text = read_text(report, book.notes)
        if text is not None:
            return text, None
    plain = _read(run.stdout)
    if plain.headers:
        return run.stdout, None
    labels = _read(run.stderr).headers
    blocks = len(plain.blocks)
    if labels and len(labels) != blocks:
        book.note(f"{len(labels)} test binaries announced on stderr but {blocks} blocks on stdout; "
                  "binaries named by position")
        labels = [f"binary{i + 1}" for i in range(blocks)]
    return run.stdout, labels or None


@register("cargo")
def parse_cargo(run: TestRun) -> ParsedTests:
    book = StatusBook()
    text, labels = _source(run, book)
    blocks = read_blocks(text, labels)
    for block in blocks:
        _check(block, book)
    _name_blocks(blocks, book)
    if not blocks:
        book.note("no 'running N tests' block found (build failure or no test binary)")
        if "could not compile" in run.stderr or "could not compile" in text:
            book.note("cargo reports that the crate did not compile")
    return ParsedTests(statuses=book.statuses, structured=False, notes=book.all_notes())
