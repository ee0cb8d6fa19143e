"""swegauge.sandbox: run a command over a throw-away workspace, isolated and limited.

`BwrapSandbox().run(spec, command)` is the local backend; `fresh_workspace(base)` makes the workspace. Run
as root, sandboxes run as an unprivileged host uid; `hand_over(path)` gives it a folder to write.
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
from swegauge.sandbox.identity import Identity, hand_over, hand_over_once
from swegauge.sandbox.workspace import fresh_workspace

__all__ = [
    "Sandbox",
    "SandboxSpec",
    "Mount",
    "Limits",
    "ExecResult",
    "BwrapSandbox",
    "Identity",
    "hand_over",
    "hand_over_once",
    "fresh_workspace",
    "WORKSPACE",
    "SandboxError",
]
