"""fresh_workspace: private writable copies over a read-only base, copy and overlay, always cleaned up."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from swegauge.sandbox import WORKSPACE, BwrapSandbox, SandboxError, SandboxSpec, fresh_workspace
from swegauge.sandbox.workspace import OVERLAY_SOURCE, mount_overlay, overlay_supported, sweep_stale_workspaces
from tests.sandbox.support import skip_without_bwrap

pytestmark = pytest.mark.integration

METHODS = ["copy", pytest.param("overlay", marks=pytest.mark.skipif(
    not overlay_supported(), reason="overlay workspaces need root and overlayfs"))]


@pytest.fixture()
def base(tmp_path: Path) -> Path:
    root = tmp_path / "base"
    (root / "pkg" / "sub").mkdir(parents=True)
    (root / "pkg" / "module.py").write_text("VALUE = 1\n")
    (root / "pkg" / "sub" / "deep.txt").write_text("deep\n")
    (root / "run.sh").write_text("#!/bin/sh\necho run\n")
    (root / "run.sh").chmod(0o755)
    (root / "link").symlink_to("pkg/module.py")
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): (os.readlink(p) if p.is_symlink() else p.read_text() if p.is_file() else "<dir>")
            for p in sorted(root.rglob("*"))}


def mounted_under(parent: Path) -> list[str]:
    return [line.split()[4] for line in Path("/proc/self/mountinfo").read_text().splitlines()
            if line.split()[4].startswith(str(parent))]


@pytest.mark.parametrize("method", METHODS)
def test_workspace_is_a_private_writable_copy(base: Path, tmp_path: Path, method: str) -> None:
    before = snapshot(base)
    parent = tmp_path / "workspaces"
    with fresh_workspace(base, method=method, parent=parent) as workspace:  # type: ignore[arg-type]
        assert snapshot(workspace) == before
        assert os.access(workspace / "run.sh", os.X_OK) and (workspace / "link").is_symlink()
        (workspace / "pkg" / "module.py").write_text("VALUE = 2\n")
        (workspace / "pkg" / "sub" / "deep.txt").unlink()
        (workspace / "pkg" / "sub").rename(workspace / "pkg" / "renamed")  # a directory from the base
        (workspace / "new.txt").write_text("new\n")
        assert (workspace / "pkg" / "renamed").is_dir()
    assert snapshot(base) == before
    assert not workspace.exists()
    assert list(parent.iterdir()) == [] and mounted_under(parent) == []


@pytest.mark.parametrize("method", METHODS)
def test_workspaces_over_one_base_are_independent(base: Path, tmp_path: Path, method: str) -> None:
    with fresh_workspace(base, method=method, parent=tmp_path / "w") as first, \
         fresh_workspace(base, method=method, parent=tmp_path / "w") as second:  # type: ignore[arg-type]
        (first / "pkg" / "module.py").write_text("first\n")
        assert (second / "pkg" / "module.py").read_text() == "VALUE = 1\n"
        assert first != second


@pytest.mark.parametrize("method", METHODS)
def test_removed_even_when_the_block_raises(base: Path, tmp_path: Path, method: str) -> None:
    parent = tmp_path / "workspaces"
    with pytest.raises(RuntimeError):
        with fresh_workspace(base, method=method, parent=parent):  # type: ignore[arg-type]
            raise RuntimeError("boom")
    assert list(parent.iterdir()) == [] and mounted_under(parent) == []


@pytest.mark.parametrize("method", METHODS)
def test_host_git_works_in_the_workspace(tmp_path: Path, method: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    # run as root, the workspace's files are the sandbox uid's: host git needs safe.directory, as envs/git.py gives
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_COUNT": "1",
           "GIT_CONFIG_KEY_0": "safe.directory", "GIT_CONFIG_VALUE_0": "*"}
    git = lambda *args, cwd=repo: subprocess.run(["git", *args], cwd=cwd, env=env, check=True,  # noqa: E731
                                                  capture_output=True, text=True).stdout
    (repo / "a.txt").write_text("one\n")
    git("init", "-q", "-b", "main")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "empty")
    git("add", "a.txt")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "base")
    with fresh_workspace(repo, method=method, parent=tmp_path / "w") as workspace:  # type: ignore[arg-type]
        (workspace / "a.txt").write_text("two\n")
        assert git("status", "--porcelain", cwd=workspace).strip() == "M a.txt"
        git("checkout", "--", "a.txt", cwd=workspace)
        assert (workspace / "a.txt").read_text() == "one\n"
    assert git("status", "--porcelain").strip() == ""


@skip_without_bwrap
@pytest.mark.parametrize("method", METHODS)
def test_the_sandbox_writes_and_the_host_reads(base: Path, tmp_path: Path, method: str) -> None:
    with fresh_workspace(base, method=method, parent=tmp_path / "w") as workspace:  # type: ignore[arg-type]
        script = f"cat {WORKSPACE}/pkg/module.py && echo changed > {WORKSPACE}/pkg/module.py && mkdir {WORKSPACE}/out"
        result = BwrapSandbox().run(SandboxSpec(workspace=workspace), ["sh", "-c", script])
        assert result.ok, result.stderr
        assert result.stdout == "VALUE = 1\n"
        assert (workspace / "pkg" / "module.py").read_text() == "changed\n"
        (workspace / "out" / "host.txt").write_text("host writes into what the sandbox made\n")
    assert (base / "pkg" / "module.py").read_text() == "VALUE = 1\n"


def test_auto_prefers_overlay_when_available(base: Path, tmp_path: Path) -> None:
    with fresh_workspace(base, parent=tmp_path / "w") as workspace:
        is_overlay = any(line.split()[4] == str(workspace) and OVERLAY_SOURCE in line
                         for line in Path("/proc/self/mountinfo").read_text().splitlines())
    assert is_overlay == overlay_supported()


def test_missing_base_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SandboxError, match="not a directory"):
        with fresh_workspace(tmp_path / "missing"):
            pass


@pytest.mark.skipif(not overlay_supported(), reason="overlay workspaces need root and overlayfs")
def test_stale_workspaces_of_dead_processes_are_swept(base: Path, tmp_path: Path) -> None:
    parent = tmp_path / "workspaces"
    dead_pid = _a_dead_pid()
    stale_overlay = parent / f"ws-{dead_pid}-abc123"
    stale_copy = parent / f"ws-{dead_pid}-def456"
    live = parent / f"ws-{os.getpid()}-keepme"
    stale_overlay.mkdir(parents=True)
    mount_overlay(base, stale_overlay)
    (stale_copy / "workspace").mkdir(parents=True)
    live.mkdir()
    sweep_stale_workspaces(parent)
    assert sorted(p.name for p in parent.iterdir()) == [live.name]
    assert mounted_under(parent) == []
    assert (base / "pkg" / "module.py").read_text() == "VALUE = 1\n"


def _a_dead_pid() -> int:
    for candidate in range(int(Path("/proc/sys/kernel/pid_max").read_text()) - 1, 300, -1):
        if not Path(f"/proc/{candidate}").exists():
            return candidate
    raise AssertionError("no free pid")


@pytest.mark.skipif(not overlay_supported(), reason="overlay workspaces need root and overlayfs")
def test_failed_overlay_falls_back_to_copy_once_warned(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    from swegauge.sandbox import workspace as module

    def refuse(*_: object) -> None:
        raise OSError(22, "refused for the test")

    monkeypatch.setattr(module, "_mount", refuse)
    parent = tmp_path / "w"
    with caplog.at_level("WARNING", logger="swegauge.sandbox.workspace"):
        for _ in range(2):
            with fresh_workspace(base, parent=parent) as workspace:
                assert (workspace / "pkg" / "module.py").read_text() == "VALUE = 1\n"
                assert sorted(p.name for p in workspace.parent.iterdir()) == ["workspace"]
    assert caplog.text.count("copying there instead") == 1
    with pytest.raises(SandboxError, match="cannot mount an overlay"):
        with fresh_workspace(base, method="overlay", parent=parent):
            pass
    assert list(parent.iterdir()) == []
