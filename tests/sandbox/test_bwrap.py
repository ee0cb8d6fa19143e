"""BwrapSandbox isolation: what the command can see, reach and change. Real bwrap, real processes."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from swegauge.sandbox import WORKSPACE, BwrapSandbox, Mount, SandboxError, SandboxSpec
from tests.sandbox.support import PYTHON, skip_without_bwrap

pytestmark = [pytest.mark.integration, skip_without_bwrap]


def test_exit_codes_and_output_pass_through(run) -> None:
    result = run("echo out; echo err >&2; exit 3")
    assert (result.exit_code, result.ended_by, result.ok) == (3, "exit", False)
    assert (result.stdout, result.stderr) == ("out\n", "err\n")
    ok = run(["true"])
    assert (ok.exit_code, ok.ended_by, ok.ok) == (0, "exit", True)
    assert ok.duration_s > 0


def test_invalid_utf8_output_is_replaced_not_fatal(run) -> None:
    result = run(r"printf 'caf\303\251 \377\n'")
    assert result.stdout == "café \ufffd\n"


def test_killed_by_signal_reports_signal_without_exit_code(run) -> None:
    result = run("kill -SEGV $$")
    assert (result.ended_by, result.exit_code) == ("signal", None)


def test_missing_command_is_a_start_error(run) -> None:
    result = run(["no-such-command-anywhere"])
    assert (result.ended_by, result.exit_code) == ("start_error", None)
    assert "no-such-command-anywhere" in result.stderr


def test_workspace_is_mounted_read_write_and_the_host_sees_writes(run, workspace: Path) -> None:
    result = run(f"cat {WORKSPACE}/hello.txt && pwd && echo made > {WORKSPACE}/new.txt")
    assert result.ok, result.stderr
    assert result.stdout == f"hello from the workspace\n{WORKSPACE}\n"
    assert (workspace / "new.txt").read_text() == "made\n"
    (workspace / "new.txt").write_text("host can still write\n")  # the host keeps read/write access


def test_runs_as_unprivileged_user_without_capabilities(run, sandbox: BwrapSandbox) -> None:
    result = run("id -u; id -g; grep CapEff /proc/self/status; whoami")
    assert result.ok, result.stderr
    uid, gid, caps, name = result.stdout.split("\n")[:4]
    expected = str(sandbox.identity.uid)
    assert (uid, gid, name) == (expected, expected, "sandbox") and uid != "0"
    assert caps.split()[1] == "0000000000000000"


def test_host_environment_never_leaks(run, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = f"sk-{uuid.uuid4().hex}"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    result = run(["env"], env={"CI": "true"})
    assert result.ok, result.stderr
    assert secret not in result.stdout and "OPENAI_API_KEY" not in result.stdout
    variables = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert variables["CI"] == "true"
    assert variables["HOME"] == "/home/sandbox" and variables["LANG"] == "C.UTF-8"
    assert "/usr/bin" in variables["PATH"]
    assert set(variables) <= {"CI", "HOME", "LANG", "PATH", "PWD"}


def test_spec_env_overrides_defaults(run) -> None:
    result = run("echo $PATH; echo $HOME", env={"PATH": "/opt/tool/bin:/usr/bin:/bin"})
    assert result.stdout.splitlines()[0] == "/opt/tool/bin:/usr/bin:/bin"


def test_host_files_outside_the_mounts_are_invisible(run, tmp_path: Path) -> None:
    in_root = Path("/root") / f"swegauge-secret-{uuid.uuid4().hex}"
    in_tmp = tmp_path / "not-mounted.txt"
    in_tmp.write_text("host secret\n")
    in_root.write_text("root secret\n")
    try:
        for path in (in_root, in_tmp, Path("/etc/shadow"), Path("/etc/gshadow")):
            result = run(["cat", str(path)])
            assert result.exit_code != 0, f"{path} was readable: {result.stdout!r}"
            assert "secret" not in result.stdout
    finally:
        in_root.unlink()
    listing = run("ls -A /root 2>&1; ls -A /etc")
    assert in_root.name not in listing.stdout
    assert "shadow" not in listing.stdout and "passwd" in listing.stdout


def test_system_is_readable_but_not_writable(run) -> None:
    result = run("for p in /usr/swegauge-x /etc/swegauge-x /swegauge-x /etc/passwd /bin/sh; do "
                 "if echo x >> $p 2>/dev/null; then echo WROTE $p; fi; done; ls /usr/bin/env >/dev/null; echo done")
    assert result.ok and result.stdout == "done\n", result.stdout


def test_tmp_and_home_are_private_and_vanish(run) -> None:
    first = run("echo a > /tmp/left-behind && echo b > $HOME/also && cat /tmp/left-behind $HOME/also")
    assert first.ok and first.stdout == "a\nb\n", first.stderr
    second = run("ls -A /tmp $HOME")
    assert "left-behind" not in second.stdout and "also" not in second.stdout
    assert not Path("/tmp/left-behind").exists()


def test_read_only_mount_is_read_only(run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "input.txt").write_text("original\n")
    result = run("cat /data/input.txt; echo changed > /data/input.txt || echo REFUSED; touch /data/new || echo REFUSED",
                 mounts=[Mount(source=data, target="/data")])
    assert result.stdout == "original\nREFUSED\nREFUSED\n"
    assert (data / "input.txt").read_text() == "original\n"
    assert not (data / "new").exists()


def test_writable_mount_is_writable(run, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    result = run("echo report > /reports/junit.xml", mounts=[Mount(source=out, target="/reports", writable=True)])
    assert result.ok, result.stderr
    assert (out / "junit.xml").read_text() == "report\n"


@pytest.fixture()
def host_server() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP server on the host's 127.0.0.1 recording what each connection sends."""
    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                received.append(connection.recv(100))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], received
    server.close()


