"""Helpers for the parser tests: write files, run real toolchains with a deadline, build TestRuns."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from swegauge.grading.parsers.base import TestRun, TestStatus

P, F, E, S = TestStatus.PASSED, TestStatus.FAILED, TestStatus.ERROR, TestStatus.SKIPPED


def write_files(root: Path, files: Mapping[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def make_run(report_dir: Path, stdout: str = "", stderr: str = "", exit_code: int | None = 1) -> TestRun:
    return TestRun(report_dir=report_dir, stdout=stdout, stderr=stderr, exit_code=exit_code)


def run_tool(
    command: str | Sequence[str], cwd: Path, report_dir: Path, *, deadline: float = 180.0,
    env: Mapping[str, str] | None = None,
) -> TestRun:
    """Run a command as the sandbox would (its own process group, killed whole at the deadline)."""
    report_dir.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.Popen(
        command, cwd=cwd, env=full_env, shell=isinstance(command, str), start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
    )
    try:
        out, err = proc.communicate(timeout=deadline)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    return make_run(report_dir, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), code)


def require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"toolchain not installed: {', '.join(missing)}")


def needs(*tools: str) -> pytest.MarkDecorator:
    missing = [t for t in tools if shutil.which(t) is None]
    return pytest.mark.skipif(bool(missing), reason=f"toolchain not installed: {', '.join(missing)}")
