"""The bundled starter suite: small original Python projects with real histories and real issues.

Each project's history is stored as a `git format-patch` series under
``projects/<project>/commits/``. Applying it with `git am` onto an empty repository, with a fixed
committer identity and committer date = author date, gives the same commit SHAs on every machine;
every task's ``base_commit`` is the SHA of its project's last commit. The readable source form and
the generator live in ``scripts/starter/`` of the swegauge repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

from swegauge.tasks.schema import Task

STARTER_DIR = Path(__file__).resolve().parent
PROJECTS_DIR = STARTER_DIR / "projects"
TASKS_DIR = STARTER_DIR / "tasks"
RECIPES_DIR = STARTER_DIR / "recipes"

COMMITTER_NAME = "swegauge starter"
COMMITTER_EMAIL = "starter@swegauge.invalid"
BRANCH = "main"

_FROM_LINE = re.compile(r"From ([0-9a-f]{40}) ")


class StarterError(Exception):
    """A starter project is unknown, or its patch series does not rebuild to the expected commit."""


def recipe_dir() -> Path:
    """The directory of the starter projects' recipe files (one `<project>.json` each)."""
    return RECIPES_DIR


def projects() -> list[str]:
    """Names of the bundled starter projects, sorted."""
    return sorted(p.name for p in PROJECTS_DIR.iterdir() if (p / "commits").is_dir())


def patch_series(project: str) -> list[Path]:
    """The project's history as `git format-patch` files, in the order they apply."""
    commits = PROJECTS_DIR / project / "commits"
    series = sorted(commits.glob("*.patch")) if commits.is_dir() else []
    if not series:
        raise StarterError(f"unknown starter project {project!r} (known: {', '.join(projects())})")
    return series


def expected_head(project: str) -> str:
    """The SHA the project's last commit must have: named on the first line of its patch."""
    last = patch_series(project)[-1]
    with last.open(encoding="utf-8") as handle:
        match = _FROM_LINE.match(handle.readline())
    if match is None:
        raise StarterError(f"{last}: not a `git format-patch` file (no 'From <sha>' first line)")
    return match.group(1)


def git_env(home: str | os.PathLike[str], extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A clean environment for git: no system or user configuration, fixed committer, fixed locale."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": os.fspath(home),
        "XDG_CONFIG_HOME": os.path.join(os.fspath(home), ".config"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_COMMITTER_NAME": COMMITTER_NAME,
        "GIT_COMMITTER_EMAIL": COMMITTER_EMAIL,
        "LC_ALL": "C",
        "TZ": "UTC",
    }
    if extra:
        env.update(extra)
    return env


def run_git(
    args: Sequence[str], cwd: str | os.PathLike[str], env: Mapping[str, str], input: str | None = None
) -> str:
    """Run one git command; raise StarterError with git's own message when it fails."""
    proc = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env=dict(env),
        input=input,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip()
        raise StarterError(f"git {' '.join(args)} failed in {cwd}: {detail}")
    return proc.stdout


def apply_series(repo: Path, patches: Sequence[Path], env: Mapping[str, str]) -> str:
    """`git init` an empty repo at `repo` and `git am` the patches onto it; return HEAD's SHA."""
    run_git(["init", "-q", "--template=", f"--initial-branch={BRANCH}", str(repo)], repo.parent, env)
    run_git(
        ["am", "-q", "--committer-date-is-author-date", "--no-3way", *map(str, patches)],
        repo,
        env,
    )
    return run_git(["rev-parse", "HEAD"], repo, env).strip()


def _is_intact(repo: Path, expected: str, env: Mapping[str, str]) -> bool:
    env = {**env, "GIT_OPTIONAL_LOCKS": "0"}  # `git status` must not write while others read
    try:
        head = run_git(["rev-parse", "HEAD"], repo, env).strip()
        changed = run_git(["status", "--porcelain", "--untracked-files=no"], repo, env)
    except StarterError:
        return False
    return head == expected and not changed.strip()


def materialize(project: str, dest_root: Path) -> Path:
    """Build (or reuse) `dest_root/<project>` as a git repository at the project's base commit.

    Idempotent: an existing, intact repository at the expected HEAD is returned as it is; a broken
    or stale one is replaced. Safe when two processes call it at once: each builds in its own
    temporary directory beside the destination and renames it into place; the loser discards its
    copy and uses the winner's.
    """
    patches = patch_series(project)
    expected = expected_head(project)
    dest_root = Path(dest_root)
    dest_root.mkdir(parents=True, exist_ok=True)
    final = dest_root / project
    with tempfile.TemporaryDirectory(prefix="swegauge-git-home-") as home:
        env = git_env(home)
        if final.exists():
            if _is_intact(final, expected, env):
                return final
            stale = dest_root / f".{project}.stale-{uuid.uuid4().hex}"
            try:
                os.rename(final, stale)
            except FileNotFoundError:
                pass  # another process moved it away first
            else:
                shutil.rmtree(stale, ignore_errors=True)
        work = Path(tempfile.mkdtemp(prefix=f".{project}.build-", dir=dest_root))
        try:
            repo = work / project
            repo.mkdir()
            head = apply_series(repo, patches, env)
            if head != expected:
                raise StarterError(
                    f"starter project {project!r} rebuilt to {head}, expected {expected}: "
                    "is git configured in a way the clean environment does not override?"
                )
            try:
                os.rename(repo, final)
            except OSError:
                # Lost the race to another process: use its copy when it is good.
                if not _is_intact(final, expected, env):
                    raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return final


def load_task(path: Path) -> Task:
    return Task.model_validate_json(path.read_text(encoding="utf-8"))


def starter_tasks() -> list[Task]:
    """Every starter task, sorted by instance id."""
    tasks = [load_task(path) for path in TASKS_DIR.glob("*.json")]
    return sorted(tasks, key=lambda task: task.instance_id)


__all__ = [
    "PROJECTS_DIR",
    "RECIPES_DIR",
    "STARTER_DIR",
    "TASKS_DIR",
    "StarterError",
    "apply_series",
    "expected_head",
    "git_env",
    "load_task",
    "materialize",
    "patch_series",
    "projects",
    "recipe_dir",
    "run_git",
    "starter_tasks",
]
