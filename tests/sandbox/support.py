"""Helpers for real-sandbox tests: the test interpreter mounted read-only, process and cgroup probes."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from swegauge.sandbox import Limits, Mount
from swegauge.sandbox.bwrap import find_bwrap
from swegauge.sandbox.cgroups import CGROUP_MOUNT, CONTROLLERS, PARENT_NAME

PYTHON_PREFIX = Path(sys.base_prefix)
"""The test interpreter's installation (e.g. /root/.pyenv/versions/3.11.7), bound at the same path."""
PYTHON = str(PYTHON_PREFIX / "bin" / "python3")
PYTHON_MOUNT = Mount(source=PYTHON_PREFIX, target=str(PYTHON_PREFIX))

FAST = Limits(wall_seconds=10, cpu_seconds=10, memory_mb=256, processes=64, output_bytes=100_000, file_size_mb=16)

skip_without_bwrap = pytest.mark.skipif(find_bwrap() is None, reason="bubblewrap (bwrap) is not installed")


def cgroups_writable() -> bool:
    try:
        for controller in CONTROLLERS:
            (CGROUP_MOUNT / controller / PARENT_NAME).mkdir(parents=True, exist_ok=True)
        return all(os.access(CGROUP_MOUNT / c / PARENT_NAME, os.W_OK) for c in CONTROLLERS)
    except OSError:
        return False


needs_cgroups = pytest.mark.skipif(not cgroups_writable(), reason="cgroup v1 memory/pids hierarchy not writable")


def processes_with(marker: str) -> list[int]:
    """Host pids whose command line contains `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            found.append(int(entry.name))
    return found


def wait_until_gone(marker: str, patience_s: float = 2.0) -> list[int]:
    """Survivors carrying `marker` after up to `patience_s` (normally none, immediately)."""
    deadline = time.monotonic() + patience_s
    while (left := processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def our_cgroups() -> list[Path]:
    """Execution cgroups this test process still has (names start with our pid)."""
    prefix = f"{os.getpid()}-"
    found: list[Path] = []
    for controller in CONTROLLERS:
        parent = CGROUP_MOUNT / controller / PARENT_NAME
        if parent.is_dir():
            found += [child for child in parent.iterdir() if child.name.startswith(prefix)]
    return found
