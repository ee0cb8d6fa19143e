"""The `auto` recipe: infer install and test commands from a repository's own files.

Each language registers an inference function (`register_inference`); `infer_recipe` tries the task's
language first, then the others. Inference is era-aware: the task's date (`created_at`) becomes a cutoff
(`AutoContext.cutoff`, the first day of the month after the task) that dependency resolvers honour
(`uv pip install --exclude-newer`, `npm install --before`), and that picks interpreters released before
it. For a task in a repository history the date is when its dependency manifests were last changed
(`commit_date`), so that tasks sharing manifests share one environment. Install steps are a fallback ladder (`ladder`): each rung runs only when the one before failed, and
says so in the build log ("auto rung 2/3 (...)"), so a build log shows which layout finally worked.

Environment keys for tasks without a version (Multi-SWE-bench records): `environment_key` hashes the
dependency manifests of the environment commit (`dependency_key`), so instances whose manifests are the
same share one environment, and one that edits a manifest gets its own. `swegauge mine` uses the same key.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import subprocess
from collections.abc import Callable, Sequence
from datetime import date, datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from swegauge.envs.recipe import Recipe, RecipeError
from swegauge.envs.repos import RepoError, bare_cache, git_env, prepared_base
from swegauge.tasks import Task

MANIFESTS = re.compile(
    r"(^|/)(requirements[^/]*\.(txt|in)|[^/]*requirements\.txt|pyproject\.toml|setup\.py|setup\.cfg|tox\.ini|pytest\.ini|"
    r"Pipfile(\.lock)?|poetry\.lock|uv\.lock|package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|"
    r"pnpm-lock\.yaml|pnpm-workspace\.yaml|go\.(mod|sum)|Cargo\.(toml|lock)|rust-toolchain(\.toml)?|pom\.xml|"
    r"build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle-wrapper\.properties|CMakeLists\.txt|meson\.build|"
    r"configure\.ac)$"
)
"""Files whose content decides what an environment holds (at any depth: monorepo packages count)."""


MAX_PATHSPECS = 2000
"""More manifests than this (a vendored tree): the task's own date is used instead of their history."""


class AutoContext(BaseModel):
    """What inference may know beyond the tree: the task's date and repository name."""

    model_config = ConfigDict(frozen=True)

    created_at: datetime | None = None
    repo: str = ""

    @property
    def cutoff(self) -> date | None:
        """First day of the month after the task: dependencies published later are left out. Rounded up
        to a month so that tasks of one month with the same manifests share one environment, and never
        before the task, so a pin the task's own commit makes is still installable."""
        if self.created_at is None:
            return None
        when = self.created_at.astimezone(timezone.utc) if self.created_at.tzinfo else self.created_at
        return date(when.year + (when.month == 12), when.month % 12 + 1, 1)


Inference = Callable[[Path, AutoContext], Recipe | None]
_INFERENCES: dict[str, Inference] = {}


def register_inference(language: str, infer: Inference) -> None:
    _INFERENCES[language] = infer


def infer_recipe(tree: Path, *, language: str = "python", created_at: datetime | None = None,
                 repo: str = "") -> Recipe:
    """A recipe for the repository checked out at `tree`; RecipeError when nothing fits."""
    context = AutoContext(created_at=created_at, repo=repo)
    order = [language] + [lang for lang in _INFERENCES if lang != language]
    for lang in order:
        infer = _INFERENCES.get(lang)
        recipe = infer(tree, context) if infer else None
        if recipe is not None:
            return recipe
    raise RecipeError(f"auto recipe: nothing in {tree.name} tells how to build or test it "
                      "(no pyproject.toml, setup.py, requirements*.txt or known build file); give a recipe file")


def ladder(rungs: Sequence[tuple[str, Sequence[str]]]) -> str:
    """One install line trying each (label, commands) rung in turn; every rung is announced in the log.

    A rung's commands run joined by `&&`; the next rung runs only when one of them failed. When every rung
    fails the line fails, and the build with it.
    """
    total = len(rungs)
    if total == 1:
        return " && ".join(rungs[0][1])
    parts = []
    for index, (label, commands) in enumerate(rungs, start=1):
        note = shlex.quote(f"auto rung {index}/{total} ({label})")
        parts.append(f"{{ echo {note}; {' && '.join(commands)}; }}")
    return " || ".join(parts)


