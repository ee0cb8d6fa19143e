"""A repository shipped as text: a `git format-patch --root` series that rebuilds to the same SHAs anywhere.

A series directory holds the patches (``NNNN-*.patch``, applied in name order) and ``series.json``::

    {"committer": "Name <email>"}

Applying the series with `git am --committer-date-is-author-date` onto an empty repository, as that
committer, under the hardened git environment, gives the same commits on every machine; the first line
of the last patch names the SHA the head must have, and a rebuild that does not reach it is an error.
Any task may name a series directory as its `repo_source` (the bundled starter suite does).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

from swegauge.envs.git import RepoError, git

SERIES_FILE = "series.json"
BRANCH = "main"
_FROM_LINE = re.compile(r"From ([0-9a-f]{40}) ")
_PERSON = re.compile(r"^(?P<name>[^<>]+?)\s*<(?P<email>[^<>]+)>$")


def is_series(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is a patch-series directory (has series.json and at least one patch)."""
    folder = Path(path)
    return (folder / SERIES_FILE).is_file() and any(folder.glob("*.patch"))


def patches(series: Path) -> list[Path]:
    found = sorted(Path(series).glob("*.patch"))
    if not found:
        raise RepoError(f"{series}: no *.patch files (not a patch series)")
    return found


def series_head(series: Path) -> str:
    """The SHA the last commit must have, from the `From <sha>` first line of the last patch."""
    last = patches(series)[-1]
    with last.open(encoding="utf-8") as handle:
        match = _FROM_LINE.match(handle.readline())
    if match is None:
        raise RepoError(f"{last}: not a `git format-patch` file (no 'From <sha>' first line)")
    return match.group(1)


def committer_identity(series: Path) -> dict[str, str]:
    path = Path(series) / SERIES_FILE
    try:
        committer = json.loads(path.read_text(encoding="utf-8"))["committer"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise RepoError(f"{path}: needs {{\"committer\": \"Name <email>\"}} ({err})") from err
    match = _PERSON.match(str(committer))
    if match is None:
        raise RepoError(f"{path}: committer {committer!r} must look like 'Name <email>'")
    return {"GIT_COMMITTER_NAME": match["name"], "GIT_COMMITTER_EMAIL": match["email"]}


def apply_series(series: Path, repo: Path) -> str:
    """`git init` an empty repository at `repo` and `git am` the series onto it; return HEAD's SHA."""
    identity = committer_identity(series)
    git("init", "-q", "--template=", f"--initial-branch={BRANCH}", str(repo), cwd=repo.parent)
    git("am", "-q", "--committer-date-is-author-date", "--no-3way", *map(str, patches(series)), cwd=repo,
        identity=identity)
    return git("rev-parse", "HEAD", cwd=repo).strip()


def _is_intact(repo: Path, expected: str) -> bool:
    try:  # `status` must not take the index lock while other processes read the same repository
        head = git("--no-optional-locks", "rev-parse", "HEAD", cwd=repo).strip()
        changed = git("--no-optional-locks", "status", "--porcelain", "--untracked-files=no", cwd=repo)
    except RepoError:
        return False
    return head == expected and not changed.strip()


def materialize_series(series: Path, dest: Path) -> Path:
    """Build (or reuse) `dest` as a git repository holding the series, at the series' head.

    Idempotent: an intact repository at the expected head is returned as it is; a broken or stale one is
    replaced. Safe when processes race: each builds in its own directory beside `dest` and renames it into
    place; the loser uses the winner's copy when it is intact."""
    series, dest = Path(series), Path(dest)
    expected = series_head(series)
    if dest.exists():
        if _is_intact(dest, expected):
            return dest
        stale = dest.with_name(f".{dest.name}.stale-{uuid.uuid4().hex}")
        try:
            os.rename(dest, stale)
        except FileNotFoundError:
            pass  # another process moved it away first
        else:
            shutil.rmtree(stale, ignore_errors=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.build-", dir=dest.parent))
    try:
        repo = work / dest.name
        repo.mkdir()
        head = apply_series(series, repo)
        if head != expected:
            raise RepoError(f"{series}: rebuilt to {head}, expected {expected} (a patch was edited by hand?)")
        try:
            os.rename(repo, dest)
        except OSError:
            if not _is_intact(dest, expected):  # lost the race: use the winner's copy when it is good
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return dest
