"""A disk quota for one execution: what the command adds to its workspace, checked while it runs.

bubblewrap has no disk quota of its own and ext4 project quotas need set-up no host should be asked for,
so the supervisor measures the workspace's writable layer: under an overlay workspace only its upper
directory (what the command wrote), for a copied workspace the whole tree less what it held at the
start. A walk that is slow on a big tree is repeated less often (ten times its own duration apart),
so the check never costs more than a tenth of the run. Overshoot is bounded by the write rate times
the interval (RLIMIT_FSIZE still caps any single file). /tmp and HOME are size-limited tmpfs mounts.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Literal

MIB = 1024 * 1024


def tree_bytes(root: Path) -> int:
    """Allocated bytes of every file under root, links not followed."""
    total = 0
    stack = [str(root)]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    total += info.st_blocks * 512
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
        except OSError:
            continue
    return total


class DiskWatch:
    """Measures the workspace's growth; `check()` returns "disk_limit" once it passes the quota."""

    def __init__(self, workspace: Path, quota_mb: int) -> None:
        upper = workspace.parent / "upper"
        self.root = upper if os.path.ismount(workspace) and upper.is_dir() else workspace
        self.quota = quota_mb * MIB
        self.baseline = 0 if self.root == upper else tree_bytes(workspace)
        self.used = 0
        self.next_at = 0.0

    @property
    def used_mb(self) -> float:
        return round(self.used / MIB, 3)

    def check(self, *, force: bool = False) -> Literal["disk_limit"] | None:
        if self.quota <= 0:
            return None
        now = time.monotonic()
        if now < self.next_at and not force:
            return "disk_limit" if self.used > self.quota else None
        self.used = max(0, tree_bytes(self.root) - self.baseline)
        self.next_at = now + 10 * (time.monotonic() - now)
        return "disk_limit" if self.used > self.quota else None
