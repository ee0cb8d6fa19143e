"""The local Sandbox backend: bubblewrap namespaces + cgroup (v1 or v2) limits + rlimits.

Inside (its command line: sandbox/bwrap_args.py), the command sees: the workspace read-write at /workspace
(its .git read-only), the given mounts, the system (/usr and the /bin, /lib* links or binds) read-only, a
minimal /etc (generated passwd/group, hosts, nsswitch.conf, ld.so.cache, ssl certs, alternatives,
localtime; resolv.conf only with the network), a fresh /proc and /dev, private tmpfs /tmp and HOME, and an
environment built only from the spec. Everything else of the host's root is absent and the root itself is
read-only.

Identity (sandbox/identity.py): run by an unprivileged user, a new user namespace maps the sandbox user
(uid 1000) onto the caller, with no capabilities and no further user namespaces. Run as root, bwrap sets up
namespaces and mounts as root, then `setpriv` becomes an unprivileged host uid (no capabilities, empty
bounding set, no_new_privs) before the command runs, and a seccomp filter (sandbox/seccomp.py) refuses new
user namespaces; the workspace and writable mounts are handed to that uid first. Either way nested
sandboxes such as Chrome's need their --no-sandbox.

Start: bwrap sets up the namespaces and mounts, reports its child's pid (--info-fd) and waits
(--block-fd); only after that child joins the cgroups and gets its rlimits is it released to run the
command, so no process of the command ever runs unconfined. Its first program is a launcher that marks, on
a pipe only the host reads, that the command exists and is about to run: without that mark the run is a
start error, with it the end is the command's whatever it prints.

Limits:
- wall clock: the whole tree dies (SIGKILL to the sandbox's pid-namespace init, which takes every process
  in the namespace with it, daemons included; then a sweep of the cgroup);
- CPU seconds and file size: setrlimit, per process (a parallel test run may use more CPU in total);
- memory and processes: cgroups (v1 or v2), per execution (pids.max counts threads too; RLIMIT_NPROC would
  count per host uid, across sandboxes). Without writable cgroups these two are not enforced (logged);
- stdout/stderr: the head is kept up to the cap; going past it stops the run ("output_limit").

Exit status: bwrap reports a command killed by signal N as 128 + N, like a shell; such codes are read as
"signal" (exit_code None), so a command that itself exits with 129..192 is reported as signalled.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import resource
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from swegauge.sandbox.base import (
    CHANNEL_FD_VAR, SECRET_FD_VAR, EndReason, ExecResult, Limits, SandboxError, SandboxSpec,
)
from swegauge.sandbox import seccomp
from swegauge.sandbox.bwrap_args import (
    LAUNCH, env_args, etc_args, group_text, mount_args, namespace_args, passwd_text, system_args,
)
from swegauge.sandbox.disk import DiskWatch
from swegauge.sandbox.identity import Identity, current_identity, hand_over, hand_over_once
from swegauge.sandbox.cgroups import CGROUP_MOUNT, CgroupUsage, ExecutionCgroups
from swegauge.sandbox.output import Captured, capture
from swegauge.sandbox.tree import SandboxTree, close_fds, wait_for_pid
from swegauge.sandbox.workspace import overlay_upper

log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0
"""How long bwrap may take to report its sandboxed child before the start counts as failed."""

TEARDOWN_PATIENCE_S = 2.0
"""How long the sandbox's pid namespace may take to empty after bwrap reported the exit."""

SIGNAL_EXIT_BASE = 128
"""bwrap reports a command killed by signal N as exit code 128 + N (as shells do)."""


def find_bwrap() -> str | None:
    return shutil.which("bwrap", path="/usr/bin:/usr/local/bin:/bin")


def find_setpriv() -> str:
    """setpriv from the system's read-only /usr (the same path inside the sandbox as outside)."""
    for path in ("/usr/bin/setpriv", "/bin/setpriv"):
        if os.access(path, os.X_OK):
            return path
    raise SandboxError("setpriv (util-linux) is needed to run sandboxes as an unprivileged uid when run as root")


