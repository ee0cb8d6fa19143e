"""Walk a repository's history as a list of changes: main-line commits (a merge counts as one change,
diffed against its first parent) and pull-request refs (refs/pull/*/head, diffed from the merge base).

The file lists come from one streaming `git log --numstat` over the whole main line, so scanning costs
one process, not one per commit.
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


def _log_records(repo: str, args: list[str]) -> Iterator[tuple[list[str], list[str]]]:
    fmt = f"{RECORD}%H{FIELD}%P{FIELD}%aI{FIELD}%s{FIELD}%b{FIELD}"
    cmd = ["git", "log", f"--format={fmt}", "--numstat", "-M", *args]
    proc = subprocess.Popen(cmd, cwd=repo, env=git_env(), stdout=subprocess.PIPE, text=True, errors="replace")
    assert proc.stdout is not None
    buffer = ""
    for chunk in iter(lambda: proc.stdout.read(1 << 16), ""):
        buffer += chunk
        *complete, buffer = buffer.split(RECORD)
        for record in complete:
            if record.strip():
                yield _split_record(record)
    if buffer.strip():
        yield _split_record(buffer)
    if proc.wait() != 0:
        raise RepoError(f"git log failed in {repo}")


def _split_record(record: str) -> tuple[list[str], list[str]]:
    head_part, _, stats = record.rpartition(FIELD)
    return head_part.split(FIELD), [line for line in stats.splitlines() if line.strip()]


def main_line_changes(repo: str, *, ref: str = "HEAD", since: str | None = None,
                      until: str | None = None) -> Iterator[Change]:
    """Changes along the first-parent main line, newest first; merges diffed against their first parent."""
    args = ["--first-parent", "--diff-merges=first-parent", ref]
    if since:
        args.append(f"--since={since}")
    if until:
        args.append(f"--until={until}")
    for fields, stats in _log_records(repo, args):
        sha, parents, date, subject, body = (fields + [""] * 5)[:5]
        parent_list = parents.split()
        if not parent_list:
            continue  # the root commit has nothing to diff against
        files = tuple(f for f in (_parse_numstat_line(s) for s in stats) if f is not None)
        yield Change(change_id=sha, base=parent_list[0], head=sha, subject=subject, body=body.strip(),
                     author_date=datetime.fromisoformat(date), files=files,
                     kind="merge" if len(parent_list) > 1 else "commit")


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
        numstat = git("diff", "--numstat", "-M", base, head, cwd=repo)  # type: ignore[arg-type]
        info = git("log", "-1", f"--format=%aI{FIELD}%s{FIELD}%b", head, cwd=repo)  # type: ignore[arg-type]
        date, subject, body = (info.split(FIELD) + ["", ""])[:3]
        files = tuple(f for f in (_parse_numstat_line(s) for s in numstat.splitlines()) if f is not None)
        number = name.split("/")[2]
        yield Change(change_id=f"pull/{number}", base=base, head=head, subject=subject, body=body.strip(),
                     author_date=datetime.fromisoformat(date.strip()), files=files, kind="pull")
