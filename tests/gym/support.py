"""Helpers for gym tests: the starter task they run on, its gold patch as agent actions."""

from __future__ import annotations

import json
import shutil

import pytest

from swegauge.gym import GymSettings
from swegauge.tasks import Task, load_suite

T = "starter__kvline-1"
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")


def task(instance_id: str = T) -> Task:
    return {t.instance_id: t for t in load_suite("starter").tasks}[instance_id]


def settings(**overrides) -> GymSettings:
    return GymSettings(instance_ids=(T,), **overrides)


def bash(command: str) -> str:
    return json.dumps({"tool": "bash", "command": command})


def apply_in_sandbox(patch: str) -> str:
    """A bash action that applies `patch` in the workspace (as an agent could type it)."""
    return bash(f"cat > /tmp/fix.diff <<'SWEGAUGE_EOF'\n{patch}SWEGAUGE_EOF\ngit apply /tmp/fix.diff")
