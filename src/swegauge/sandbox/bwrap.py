"""The local Sandbox backend: bubblewrap namespaces + cgroup v1 limits + rlimits.

Inside, the command sees: the workspace read-write at /workspace (its .git read-only), the given mounts, the system (/usr and
the /bin, /lib* links or binds) read-only, a minimal /etc (generated passwd/group, hosts, nsswitch.conf,
ld.so.cache, ssl certs, alternatives, localtime; resolv.conf only with the network), a fresh /proc and
/dev, private tmpfs /tmp and HOME, and an environment built only from the spec. Everything else of the
host's root is absent and the root itself is read-only.

Identity: a new user namespace maps the sandbox uid/gid (1000) onto the caller, with no capabilities and
no further user namespaces (so nested sandboxes such as Chrome's need their --no-sandbox). Run as root,
files the sandbox writes are root-owned on the host, so the host side (git applying patches, cleanup)
keeps full access to the workspace; the price is that uid 1000 inside *is* host root outside, held in by
the mount namespace, the read-only binds and the empty capability sets.

Start: bwrap sets up the namespaces and mounts, reports its child's pid (--info-fd) and waits
(--block-fd); only after that child joins the cgroups and gets its rlimits is it released to run the
command, so no process of the command ever runs unconfined.

Limits:
- wall clock: the whole tree dies (SIGKILL to the sandbox's pid-namespace init, which takes every process
  in the namespace with it, daemons included; then a sweep of the cgroup);
- CPU seconds and file size: setrlimit, per process (a parallel test run may use more CPU in total);
- memory and processes: cgroup v1, per execution (pids.max counts threads too; RLIMIT_NPROC would not
  bind, the sandbox user being host root). Without writable cgroups these two are not enforced (logged);
- stdout/stderr: the head is kept up to the cap; going past it stops the run ("output_limit").

Exit status: bwrap reports a command killed by signal N as 128 + N, like a shell; such codes are read as
"signal" (exit_code None), so a command that itself exits with 129..192 is reported as signalled.
"""

from __future__ import annotations

import json
import os
import resource
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from swegauge.sandbox.base import (
    CHANNEL_FD_VAR, SECRET_FD_VAR, WORKSPACE, EndReason, ExecResult, Limits, SandboxError, SandboxSpec,
)
from swegauge.sandbox.disk import DiskWatch
from swegauge.sandbox.cgroups import CGROUP_MOUNT, CgroupUsage, ExecutionCgroups
from swegauge.sandbox.output import Captured, capture
from swegauge.sandbox.tree import SandboxTree, close_fds, wait_for_pid

SANDBOX_UID = 1000
SANDBOX_GID = 1000
SANDBOX_HOME = "/home/sandbox"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
DEFAULT_LANG = "C.UTF-8"

SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC_FILES = (
    "/etc/hosts", "/etc/nsswitch.conf", "/etc/ld.so.cache", "/etc/localtime",
    "/etc/ssl/certs", "/etc/ssl/openssl.cnf", "/etc/alternatives",
)
NETWORK_ETC_FILES = ("/etc/resolv.conf", "/etc/gai.conf")

PASSWD = (
    "root:x:0:0:root:/root:/usr/sbin/nologin\n"
    f"sandbox:x:{SANDBOX_UID}:{SANDBOX_GID}:sandbox:{SANDBOX_HOME}:/bin/sh\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
)
GROUP = f"root:x:0:\nsandbox:x:{SANDBOX_GID}:\nnogroup:x:65534:\n"

START_TIMEOUT_S = 30.0
"""How long bwrap may take to report its sandboxed child before the start counts as failed."""

TEARDOWN_PATIENCE_S = 2.0
"""How long the sandbox's pid namespace may take to empty after bwrap reported the exit."""

SIGNAL_EXIT_BASE = 128
"""bwrap reports a command killed by signal N as exit code 128 + N (as shells do)."""


def find_bwrap() -> str | None:
    return shutil.which("bwrap", path="/usr/bin:/usr/local/bin:/bin")


