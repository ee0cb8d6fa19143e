"""Per-execution cgroups (memory + pids): limits, OOM / fork-limit detection, whole-tree kill.

cgroup v1 layout: <mount>/memory/swegauge/<id> and <mount>/pids/swegauge/<id>, one pair per execution,
removed after it. cgroup v2 (a unified hierarchy: <mount>/cgroup.controllers exists): one group
<mount>/swegauge/<id>, with memory and pids enabled in the subtree_control files above it (memory.max,
memory.swap.max = 0, pids.max; memory.events, pids.events and cpu.stat read back; cgroup.kill when the
kernel has it). When the hierarchy is missing or not writable, `ExecutionCgroups.create` returns None and logs
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

    def __init__(self, paths: dict[str, Path], *, unified: bool = False) -> None:
        self.paths = paths
        self.unified = unified
        self.procs_files = tuple(sorted({str(path / "cgroup.procs") for path in paths.values()}))

    @classmethod
    def create(cls, limits: Limits, *, mount: Path = CGROUP_MOUNT) -> ExecutionCgroups | None:
        """Make and configure the groups, or None (with a one-time warning) if cgroups are unusable."""
        _sweep_stale_once(mount)
        name = f"{os.getpid()}-{next(_counter)}-{os.urandom(3).hex()}"
        if is_unified(mount):
            return cls._create_unified(limits, mount, name)
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

    @classmethod
    def _create_unified(cls, limits: Limits, mount: Path, name: str) -> ExecutionCgroups | None:
        path = mount / PARENT_NAME / name
        group = cls({"memory": path, "pids": path}, unified=True)
        try:
            enable_controllers(mount)
            path.mkdir(parents=True)
            _write(path / "memory.max", str(limits.memory_mb * 1024 * 1024))
            if (path / "memory.swap.max").exists():
                _write(path / "memory.swap.max", "0")
            _write(path / "pids.max", str(limits.processes))
        except OSError as err:
            group.remove()
            _warn_unavailable(f"cgroup v2: {type(err).__name__}: {err}")
            return None
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
        kill_file = next(iter(self.paths.values())) / "cgroup.kill"
        if self.unified and kill_file.exists():
            try:
                _write(kill_file, "1")  # the kernel kills the whole group at once, forks in flight too
            except OSError:
                pass
        while True:
            pids = self.pids()
            if not pids:
                return True
            if time.monotonic() > deadline:
                log.warning("processes survived SIGKILL in %s: %s", sorted(set(self.paths.values())), pids)
                return False
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.002)

    def usage(self) -> CgroupUsage:
        if self.unified:
            return self._usage_unified()
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

    def _usage_unified(self) -> CgroupUsage:
        path = self.paths["memory"]
        memory = _read_keyed(path / "memory.events")
        cpu = _read_keyed(path / "cpu.stat")
        return CgroupUsage(
            oom_kills=memory.get("oom_kill", 0),
            memory_limit_hits=memory.get("max", 0),
            process_limit_hits=_read_keyed(path / "pids.events").get("max", 0),
            peak_memory_bytes=_read_int(path / "memory.peak"),
            cpu_seconds=cpu["usage_usec"] / 1e6 if "usage_usec" in cpu else None,
        )

    def remove(self) -> None:
        """Remove the groups (after kill_all). Tolerates groups that never got made."""
        for path in sorted(set(self.paths.values())):
            _rmdir_patiently(path)


def is_unified(mount: Path) -> bool:
    """Whether `mount` holds a cgroup v2 (unified) hierarchy."""
    return (mount / "cgroup.controllers").exists()


def enable_controllers(mount: Path) -> None:
    """Turn memory and pids on for <mount>/swegauge's children (and for it, in the root's subtree)."""
    parent = mount / PARENT_NAME
    available = set((mount / "cgroup.controllers").read_text().split())
    missing = [c for c in CONTROLLERS if c not in available]
    if missing:
        raise OSError(errno.ENOTSUP, f"controllers not available in {mount}: {', '.join(missing)}")
    parent.mkdir(exist_ok=True)
    for level in (mount, parent):
        enabled = set((level / "cgroup.subtree_control").read_text().split()) if (
            level / "cgroup.subtree_control").exists() else set()
        wanted = [c for c in CONTROLLERS if c not in enabled]
        if wanted:
            _write(level / "cgroup.subtree_control", " ".join(f"+{c}" for c in wanted))


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
        "cgroup memory/pids not usable (%s): sandboxes run without memory and process limits "
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
    levels = [""] if is_unified(mount) else list(CONTROLLERS + OPTIONAL_CONTROLLERS)
    for controller in levels:
        parent = mount / controller / PARENT_NAME if controller else mount / PARENT_NAME
        try:
            children = [child for child in parent.iterdir() if child.is_dir()]
        except OSError:
            continue
        for child in children:
            owner = child.name.split("-", 1)[0]
            if owner.isdigit() and not pid_alive(int(owner)):
                stale = ExecutionCgroups({controller or "pids": child}, unified=not controller)  # one group in v2
                stale.kill_all(patience_s=1.0)
                _rmdir_patiently(child)
