from __future__ import annotations

import subprocess

import pytest

from swegauge.envs.repos import RepoError, bare_cache, prepared_base
from tests.helpers import commit_files, git, head, make_repo


def test_prepared_base_has_the_tree_and_no_later_history(tmp_path, cache_root):
    repo = make_repo(tmp_path / "lib", {"a.py": "x = 1\n"}, "first")
    base = head(repo)
    commit_files(repo, {"a.py": "x = 2  # the fix\n"}, "fix: secret fix message")
    tree = prepared_base(f"local/lib-{tmp_path.name}", str(repo), base)
    assert (tree / "a.py").read_text() == "x = 1\n"
    log = git(tree, "log", "--all", "--format=%s")
    assert log.strip().splitlines() == [f"base {base}"]
    assert "secret fix" not in git(tree, "log", "--all", "-p")
    # no object of the fix commit is reachable from the workspace's repository
    assert subprocess.run(["git", "cat-file", "-e", head(repo)], cwd=tree, capture_output=True).returncode != 0


def test_second_request_reuses_the_cache(tmp_path, cache_root):
    repo = make_repo(tmp_path / "lib", {"a.py": "x = 1\n"})
    name = f"local/reuse-{tmp_path.name}"
    first = prepared_base(name, str(repo), head(repo))
    second = prepared_base(name, str(repo), head(repo))
    assert first == second


def test_new_commit_is_fetched_into_existing_bare_cache(tmp_path, cache_root):
    repo = make_repo(tmp_path / "lib", {"a.py": "x = 1\n"})
    name = f"local/fetch-{tmp_path.name}"
    bare_cache(name, str(repo), head(repo))
    commit_files(repo, {"b.py": "y = 2\n"}, "second")
    tree = prepared_base(name, str(repo), head(repo))
    assert (tree / "b.py").exists()


def test_unknown_commit_names_repo_and_commit(tmp_path, cache_root):
    repo = make_repo(tmp_path / "lib", {"a.py": "x = 1\n"})
    with pytest.raises(RepoError, match="deadbeef"):
        prepared_base(f"local/missing-{tmp_path.name}", str(repo), "deadbeef" * 5)


def test_mirror_directory_is_used(tmp_path, cache_root, monkeypatch):
    mirrors = tmp_path / "mirrors"
    repo = make_repo(mirrors / "acme__widget", {"w.py": "pass\n"})
    monkeypatch.setenv("SWEGAUGE_MIRRORS", str(mirrors))
    tree = prepared_base(f"acme/widget", None, head(repo))
    assert (tree / "w.py").exists()
