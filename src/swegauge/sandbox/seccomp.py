"""A seccomp filter that refuses new user namespaces, for sandboxes that run as a host uid.

bubblewrap's --disable-userns needs a user namespace of its own; a sandbox that runs as an unprivileged
host uid (sandbox/identity.py) has none, so this filter does the same job: `unshare` and `clone` with
CLONE_NEWUSER fail with EPERM; `clone3`, whose flags sit in memory a filter cannot read, fails with ENOSYS
(the C library then falls back to `clone`); system calls of another ABI (i386 through int 0x80, x32) fail
with ENOSYS, so they cannot go around the check. Everything else is allowed.

The program is classic BPF over `struct seccomp_data` (nr at 0, arch at 4, args at 16, little-endian), as
bubblewrap's --seccomp FD expects. Only x86_64 and aarch64 are known; elsewhere `program()` is None and the
sandbox runs without it (user namespaces then stay possible, logged once).
"""

from __future__ import annotations

import platform
import struct

CLONE_NEWUSER = 0x10000000
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
EPERM, ENOSYS = 1, 38
X32_SYSCALL_BIT = 0x40000000

# (audit arch, clone, unshare, clone3) per machine
ARCHES = {
    "x86_64": (0xC000003E, 56, 272, 435),
    "aarch64": (0xC00000B7, 220, 97, 435),
}

LD_ABS_W, JEQ, JGE, JSET, RET = 0x20, 0x15, 0x35, 0x45, 0x06
OFFSET_NR, OFFSET_ARCH, OFFSET_ARG0 = 0, 4, 16


def _op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("<HBBI", code, jt, jf, k)


def program(machine: str | None = None) -> bytes | None:
    """The filter for this machine (or `machine`), or None when its system call numbers are not known."""
    known = ARCHES.get(machine or platform.machine())
    if known is None:
        return None
    arch, clone, unshare, clone3 = known
    deny_abi = SECCOMP_RET_ERRNO | ENOSYS
    return b"".join([
        _op(LD_ABS_W, OFFSET_ARCH),                # 0
        _op(JEQ, arch, jt=1),                      # 1: native ABI -> 3
        _op(RET, deny_abi),                        # 2: another ABI
        _op(LD_ABS_W, OFFSET_NR),                  # 3
        _op(JGE, X32_SYSCALL_BIT, jf=1),           # 4: x32 numbers -> 5, else 6
        _op(RET, deny_abi),                        # 5
        _op(JEQ, clone3, jf=1),                    # 6: clone3 -> 7, else 8
        _op(RET, SECCOMP_RET_ERRNO | ENOSYS),      # 7
        _op(JEQ, unshare, jt=1),                   # 8: unshare -> 10
        _op(JEQ, clone, jf=3),                     # 9: clone -> 10, else 13
        _op(LD_ABS_W, OFFSET_ARG0),                # 10: flags (low 32 bits)
        _op(JSET, CLONE_NEWUSER, jf=1),            # 11: CLONE_NEWUSER -> 12, else 13
        _op(RET, SECCOMP_RET_ERRNO | EPERM),       # 12
        _op(RET, SECCOMP_RET_ALLOW),               # 13
    ])


__all__ = ["program"]
