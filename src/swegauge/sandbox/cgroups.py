"""Per-execution cgroup v1 groups (memory + pids): limits, OOM / fork-limit detection, whole-tree kill.

Layout: <mount>/memory/swegauge/<id> and <mount>/pids/swegauge/<id>, one pair per execution, removed
after it. When the hierarchy is missing or not writable, `ExecutionCgroups.create` returns None and logs
one warning per process: the sandbox then relies on rlimits and its pid namespace alone.
"""

from __future__ import annotations

import errno
import itertools
import logging
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from swegauge.sandbox.base import Limits

log = logging.getLogger(__name__)

CGROUP_MOUNT = Path("/sys/fs/cgroup")
PARENT_NAME = "swegauge"
CONTROLLERS = ("memory", "pids")
OPTIONAL_CONTROLLERS = ("cpuacct",)
"""Used when present: exact CPU time of the whole tree (rusage misses what a pid namespace reaps)."""

_counter = itertools.count()
_warned = False
_swept_stale = False
_module_lock = threading.Lock()


@dataclass(frozen=True)
class CgroupUsage:
    """What the kernel recorded for one execution."""

    oom_kills: int = 0
    memory_limit_hits: int = 0
    process_limit_hits: int = 0
    peak_memory_bytes: int = 0
    cpu_seconds: float | None = None
    """CPU time of every process of the execution (None without the cpuacct controller)."""


class ExecutionCgroups:
    """The memory and pids cgroups of one execution."""

    def __init__(self, paths: dict[str, Path]) -> None:
        self.paths = paths
        self.procs_files = tuple(str(path / "cgroup.procs") for path in paths.values())

    @classmethod
    def create(cls, limits: Limits, *, mount: Path = CGROUP_MOUNT) -> ExecutionCgroups | None:
        """Make and configure the groups, or None (with a one-time warning) if cgroups are unusable."""
        _sweep_stale_once(mount)
        name = f"{os.getpid()}-{next(_counter)}-{os.urandom(3).hex()}"
        paths = {controller: mount / controller / PARENT_NAME / name for controller in CONTROLLERS}
        group = cls(paths)
        try:
            for path in paths.values():
                path.mkdir(parents=True)
            group._configure(limits)
        except OSError as err:
            group.remove()
            _warn_unavailable(f"{type(err).__name__}: {err}")
            return None
        for controller in OPTIONAL_CONTROLLERS:
            path = mount / controller / PARENT_NAME / name
            try:
                path.mkdir(parents=True)
            except OSError:
                continue
            group.paths[controller] = path
        group.procs_files = tuple(str(path / "cgroup.procs") for path in group.paths.values())
        return group

    def _configure(self, limits: Limits) -> None:
        memory_bytes = str(limits.memory_mb * 1024 * 1024)
        _write(self.paths["memory"] / "memory.limit_in_bytes", memory_bytes)
        swap_file = self.paths["memory"] / "memory.memsw.limit_in_bytes"
        if swap_file.exists():  # no swapping around the limit: memory + swap == memory
            _write(swap_file, memory_bytes)
        _write(self.paths["pids"] / "pids.max", str(limits.processes))

    def enter(self, pid: int) -> None:
        """Move `pid` (and so every process it forks afterwards) into every group."""
        data = str(pid).encode()
        for procs in self.procs_files:
            fd = os.open(procs, os.O_WRONLY)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)

    def pids(self) -> list[int]:
        found: set[int] = set()
        for path in self.paths.values():
            try:
                text = (path / "cgroup.procs").read_text()
            except OSError:
                continue
            found.update(int(line) for line in text.split())
        return sorted(found)

    def kill_all(self, *, patience_s: float = 5.0) -> bool:
        """SIGKILL every process in the groups until they are empty. True when empty."""
        deadline = time.monotonic() + patience_s
        while True:
            pids = self.pids()
            if not pids:
                return True
            if time.monotonic() > deadline:
                log.warning("processes survived SIGKILL in %s: %s", self.paths["pids"], pids)
                return False
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.002)

    def usage(self) -> CgroupUsage:
        memory, pids = self.paths["memory"], self.paths["pids"]
        oom = _read_keyed(memory / "memory.oom_control")
        events = _read_keyed(pids / "pids.events")
        cpuacct = self.paths.get("cpuacct")
        cpu_ns = _read_int(cpuacct / "cpuacct.usage") if cpuacct is not None else None
        return CgroupUsage(
            oom_kills=oom.get("oom_kill", 0),
            memory_limit_hits=_read_int(memory / "memory.failcnt"),
            process_limit_hits=events.get("max", 0),
            peak_memory_bytes=_read_int(memory / "memory.max_usage_in_bytes"),
            cpu_seconds=cpu_ns / 1e9 if cpu_ns is not None else None,
        )

    def remove(self) -> None:
        """Remove the groups (after kill_all). Tolerates groups that never got made."""
        for path in self.paths.values():
            _rmdir_patiently(path)


def _write(path: Path, value: str) -> None:
    with open(path, "w", encoding="ascii") as handle:
        handle.write(value)


def _read_int(path: Path) -> int:
    try:
        return int(path.read_text().strip() or 0)
    except (OSError, ValueError):
        return 0


def _read_keyed(path: Path) -> dict[str, int]:
    """Parse 'key value' lines (memory.oom_control, pids.events)."""
    values: dict[str, int] = {}
    try:
        text = path.read_text()
    except OSError:
        return values
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        if value.strip().isdigit():
            values[key] = int(value)
    return values


def _rmdir_patiently(path: Path, patience_s: float = 2.0) -> None:
    deadline = time.monotonic() + patience_s
    while True:
        try:
            path.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError as err:
            if err.errno != errno.EBUSY or time.monotonic() > deadline:
                log.warning("cannot remove cgroup %s: %s", path, err)
                return
            time.sleep(0.005)


def _warn_unavailable(reason: str) -> None:
    global _warned
    with _module_lock:
        if _warned:
            return
        _warned = True
    log.warning(
        "cgroup v1 memory/pids not usable (%s): sandboxes run without memory and process limits "
        "(wall time, CPU, file size and output limits still apply)", reason
    )


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (ours or another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_stale_once(mount: Path) -> None:
    """Remove groups left by swegauge processes that died mid-run (named <pid>-...)."""
    global _swept_stale
    with _module_lock:
        if _swept_stale:
            return
        _swept_stale = True
    for controller in CONTROLLERS + OPTIONAL_CONTROLLERS:
        parent = mount / controller / PARENT_NAME
        try:
            children = [child for child in parent.iterdir() if child.is_dir()]
        except OSError:
            continue
        for child in children:
            owner = child.name.split("-", 1)[0]
            if owner.isdigit() and not pid_alive(int(owner)):
                stale = ExecutionCgroups({controller: child})
                stale.kill_all(patience_s=1.0)
                _rmdir_patiently(child)
