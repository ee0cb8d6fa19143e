"""A Multi-SWE-bench record for a starter repository grades the same as the native record."""

from __future__ import annotations

import json
import shutil

import pytest

from swegauge.runner.commands import make_grader
from swegauge.tasks import load_file, load_suite

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed"),
              pytest.mark.skipif(shutil.which("go") is None, reason="go is not installed")]


def _bare(name: str) -> str:
    return name.rsplit("/", 1)[-1] if "/" in name else name


def test_multi_swe_bench_record_grades_like_the_native_one(tmp_path):
    native = next(t for t in load_suite("starter").tasks if t.instance_id == "starter__bytesize-1")
    org, repo = native.repo.split("/")
    status = {"fix": "PASS", "run": "PASS", "test": "FAIL"}
    record = {
        "org": org, "repo": repo, "number": 1, "language": "go",
        "base": {"sha": native.base_commit, "ref": "main", "label": f"{org}:main"},
        "fix_patch": native.patch, "test_patch": native.test_patch,
        "resolved_issues": [{"number": 1, "title": "rounding", "body": native.problem_statement}],
        # Multi-SWE-bench records Go tests by their bare names; new tests are n2p
        "f2p_tests": {_bare(n): status for n in native.FAIL_TO_PASS[:1]},
        "n2p_tests": {_bare(n): {"fix": "PASS", "run": "NONE", "test": "NONE"} for n in native.FAIL_TO_PASS[1:]},
        "p2p_tests": {_bare(n): {"fix": "PASS", "run": "PASS", "test": "PASS"} for n in native.PASS_TO_PASS},
        "s2p_tests": {},
    }
    path = tmp_path / "msb.jsonl"
    path.write_text(json.dumps(record) + "\n")
    report = load_file(path)
    assert report.ok, report.errors
    [converted] = report.tasks
    assert sorted(_bare(n) for n in native.FAIL_TO_PASS) == converted.FAIL_TO_PASS
    grader = make_grader()
    for patch in (native.patch, ""):
        a, b = grader.grade(native, patch), grader.grade(converted, patch)
        assert a.outcome == b.outcome, (a.reason, b.reason)
        assert list(a.fail_to_pass.values()) == [b.fail_to_pass[_bare(n)] for n in a.fail_to_pass]
    assert grader.grade(converted, native.patch).resolved
