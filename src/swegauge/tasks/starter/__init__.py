"""The bundled starter suite: small original projects with real histories and real issues, in every language.

One form, shipped in the wheel, is the source of truth:

* ``projects/<project>/commits/``: the project's history as a `git format-patch --root` series plus
  ``series.json`` naming the committer (see `swegauge.envs.series`); it rebuilds to the same SHAs on every
  machine, and every task's ``base_commit`` is the SHA of its project's last commit. Each task names this
  directory as its ``repo_source``, so the repository cache builds it like any other source.
* ``tasks/starter__<project>-<n>.json``: one Task record each (issue text, gold patch, test patch,
  FAIL_TO_PASS / PASS_TO_PASS measured by really running the tests).
* the recipes live with every other recipe, in ``swegauge/envs/recipes/starter/<project>.json``.

Patches are the reviewable form of a history; the readable whole-file form of any commit is what a
checkout of the built repository shows. ``scripts/starter/`` only re-measures the test lists.
"""

from __future__ import annotations

from pathlib import Path

from swegauge.tasks.schema import Task

STARTER_DIR = Path(__file__).resolve().parent
PROJECTS_DIR = STARTER_DIR / "projects"
TASKS_DIR = STARTER_DIR / "tasks"


class StarterError(Exception):
    """A starter project is unknown."""


def projects() -> list[str]:
    """Names of the bundled starter projects, sorted."""
    return sorted(p.name for p in PROJECTS_DIR.iterdir() if (p / "commits").is_dir())


def series_dir(project: str) -> Path:
    """The project's patch-series directory (a repository source `swegauge.envs` understands)."""
    commits = PROJECTS_DIR / project / "commits"
    if not commits.is_dir() or not any(commits.glob("*.patch")):
        raise StarterError(f"unknown starter project {project!r} (known: {', '.join(projects())})")
    return commits


def patch_series(project: str) -> list[Path]:
    """The project's history as `git format-patch` files, in the order they apply."""
    return sorted(series_dir(project).glob("*.patch"))


def load_task(path: Path) -> Task:
    task = Task.model_validate_json(path.read_text(encoding="utf-8"))
    project = task.repo.split("/", 1)[-1]
    return task.model_copy(update={"repo_source": str(series_dir(project))})


def starter_tasks() -> list[Task]:
    """Every starter task, sorted by instance id, each with its project's series as `repo_source`."""
    tasks = [load_task(path) for path in TASKS_DIR.glob("*.json")]
    return sorted(tasks, key=lambda task: task.instance_id)


__all__ = [
    "PROJECTS_DIR",
    "STARTER_DIR",
    "TASKS_DIR",
    "StarterError",
    "load_task",
    "patch_series",
    "projects",
    "series_dir",
    "starter_tasks",
]