class BwrapSandbox:
    """Runs commands under bubblewrap. Thread-safe: each run has its own processes and cgroups."""

    def __init__(self, *, bwrap: str | None = None, use_cgroups: bool = True,
                 cgroup_mount: Path = CGROUP_MOUNT, identity: Identity | None = None) -> None:
        found = bwrap or find_bwrap()
        if not found or not os.access(found, os.X_OK):
            raise SandboxError("bubblewrap (bwrap) is not installed; install the 'bubblewrap' package")
        self.bwrap = found
        self.use_cgroups = use_cgroups
        self.cgroup_mount = cgroup_mount
        self.identity = identity or current_identity()
        self._setpriv = find_setpriv() if self.identity.host_uid is not None else None
        self._seccomp = seccomp.program() if self.identity.host_uid is not None else None
        if self._setpriv and self._seccomp is None:
            log.warning("no seccomp filter for %s: sandboxed code may create user namespaces", platform.machine())
        self._system_args = system_args()

    def run(self, spec: SandboxSpec, command: Sequence[str]) -> ExecResult:
        check_spec(spec, command)
        try:
            self._hand_over(spec)
        except OSError as err:  # e.g. a volume where root may not chown (NFS root_squash)
            return _start_error(f"cannot hand the workspace or a writable mount to the sandbox uid "
                                f"{self.identity.uid}: {err}", 0.0)
        cgroups = ExecutionCgroups.create(spec.limits, mount=self.cgroup_mount) if self.use_cgroups else None
        try:
            return self._run_in(spec, list(command), cgroups)
        finally:
            if cgroups is not None:
                cgroups.kill_all()
                cgroups.remove()

    def _hand_over(self, spec: SandboxSpec) -> None:
        """What the command may write becomes the sandbox uid's (a no-op when it is the caller's)."""
        hand_over(spec.workspace, self.identity, skip=(".git",), changes=overlay_upper(spec.workspace))
        for mount in spec.mounts:  # fresh folders (reports, a build's /env) or caches only sandboxes write to
            if mount.writable:
                hand_over_once(mount.source, self.identity)

    def _command(self, command: list[str], launched_fd: int, workdir: str) -> list[str]:
        """setpriv (run as root) and the launch marker, then the command."""
        launch = ["/bin/sh", "-c", LAUNCH, "sh", str(launched_fd), workdir, *command]
        if self._setpriv is None:
            return launch
        uid = str(self.identity.uid)
        return [self._setpriv, "--reuid", uid, "--regid", uid, "--clear-groups", "--inh-caps=-all",
                "--ambient-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", *launch]

    def _run_in(self, spec: SandboxSpec, command: list[str], cgroups: ExecutionCgroups | None) -> ExecResult:
        uid = self.identity.uid
        passwd_fd, group_fd = data_pipe(passwd_text(uid)), data_pipe(group_text(uid))
        seccomp_fd = data_pipe(self._seccomp) if self._seccomp is not None else None
        ends = HostEnds()
        info_write, block_read, channel_write, launched_write = ends.open(channel=spec.channel,
                                                                          owner=self.identity.host_uid)
        secret_fd = data_pipe(spec.secret) if spec.secret is not None else None
        extra_env = {CHANNEL_FD_VAR: channel_write, SECRET_FD_VAR: secret_fd}
        variables = {**spec.env, **{k: str(v) for k, v in extra_env.items() if v is not None}}
        argv = [self.bwrap, *self._system_args, *etc_args(passwd_fd, group_fd, spec.network),
                *mount_args(spec), *namespace_args(spec, self.identity), *env_args(variables), "--chdir", "/",
                *(["--seccomp", str(seccomp_fd)] if seccomp_fd is not None else []),
                "--info-fd", str(info_write), "--block-fd", str(block_read), "--",
                *self._command(command, launched_write, spec.workdir)]
        passed = [fd for fd in (passwd_fd, group_fd, seccomp_fd, info_write, block_read, channel_write, secret_fd,
                                launched_write) if fd is not None]
        started = time.monotonic()
        try:
            try:
                stdin = open(spec.stdin_file, "rb") if spec.stdin_file is not None else None  # noqa: SIM115
            except OSError as err:
                close_fds(*passed)
                return _start_error(f"cannot open the stdin file: {err}", time.monotonic() - started)
            try:
                proc = subprocess.Popen(
                    argv, stdin=stdin if stdin is not None else subprocess.DEVNULL, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE, env={}, pass_fds=tuple(passed), start_new_session=True,
                )
            except (OSError, subprocess.SubprocessError) as err:
                return _start_error(f"cannot start bwrap: {err}", time.monotonic() - started)
            finally:
                close_fds(*passed)
                if stdin is not None:
                    stdin.close()
            return self._confined(proc, spec, cgroups, ends, started)
        finally:
            ends.close()

    def _confined(self, proc: subprocess.Popen[bytes], spec: SandboxSpec, cgroups: ExecutionCgroups | None,
                  ends: HostEnds, started: float) -> ExecResult:
        with SandboxTree(proc.pid, cgroups) as tree:
            try:
                tree.adopt(read_sandbox_pid(ends.info_read, started + START_TIMEOUT_S))
                confine(tree.init_pid, spec.limits, cgroups)
                release(ends.block_write)
            except OSError as err:
                tree.kill()
                proc.communicate()
                return _start_error(f"cannot confine the sandbox: {err}", time.monotonic() - started)
            return self._supervise(proc, tree, spec, started, ends)

    def _supervise(self, proc: subprocess.Popen[bytes], tree: SandboxTree, spec: SandboxSpec,
                   started: float, ends: HostEnds) -> ExecResult:
        limits = spec.limits
        deadline = started + limits.wall_seconds
        disk = DiskWatch(spec.workspace, limits.disk_mb)
        assert proc.stdout is not None and proc.stderr is not None
        with proc.stdout, proc.stderr:
            captured = capture(proc.stdout, proc.stderr, limit=limits.output_bytes, deadline=deadline, stop=tree.kill,
                               channel=ends.channel_read, watch=disk.check)
        if captured.stopped_by is None and not wait_for_pid(proc.pid, deadline):
            captured.stopped_by = "timeout"  # it closed its pipes but kept running
            tree.kill()
        _, status, rusage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if not tree.wait_gone(time.monotonic() + TEARDOWN_PATIENCE_S):
            tree.kill()  # bwrap reports the exit before its pid namespace is torn down; normally quick
        duration = time.monotonic() - started
        usage = tree.cgroups.usage() if tree.cgroups is not None else CgroupUsage()
        cpu_used = usage.cpu_seconds if usage.cpu_seconds is not None else rusage.ru_utime + rusage.ru_stime
        ended_by, exit_code = classify(captured, proc.returncode, usage, cpu_used, limits, launched=ends.launched())
        if ended_by == "exit" and disk.check(force=True) is not None:
            ended_by, exit_code = "disk_limit", None  # it finished between two checks, over the quota
        return ExecResult(
            exit_code=exit_code, stdout=captured.stdout.text(), stderr=captured.stderr.text(),
            duration_s=duration, ended_by=ended_by, stdout_truncated=captured.stdout.overflowed,
            stderr_truncated=captured.stderr.overflowed, process_limit_hit=usage.process_limit_hits > 0,
            channel=bytes(captured.channel.data).decode("utf-8", errors="replace"), disk_used_mb=disk.used_mb,
        )


