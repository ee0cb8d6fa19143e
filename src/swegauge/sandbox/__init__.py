"""swegauge.sandbox: run a command over a throw-away workspace, isolated and limited.

`BwrapSandbox().run(spec, command)` is the local backend; `fresh_workspace(base)` makes the workspace.
"""

from swegauge.sandbox.base import (
    WORKSPACE,
    ExecResult,
    Limits,
    Mount,
    Sandbox,
    SandboxError,
    SandboxSpec,
)
from swegauge.sandbox.bwrap import BwrapSandbox
from swegauge.sandbox.workspace import fresh_workspace

__all__ = [
    "Sandbox",
    "SandboxSpec",
    "Mount",
    "Limits",
    "ExecResult",
    "BwrapSandbox",
    "fresh_workspace",
    "WORKSPACE",
    "SandboxError",
]
