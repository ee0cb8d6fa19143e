"""Repository sources: a bare cache per repository, and prepared base trees with no history after base.

A task's repo resolves to a git source in this order: the task's own `repo_source` (a path or URL, or a
patch-series directory, see `swegauge.envs.series`, built into a git repository on first use), a local
mirror under $SWEGAUGE_MIRRORS (``<org>__<name>.git`` or ``<org>/<name>``), then a clone URL on GitHub
for an ``org/name`` repo. Nothing here knows any repository by name: every source is data on the task.
The prepared base is base_commit's tree committed afresh as the only commit of a new repository, so
`git log` in a workspace cannot reveal the fix.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from swegauge.envs.git import GIT_IDENTITY, HARDENED_CONFIG, RepoError, git, git_env
from swegauge.envs.series import is_series, materialize_series
from swegauge.paths import cache_subdir

__all__ = ["GIT_IDENTITY", "HARDENED_CONFIG", "RepoError", "bare_cache", "candidate_sources", "file_lock", "git",
           "git_env", "prepared_base", "safe_name"]


def safe_name(repo: str) -> str:
    return repo.replace("/", "__").replace(":", "_")


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (workers share caches)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def candidate_sources(repo: str, repo_source: str | None) -> list[str]:
    sources = [repo_source] if repo_source else []
    mirrors = os.environ.get("SWEGAUGE_MIRRORS")
    if mirrors:
        for name in (f"{safe_name(repo)}.git", repo, safe_name(repo)):
            if (Path(mirrors) / name).exists():
                sources.append(str(Path(mirrors) / name))
    if "/" in repo:
        sources.append(f"https://github.com/{repo}.git")
    return sources


def _source_path(repo: str, repo_source: str) -> str:
    """A patch series is built into a git repository (once, cached); any other source is used as it is."""
    if not is_series(repo_source):
        return repo_source
    with file_lock(cache_subdir("series-repos") / f"{safe_name(repo)}.lock"):
        return str(materialize_series(Path(repo_source), cache_subdir("series-repos") / safe_name(repo)))


def _has_commit(bare: Path, commit: str) -> bool:
    proc = subprocess.run(
        ["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=bare, env=git_env(), capture_output=True
    )
    return proc.returncode == 0


def bare_cache(repo: str, repo_source: str | None, commit: str) -> Path:
    """A bare mirror of the repository holding `commit`, fetched once and reused."""
    bare = cache_subdir("repos") / f"{safe_name(repo)}.git"
    with file_lock(bare.with_suffix(".lock")):
        if bare.exists() and _has_commit(bare, commit):
            return bare
        errors = []
        for source in candidate_sources(repo, repo_source):
            try:
                source = _source_path(repo, source)
                if not bare.exists():
                    git("clone", "--quiet", "--mirror", source, str(bare))
                else:
                    git("fetch", "--quiet", source, "+refs/*:refs/*", cwd=bare)
            except RepoError as err:
                errors.append(str(err))
                continue
            if _has_commit(bare, commit):
                return bare
            errors.append(f"{source}: has no commit {commit}")
    tried = "; ".join(errors) or "no source known (set repo_source or SWEGAUGE_MIRRORS)"
    raise RepoError(f"repository {repo}: cannot get commit {commit}: {tried}")


def prepared_base(repo: str, repo_source: str | None, commit: str) -> Path:
    """base_commit's tree as the only commit of a fresh repository (read-only use: copy before writing)."""
    target = cache_subdir("bases") / safe_name(repo) / commit
    if (target / ".git").exists():
        return target
    bare = bare_cache(repo, repo_source, commit)
    with file_lock(target.with_suffix(".lock")):
        if (target / ".git").exists():
            return target
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
        try:
            _export_tree(bare, commit, staging)
            git("init", "--quiet", "-b", "main", cwd=staging)
            git("add", "--all", "--force", cwd=staging)
            git("commit", "--quiet", "--no-verify", "--allow-empty", "-m", f"base {commit}", cwd=staging)
            staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _export_tree(bare: Path, commit: str, dest: Path) -> None:
    archive = subprocess.Popen(
        ["git", "archive", "--format=tar", commit], cwd=bare, env=git_env(), stdout=subprocess.PIPE
    )
    untar = subprocess.run(["tar", "-x", "-C", str(dest)], stdin=archive.stdout, capture_output=True)
    archive.stdout.close()  # type: ignore[union-attr]
    if archive.wait() != 0 or untar.returncode != 0:
        raise RepoError(f"cannot export {commit} from {bare}: {untar.stderr.decode(errors='replace')}")
