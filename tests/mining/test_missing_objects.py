"""A mirror that lacks objects (a partial snapshot without its largest blobs) costs one change per missing
object, with the reason in the funnel, never the whole walk."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

from swegauge.mining.classify import UNREADABLE, screen
from swegauge.mining.history import main_line_changes, pull_request_changes
from swegauge.mining.judge import Judgement
from swegauge.mining.miner import MineSettings, mine
from tests.helpers import commit_files, git, head, make_repo


def _drop_blob(repo: Path, spec: str) -> str:
    """Delete one blob from the object store (loose objects only: the repo is unpacked first)."""
    sha = subprocess.run(["git", "rev-parse", spec], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()
    objects = repo / ".git" / "objects" if (repo / ".git").exists() else repo / "objects"
    for pack in list((objects / "pack").glob("*.pack")):  # unpack, so the one object can be removed on its own
        moved = pack.with_suffix(".moved")
        pack.rename(moved)
        pack.with_suffix(".idx").unlink()
        with open(moved, "rb") as data:
            subprocess.run(["git", "unpack-objects", "-q"], cwd=repo, stdin=data, check=True)
        moved.unlink()
    (objects / sha[:2] / sha[2:]).unlink()
    return sha


def _history(root: Path) -> tuple[Path, list[str]]:
    repo = make_repo(root / "r", {"pkg/a.py": "A = 1\n", "tests/test_a.py": "def test_a():\n    pass\n"})
    shas = [head(repo)]
    for n in range(2, 6):
        commit_files(repo, {"pkg/a.py": f"A = {n}\n", f"data/blob{n}.bin": f"large {n}\n" * 50,
                            "tests/test_a.py": f"def test_a():\n    assert {n}\n"}, f"change {n}")
        shas.append(head(repo))
    return repo, shas


def test_walk_goes_past_a_missing_blob_and_marks_that_change(tmp_path):
    repo, shas = _history(tmp_path)
    _drop_blob(repo, f"{shas[2]}:data/blob3.bin")  # only the commit that added it cannot be diffed
    broken = subprocess.run(["git", "log", "--numstat", "--first-parent"], cwd=repo, capture_output=True, text=True)
    assert broken.returncode != 0 and "unable to read" in broken.stderr  # what used to stop the whole run
    changes = list(main_line_changes(str(repo)))
    assert [c.head for c in changes] == list(reversed(shas[1:]))
    marked = {c.head: c.unreadable for c in changes}
    assert marked[shas[2]] is not None and "unable to read" in marked[shas[2]]
    assert all(why is None for sha, why in marked.items() if sha != shas[2])
    assert next(c for c in changes if c.head == shas[3]).files  # the commits around it keep their file lists
    verdict = screen(next(c for c in changes if c.head == shas[2]))
    assert not verdict.kept and verdict.reason.startswith(UNREADABLE) and "<object>" in verdict.reason


def test_a_missing_blob_on_a_pull_request_costs_that_pull_request(tmp_path):
    repo, shas = _history(tmp_path)
    git(repo, "checkout", "-q", "-b", "feature", shas[1])
    commit_files(repo, {"pkg/b.py": "B = 1\n", "tests/test_b.py": "def test_b():\n    pass\n"}, "feature")
    git(repo, "update-ref", "refs/pull/9/head", "HEAD")
    git(repo, "checkout", "-q", "main")
    _drop_blob(repo, "refs/pull/9/head:pkg/b.py")
    [pull] = list(pull_request_changes(str(repo)))
    assert pull.change_id == "pull/9" and pull.unreadable and not screen(pull).kept


class _Judge:
    """Stands in for ChangeJudge: the first change crashes the harness, the rest are judged."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def judge(self, change, screened, problem) -> Judgement:
        self.seen.append(change.change_id)
        if len(self.seen) == 1:
            raise RuntimeError("sandbox vanished")
        return Judgement(change_id=change.change_id, stage="tests", kept=False, reason="no test goes from failing to passing")


def test_mine_reports_the_unreadable_change_and_a_crashing_one_in_the_funnel(tmp_path):
    repo, shas = _history(tmp_path)
    _drop_blob(repo, f"{shas[2]}:data/blob3.bin")
    out = tmp_path / "mined.jsonl"
    judge = _Judge()
    counts, kept = mine(MineSettings(repo=str(repo), repo_name="o/r", out=out), judge=judge,  # type: ignore[arg-type]
                        console=Console(file=open(os.devnull, "w")))
    assert counts["changes seen"] == 4 and counts["passed the cheap filter"] == 3
    assert [k for k in counts if k.startswith(f"rejected: {UNREADABLE}")] and kept == 0
    assert any(k.startswith("rejected at error: RuntimeError: sandbox vanished") for k in counts)
    assert len(judge.seen) == 3 and out.exists()
    # the harness error is not remembered: a rerun judges that change again, the others not
    again = _Judge()
    mine(MineSettings(repo=str(repo), repo_name="o/r", out=out), judge=again, console=Console(file=open(os.devnull, "w")))  # type: ignore[arg-type]
    assert again.seen == [judge.seen[0]]


MIRRORS = Path(os.environ.get("SWEGAUGE_MIRRORS", "/nonexistent"))


@pytest.mark.integration
@pytest.mark.skipif(not (MIRRORS / "pallets__itsdangerous.git").exists(), reason="no itsdangerous mirror")
def test_a_real_history_with_a_deleted_blob_is_walked_to_the_end(tmp_path):
    mirror = tmp_path / "m.git"
    subprocess.run(["git", "clone", "-q", "--mirror", "--no-local", str(MIRRORS / "pallets__itsdangerous.git"),
                    str(mirror)], check=True)
    whole = list(main_line_changes(str(mirror)))
    target = next(c for c in whole[len(whole) // 2:] if any(f.added for f in c.files))
    path = next(f.path for f in target.files if f.added)
    _drop_blob(mirror, f"{target.head}:{path}")
    after = list(main_line_changes(str(mirror)))
    assert [c.head for c in after] == [c.head for c in whole]
    marked = {c.head for c in after if c.unreadable}
    assert target.head in marked
    # only changes that touch that file can need its blob; every other one reads as before
    touching = {c.head for c in whole if any(path in (f.path, f.renamed_from) for f in c.files)}
    assert marked <= touching
    assert all(a.files == b.files for a, b in zip(after, whole) if a.head not in marked)
