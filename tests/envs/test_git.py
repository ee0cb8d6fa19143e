"""The one hardened git environment for host-side git."""

from __future__ import annotations

import subprocess

import pytest

from swegauge.envs.git import RepoError, git, git_env


def test_git_env_takes_an_identity_and_nothing_else():
    env = git_env({"GIT_COMMITTER_NAME": "X"})
    assert env["GIT_COMMITTER_NAME"] == "X" and env["GIT_CONFIG_GLOBAL"] == "/dev/null"
    assert env["GIT_CONFIG_KEY_0"] == "core.hooksPath"
    with pytest.raises(ValueError, match="GIT_CONFIG_GLOBAL"):
        git_env({"GIT_CONFIG_GLOBAL": "/home/me/.gitconfig"})
    out = subprocess.run(["git", "config", "--get", "core.hooksPath"], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "/dev/null"


def test_git_names_the_failing_command(tmp_path):
    with pytest.raises(RepoError, match="rev-parse"):
        git("rev-parse", "HEAD", cwd=tmp_path)


def test_repository_config_cannot_turn_hooks_back_on(tmp_path):
    git("init", "-q", str(tmp_path / "r"), cwd=tmp_path)
    repo = tmp_path / "r"
    (repo / ".git" / "config").write_text("[core]\n\thooksPath = hooks\n\tfsmonitor = /bin/true\n")
    out = subprocess.run(["git", "config", "core.hooksPath"], cwd=repo, env=git_env(), capture_output=True, text=True)
    assert out.stdout.strip() == "/dev/null"