class BwrapSandbox:
    """Runs commands under bubblewrap. Thread-safe: each run has its own processes and cgroups."""

    def __init__(self, *, bwrap: str | None = None, use_cgroups: bool = True,
                 cgroup_mount: Path = CGROUP_MOUNT) -> None:
        found = bwrap or find_bwrap()
        if not found or not os.access(found, os.X_OK):
            raise SandboxError("bubblewrap (bwrap) is not installed; install the 'bubblewrap' package")
        self.bwrap = found
        self.use_cgroups = use_cgroups
        self.cgroup_mount = cgroup_mount
        self._system_args = system_args()

    def run(self, spec: SandboxSpec, command: Sequence[str]) -> ExecResult:
        check_spec(spec, command)
        cgroups = ExecutionCgroups.create(spec.limits, mount=self.cgroup_mount) if self.use_cgroups else None
        try:
            return self._run_in(spec, list(command), cgroups)
        finally:
            if cgroups is not None:
                cgroups.kill_all()
                cgroups.remove()

    def _run_in(self, spec: SandboxSpec, command: list[str], cgroups: ExecutionCgroups | None) -> ExecResult:
        passwd_fd, group_fd = data_pipe(PASSWD), data_pipe(GROUP)
        info_read, info_write = os.pipe()  # bwrap reports the sandbox's pid here...
        block_read, block_write = os.pipe()  # ...and waits here, before anything runs, to be confined
        channel_read, channel_write = os.pipe() if spec.channel else (None, None)
        secret_fd = data_pipe(spec.secret) if spec.secret is not None else None
        extra_env = {CHANNEL_FD_VAR: channel_write, SECRET_FD_VAR: secret_fd}
        variables = {**spec.env, **{k: str(v) for k, v in extra_env.items() if v is not None}}
        argv = [self.bwrap, *self._system_args, *etc_args(passwd_fd, group_fd, spec.network),
                *mount_args(spec), *namespace_args(spec), *env_args(variables), "--chdir", spec.workdir,
                "--info-fd", str(info_write), "--block-fd", str(block_read), "--", *command]
        passed = [fd for fd in (passwd_fd, group_fd, info_write, block_read, channel_write, secret_fd) if fd is not None]
        started = time.monotonic()
        try:
            stdin = open(spec.stdin_file, "rb") if spec.stdin_file is not None else None  # noqa: SIM115
        except OSError as err:
            close_fds(*passed, info_read, block_write, *([channel_read] if channel_read is not None else []))
            return _start_error(f"cannot open the stdin file: {err}", time.monotonic() - started)
        try:
            proc = subprocess.Popen(
                argv, stdin=stdin if stdin is not None else subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={},
                pass_fds=tuple(passed), start_new_session=True,
            )
        except (OSError, subprocess.SubprocessError) as err:
            close_fds(info_read, block_write, *([channel_read] if channel_read is not None else []))
            return _start_error(f"cannot start bwrap: {err}", time.monotonic() - started)
        finally:
            close_fds(*passed)
            if stdin is not None:
                stdin.close()
        try:
            return self._confined(proc, spec, cgroups, info_read, block_write, channel_read, started)
        finally:
            if channel_read is not None:
                close_fds(channel_read)

    def _confined(self, proc: subprocess.Popen[bytes], spec: SandboxSpec, cgroups: ExecutionCgroups | None,
                  info_read: int, block_write: int, channel_read: int | None, started: float) -> ExecResult:
        with SandboxTree(proc.pid, cgroups) as tree:
            try:
                tree.adopt(read_sandbox_pid(info_read, started + START_TIMEOUT_S))
                confine(tree.init_pid, spec.limits, cgroups)
                release(block_write)
            except OSError as err:
                tree.kill()
                proc.communicate()
                return _start_error(f"cannot confine the sandbox: {err}", time.monotonic() - started)
            finally:
                close_fds(info_read, block_write)
            return self._supervise(proc, tree, spec, started, channel_read)

    def _supervise(self, proc: subprocess.Popen[bytes], tree: SandboxTree, spec: SandboxSpec,
                   started: float, channel_read: int | None) -> ExecResult:
        limits = spec.limits
        deadline = started + limits.wall_seconds
        disk = DiskWatch(spec.workspace, limits.disk_mb)
        assert proc.stdout is not None and proc.stderr is not None
        with proc.stdout, proc.stderr:
            captured = capture(proc.stdout, proc.stderr, limit=limits.output_bytes, deadline=deadline, stop=tree.kill,
                               channel=channel_read, watch=disk.check)
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
        ended_by, exit_code = classify(captured, proc.returncode, usage, cpu_used, limits)
        if ended_by == "exit" and disk.check(force=True) is not None:
            ended_by, exit_code = "disk_limit", None  # it finished between two checks, over the quota
        return ExecResult(
            exit_code=exit_code, stdout=captured.stdout.text(), stderr=captured.stderr.text(),
            duration_s=duration, ended_by=ended_by, stdout_truncated=captured.stdout.overflowed,
            stderr_truncated=captured.stderr.overflowed, process_limit_hit=usage.process_limit_hits > 0,
            channel=bytes(captured.channel.data).decode("utf-8", errors="replace"), disk_used_mb=disk.used_mb,
        )


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


