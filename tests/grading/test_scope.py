from __future__ import annotations

from pathlib import Path

from swegauge.grading import grader, scope
from swegauge.grading.scope import MAX_FILES, referenced_file
from swegauge.tasks import Task


def _tree(root: Path, paths: list[str]) -> Path:
    for rel in paths:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x\n")
    return root


def _task(f2p: list[str], p2p: list[str]) -> Task:
    return Task(instance_id="o__r-1", repo="o/r", base_commit="abcdef1", FAIL_TO_PASS=f2p, PASS_TO_PASS=p2p)


def test_names_name_their_files_in_each_spelling(tmp_path):
    tree = _tree(tmp_path, ["tests/test_x.py", "test/plugin/utc.test.js", "src/a.spec.ts", "pkg/tests/test_m.py"])
    assert referenced_file("tests/test_x.py::TestC::test_m[a::b]", tree) == "tests/test_x.py"
    assert referenced_file("test/plugin/utc.test.js", tree) == "test/plugin/utc.test.js"
    assert referenced_file("test/plugin/utc.test.js:UTC and utcOffset", tree) == "test/plugin/utc.test.js"
    assert referenced_file("src/a.spec.ts > parser > reads", tree) == "src/a.spec.ts"
    assert referenced_file("pkg.tests.test_m.TestM.test_one", tree) == "pkg/tests/test_m.py"
    assert referenced_file("tests/gone.py::test_a", tree) is None  # no such file
    assert referenced_file("TestParse/sub", tree) is None
    assert referenced_file("com.acme.ParserTest.method", tree) is None


def test_a_pass_to_pass_test_in_an_untouched_file_is_run_too(tmp_path):
    tree = _tree(tmp_path, [f"tests/test_{n}.py" for n in "abcdefghij"])
    task = _task(["tests/test_a.py::test_new"], ["tests/test_a.py::test_old", "tests/test_c.py::test_keep"])
    assert scope.test_targets(task, tree, ["tests/test_a.py"]) == ["tests/test_a.py", "tests/test_c.py"]


def test_names_within_the_touched_files_change_nothing(tmp_path):
    tree = _tree(tmp_path, ["tests/test_a.py", "tests/test_b.py"])
    task = _task(["tests/test_a.py::test_new"], ["TestElsewhere", "describe > title"])
    assert scope.test_targets(task, tree, ["tests/test_a.py"]) == ["tests/test_a.py"]


def test_every_suite_file_listed_runs_the_whole_suite(tmp_path):
    files = [f"test/t{n}.test.js" for n in range(97)]
    tree = _tree(tmp_path, files)
    task = _task(["test/t1.test.js"], files)
    assert scope.test_targets(task, tree, ["test/t1.test.js"]) is None
    # whole suite means `{tests}` is empty in the command
    assert grader.test_script((), "jest --json {tests}", scope.test_targets(task, tree, ["test/t1.test.js"]) or []) == "jest --json "


def test_many_files_but_a_small_share_of_a_big_suite_are_listed(tmp_path):
    files = [f"tests/test_{n}.py" for n in range(100)]
    tree = _tree(tmp_path, files)
    listed = files[:MAX_FILES - 5]
    task = _task([f"{listed[0]}::test_a"], [f"{f}::test_b" for f in listed])
    assert scope.test_targets(task, tree, [listed[0]]) == listed
    more = files[:MAX_FILES + 1]
    assert scope.test_targets(_task([], [f"{f}::t" for f in more]), tree, []) is None


def test_half_the_test_files_of_a_middling_suite_runs_it_all(tmp_path):
    files = [f"tests/test_{n}.py" for n in range(30)]
    tree = _tree(tmp_path, files)
    listed = files[:16]
    assert scope.test_targets(_task([], [f"{f}::t" for f in listed]), tree, []) is None
    assert scope.test_targets(_task([], [f"{f}::t" for f in files[:12]]), tree, []) == files[:12]
