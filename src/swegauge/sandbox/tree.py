"""The process tree of one execution: killing all of it, and knowing when it is gone.

bwrap (our child) runs the sandbox's init as pid 1 of a new pid namespace. When that init dies the
kernel kills every process in the namespace (double-forked daemons included) and only then lets the init
finish exiting. So "the init's pidfd is readable" means "nothing of the command is left". The cgroup
sweep is a second net. The init is held by a pidfd from the moment bwrap reports it, so a recycled pid
can never be signalled or waited on by mistake.
"""

from __future__ import annotations

import os
import select
import signal
import time
from pathlib import Path
from types import TracebackType

from swegauge.sandbox.cgroups import ExecutionCgroups

KILL_PATIENCE_S = 5.0


class SandboxTree:
    """bwrap's pid, the sandbox init (as a pidfd once adopted) and the execution's cgroups."""

    def __init__(self, bwrap_pid: int, cgroups: ExecutionCgroups | None) -> None:
        self.bwrap_pid = bwrap_pid
        self.cgroups = cgroups
        self.init_pid: int | None = None
        self._init_pidfd: int | None = None

    def adopt(self, init_pid: int | None) -> None:
        """Hold the sandbox's init (None when bwrap failed before creating it)."""
        if init_pid is None:
            return
        self.init_pid = init_pid
        try:
            self._init_pidfd = os.pidfd_open(init_pid)
        except ProcessLookupError:
            pass
        except (AttributeError, OSError):  # no pidfds (kernel < 5.3): fall back to polling /proc
            pass

    def kill(self) -> None:
        """SIGKILL everything and return once it is gone (or KILL_PATIENCE_S passed)."""
        if self._init_pidfd is not None:
            try:
                signal.pidfd_send_signal(self._init_pidfd, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            os.killpg(self.bwrap_pid, signal.SIGKILL)  # bwrap leads its own session and process group
        except ProcessLookupError:
            pass
        self.wait_gone(time.monotonic() + KILL_PATIENCE_S)
        if self.cgroups is not None:
            self.cgroups.kill_all()

    def wait_gone(self, deadline: float) -> bool:
        """Wait until the sandbox's init has fully exited (its namespace is then empty)."""
        if self._init_pidfd is not None:
            return _wait_readable(self._init_pidfd, deadline)
        if self.init_pid is not None:
            return _poll_until_gone(self.init_pid, deadline)
        return True

    def __enter__(self) -> SandboxTree:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:  # interrupted (e.g. KeyboardInterrupt): leave nothing running
            self.kill()
        if self._init_pidfd is not None:
            os.close(self._init_pidfd)
            self._init_pidfd = None


def wait_for_pid(pid: int, deadline: float) -> bool:
    """Wait until `pid` exits or the deadline passes, without reaping it. For our own children only."""
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    except (AttributeError, OSError):
        return _poll_until_gone(pid, deadline)
    try:
        return _wait_readable(pidfd, deadline)
    finally:
        os.close(pidfd)


def close_fds(*fds: int) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


def _wait_readable(fd: int, deadline: float) -> bool:
    ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
    return bool(ready)


def _poll_until_gone(pid: int, deadline: float) -> bool:
    pause = 0.0005
    while _running(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    return True


def _running(pid: int) -> bool:
    """False once `pid` is gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")
