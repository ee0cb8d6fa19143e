"""Applying a candidate patch to a workspace, with fallbacks and an exact reason when nothing applies."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from unidiff import PatchSet
from unidiff.errors import UnidiffParseError

from swegauge.envs.repos import git_env


class ApplyResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    applied: bool
    method: str | None = None
    """Which step applied it: "git apply", "git apply --3way" or "patch --fuzz"."""
    error: str | None = None
    """When nothing applied: which file and hunk failed, in the words of each tool."""


def _run(cmd: list[str], cwd: Path, patch: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, input=patch, capture_output=True, text=True, env=git_env())


def _attempts() -> list[tuple[str, list[str]]]:
    return [
        ("git apply", ["git", "apply", "--verbose", "--whitespace=nowarn"]),
        ("git apply --recount", ["git", "apply", "--verbose", "--recount", "--whitespace=nowarn", "--ignore-whitespace"]),
        ("git apply --3way", ["git", "apply", "--verbose", "--3way", "--whitespace=nowarn"]),
        ("patch --fuzz", ["patch", "--batch", "--forward", "-p1", "--fuzz=3", "--no-backup-if-mismatch", "-r", "-"]),
    ]


def apply_patch(workspace: Path, patch: str, *, fallbacks: bool = True) -> ApplyResult:
    """Apply `patch` (unified diff, paths a/ b/) inside `workspace`; try stricter methods first.

    With fallbacks, a failed attempt resets the workspace to its HEAD before the next one, so use them
    only on a clean tree; without, only plain `git apply` runs (atomic: all or nothing).
    """
    if not patch.strip():
        return ApplyResult(applied=True, method="empty")
    if not patch.endswith("\n"):
        patch += "\n"
    problem = _check_paths(patch, workspace)
    if problem:
        return ApplyResult(applied=False, error=problem)
    errors = []
    for name, cmd in _attempts() if fallbacks else _attempts()[:1]:
        if name == "patch --fuzz":
            dry = _run([*cmd, "--dry-run"], workspace, patch)
            if dry.returncode != 0:
                errors.append(f"{name}: {_summarize(dry.stdout + dry.stderr)}")
                continue
        proc = _run(cmd, workspace, patch)
        if proc.returncode == 0:
            return ApplyResult(applied=True, method=name)
        if fallbacks:
            _reset_conflicts(workspace)
        errors.append(f"{name}: {_summarize(proc.stderr + proc.stdout)}")
    return ApplyResult(applied=False, error="; ".join(errors))


def _check_paths(patch: str, workspace: Path) -> str | None:
    """Refuse patches that aim outside the workspace, into any `.git`, or through a symbolic link; report
    unparsable diffs clearly. Every header line is checked, not only what unidiff understood, because
    each apply fallback reads the headers its own way (`patch` honours `Index:` and `***` lines too)."""
    try:
        files = PatchSet(patch)
    except UnidiffParseError as err:
        return f"not a valid unified diff: {err}"
    if not files:
        return "not a valid unified diff: no file headers (--- a/... +++ b/...) found"
    paths = [p for f in files for p in (f.source_file, f.target_file)] + _header_paths(patch)
    for path in paths:
        problem = refused_path(path or "")
        if problem:
            return f"patch refused: {problem}"
    return _through_link(workspace, files)


_HEADER = re.compile(r"^(?:diff --git (\S+) (\S+)|(?:---|\+\+\+|\*\*\*|Index:|rename from|rename to|copy from|"
                     r"copy to) (\S+))")
_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")


def _header_paths(patch: str) -> list[str]:
    """Paths named by header lines outside hunk bodies (a removed line "-- x" reads "--- x" in a hunk)."""
    found: list[str] = []
    old = new = 0
    for line in patch.splitlines():
        if old > 0 or new > 0:
            tag = line[:1]
            if tag in (" ", ""):
                old, new = old - 1, new - 1
            elif tag == "-":
                old -= 1
            elif tag == "+":
                new -= 1
            elif tag != "\\":
                old = new = 0
            if old > 0 or new > 0 or tag in " -+\\":
                continue
        hunk = _HUNK.match(line)
        if hunk:
            old, new = int(hunk.group(1) or 1), int(hunk.group(2) or 1)
            continue
        match = _HEADER.match(line)
        if match:
            found += [p for p in match.groups() if p]
    return found


def refused_path(path: str) -> str | None:
    """Why a patch may not name `path` (None when it may): outside the tree, or inside a .git."""
    clean = re.sub(r"^[ab]/", "", path.strip().strip('"'))
    if clean in ("/dev/null", ""):
        return None
    parts = Path(clean.replace("\\", "/")).parts
    if clean.startswith("/") or ".." in parts:
        return f"touches a path outside the repository: {path}"
    if any(part.lower().rstrip(". ") == ".git" for part in parts):
        return f"touches git metadata (.git): {path}"
    return None


def _through_link(workspace: Path, files: PatchSet) -> str | None:
    """A path whose parent directory is a symbolic link (in the workspace or made by this patch)."""
    made_links = {f.path for f in files if f.target_file != "/dev/null" and "120000" in str(f.patch_info or "")}
    for f in files:
        parts = Path(f.path).parts
        for depth in range(1, len(parts)):
            leading = "/".join(parts[:depth])
            if leading in made_links or (workspace / leading).is_symlink():
                return f"patch refused: writes through a symbolic link: {leading} (in {f.path})"
    return None


def _summarize(output: str) -> str:
    """Keep the lines that say which file/hunk failed."""
    keep = [
        line.strip()
        for line in output.splitlines()
        if re.search(r"error|failed|FAILED|does not apply|not exist|No such file|can't find|Hunk #\d+ FAILED|malformed|corrupt", line)
    ]
    return " | ".join(dict.fromkeys(keep)) or output.strip()[:500] or "no output"


def _reset_conflicts(workspace: Path) -> None:
    """A failed --3way attempt can leave conflict markers; go back to the base tree."""
    subprocess.run(["git", "reset", "--quiet", "--hard", "HEAD"], cwd=workspace, env=git_env(), capture_output=True)
    subprocess.run(["git", "clean", "-fdq"], cwd=workspace, env=git_env(), capture_output=True)


def touched_paths(patch: str) -> list[str]:
    """Paths (relative, without a/ b/) that a diff creates, modifies or deletes."""
    if not patch.strip():
        return []
    paths: list[str] = []
    for f in PatchSet(patch):
        for path in (f.source_file, f.target_file):
            if path and path != "/dev/null":
                paths.append(re.sub(r"^[ab]/", "", path))
    return list(dict.fromkeys(paths))