def system_args() -> list[str]:
    """Read-only system directories, mirroring the host's merged-/usr symlinks."""
    args: list[str] = []
    for path in SYSTEM_DIRS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def etc_args(passwd_fd: int, group_fd: int, network: bool) -> list[str]:
    args = ["--ro-bind-data", str(passwd_fd), "/etc/passwd", "--ro-bind-data", str(group_fd), "/etc/group"]
    for path in ETC_FILES + (NETWORK_ETC_FILES if network else ()):
        args += ["--ro-bind-try", path, path]
    return args


def mount_args(spec: SandboxSpec) -> list[str]:
    size = str(spec.limits.disk_mb * 1024 * 1024)  # private tmpfs: RAM, also bounded by the memory limit
    args = ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", size, "--tmpfs", "/tmp",
            "--size", size, "--tmpfs", SANDBOX_HOME, "--bind", str(spec.workspace), WORKSPACE]
    git_dir = spec.workspace / ".git"
    if git_dir.is_dir() and not git_dir.is_symlink():
        args += ["--ro-bind", str(git_dir), f"{WORKSPACE}/.git"]  # sandboxed code never writes git metadata
    for mount in spec.mounts:
        args += ["--bind" if mount.writable else "--ro-bind", str(mount.source), mount.target]
    return args + ["--remount-ro", "/"]


def namespace_args(spec: SandboxSpec) -> list[str]:
    args = ["--unshare-all", "--unshare-user", "--disable-userns",
            "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_GID), "--hostname", "sandbox",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    return args + (["--share-net"] if spec.network else [])


def sandbox_env(env: Mapping[str, str]) -> dict[str, str]:
    """The only environment the command gets: defaults, then the spec's variables."""
    return {"PATH": DEFAULT_PATH, "HOME": SANDBOX_HOME, "LANG": DEFAULT_LANG, **env}


def env_args(env: Mapping[str, str]) -> list[str]:
    args = ["--clearenv"]
    for key, value in sandbox_env(env).items():
        args += ["--setenv", key, value]
    return args


def data_pipe(text: str) -> int:
    """A pipe's read end already holding `text` (bwrap copies it into the sandbox)."""
    read_fd, write_fd = os.pipe()
    try:
        os.write(write_fd, text.encode())
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
             limits: Limits) -> tuple[EndReason, int | None]:
    """Why the run ended, and the exit code to report (None when it was killed)."""
    if captured.stopped_by is not None:
        return captured.stopped_by, None
    signal_number = returncode - SIGNAL_EXIT_BASE if SIGNAL_EXIT_BASE < returncode <= SIGNAL_EXIT_BASE + 64 else 0
    if usage.oom_kills > 0:  # the OOM killer took some process; the result cannot be trusted
        return "memory", None if signal_number or returncode < 0 else returncode
    if returncode < 0:  # bwrap itself died of a signal
        return "signal", None
    if returncode == 1 and captured.stderr.data.startswith(b"bwrap: "):
        return "start_error", None
    if signal_number == signal.SIGXCPU or (signal_number == signal.SIGKILL and cpu_used >= limits.cpu_seconds):
        return "cpu", None
    if signal_number:
        return "signal", None
    return "exit", returncode


def _start_error(message: str, duration: float) -> ExecResult:
    return ExecResult(exit_code=None, stdout="", stderr=message, duration_s=duration, ended_by="start_error")
