from __future__ import annotations

from pathlib import Path

from swegauge.grading.apply import apply_patch, touched_paths
from tests.helpers import diff_for, make_repo

BODY = "".join(f"line {i}\n" for i in range(1, 41))


def _repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", {"pkg/mod.py": BODY, "README": "hello\n"})


def test_clean_patch_applies_with_plain_git_apply(tmp_path):
    repo = _repo(tmp_path)
    patch = diff_for(repo, {"pkg/mod.py": BODY.replace("line 20\n", "line twenty\n")})
    result = apply_patch(repo, patch)
    assert result.applied and result.method == "git apply"
    assert "line twenty" in (repo / "pkg/mod.py").read_text()


def test_shifted_context_falls_back_and_still_applies(tmp_path):
    repo = _repo(tmp_path)
    patch = diff_for(repo, {"pkg/mod.py": BODY.replace("line 30\n", "line thirty\n")})
    # The workspace drifted: lines inserted above the hunk and one context line changed.
    (repo / "pkg/mod.py").write_text("new 0\nnew 1\n" + BODY.replace("line 28\n", "line 28 changed\n"))
    result = apply_patch(repo, patch, fallbacks=False)
    assert not result.applied
    (repo / "pkg/mod.py").write_text("new 0\nnew 1\n" + BODY.replace("line 28\n", "line 28 changed\n"))
    from tests.helpers import git

    git(repo, "commit", "-qam", "drift")
    result = apply_patch(repo, patch)
    assert result.applied, result.error
    assert result.method in {"git apply --3way", "patch --fuzz", "git apply --recount"}
    assert "line thirty" in (repo / "pkg/mod.py").read_text()


def test_failure_names_the_file_and_hunk(tmp_path):
    repo = _repo(tmp_path)
    patch = diff_for(repo, {"pkg/mod.py": BODY.replace("line 10\n", "line ten\n")})
    (repo / "pkg/mod.py").write_text("completely different\n")
    from tests.helpers import git

    git(repo, "commit", "-qam", "rewrite")
    result = apply_patch(repo, patch)
    assert not result.applied
    assert "pkg/mod.py" in result.error
    assert "Hunk #1 FAILED" in result.error or "patch failed" in result.error
    assert (repo / "pkg/mod.py").read_text() == "completely different\n"  # nothing half-applied


def test_paths_outside_the_repository_are_refused(tmp_path):
    repo = _repo(tmp_path)
    evil = "--- a/../outside.txt\n+++ b/../outside.txt\n@@ -0,0 +1 @@\n+pwned\n"
    result = apply_patch(repo, evil)
    assert not result.applied and "outside the repository" in result.error
    assert not (tmp_path / "outside.txt").exists()


def test_garbage_is_reported_as_not_a_diff(tmp_path):
    repo = _repo(tmp_path)
    result = apply_patch(repo, "I fixed it, trust me")
    assert not result.applied and "not a valid unified diff" in result.error


def test_empty_patch_is_a_noop(tmp_path):
    repo = _repo(tmp_path)
    assert apply_patch(repo, "  \n").method == "empty"


def test_touched_paths_lists_created_and_deleted(tmp_path):
    repo = _repo(tmp_path)
    patch = diff_for(repo, {"tests/test_new.py": "def test_x():\n    pass\n", "README": "bye\n"})
    assert set(touched_paths(patch)) == {"tests/test_new.py", "README"}
