"""Unified diffs made by git, and a whitespace- and comment-insensitive normal form of a diff.

`make_diff` writes the touched files' base versions into a scratch git repository, commits them, writes
the new versions over them and asks `git diff --cached` for the patch: the same diff a
temporary copy of the whole tree would give (paths and modes as in the tree), at the cost of the touched
files only. The patch applies to the base tree with plain `git apply`.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

from unidiff import PatchSet
from unidiff.errors import UnidiffParseError

from swegauge.envs.repos import git_env


class DiffError(Exception):
    """git could not make a diff (a path outside the tree, a git failure)."""


def _git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-c", "core.autocrlf=false", "-c", "core.quotepath=off", *args], cwd=repo,
                          env=git_env(), capture_output=True)
    if proc.returncode != 0:
        raise DiffError(f"git {' '.join(args)}: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout.decode("utf-8", errors="surrogateescape")


def _inside(root: Path, rel: str) -> Path:
    path = (root / rel).resolve()
    if rel.startswith("/") or ".." in Path(rel).parts or not path.is_relative_to(root.resolve()):
        raise DiffError(f"path outside the repository: {rel}")
    if any(part.lower().rstrip(". ") == ".git" for part in Path(rel).parts):
        raise DiffError(f"path inside git metadata (.git): {rel}")
    return path


def make_diff(tree: Path, new_files: dict[str, str | None]) -> str:
    """The unified diff turning `tree` into `tree` with `new_files` written (None deletes the file)."""
    if not new_files:
        return ""
    with tempfile.TemporaryDirectory(prefix="swegauge-diff-") as scratch:
        repo = Path(scratch)
        _git(repo, "init", "-q")
        for rel in new_files:
            source = _inside(tree, rel)
            if source.is_file():
                target = _inside(repo, rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                if source.stat().st_mode & stat.S_IXUSR:
                    target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        _git(repo, "add", "-A")
        _git(repo, "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "--no-verify", "-m", "base")
        for rel, text in new_files.items():
            target = _inside(repo, rel)
            if text is None:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8", errors="surrogateescape"))
        _git(repo, "add", "-A")
        return _git(repo, "diff", "--cached", "--no-color", "--no-renames", "--no-ext-diff")


def read_text(path: Path) -> str | None:
    """A file's text as the model should see it (None if absent or not text)."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", errors="surrogateescape")


_LINE_COMMENT = re.compile(r"(?:#|//|--(?=\s)|;;).*$")
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/")


def _normal_line(line: str) -> str:
    line = _BLOCK_COMMENT.sub("", line)
    line = _LINE_COMMENT.sub("", line)
    return re.sub(r"\s+", "", line)


def normalized_form(patch: str) -> str:
    """A key equal for patches that differ only in whitespace, comments, blank lines or hunk placement.

    Per file: the removed and the added lines with all whitespace and line comments (#, //, --) dropped,
    and empty results skipped. An unparsable patch is its own (whitespace-free) form.
    """
    if not patch.strip():
        return "empty"
    try:
        files = PatchSet(patch)
    except UnidiffParseError:
        return "raw:" + hashlib.sha256(re.sub(r"\s+", "", patch).encode()).hexdigest()[:16]
    parts: list[str] = []
    for f in sorted(files, key=lambda f: f.path):
        removed = [_normal_line(str(line.value)) for hunk in f for line in hunk if line.is_removed]
        added = [_normal_line(str(line.value)) for hunk in f for line in hunk if line.is_added]
        removed, added = [x for x in removed if x], [x for x in added if x]
        if removed == added:
            continue  # a whitespace/comment-only change to this file
        parts.append("\0".join([f.path, "-", *removed, "+", *added]))
    if not parts:
        return "empty"
    return hashlib.sha256("\1".join(parts).encode("utf-8", errors="surrogateescape")).hexdigest()[:16]
