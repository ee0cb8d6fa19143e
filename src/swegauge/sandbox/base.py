"""The Sandbox protocol: run a command over a workspace, isolated and limited. It judges nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

EndReason = Literal["exit", "timeout", "cpu", "memory", "output_limit", "disk_limit", "signal", "start_error"]

CHANNEL_FD_VAR = "SWEGAUGE_CHANNEL_FD"
"""Names the fd of the result channel inside the sandbox (a pipe whose reader is the host)."""
SECRET_FD_VAR = "SWEGAUGE_SECRET_FD"
"""Names the fd holding the run's secret: readable once, by whichever process reads it first."""

WORKSPACE = "/workspace"
"""Where the workspace appears inside every sandbox."""


class SandboxError(Exception):
    """The sandbox cannot be used as asked: backend missing, or a spec that names missing paths."""


class Limits(BaseModel):
    """Resource limits for one execution."""

    model_config = ConfigDict(frozen=True)

    wall_seconds: float = 1800.0
    cpu_seconds: int = 3600
    memory_mb: int = 4096
    processes: int = 512
    output_bytes: int = 2_000_000
    file_size_mb: int = 1024
    disk_mb: int = 4096
    """What the command may add to its workspace (checked every quarter second; see bwrap.py)."""


class Mount(BaseModel):
    """A host path made visible inside the sandbox (read-only unless writable). Run as root, a writable
    source is handed to the sandbox uid before the run, once: a folder whose top it already owns is taken
    as handed over (fresh folders and caches only sandboxes write to; see sandbox/identity.py)."""

    model_config = ConfigDict(frozen=True)

    source: Path
    target: str
    writable: bool = False


class SandboxSpec(BaseModel):
    """Everything one execution needs. The host's environment variables are never inherited."""

    model_config = ConfigDict(frozen=True)

    workspace: Path
    mounts: tuple[Mount, ...] = ()
    env: Mapping[str, str] = Field(default_factory=dict)
    network: bool = False
    limits: Limits = Limits()
    workdir: str = WORKSPACE
    channel: bool = False
    """Give the command a write-only pipe to the host (fd named by $SWEGAUGE_CHANNEL_FD); what arrives
    is ExecResult.channel. Bytes already read by the host cannot be taken back by the command."""
    secret: str | None = None
    """A value the command can read once from the fd named by $SWEGAUGE_SECRET_FD (then it is gone)."""
    stdin_file: Path | None = None
    """A host file opened read-only as the command's stdin (default: /dev/null). Only the open file
    reaches the sandbox, never its path: judges feed a test's input this way."""


class ExecResult(BaseModel):
    """What happened: exit code, output (truncated with a visible marker), duration, why it ended."""

    model_config = ConfigDict(frozen=True)

    exit_code: int | None
    stdout: str
    stderr: str
    duration_s: float
    ended_by: EndReason
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    process_limit_hit: bool = False
    """Some fork/clone failed because the process limit was reached (the run may still have exited)."""
    channel: str = ""
    """What the command wrote to its result channel (SandboxSpec.channel)."""
    disk_used_mb: float = 0.0

    @property
    def ok(self) -> bool:
        return self.ended_by == "exit" and self.exit_code == 0


class Sandbox(Protocol):
    """A backend that runs commands in isolation."""

    def run(self, spec: SandboxSpec, command: Sequence[str]) -> ExecResult: ...