@dataclass
class HostEnds:
    """The host's ends of one run's pipes: bwrap's pid report, its release, the result channel, the marker."""

    info_read: int = -1
    block_write: int = -1
    channel_read: int | None = None
    launched_read: int = -1

    def open(self, *, channel: bool, owner: int | None) -> tuple[int, int, int | None, int]:
        """Make the pipes; returns the ends the sandbox gets (info, block, channel, launched)."""
        self.info_read, info_write = os.pipe()  # bwrap reports the sandbox's pid here...
        block_read, self.block_write = os.pipe()  # ...and waits here, before anything runs, to be confined
        self.channel_read, channel_write = os.pipe() if channel else (None, None)
        self.launched_read, launched_write = os.pipe()
        if owner is not None:  # the launcher reopens it through /proc, as the sandbox uid
            os.fchown(launched_write, owner, owner)
        return info_write, block_read, channel_write, launched_write

    def launched(self) -> bool:
        os.set_blocking(self.launched_read, False)
        try:
            return os.read(self.launched_read, 1) == b"1"
        except BlockingIOError:
            return False

    def close(self) -> None:
        close_fds(*(fd for fd in (self.info_read, self.block_write, self.channel_read, self.launched_read)
                    if fd is not None and fd >= 0))
        self.info_read = self.block_write = self.launched_read = -1
        self.channel_read = None


