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
    problem = _check_paths(patch)
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


def _check_paths(patch: str) -> str | None:
    """Refuse patches that aim outside the workspace; report unparsable diffs clearly."""
    try:
        files = PatchSet(patch)
    except UnidiffParseError as err:
        return f"not a valid unified diff: {err}"
    if not files:
        return "not a valid unified diff: no file headers (--- a/... +++ b/...) found"
    for f in files:
        for path in (f.source_file, f.target_file):
            clean = re.sub(r"^[ab]/", "", path or "")
            if clean.startswith("/") and clean != "/dev/null" or ".." in Path(clean).parts:
                return f"patch touches a path outside the repository: {path}"
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
