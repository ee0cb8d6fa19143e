"""Helpers shared by the parsers: status ranking, a conflict-aware status book, report discovery."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from swegauge.grading.parsers.base import TestRun, TestStatus

RANK: dict[TestStatus, int] = {
    TestStatus.PASSED: 0,
    TestStatus.SKIPPED: 1,
    TestStatus.FAILED: 2,
    TestStatus.ERROR: 3,
}
"""Worse is higher. When one test is reported twice with different statuses, the worse one stands."""

MAX_REPORT_BYTES = 256 * 1024 * 1024
"""A report file larger than this is not read (a note says so)."""

MAX_REPORT_FILES = 5000

WORKSPACE = "/workspace"
"""Where the repository sits inside the sandbox (the same as swegauge.sandbox.base.WORKSPACE); absolute
file paths in JS reports are made relative to it."""


def worse(a: TestStatus, b: TestStatus) -> TestStatus:
    return a if RANK[a] >= RANK[b] else b


class StatusBook:
    """Collects per-test statuses; a name seen twice keeps its worse status and is counted."""

    def __init__(self) -> None:
        self.statuses: dict[str, TestStatus] = {}
        self.notes: list[str] = []
        self._conflicts: list[str] = []

    def add(self, name: str, status: TestStatus) -> None:
        old = self.statuses.get(name)
        if old is None:
            self.statuses[name] = status
            return
        if old != status:
            self._conflicts.append(name)
        self.statuses[name] = worse(old, status)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def all_notes(self) -> list[str]:
        notes = list(self.notes)
        if self._conflicts:
            shown = ", ".join(sorted(set(self._conflicts))[:5])
            notes.append(
                f"{len(set(self._conflicts))} tests reported with conflicting statuses; "
                f"the worse status was kept (e.g. {shown})"
            )
        return notes


def aggregate(statuses: Iterable[TestStatus]) -> TestStatus | None:
    """A group's status (a class, a file): any failure fails it; all skipped skips it."""
    seen = list(statuses)
    if not seen:
        return None
    bad = [s for s in seen if s in (TestStatus.FAILED, TestStatus.ERROR)]
    if bad:
        return TestStatus.FAILED
    if all(s == TestStatus.SKIPPED for s in seen):
        return TestStatus.SKIPPED
    return TestStatus.PASSED


def _inside(report_dir: Path, path: Path, notes: list[str]) -> bool:
    """A regular file really inside report_dir: the sandbox wrote it, so a symlink out (to a host file)
    or a FIFO (which would block the reader) is refused."""
    try:
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(report_dir.resolve()):
                notes.append(f"{path.name}: symlink out of the report directory; not read")
                return False
        return path.is_file()
    except OSError:
        return False


def report_file(report_dir: Path, name: str, notes: list[str]) -> Path | None:
    """One named report file in report_dir, if it is there and safe to read."""
    path = report_dir / name
    return path if _inside(report_dir, path, notes) else None


def find_reports(report_dir: Path, pattern: str, notes: list[str]) -> list[Path]:
    """Files under report_dir matching a glob pattern (recursive), sorted, capped in number."""
    try:
        if not report_dir.is_dir():
            return []
        found = sorted(p for p in report_dir.rglob(pattern) if _inside(report_dir, p, notes))
    except OSError as err:
        notes.append(f"cannot list report directory: {err}")
        return []
    if len(found) > MAX_REPORT_FILES:
        notes.append(f"{len(found)} report files; only the first {MAX_REPORT_FILES} were read")
        found = found[:MAX_REPORT_FILES]
    return found


def too_big(path: Path, notes: list[str]) -> bool:
    try:
        size = path.stat().st_size
    except OSError as err:
        notes.append(f"{path.name}: cannot stat ({err})")
        return True
    if size > MAX_REPORT_BYTES:
        notes.append(f"{path.name}: {size} bytes, larger than the {MAX_REPORT_BYTES} read limit; skipped")
        return True
    return False


def read_text(path: Path, notes: list[str]) -> str | None:
    """A report's text (undecodable bytes replaced), or None with a note."""
    if too_big(path, notes):
        return None
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError as err:
        notes.append(f"{path.name}: cannot read ({err})")
        return None


def load_json(path: Path, notes: list[str]) -> Any | None:
    text = read_text(path, notes)
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError as err:
        notes.append(f"{path.name}: not valid JSON ({err}); truncated or junk")
        return None


def last_json_object(text: str, marker: str) -> Any | None:
    """The last JSON object in free text that starts at a '{' followed by `marker` (e.g. '"stats"').

    Used when a runner printed its JSON report to stdout among other lines; the runner writes its
    report last, so the last parseable candidate wins over anything a test printed before it.
    """
    decoder = json.JSONDecoder()
    pos = len(text)
    while True:
        pos = text.rfind("{", 0, pos)
        if pos < 0:
            return None
        if text[pos + 1 : pos + 1 + 200].lstrip().startswith(marker):
            try:
                obj, _ = decoder.raw_decode(text, pos)
                return obj
            except ValueError:
                pass


def relativize(path: str, root: str | None) -> str:
    """A report's absolute file path made relative to the workspace root (kept as is otherwise)."""
    if not path:
        return path
    posix = path.replace("\\", "/")
    if root:
        root_p = PurePosixPath(root)
        try:
            return str(PurePosixPath(posix).relative_to(root_p))
        except ValueError:
            pass
    if posix.startswith("./"):
        return posix[2:]
    return posix


def runner_stream(run: TestRun, summary: re.Pattern[str], order: tuple[str, str]) -> str:
    """The first stream (by `order`, "stdout"/"stderr") with a line matching `summary`; else both."""
    for name in order:
        text = getattr(run, name)
        if any(summary.match(line.rstrip()) for line in text.splitlines()):
            return text
    return run.stderr + "\n" + run.stdout
