"""What an episode shows: the task's public side and the repository's file tree at base.

Built from `ProblemView` (no gold patch, no test patch, no test names) and the prepared base tree, whose
repository holds base_commit's tree as its only commit: no history after base is reachable."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from swegauge.gym.spaces import to_space
from swegauge.solvers import ProblemView
from swegauge.tasks import Task

_trees: dict[tuple[str, int], str] = {}
_lock = threading.Lock()


def file_tree(root: Path, *, max_files: int) -> str:
    """The repository's files (not .git), one relative path a line, sorted; cut after `max_files`."""
    key = (str(root), max_files)
    with _lock:
        if key in _trees:
            return _trees[key]
    paths: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        rel = os.path.relpath(folder, root)
        paths.extend(name if rel == "." else f"{rel}/{name}" for name in files)
    paths.sort()
    listing = "\n".join(paths[:max_files])
    if len(paths) > max_files:
        listing += f"\n[... {len(paths) - max_files} more files]"
    with _lock:
        _trees[key] = listing
    return listing


def metadata(task: Task) -> str:
    """The task's public fields as JSON."""
    view = ProblemView.of(task)
    return json.dumps({"instance_id": view.instance_id, "repo": view.repo, "language": view.language,
                       "created_at": view.created_at.isoformat() if view.created_at else None,
                       "version": task.version, "hints": view.hints_text}, sort_keys=True)


def observation(task: Task, tree: Path, *, output: str, diff: str, max_files: int) -> dict[str, str]:
    return {"issue": to_space(ProblemView.of(task).problem_statement), "files": to_space(file_tree(tree, max_files=max_files)),
            "metadata": to_space(metadata(task)), "output": to_space(output), "diff": to_space(diff)}
