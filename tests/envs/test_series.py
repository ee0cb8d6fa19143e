"""A repository shipped as a patch series: rebuilt to the same SHAs, reused, repaired, refused when edited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from swegauge.envs.git import RepoError, git
from swegauge.envs.repos import prepared_base
from swegauge.envs.series import SERIES_FILE, is_series, materialize_series, series_head

COMMITTER = "Series Maker <maker@example.invalid>"


def make_series(tmp_path: Path) -> tuple[Path, str]:
    """A two-commit repository written out with `git format-patch --root`; (series dir, head SHA)."""
    repo = tmp_path / "origin"
    repo.mkdir()
    identity = {"GIT_COMMITTER_NAME": "Series Maker", "GIT_COMMITTER_EMAIL": "maker@example.invalid"}
    git("init", "-q", "--template=", "--initial-branch=main", str(repo), cwd=tmp_path)
    for n, text in enumerate(["one\n", "one\ntwo\n"]):
        (repo / "notes.txt").write_text(text)
        date = f"2021-0{n + 1}-02T03:04:05+02:00"
        stamp = {**identity, "GIT_AUTHOR_NAME": "Ana", "GIT_AUTHOR_EMAIL": "ana@example.invalid",
                 "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        git("add", "-A", cwd=repo)
        git("commit", "-q", "-m", f"step {n}", cwd=repo, identity=stamp)
    series = tmp_path / "series"
    git("format-patch", "-q", "--root", "--no-signature", "-o", str(series), "HEAD", cwd=repo)
    (series / SERIES_FILE).write_text(json.dumps({"committer": COMMITTER}))
    return series, git("rev-parse", "HEAD", cwd=repo).strip()


def test_a_series_rebuilds_to_the_same_head_twice(tmp_path):
    series, head = make_series(tmp_path)
    assert is_series(series) and series_head(series) == head
    first = materialize_series(series, tmp_path / "a" / "repo")
    second = materialize_series(series, tmp_path / "b" / "repo")
    assert [git("rev-parse", "HEAD", cwd=r).strip() for r in (first, second)] == [head, head]
    assert git("log", "--format=%cn <%ce>", cwd=first).splitlines() == [COMMITTER, COMMITTER]


def test_an_intact_repository_is_reused_and_a_damaged_one_rebuilt(tmp_path):
    series, head = make_series(tmp_path)
    repo = materialize_series(series, tmp_path / "repo")
    marker = repo / ".git" / "marker"
    marker.write_text("kept")
    assert materialize_series(series, repo) == repo and marker.exists()
    (repo / "notes.txt").write_text("damaged\n")
    assert materialize_series(series, repo) == repo
    assert (repo / "notes.txt").read_text() == "one\ntwo\n" and not marker.exists()
    assert [p.name for p in (tmp_path).iterdir() if p.name.startswith(".")] == []


def test_an_edited_patch_is_refused(tmp_path):
    series, _ = make_series(tmp_path)
    last = sorted(series.glob("*.patch"))[-1]
    last.write_text(last.read_text().replace("step 1", "step one"))
    with pytest.raises(RepoError, match="expected"):
        materialize_series(series, tmp_path / "repo")


def test_a_series_without_its_committer_is_no_series(tmp_path):
    series, _ = make_series(tmp_path)
    (series / SERIES_FILE).unlink()
    assert not is_series(series)


def test_the_repository_cache_takes_a_series_as_a_repo_source(tmp_path, cache_root):
    series, head = make_series(tmp_path)
    tree = prepared_base(f"local/series-{tmp_path.name}", str(series), head)
    assert (tree / "notes.txt").read_text() == "one\ntwo\n"

