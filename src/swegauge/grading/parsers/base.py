"""What every test-log parser takes and returns."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict

REPORT_DIR = "/report"
"""Inside the sandbox: where a recipe's test command writes structured reports (JUnit XML, JSON)."""


class TestStatus(str, Enum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    ERROR = "ERROR"
    SKIPPED = "SKIPPED"

    __test__ = False  # not a pytest test class


class TestRun(BaseModel):
    """The raw outcome of one test-command execution, as a parser sees it."""

    model_config = ConfigDict(frozen=True)
    __test__ = False

    report_dir: Path
    stdout: str
    stderr: str
    exit_code: int | None
    channel: str = ""
    """What the harness's own reporter sent over the result channel (see grading/harness)."""
    secret: str | None = None
    """The run's secret: set when the grader gave the runner a channel, so only the channel is trusted."""


class ParsedTests(BaseModel):
    """Per-test statuses plus whether they came from a structured report (trusted) or log text."""

    model_config = ConfigDict(frozen=True)

    statuses: dict[str, TestStatus]
    structured: bool
    notes: list[str] = []
    untrusted: list[str] = []
    """Why these results cannot be believed (forged channel lines, a summary that disagrees, ...)."""
    started: bool | None = None
    """Whether the harness's reporter started (None: this runner has no such reporter)."""
    finished: bool | None = None
    """Whether every runner session that started also finished (None: unknown for this runner)."""
    runner_exit: int | None = None
    """The exit status the runner itself computed (to compare with the process's)."""
    failed_units: list[str] = []
    """Whole units that failed besides tests (Go packages that did not build or whose init panicked):
    they explain a non-zero exit status when no test failed."""


Parser = Callable[[TestRun], ParsedTests]
