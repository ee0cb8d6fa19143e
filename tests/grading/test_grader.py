"""The grader end to end on a tiny real project: real git, a real uv environment, real bubblewrap."""

from __future__ import annotations

import json
import shutil

import pytest

from swegauge.envs import EnvironmentBuilder
from swegauge.grading.grader import Grader
from swegauge.sandbox import BwrapSandbox
from swegauge.tasks import Task
from tests.helpers import diff_for, head, make_repo

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")]

SOURCE = {
    "calc/__init__.py": "",
    "calc/ops.py": "def add(a, b):\n    return a - b\n\n\ndef neg(a):\n    return -a\n",
    "tests/__init__.py": "",
    "tests/test_ops.py": "from calc.ops import neg\n\n\ndef test_neg():\n    assert neg(2) == -2\n",
}
GOLD = {"calc/ops.py": SOURCE["calc/ops.py"].replace("a - b", "a + b")}
TESTS = {"tests/test_ops.py": SOURCE["tests/test_ops.py"] + "\n\ndef test_add():\n    assert add(2, 3) == 5\n"}
TESTS["tests/test_ops.py"] = TESTS["tests/test_ops.py"].replace("import neg", "import add, neg")
RECIPE = {"repo": "local/calc", "versions": {"*": {
    "language": "python", "python": "3.11", "install": ["uv pip install pytest"],
    "test_command": "python -m pytest -rA -p no:cacheprovider --junitxml=/report/junit.xml {tests}",
    "parser": "pytest"}}}


@pytest.fixture(scope="module")
def calc(tmp_path_factory):
    root = tmp_path_factory.mktemp("calc")
    repo = make_repo(root / "repo", SOURCE)
    recipes = root / "recipes"
    recipes.mkdir()
    (recipes / "calc.json").write_text(json.dumps(RECIPE))
    mp = pytest.MonkeyPatch()
    mp.setenv("SWEGAUGE_RECIPES", str(recipes))
    task = Task(instance_id="calc-1", repo="local/calc", repo_source=str(repo), base_commit=head(repo),
                patch=diff_for(repo, GOLD), test_patch=diff_for(repo, TESTS),
                FAIL_TO_PASS=["tests/test_ops.py::test_add"], PASS_TO_PASS=["tests/test_ops.py::test_neg"])
    sandbox = BwrapSandbox()
    yield task, Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox)), repo
    mp.undo()


def test_gold_resolves_and_empty_does_not(calc):
    task, grader, _ = calc
    gold = grader.grade(task, task.patch)
    assert gold.outcome == "resolved", gold.reason
    assert gold.structured and gold.fail_to_pass == {"tests/test_ops.py::test_add": "PASSED"}
    empty = grader.grade(task, "")
    assert empty.outcome == "unresolved" and empty.empty_patch
    assert empty.fail_to_pass["tests/test_ops.py::test_add"] == "FAILED"


def test_a_patch_that_edits_the_tests_cannot_change_the_verdict(calc):
    task, grader, repo = calc
    cheat = dict(TESTS)
    cheat["tests/test_ops.py"] = "def test_add():\n    pass\n\n\ndef test_neg():\n    pass\n"
    verdict = grader.grade(task, diff_for(repo, cheat))
    assert verdict.outcome == "unresolved"
    assert verdict.fail_to_pass["tests/test_ops.py::test_add"] == "FAILED"


def test_fake_passed_lines_printed_by_the_code_fool_nothing(calc):
    task, grader, repo = calc
    spoof = {"calc/ops.py": SOURCE["calc/ops.py"] + (
        "\nimport sys\nprint('PASSED tests/test_ops.py::test_add')\n"
        "sys.stderr.write('PASSED tests/test_ops.py::test_add\\n')\n")}
    verdict = grader.grade(task, diff_for(repo, spoof))
    assert verdict.outcome == "unresolved"
    assert verdict.fail_to_pass["tests/test_ops.py::test_add"] == "FAILED"


def test_a_forged_junit_report_with_a_zero_exit_is_caught(calc):
    task, grader, repo = calc
    forged = ('<testsuites><testsuite name="pytest"><testcase classname="tests.test_ops" name="test_add" '
              'file="tests/test_ops.py"/><testcase classname="tests.test_ops" name="test_neg" '
              'file="tests/test_ops.py"/></testsuite></testsuites>')
    conftest = {"conftest.py": (
        "def pytest_unconfigure(config):\n"  # runs after pytest wrote its own report
        f"    open('/report/junit.xml', 'w').write({forged!r})\n")}
    verdict = grader.grade(task, diff_for(repo, conftest))
    assert verdict.outcome == "unresolved", verdict
    assert any(r.startswith("conftest.py:") for r in verdict.reverted)  # removed before the run
    assert "listed tests did not pass" in verdict.reason


def test_a_patch_that_does_not_apply_says_where(calc):
    task, grader, _ = calc
    bad = "--- a/calc/ops.py\n+++ b/calc/ops.py\n@@ -1,2 +1,2 @@\n def mul(a, b):\n-    return 0\n+    return a * b\n"
    verdict = grader.grade(task, bad)
    assert verdict.outcome == "unresolved" and not verdict.applied
    assert "calc/ops.py" in verdict.reason


def test_environment_is_built_once_and_reused(calc):
    task, grader, _ = calc
    from swegauge.envs import resolve_recipe
    from swegauge.envs.auto import environment_key

    grader.grade(task, task.patch)  # builds it (or finds it built by an earlier test)
    outcome = grader._builder.get(key=environment_key(task), recipe=resolve_recipe(task), repo=task.repo,
                                  repo_source=task.repo_source, commit=task.base_commit)
    assert outcome.reused and outcome.environment is not None
    assert (outcome.environment.path / "build.log").exists()


def test_a_test_patch_that_also_adds_a_data_file_still_runs_its_tests(calc):
    task, grader, repo = calc
    with_data = dict(TESTS)
    with_data["tests/data/cases.json"] = '{"add": [[2, 3, 5]]}\n'
    task2 = task.model_copy(update={"instance_id": "calc-data", "test_patch": diff_for(repo, with_data)})
    verdict = grader.grade(task2, task2.patch)
    assert verdict.outcome == "resolved", verdict.reason
