"""SandboxSpec.stdin_file: the command reads the file as its stdin, and only the open file gets in."""

from __future__ import annotations

import pytest

from swegauge.sandbox import BwrapSandbox, SandboxError, SandboxSpec


def test_the_file_is_stdin_and_its_folder_stays_out(tmp_path):
    secret_dir = tmp_path / "judge"
    secret_dir.mkdir()
    (secret_dir / "input.txt").write_text("3 4\n")
    (secret_dir / "expected.txt").write_text("7\n")
    workspace = tmp_path / "ws"
    workspace.mkdir()
    script = ("read a b; echo sum=$((a + b)); ls -l /proc/self/fd/0 >&2; "
              f"cat {secret_dir}/expected.txt 2>/dev/null && echo LEAK; test -e {secret_dir} && echo SEEN; true")
    result = BwrapSandbox().run(SandboxSpec(workspace=workspace, stdin_file=secret_dir / "input.txt"),
                                ["bash", "-c", script])
    assert result.ok and result.stdout.splitlines() == ["sum=7"], (result.stdout, result.stderr)


def test_without_a_file_stdin_is_empty(tmp_path):
    result = BwrapSandbox().run(SandboxSpec(workspace=tmp_path), ["bash", "-c", "wc -c"])
    assert result.ok and result.stdout.strip() == "0"


def test_a_missing_stdin_file_is_refused(tmp_path):
    with pytest.raises(SandboxError, match="stdin file is not a file"):
        BwrapSandbox().run(SandboxSpec(workspace=tmp_path, stdin_file=tmp_path / "nope"), ["true"])
