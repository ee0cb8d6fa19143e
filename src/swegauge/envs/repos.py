"""Repository sources: a bare cache per repository, and prepared base trees with no history after base.

A task's repo resolves to a git source in this order: the task's own `repo_source` (a path or URL), a
local mirror under $SWEGAUGE_MIRRORS (``<org>__<name>.git`` or ``<org>/<name>``), then a clone URL on
GitHub when the network allows. The prepared base is base_commit's tree committed afresh as the only
commit of a new repository, so `git log` in a workspace cannot reveal the fix.
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

from swegauge.paths import cache_subdir

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "swegauge",
    "GIT_AUTHOR_EMAIL": "swegauge@localhost",
    "GIT_COMMITTER_NAME": "swegauge",
    "GIT_COMMITTER_EMAIL": "swegauge@localhost",
    "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z",
}


class RepoError(Exception):
    """A repository or commit could not be found or checked out."""


HARDENED_CONFIG: tuple[tuple[str, str], ...] = (
    ("core.hooksPath", "/dev/null"),  # no hook of any repository ever runs
    ("core.fsmonitor", "false"),
    ("core.untrackedCache", "false"),
    ("core.pager", "cat"),
    ("core.editor", "false"),
    ("core.sshCommand", "false"),
    ("core.askPass", "false"),
    ("core.attributesFile", "/dev/null"),
    ("core.excludesFile", "/dev/null"),
    ("core.symlinks", "true"),
    ("core.protectNTFS", "true"),
    ("credential.helper", ""),
    ("protocol.ext.allow", "never"),
    ("gpg.program", "false"),
    ("commit.gpgSign", "false"),
    ("safe.directory", "*"),
)
"""Given to every host-side git call as command-line configuration (which outranks any repository's own
config file): nothing a workspace's `.git/config` or `.gitattributes` says can make git run a program."""


def git_env() -> dict[str, str]:
    """A clean, hardened environment for git on the host: no system, global or user config, a fixed
    identity, hooks and fsmonitor off, and no configured program (see HARDENED_CONFIG)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": _empty_home(),
        "XDG_CONFIG_HOME": _empty_home(),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_ATTR_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "LANG": "C.UTF-8",
        "GIT_CONFIG_COUNT": str(len(HARDENED_CONFIG)),
        **GIT_IDENTITY,
    }
    for index, (key, value) in enumerate(HARDENED_CONFIG):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env


def _empty_home() -> str:
    """An empty directory of our own, so no ~/.gitconfig or ~/.config/git is read."""
    home = Path(tempfile.gettempdir()) / f"swegauge-git-home-{os.getuid()}"
    if not home.is_dir():
        home.mkdir(mode=0o700, exist_ok=True)
    return str(home)


def git(*args: str, cwd: Path | None = None, check: bool = True, input_text: str | None = None) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=git_env(), capture_output=True, text=True, input=input_text
    )
    if check and proc.returncode != 0:
        raise RepoError(f"git {' '.join(args)} failed in {cwd}: {proc.stderr.strip()}")
    return proc.stdout


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
    if repo.startswith("starter/"):
        sources.append(_starter_source(repo))
    elif "/" in repo:
        sources.append(f"https://github.com/{repo}.git")
    return sources


def _starter_source(repo: str) -> str:
    """The bundled starter projects are materialized into git repositories on first use."""
    from swegauge.tasks.starter import materialize

    return str(materialize(repo.split("/", 1)[1], cache_subdir("starter-repos")))


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
