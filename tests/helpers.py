"""Helpers for tests: make real git repositories and diffs."""

from __future__ import annotations

import subprocess
from pathlib import Path

from swegauge.envs.repos import git_env


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=git_env(), check=True, capture_output=True,
                          text=True).stdout


def make_repo(root: Path, files: dict[str, str], message: str = "initial") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return commit_files(root, files, message)


def commit_files(repo: Path, files: dict[str, str], message: str) -> Path:
    for rel, text in files.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return repo


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def diff_for(repo: Path, files: dict[str, str]) -> str:
    """The diff that would turn the repo's working tree into one with `files` written (then undone)."""
    originals = {rel: (repo / rel).read_text() if (repo / rel).exists() else None for rel in files}
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    git(repo, "add", "-A")
    patch = git(repo, "diff", "--cached", "--no-color")
    git(repo, "reset", "-q")
    for rel, text in originals.items():
        if text is None:
            (repo / rel).unlink()
        else:
            (repo / rel).write_text(text)
    return patch
