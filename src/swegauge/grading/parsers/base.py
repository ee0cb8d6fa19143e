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


class ParsedTests(BaseModel):
    """Per-test statuses plus whether they came from a structured report (trusted) or log text."""

    model_config = ConfigDict(frozen=True)

    statuses: dict[str, TestStatus]
    structured: bool
    notes: list[str] = []


Parser = Callable[[TestRun], ParsedTests]