def first_rung(line: str) -> str:
    """The commands of a ladder line's first rung (what runs when nothing fails); a plain line itself."""
    head = re.match(r"\{ echo 'auto rung 1/\d+ \([^)]*\)'; (.*?); \} \|\| \{ echo 'auto rung 2/", line, re.DOTALL)
    return head.group(1) if head else line


def rungs_of(line: str) -> list[str]:
    """The rung labels of an install line made by `ladder` (empty for a plain line)."""
    return re.findall(r"auto rung \d+/\d+ \(([^)]*)\)", line)


# -- environment keys ------------------------------------------------------------------------------


def dependency_key(repo_dir: Path | str, commit: str = "HEAD") -> str:
    """"deps-<hash>" of the manifests' paths and blob ids at `commit` (no blob is read: a partial mirror
    whose large blobs are absent still has a key). Equal manifests give equal keys in any repository."""
    listing = subprocess.run(["git", "ls-tree", "-r", "--full-tree", commit], cwd=repo_dir, env=git_env(),
                             capture_output=True, text=True)
    if listing.returncode != 0:
        raise RepoError(f"cannot list the files of {commit} in {repo_dir}: {listing.stderr.strip()}")
    lines = sorted(line for line in listing.stdout.splitlines() if MANIFESTS.search(line.split("\t", 1)[-1]))
    return "deps-" + hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]


def environment_key(task: Task, tree: Path | None = None) -> str:
    """The environment key of a task: its `env_key` when it names a version or an environment commit,
    else repo@deps-<hash of the manifests at the environment commit>, read from `tree` (that commit's
    prepared base) or else from the repository cache (no blob is read: a commit whose tree lacks a blob
    still has a key). A repository that cannot be reached keeps the task's own `env_key`."""
    if task.version or task.environment_setup_commit:
        return task.env_key
    try:
        if tree is not None:
            return f"{task.repo}@{dependency_key(tree)}"
        bare = bare_cache(task.repo, task.repo_source, task.base_commit)
        return f"{task.repo}@{dependency_key(bare, task.base_commit)}"
    except RepoError:
        return task.env_key


def _git_date(repo_dir: Path, *args: str) -> datetime | None:
    out = subprocess.run(["git", "log", "-1", "--format=%cI", *args], cwd=repo_dir, env=git_env(),
                         capture_output=True, text=True)
    try:
        return datetime.fromisoformat(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None
    except ValueError:
        return None


def manifest_paths(repo_dir: Path | str, commit: str) -> list[str]:
    listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", "--full-tree", commit], cwd=repo_dir,
                             env=git_env(), capture_output=True, text=True)
    return [p for p in listing.stdout.splitlines() if MANIFESTS.search(p)] if listing.returncode == 0 else []


def commit_date(task: Task) -> datetime | None:
    """The date an environment is resolved as of: when the dependency manifests at the environment commit
    were last changed (every task with those manifests gets the same date, hence one environment; measured
    on dayjs: keyed by task date, 3 instances with one package.json built 3 environments of 289 MB), never
    after the task itself; the task's date (created_at, else its commit's) when the history cannot say."""
    commit = task.environment_setup_commit or task.base_commit
    try:
        bare = bare_cache(task.repo, task.repo_source, commit)
    except RepoError:
        return task.created_at
    own = task.created_at or _git_date(bare, commit)
    paths = manifest_paths(bare, commit)
    changed = _git_date(bare, commit, "--", *paths) if 0 < len(paths) <= MAX_PATHSPECS else None
    if changed is None or own is None:
        return changed or own
    return min(changed, own, key=lambda d: d.timestamp())


def infer_for_task(task: Task) -> Recipe:
    """The auto recipe for a task, with its date and repository name (what catalog.resolve_recipe calls)."""
    commit = task.environment_setup_commit or task.base_commit
    tree = prepared_base(task.repo, task.repo_source, commit)
    return infer_recipe(tree, language=task.language, created_at=commit_date(task), repo=task.repo)
