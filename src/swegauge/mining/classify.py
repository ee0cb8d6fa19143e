"""The cheap filter: judge a change from its file list alone, with a reason for every rejection.

Test files are recognized by each language's conventions (swegauge.tasks.testpaths, the rule the solvers'
localization uses too). Vendored and generated files are ignored; a change must touch both
non-test source and tests to be worth building.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from pydantic import BaseModel, ConfigDict

from swegauge.mining.history import Change
from swegauge.tasks.testpaths import is_test_path

SOURCE_SUFFIXES = {
    ".py", ".pyx", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".go", ".rs", ".java", ".kt", ".scala",
    ".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".rb", ".php", ".cs", ".swift",
}
VENDORED = re.compile(
    r"(^|/)(vendor|vendored|third_party|thirdparty|node_modules|external|\.git)/|"
    r"\.min\.(js|css)$|_pb2(_grpc)?\.py$|\.pb\.go$|(^|/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|"
    r"Cargo\.lock|go\.sum|poetry\.lock|uv\.lock)$"
)
UNREADABLE = "unreadable in the mirror"
MAX_CHANGED_LINES = 5000
MAX_BINARY_FILES = 3


def _object_problem(message: str) -> str:
    """git's complaint without the object id, so that the funnel counts one reason, not one per object."""
    return re.sub(r"\b[0-9a-f]{40}\b", "<object>", message)[:80]


def is_vendored(path: str) -> bool:
    return bool(VENDORED.search(path))


def is_source(path: str) -> bool:
    return PurePosixPath(path).suffix in SOURCE_SUFFIXES


class Screened(BaseModel):
    """The cheap filter's judgement: kept (with the files split) or rejected with a reason."""

    model_config = ConfigDict(frozen=True)

    change_id: str
    kept: bool
    reason: str | None = None
    source_files: tuple[str, ...] = ()
    test_files: tuple[str, ...] = ()
    other_files: tuple[str, ...] = ()


def screen(change: Change) -> Screened:
    """Keep a change that touches both non-test source and tests, without huge or binary churn."""
    if change.unreadable:
        return Screened(change_id=change.change_id, kept=False, reason=f"{UNREADABLE}: {_object_problem(change.unreadable)}")
    relevant = [f for f in change.files if not is_vendored(f.path)]
    if not relevant:
        return Screened(change_id=change.change_id, kept=False, reason="only vendored or generated files")
    if all(f.renamed_from and f.added == 0 and f.removed == 0 for f in relevant):
        return Screened(change_id=change.change_id, kept=False, reason="pure renames")
    binary = [f for f in relevant if f.added is None]
    if len(binary) > MAX_BINARY_FILES:
        return Screened(change_id=change.change_id, kept=False,
                        reason=f"more than {MAX_BINARY_FILES} binary files changed")
    lines = sum((f.added or 0) + (f.removed or 0) for f in relevant)
    if lines > MAX_CHANGED_LINES:
        return Screened(change_id=change.change_id, kept=False,
                        reason=f"huge diff (over {MAX_CHANGED_LINES} changed lines)")
    tests = tuple(f.path for f in relevant if is_test_path(f.path))
    sources = tuple(f.path for f in relevant if not is_test_path(f.path) and is_source(f.path))
    others = tuple(f.path for f in relevant if f.path not in tests and f.path not in sources)
    if not tests:
        return Screened(change_id=change.change_id, kept=False, reason="no test files changed (source only)")
    if not sources:
        return Screened(change_id=change.change_id, kept=False, reason="no source files changed (tests only)")
    return Screened(change_id=change.change_id, kept=True, source_files=sources, test_files=tests, other_files=others)
