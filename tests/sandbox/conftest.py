"""Fixtures for real-sandbox tests: a BwrapSandbox, a workspace, a runner with the interpreter mounted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from swegauge.sandbox import BwrapSandbox, ExecResult, Limits, Mount, SandboxSpec
from swegauge.sandbox.bwrap import find_bwrap
from tests.sandbox.support import FAST, PYTHON_MOUNT

Runner = Callable[..., ExecResult]


@pytest.fixture(scope="session")
def sandbox() -> BwrapSandbox:
    if find_bwrap() is None:
        pytest.skip("bubblewrap (bwrap) is not installed")
    return BwrapSandbox()


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "workspace"
    path.mkdir()
    (path / "hello.txt").write_text("hello from the workspace\n")
    return path


@pytest.fixture()
def run(sandbox: BwrapSandbox, workspace: Path) -> Runner:
    """run(command, limits=..., mounts=..., env=..., network=..., using=...) over the workspace.

    A string command runs under `sh -c`; the test interpreter is always mounted read-only.
    """

    def runner(command: Sequence[str] | str, *, limits: Limits = FAST, mounts: Sequence[Mount] = (),
               env: dict[str, str] | None = None, network: bool = False,
               using: BwrapSandbox | None = None) -> ExecResult:
        argv = ["sh", "-c", command] if isinstance(command, str) else list(command)
        spec = SandboxSpec(workspace=workspace, mounts=(PYTHON_MOUNT, *mounts), env=env or {},
                           network=network, limits=limits)
        return (using or sandbox).run(spec, argv)

    return runner
