"""Protecting what judges a candidate: test code and runner configuration go back to base + test patch.

The rules are data (rules/protected.json, per language; see its `_doc`). `protect_workspace` runs after
the candidate's patch is applied and before any test: every path the candidate touched that a rule
covers is reverted to base (or removed when the candidate created it), then every file the test patch
touches is reset too and the test patch is applied. Host code here never follows a symbolic link out of
the workspace: removals walk the path one directory at a time with O_NOFOLLOW.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import stat
import subprocess
import sys
import tomllib
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict

from swegauge.envs.repos import git_env
from swegauge.grading.apply import apply_patch, touched_paths

RULES_FILE = Path(__file__).parent / "rules" / "protected.json"
RUNNER_MODULES = frozenset({"pytest", "_pytest", "py", "pluggy", "iniconfig", "xdist", "coverage", "nose"})


class Protection(BaseModel):
    """What protecting the tests did: files reverted or removed (with the rule), or why it failed."""

    model_config = ConfigDict(frozen=True)

    reverted: dict[str, str] = {}
    """Path -> the rule that put it back."""
    error: str | None = None

    @property
    def evidence(self) -> list[str]:
        """"path: rule" lines, as a verdict keeps them."""
        return [f"{path}: {why}" for path, why in sorted(self.reverted.items())]


def glob_regex(pattern: str) -> re.Pattern[str]:
    """`**/` any directories (or none), `**` anything, `*` within one name, `?` one character."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


class Rules:
    """The rules of one language plus the common ones."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.reset = [glob_regex(p) for p in data.get("reset", [])]
        self.no_create = [glob_regex(p) for p in data.get("no_create", []) if not p.startswith("@")]
        self.stdlib_shadows = "@stdlib" in data.get("no_create", [])
        self.sections = [(glob_regex(s["path"]), s["format"], tuple(s["keys"])) for s in data.get("sections", [])]
        self.lines = [(glob_regex(s["path"]), re.compile(s["regex"])) for s in data.get("lines", [])]

    def why_reset(self, path: str) -> str | None:
        return next((f"protected path ({rx.pattern})" for rx in self.reset if rx.match(path)), None)

    def why_removed(self, path: str) -> str | None:
        if any(rx.match(path) for rx in self.no_create):
            return "shadows the test runner"
        if self.stdlib_shadows and _shadows_module(path):
            return "shadows a standard or runner module"
        return None


def _shadows_module(path: str) -> bool:
    parts = PurePosixPath(path).parts
    top = parts[0] if parts else ""
    name = top[:-3] if len(parts) == 1 and top.endswith(".py") else (top if len(parts) > 1 else "")
    return bool(name) and (name in sys.stdlib_module_names or name in RUNNER_MODULES)


@lru_cache(maxsize=1)
def _all_rules() -> dict[str, Any]:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=32)
def rules_for(language: str) -> Rules:
    data = _all_rules()
    spec = data.get(language.lower(), {})
    spec = data.get(spec.get("same_as", ""), spec)
    merged = {key: list(data["common"].get(key, [])) + list(spec.get(key, []))
              for key in ("reset", "no_create", "sections", "lines")}
    return Rules(merged)


def protect_workspace(workspace: Path, *, candidate_patch: str, test_patch: str, language: str) -> Protection:
    """Revert what the rules protect, reset the test patch's files, apply the test patch."""
    rules = rules_for(language)
    candidate, tests = touched_paths(candidate_patch), touched_paths(test_patch)
    tracked_base = _tracked(workspace, candidate + tests)
    reverted: dict[str, str] = {}
    for path in candidate:
        why = rules.why_reset(path) or (rules.why_removed(path) if path not in tracked_base else None)
        why = why or _changed_section(workspace, path, rules)
        if why:
            reverted[path] = why
    error = restore(workspace, sorted(set(reverted) | set(tests)), tracked_base)
    if error:
        return Protection(error=error)
    applied = apply_patch(workspace, test_patch, fallbacks=False)
    if not applied.applied:
        return Protection(error=f"test patch did not apply (dataset error): {applied.error}")
    return Protection(reverted=reverted)