def check_spec(spec: SandboxSpec, command: Sequence[str]) -> None:
    """Refuse specs that cannot mean what they say (a caller's bug, not a model's failure)."""
    if not command:
        raise SandboxError("empty command")
    if not spec.workspace.is_dir():
        raise SandboxError(f"workspace is not a directory: {spec.workspace}")
    if not spec.workdir.startswith("/"):
        raise SandboxError(f"workdir must be absolute inside the sandbox: {spec.workdir!r}")
    for mount in spec.mounts:
        if not mount.target.startswith("/") or mount.target.rstrip("/") in ("", "/proc", "/dev"):
            raise SandboxError(f"bad mount target: {mount.target!r}")
        if not mount.source.exists():
            raise SandboxError(f"mount source does not exist: {mount.source}")
    if spec.stdin_file is not None and not spec.stdin_file.is_file():
        raise SandboxError(f"stdin file is not a file: {spec.stdin_file}")
    for key, value in spec.env.items():
        if not key or "=" in key or "\0" in key or "\0" in value:
            raise SandboxError(f"bad environment variable: {key!r}")


def data_pipe(text: str | bytes) -> int:
    """A pipe's read end already holding `text` (bwrap copies it into the sandbox). Small data only."""
    read_fd, write_fd = os.pipe()
    try:
        os.write(write_fd, text.encode() if isinstance(text, str) else text)
    finally:
        os.close(write_fd)
    return read_fd


def read_sandbox_pid(info_fd: int, deadline: float) -> int | None:
    """The pid of bwrap's sandboxed child, from --info-fd (None if bwrap failed before creating it)."""
    data = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([info_fd], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(info_fd, 4096) if ready else b""
        if not chunk:
            break
        data += chunk
    try:
        return int(json.loads(data)["child-pid"])
    except (ValueError, KeyError, TypeError):
        return None


def confine(sandbox_pid: int | None, limits: Limits, cgroups: ExecutionCgroups | None) -> None:
    """Put bwrap's (still blocked) sandboxed child into the cgroups and give it its rlimits.

    The child has set up the mounts but forks and execs nothing until released, so every process of the
    command inherits both. The outer bwrap stays outside: the OOM killer must pick from the sandbox, and
    the outer's exit status is how the command's is learnt.
    """
    if sandbox_pid is None:
        return  # bwrap is failing on its own; its stderr will say why
    if cgroups is not None:
        cgroups.enter(sandbox_pid)
    file_size = limits.file_size_mb * 1024 * 1024
    # SIGXCPU at the soft CPU limit, SIGKILL a second later; no core files from either.
    resource.prlimit(sandbox_pid, resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.prlimit(sandbox_pid, resource.RLIMIT_FSIZE, (file_size, file_size))
    resource.prlimit(sandbox_pid, resource.RLIMIT_CORE, (0, 0))


def release(block_fd: int) -> None:
    try:
        os.write(block_fd, b"1")
    except BrokenPipeError:
        pass  # bwrap already exited


def classify(captured: Captured, returncode: int, usage: CgroupUsage, cpu_used: float,
             limits: Limits, *, launched: bool = True) -> tuple[EndReason, int | None]:
    """Why the run ended, and the exit code to report (None when it was killed). `launched`: the launch
    marker arrived, so the command itself ran (what it prints cannot make its end a start error)."""
    if captured.stopped_by is not None:
        return captured.stopped_by, None
    signal_number = returncode - SIGNAL_EXIT_BASE if SIGNAL_EXIT_BASE < returncode <= SIGNAL_EXIT_BASE + 64 else 0
    if usage.oom_kills > 0:  # the OOM killer took some process; the result cannot be trusted
        return "memory", None if signal_number or returncode < 0 else returncode
    if returncode < 0:  # bwrap itself died of a signal
        return "signal", None
    if not launched:
        return "start_error", None
    if signal_number == signal.SIGXCPU or (signal_number == signal.SIGKILL and cpu_used >= limits.cpu_seconds):
        return "cpu", None
    if signal_number:
        return "signal", None
    return "exit", returncode


def _start_error(message: str, duration: float) -> ExecResult:
    return ExecResult(exit_code=None, stdout="", stderr=message, duration_s=duration, ended_by="start_error")
