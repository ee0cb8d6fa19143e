"""The bubblewrap command line: what the sandbox sees (system, /etc, mounts), its namespaces and identity,
its environment, and the launcher it starts with. Pure functions of the spec; sandbox/bwrap.py runs them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import PurePosixPath

from swegauge.sandbox.base import WORKSPACE, SandboxSpec
from swegauge.sandbox.identity import Identity

SANDBOX_HOME = "/home/sandbox"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
DEFAULT_LANG = "C.UTF-8"

SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC_FILES = (
    "/etc/hosts", "/etc/nsswitch.conf", "/etc/ld.so.cache", "/etc/localtime",
    "/etc/ssl/certs", "/etc/ssl/openssl.cnf", "/etc/alternatives",
)
NETWORK_ETC_FILES = ("/etc/resolv.conf", "/etc/gai.conf")

SETPRIV_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP")
"""All bwrap keeps, run as root: what setpriv needs to become the sandbox uid and empty the bounding set."""


def passwd_text(uid: int) -> str:
    return ("root:x:0:0:root:/root:/usr/sbin/nologin\n"
            f"sandbox:x:{uid}:{uid}:sandbox:{SANDBOX_HOME}:/bin/sh\n"
            "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")


def group_text(gid: int) -> str:
    return f"root:x:0:\nsandbox:x:{gid}:\nnogroup:x:65534:\n"


LAUNCH = ('cd -- "$2" || exit 126; unset OLDPWD; '
          'command -v -- "$3" >/dev/null 2>&1 || { echo "sandbox: command not found: $3" >&2; exit 127; }; '
          'printf 1 > "/proc/self/fd/$1"; shift 2; exec "$@"')
"""The sandbox's first program (the system's /bin/sh), already the sandbox user: it enters the working
directory (as that user: bwrap, run as root, holds no capability to enter another uid's folder), and if
the command exists, writes a marker on a pipe only the host reads, then becomes the command. No marker:
the command never started (bwrap failed, the folder or the program is missing), a start error. The marker
is written before any code of the command runs, so nothing the command prints, writes to that pipe (it
stays open: dash cannot close a descriptor above 9; the host reads one byte) or exits with can make its
end pass for a start error."""


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
    args = ["--perms", "0755", "--dir", "/etc", "--perms", "0644", "--ro-bind-data", str(passwd_fd), "/etc/passwd",
            "--perms", "0644", "--ro-bind-data", str(group_fd), "/etc/group"]
    made = {"/etc"}
    for path in ETC_FILES + (NETWORK_ETC_FILES if network else ()):
        if os.path.lexists(path):
            args += [*parent_dirs(path, set(), made), "--ro-bind-try", path, path]
    return args


def mount_args(spec: SandboxSpec) -> list[str]:
    size = str(spec.limits.disk_mb * 1024 * 1024)  # private tmpfs: RAM, also bounded by the memory limit
    # both world-writable: run as root, bwrap makes them root's and cannot hand a tmpfs to another uid
    args = ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", size, "--tmpfs", "/tmp",
            "--perms", "1777", "--size", size, "--tmpfs", SANDBOX_HOME, "--bind", str(spec.workspace), WORKSPACE]
    git_dir = spec.workspace / ".git"
    if git_dir.is_dir() and not git_dir.is_symlink():
        args += ["--ro-bind", str(git_dir), f"{WORKSPACE}/.git"]  # sandboxed code never writes git metadata
    mounted, made = {"/tmp", SANDBOX_HOME, WORKSPACE, "/proc", "/dev", *SYSTEM_DIRS}, set()
    for mount in spec.mounts:
        args += parent_dirs(mount.target, mounted, made)
        args += ["--bind" if mount.writable else "--ro-bind", str(mount.source), mount.target]
        mounted.add(mount.target.rstrip("/"))
    return args + ["--remount-ro", "/"]


def parent_dirs(target: str, mounted: set[str], made: set[str]) -> list[str]:
    """--dir for each folder above a mount target that no mount provides, world-readable: left to itself
    bwrap copies the host folder's mode, and a 0700 /root would shut the sandbox user out."""
    args: list[str] = []
    for parent in reversed(PurePosixPath(target).parents[:-1]):  # outermost first, without "/"
        folder = str(parent)
        if folder in made or any(folder == m or folder.startswith(m + "/") for m in mounted):
            continue
        args += ["--perms", "0755", "--dir", folder]
        made.add(folder)
    return args


def namespace_args(spec: SandboxSpec, identity: Identity) -> list[str]:
    common = ["--hostname", "sandbox", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    if identity.host_uid is None:  # a user namespace maps the sandbox user onto the (unprivileged) caller
        args = ["--unshare-all", "--unshare-user", "--disable-userns", "--uid", str(identity.uid),
                "--gid", str(identity.uid), *common]
        return args + (["--share-net"] if spec.network else [])
    args = ["--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try", *common]
    for cap in SETPRIV_CAPS:  # setpriv drops them all (and the bounding set) before the command runs
        args += ["--cap-add", cap]
    return args + ([] if spec.network else ["--unshare-net"])


def sandbox_env(env: Mapping[str, str]) -> dict[str, str]:
    """The only environment the command gets: defaults, then the spec's variables."""
    return {"PATH": DEFAULT_PATH, "HOME": SANDBOX_HOME, "LANG": DEFAULT_LANG, **env}


def env_args(env: Mapping[str, str]) -> list[str]:
    args = ["--clearenv"]
    for key, value in sandbox_env(env).items():
        args += ["--setenv", key, value]
    return args