CONNECT = ("import socket, sys\n"
           "try:\n"
           "    socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=2).sendall(b'hello')\n"
           "except OSError as err:\n"
           "    print('failed:', err); sys.exit(7)\n"
           "print('connected')\n")


def test_no_network_by_default(run, host_server) -> None:
    port, received = host_server
    result = run([PYTHON, "-c", CONNECT, str(port)])
    assert (result.exit_code, result.stdout.split(":")[0]) == (7, "failed"), result.stderr
    assert received == []
    assert "nameserver" not in run("cat /etc/resolv.conf").stdout


def test_network_when_asked(run, host_server) -> None:
    port, received = host_server
    result = run([PYTHON, "-c", CONNECT, str(port)], network=True)
    assert (result.exit_code, result.stdout) == (0, "connected\n"), result.stderr
    assert result.ok


def test_python_runs_from_a_read_only_toolchain_mount(run) -> None:
    result = run([PYTHON, "-c", "import ssl, sqlite3, json; print(json.dumps({'ok': 1}))"])
    assert result.stdout == '{"ok": 1}\n', result.stderr


def test_bad_specs_are_refused(sandbox: BwrapSandbox, workspace: Path, tmp_path: Path) -> None:
    with pytest.raises(SandboxError, match="workspace"):
        sandbox.run(SandboxSpec(workspace=tmp_path / "missing"), ["true"])
    with pytest.raises(SandboxError, match="mount source"):
        sandbox.run(SandboxSpec(workspace=workspace, mounts=(Mount(source=tmp_path / "nope", target="/x"),)), ["true"])
    with pytest.raises(SandboxError, match="empty command"):
        sandbox.run(SandboxSpec(workspace=workspace), [])


def test_missing_bwrap_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SandboxError, match="bubblewrap"):
        BwrapSandbox(bwrap=str(tmp_path / "no-bwrap"))


def test_concurrent_runs_do_not_interfere(sandbox: BwrapSandbox, tmp_path: Path) -> None:
    def one(index: int) -> str:
        workspace = tmp_path / f"ws{index}"
        workspace.mkdir()
        spec = SandboxSpec(workspace=workspace)
        return sandbox.run(spec, ["sh", "-c", f"echo {index} > {WORKSPACE}/id; ls {WORKSPACE}; cat {WORKSPACE}/id"]).stdout

    results: dict[int, str] = {}
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, one(i))) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {i: f"id\n{i}\n" for i in range(8)}
    assert os.listdir(tmp_path / "ws3") == ["id"]
