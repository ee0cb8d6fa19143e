"""Who sandboxed code is on the host: an unprivileged uid, never root; what it may write is handed to it;
it cannot make new user namespaces; and a start error is something only the harness can report."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from swegauge.sandbox import BwrapSandbox, Limits, Mount, SandboxError, SandboxSpec
from swegauge.sandbox.identity import (
    DEFAULT_HOST_UID, HOST_UID_VAR, Identity, current_identity, hand_over, hand_over_once,
)
from swegauge.sandbox import seccomp
from tests.sandbox.support import FAST, PYTHON, skip_without_bwrap

as_root = pytest.mark.skipif(os.geteuid() != 0, reason="the host-uid identity is for runs as root")
HOST = Identity(DEFAULT_HOST_UID)


@as_root
def test_as_root_the_sandbox_is_an_unprivileged_host_uid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HOST_UID_VAR, raising=False)
    assert current_identity() == HOST
    monkeypatch.setenv(HOST_UID_VAR, "54321")
    assert current_identity().uid == 54321


@as_root
@pytest.mark.parametrize("value", ["0", "-5", "abc", "99999999999"])
def test_a_bad_sandbox_uid_is_refused_naming_the_variable(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(HOST_UID_VAR, value)
    with pytest.raises(SandboxError, match=HOST_UID_VAR):
        current_identity()


def test_hand_over_skips_git_and_never_follows_links(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("chown needs root")
    outside = tmp_path / "outside.txt"
    outside.write_text("host file\n")
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / ".git").mkdir()
    (tree / ".git" / "HEAD").write_text("ref\n")
    (tree / "sub" / "a.py").write_text("x = 1\n")
    (tree / "link").symlink_to(outside)
    (tree / "dirlink").symlink_to(tmp_path)
    changed = hand_over(tree, HOST, skip=(".git",))
    assert changed == 5  # tree, sub, sub/a.py and the two links themselves
    for path in (tree, tree / "sub", tree / "sub" / "a.py"):
        assert (os.lstat(path).st_uid, os.lstat(path).st_gid) == (HOST.uid, HOST.uid)
    assert os.lstat(tree / "link").st_uid == HOST.uid
    assert os.stat(outside).st_uid == 0 and os.stat(tmp_path).st_uid == 0  # link targets untouched
    assert os.stat(tree / ".git").st_uid == 0 and os.stat(tree / ".git" / "HEAD").st_uid == 0
    assert hand_over(tree, HOST, skip=(".git",)) == 0  # nothing left to change


def test_hand_over_once_trusts_the_top_folder(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("chown needs root")
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "f").write_text("1")
    hand_over_once(tmp_path / "base", HOST)
    assert os.stat(tmp_path / "base" / "f").st_uid == HOST.uid
    (tmp_path / "base" / "g").write_text("2")  # a base never changes; if it did, the top says "done"
    hand_over_once(tmp_path / "base", HOST)
    assert os.stat(tmp_path / "base" / "g").st_uid == 0


def test_the_caller_identity_hands_nothing_over(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("1")
    assert hand_over(tmp_path, Identity()) == 0
    assert os.stat(tmp_path / "f").st_uid == os.geteuid()


def test_seccomp_program_is_well_formed() -> None:
    for machine in seccomp.ARCHES:
        program = seccomp.program(machine)
        assert program is not None and len(program) % 8 == 0
        ops = [struct.unpack("<HBBI", program[i:i + 8]) for i in range(0, len(program), 8)]
        for index, (code, jt, jf, _) in enumerate(ops):  # every jump lands inside the program
            if code & 0x07 == 0x05:
                assert index + 1 + max(jt, jf) < len(ops)
        assert ops[-1] == (0x06, 0, 0, seccomp.SECCOMP_RET_ALLOW)
    assert seccomp.program("sparc64") is None


@skip_without_bwrap
@as_root
def test_files_the_sandbox_writes_belong_to_the_sandbox_uid_not_root(sandbox: BwrapSandbox, tmp_path: Path) -> None:
    workspace, out = tmp_path / "ws", tmp_path / "out"
    workspace.mkdir(mode=0o700)  # a private folder the host made: handed over before the run
    out.mkdir(mode=0o700)
    (workspace / "old.txt").write_text("host wrote this\n")
    spec = SandboxSpec(workspace=workspace, mounts=(Mount(source=out, target="/out", writable=True),), limits=FAST)
    result = sandbox.run(spec, ["sh", "-c", "echo new > new.txt && echo more >> old.txt && echo r > /out/r.txt"])
    assert result.ok, result.stderr
    for path in (workspace / "new.txt", workspace / "old.txt", out / "r.txt"):
        assert os.stat(path).st_uid == sandbox.identity.uid != 0


@skip_without_bwrap
@as_root
def test_no_capability_survives_and_setuid_programs_gain_nothing(run) -> None:
    result = run("grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs)' /proc/self/status")
    assert result.ok, result.stderr
    fields = dict(line.split(":\t") for line in result.stdout.strip().splitlines())
    assert all(fields[key].strip() == "0000000000000000" for key in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"))
    assert fields["NoNewPrivs"].strip() == "1"


@skip_without_bwrap
def test_no_new_user_namespace_can_be_made(run) -> None:
    probe = ("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
             "print('made' if libc.unshare(0x10000000) == 0 else f'refused {ctypes.get_errno()}')\n")
    result = run([PYTHON, "-c", probe])
    assert result.ok, result.stderr
    assert result.stdout.startswith("refused")
    spawn = "import threading; t = threading.Thread(target=print, args=('ok',)); t.start(); t.join()"
    threads = run([PYTHON, "-c", spawn])
    assert threads.stdout == "ok\n", threads.stderr  # clone3 refused, threads still start (clone fallback)


@skip_without_bwrap
def test_a_command_cannot_pass_its_own_failure_off_as_a_start_error(run) -> None:
    result = run("echo 'bwrap: Cannot mount proc on /newroot/proc: Operation not permitted' >&2; exit 1")
    assert (result.ended_by, result.exit_code) == ("exit", 1)
    missing = run(["/workspace/no-such-program"])
    assert missing.ended_by == "start_error" and "no-such-program" in missing.stderr


@skip_without_bwrap
def test_a_workdir_that_does_not_exist_is_a_start_error(sandbox: BwrapSandbox, workspace: Path) -> None:
    spec = SandboxSpec(workspace=workspace, workdir="/workspace/missing", limits=FAST)
    assert sandbox.run(spec, ["true"]).ended_by == "start_error"


@skip_without_bwrap
def test_a_mount_below_a_private_host_folder_is_reachable(run, tmp_path: Path) -> None:
    private = tmp_path / "private"
    (private / "tools").mkdir(parents=True)
    private.chmod(0o700)
    (private / "tools" / "tool.txt").write_text("tool\n")
    result = run("cat /opt/private/tools/tool.txt",
                 mounts=[Mount(source=private / "tools", target="/opt/private/tools")],
                 limits=Limits(wall_seconds=20))
    assert result.stdout == "tool\n", result.stderr


@skip_without_bwrap
@as_root
def test_a_workspace_that_cannot_be_handed_over_is_a_start_error(sandbox: BwrapSandbox, workspace: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path, uid, gid):
        raise PermissionError(1, "Operation not permitted", str(path))

    monkeypatch.setattr(os, "lchown", refuse)
    result = sandbox.run(SandboxSpec(workspace=workspace, limits=FAST), ["true"])
    assert result.ended_by == "start_error" and "sandbox uid" in result.stderr and "not permitted" in result.stderr