def _tracked(workspace: Path, paths: list[str]) -> set[str]:
    if not paths:
        return set()
    listed = subprocess.run(["git", "ls-tree", "-r", "--name-only", "-z", "HEAD", "--", *paths], cwd=workspace,
                            env=git_env(), check=True, capture_output=True, text=True).stdout
    return {p for p in listed.split("\0") if p}


def restore(workspace: Path, paths: list[str], tracked: set[str]) -> str | None:
    """Tracked paths back to HEAD (one checkout), the others removed. None, or what went wrong."""
    keep = [p for p in paths if p in tracked]
    if keep:
        proc = subprocess.run(["git", "--literal-pathspecs", "checkout", "HEAD", "--", *keep], cwd=workspace,
                              env=git_env(), capture_output=True, text=True)
        if proc.returncode != 0:
            return f"cannot restore protected files: {proc.stderr.strip()[:500]}"
    for rel in paths:
        if rel not in tracked:
            remove_inside(workspace, rel)
    return None


def remove_inside(root: Path, rel: str) -> None:
    """Remove root/rel (a file, link or directory tree) without following any link on the way."""
    parts = PurePosixPath(rel).parts
    if not parts or any(p in ("..", "/") for p in parts):
        return
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in parts[:-1]:
            try:
                child = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            except OSError:
                return  # missing, or a link: nothing of ours lies beyond it
            os.close(fd)
            fd = child
        _remove_at(fd, parts[-1])
    finally:
        os.close(fd)


def _remove_at(dir_fd: int, name: str) -> None:
    try:
        info = os.lstat(name, dir_fd=dir_fd)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(info.st_mode):
        os.unlink(name, dir_fd=dir_fd)
        return
    child = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
    try:
        for entry in os.listdir(child):
            _remove_at(child, entry)
    finally:
        os.close(child)
    os.rmdir(name, dir_fd=dir_fd)


def _changed_section(workspace: Path, path: str, rules: Rules) -> str | None:
    for rx, fmt, keys in rules.sections:
        if rx.match(path):
            old, new = _base_text(workspace, path), read_inside(workspace, path)
            if _section_values(old, fmt, keys) != _section_values(new, fmt, keys):
                return f"changes runner configuration ({', '.join(keys)})"
    for rx, pattern in rules.lines:
        if rx.match(path):
            old, new = _base_text(workspace, path) or "", read_inside(workspace, path) or ""
            changed = set(old.splitlines()) ^ set(new.splitlines())
            hit = next((line for line in changed if pattern.search(line)), None)
            if hit is not None:
                return f"changes runner configuration: {hit.strip()[:80]}"
    return None


def _base_text(workspace: Path, path: str) -> str | None:
    proc = subprocess.run(["git", "show", f"HEAD:{path}"], cwd=workspace, env=git_env(), capture_output=True)
    return proc.stdout.decode("utf-8", errors="replace") if proc.returncode == 0 else None


def read_inside(root: Path, rel: str, limit: int = 5_000_000) -> str | None:
    """A regular file's text inside root, never through a link (None otherwise)."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in PurePosixPath(rel).parts[:-1]:
            child = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = child
        handle = os.open(PurePosixPath(rel).name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
    except OSError:
        return None
    finally:
        os.close(fd)
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None
        return stream.read(limit).decode("utf-8", errors="replace")


def _section_values(text: str | None, fmt: str, keys: tuple[str, ...]) -> Any:
    """The protected keys' values, or a marker when the file cannot be read as `fmt` (so any change
    to an unreadable file counts as a change)."""
    if text is None:
        return None
    try:
        if fmt == "ini":
            parser = configparser.RawConfigParser(strict=False, interpolation=None)
            parser.read_string(text)
            return {k: dict(parser.items(k)) for k in keys if parser.has_section(k)}
        data = tomllib.loads(text) if fmt == "toml" else json.loads(text)
    except (configparser.Error, tomllib.TOMLDecodeError, json.JSONDecodeError, ValueError):
        return ("unreadable", text)
    return {k: _dig(data, k) for k in keys}


def _dig(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data
