"""Walk a repository's history as a list of changes: main-line commits (a merge counts as one change,
diffed against its first parent) and pull-request refs (refs/pull/*/head, diffed from the merge base).

The file lists come from one streaming `git log --numstat` over the whole main line, so scanning costs
one process, not one per commit. A mirror may lack objects (a partial snapshot without its largest blobs):
when the walk dies on one ("fatal: unable to read ..."), the commit it died on is checked on its own, becomes
a change marked `unreadable` (rejected by the cheap filter, its reason in the funnel) and the walk resumes
from its first parent. A missing object costs one change, never the run.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from swegauge.envs.repos import RepoError, git, git_env

RECORD = "\x1e"
FIELD = "\x1f"


class FileChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    added: int | None
    """None for binary files."""
    removed: int | None
    renamed_from: str | None = None


class Change(BaseModel):
    """One change to judge: `base` -> `head`, with its message, author date and touched files."""

    model_config = ConfigDict(frozen=True)

    change_id: str
    base: str
    head: str
    subject: str
    body: str
    author_date: datetime
    files: tuple[FileChange, ...]
    kind: str = "commit"  # commit | merge | pull
    unreadable: str | None = None
    """Why the change's diff could not be read (an object missing from the mirror); None when it could."""


def _parse_numstat_line(line: str) -> FileChange | None:
    parts = line.split("\t")
    if len(parts) < 3:
        return None
    added, removed = (None if p == "-" else int(p) for p in parts[:2])
    if len(parts) == 4:  # -z style never used; rename shown as "old => new" in one field
        return FileChange(path=parts[3], added=added, removed=removed, renamed_from=parts[2])
    path = parts[2]
    if " => " in path:
        old, new = _split_rename(path)
        return FileChange(path=new, added=added, removed=removed, renamed_from=old)
    return FileChange(path=path, added=added, removed=removed)


def _split_rename(text: str) -> tuple[str, str]:
    """numstat's "dir/{a => b}/f" or "a => b" into the old and new paths."""
    if "{" in text and "}" in text:
        prefix, rest = text.split("{", 1)
        inner, suffix = rest.split("}", 1)
        old, new = inner.split(" => ", 1)
        return (prefix + old + suffix).replace("//", "/"), (prefix + new + suffix).replace("//", "/")
    old, new = text.split(" => ", 1)
    return old, new


class _Walk:
    """One streaming `git log --numstat`; `records()` yields only complete records, `error` says how the
    walk ended when git failed (None: it read everything)."""

    def __init__(self, repo: str, args: list[str]) -> None:
        self.repo = repo
        self.args = args
        self.error: str | None = None

    def records(self) -> Iterator[tuple[list[str], list[str]]]:
        fmt = f"{RECORD}%H{FIELD}%P{FIELD}%aI{FIELD}%s{FIELD}%b{FIELD}"
        cmd = ["git", "log", f"--format={fmt}", "--numstat", "-M", *self.args]
        proc = subprocess.Popen(cmd, cwd=self.repo, env=git_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, errors="replace")
        assert proc.stdout is not None and proc.stderr is not None
        buffer = ""
        for chunk in iter(lambda: proc.stdout.read(1 << 16), ""):
            buffer += chunk
            *complete, buffer = buffer.split(RECORD)
            for record in complete:
                if record.strip():
                    yield _split_record(record)
        stderr = proc.stderr.read()
        if proc.wait() != 0:
            self.error = stderr.strip().splitlines()[-1] if stderr.strip() else f"git log exited {proc.returncode}"
            return
        if buffer.strip():
            yield _split_record(buffer)


def _split_record(record: str) -> tuple[list[str], list[str]]:
    head_part, _, stats = record.rpartition(FIELD)
    return head_part.split(FIELD), [line for line in stats.splitlines() if line.strip()]


