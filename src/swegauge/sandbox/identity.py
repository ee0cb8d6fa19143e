"""Who sandboxed code is on the host, and handing it the directories it writes.

Two identities:

- Run by an unprivileged user, bubblewrap maps the sandbox user (uid 1000 inside) onto the caller through
  a user namespace: the sandbox is exactly as privileged as the caller, and owns what the caller owns.
- Run as root, the sandbox never runs as root: bubblewrap sets up the namespaces and mounts as root, then
  `setpriv` (from the read-only /usr) becomes an unprivileged host uid (`SWEGAUGE_SANDBOX_UID`, default
  60999, above the range `adduser` hands out), with no capabilities, an empty bounding set and
  no_new_privs, before the command runs. Code that escaped the namespaces would be that uid, not root.
  A seccomp filter refuses new user namespaces (a capability-holding namespace is the usual first step of
  a kernel exploit), which bubblewrap's own --disable-userns cannot do without a user namespace.

In the second case the sandbox can only write what that uid owns, so the host hands it over first:
`hand_over(path)` gives every entry of a tree (never following links) to the sandbox uid, skipping those
it already owns, and `hand_over_once(path)` does that for a tree that never changes after it is made
(prepared bases, built environments): the top directory is changed last, so its owner says the whole tree
was handed over and later calls cost one stat. The host keeps full access (it is root); host-side git is
fine with trees another uid owns (`safe.directory=*`, envs/git.py).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from swegauge.sandbox.base import SandboxError

HOST_UID_VAR = "SWEGAUGE_SANDBOX_UID"
DEFAULT_HOST_UID = 60999
USERNS_UID = 1000
"""The sandbox user's uid inside a user namespace (mapped onto the unprivileged caller)."""

_lock = threading.Lock()


@dataclass(frozen=True)
class Identity:
    """host_uid None: the sandbox user is the caller, through a user namespace; else that host uid/gid."""

    host_uid: int | None = None

    @property
    def uid(self) -> int:
        """The sandbox user's uid as code inside sees it."""
        return USERNS_UID if self.host_uid is None else self.host_uid


def current_identity() -> Identity:
    """The identity sandboxes get in this process: a host uid when run as root, else the caller."""
    if os.geteuid() != 0:
        return Identity()
    raw = os.environ.get(HOST_UID_VAR, "").strip()
    if not raw:
        return Identity(DEFAULT_HOST_UID)
    if not raw.isdigit() or not 0 < int(raw) < 2**31:
        raise SandboxError(f"{HOST_UID_VAR}={raw!r}: must be a uid between 1 and {2**31 - 1} (not root)")
    return Identity(int(raw))


def hand_over(path: Path, identity: Identity | None = None, *, skip: tuple[str, ...] = (),
              changes: Path | None = None) -> int:
    """Give `path` and everything under it to the sandbox uid, without following links; names in `skip`
    (directly under `path`) are left alone. `changes`: a tree holding only what may differ (an overlay's
    upper layer): only the paths it has are looked at under `path`. Returns how many entries changed owner."""
    identity = identity or current_identity()
    if identity.host_uid is None:
        return 0
    uid, changed = identity.host_uid, 0
    walked = Path(changes) if changes is not None else Path(path)
    stack = [""]
    while stack:
        relative = stack.pop()
        try:
            entries = list(os.scandir(walked / relative if relative else walked))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if not relative and entry.name in skip:
                continue
            name = f"{relative}/{entry.name}" if relative else entry.name
            changed += _give(os.path.join(path, name), uid)
            if entry.is_dir(follow_symlinks=False):
                stack.append(name)
    return changed + _give(str(path), uid)  # the top last: hand_over_once reads it as "done"


def _give(path: str, uid: int) -> int:
    try:
        if _owned(path, uid):
            return 0
    except FileNotFoundError:
        return 0  # a whiteout in an upper layer: deleted in the merged tree
    os.lchown(path, uid, uid)
    return 1


def hand_over_once(path: Path, identity: Identity | None = None) -> None:
    """hand_over for a tree that does not change once made: a no-op when its top is already handed over."""
    identity = identity or current_identity()
    if identity.host_uid is None or _owned(path, identity.host_uid):
        return
    with _lock:
        if not _owned(path, identity.host_uid):
            hand_over(path, identity)


def _owned(path: Path | str, uid: int) -> bool:
    info = os.lstat(path)
    return info.st_uid == uid and info.st_gid == uid


__all__ = ["Identity", "current_identity", "hand_over", "hand_over_once", "HOST_UID_VAR", "DEFAULT_HOST_UID"]