def _change(fields: list[str], stats: list[str]) -> Change | None:
    sha, parents, date, subject, body = (fields + [""] * 5)[:5]
    parent_list = parents.split()
    if not parent_list:
        return None  # the root commit has nothing to diff against
    files = tuple(f for f in (_parse_numstat_line(s) for s in stats) if f is not None)
    return Change(change_id=sha, base=parent_list[0], head=sha, subject=subject, body=body.strip(),
                  author_date=datetime.fromisoformat(date), files=files,
                  kind="merge" if len(parent_list) > 1 else "commit")


def _single(repo: str, sha: str) -> tuple[Change | None, str | None]:
    """One commit read on its own: (its change, None), or (a change marked unreadable, its first parent)."""
    info = git("log", "-1", f"--format=%H{FIELD}%P{FIELD}%aI{FIELD}%s{FIELD}%b", sha, cwd=repo)  # type: ignore[arg-type]
    fields = info.rstrip("\n").split(FIELD)
    parents = (fields + ["", ""])[1].split()
    if not parents:
        return None, None
    numstat = subprocess.run(["git", "diff", "--numstat", "-M", parents[0], sha], cwd=repo, env=git_env(),
                             capture_output=True, text=True, errors="replace")
    if numstat.returncode == 0:
        return _change(fields, [line for line in numstat.stdout.splitlines() if line.strip()]), parents[0]
    why = numstat.stderr.strip().splitlines()[-1] if numstat.stderr.strip() else "git diff failed"
    change = _change(fields, [])
    assert change is not None
    return change.model_copy(update={"unreadable": why.removeprefix("fatal: ")}), parents[0]


def main_line_changes(repo: str, *, ref: str = "HEAD", since: str | None = None,
                      until: str | None = None) -> Iterator[Change]:
    """Changes along the first-parent main line, newest first; merges diffed against their first parent.
    A commit whose diff cannot be read is yielded marked `unreadable` and the walk goes on past it."""
    dates = [f"--since={since}"] if since else []
    dates += [f"--until={until}"] if until else []
    start: str | None = ref
    while start is not None:
        walk = _Walk(repo, ["--first-parent", "--diff-merges=first-parent", start, *dates])
        last: str | None = None
        for fields, stats in walk.records():
            last = fields[0]
            change = _change(fields, stats)
            if change is not None:
                yield change
        if walk.error is None:
            return
        # git died after `last`: the next commit on the line is read alone (it may be fine: go on from it)
        suspect = git("rev-parse", f"{last}^1" if last else start, cwd=repo, check=False).strip()  # type: ignore[arg-type]
        if not suspect:
            raise RepoError(f"git log failed in {repo}: {walk.error}")
        change, start = _single(repo, suspect)
        if change is not None:
            yield change


def pull_request_changes(repo: str, *, ref: str = "HEAD") -> Iterator[Change]:
    """Each refs/pull/*/head diffed from its merge base with the main line."""
    refs = git("for-each-ref", "--format=%(refname)", "refs/pull/", cwd=repo).split()  # type: ignore[arg-type]
    for name in refs:
        if not name.endswith("/head"):
            continue
        base = git("merge-base", ref, name, cwd=repo, check=False).strip()  # type: ignore[arg-type]
        if not base:
            continue
        head = git("rev-parse", name, cwd=repo).strip()  # type: ignore[arg-type]
        if head == base:
            continue
        unreadable = None
        try:
            numstat = git("diff", "--numstat", "-M", base, head, cwd=repo)  # type: ignore[arg-type]
        except RepoError as err:
            numstat, unreadable = "", str(err).splitlines()[-1].rsplit("fatal: ", 1)[-1]
        info = git("log", "-1", f"--format=%aI{FIELD}%s{FIELD}%b", head, cwd=repo)  # type: ignore[arg-type]
        date, subject, body = (info.split(FIELD) + ["", ""])[:3]
        files = tuple(f for f in (_parse_numstat_line(s) for s in numstat.splitlines()) if f is not None)
        number = name.split("/")[2]
        yield Change(change_id=f"pull/{number}", base=base, head=head, subject=subject, body=body.strip(),
                     author_date=datetime.fromisoformat(date.strip()), files=files, kind="pull",
                     unreadable=unreadable)
