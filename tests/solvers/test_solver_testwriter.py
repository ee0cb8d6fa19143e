"""testwriter: edits confined to the chosen test file; recorded answers give a valid test on a starter task."""

from __future__ import annotations

import asyncio

import pytest
from rich.console import Console

from swegauge.models import ModelSettings
from swegauge.runner.commands import make_grader
from swegauge.runner.run import RunEngine, RunSettings
from swegauge.store import Store
from swegauge.runner.workbench import SandboxWorkbench
from swegauge.solvers import make_solver
from swegauge.solvers.testwriter import TestWriterSolver, check_test, run_validity_rates, validity_rates
from swegauge.tasks import Task
from tests.helpers import head, make_repo
from tests.solvers.support import (FakeChatModel, TreeBench, context_for, recorded, serve_model, skip_without_bwrap,
                                   starter_task)


@pytest.fixture()
def calc(tmp_path):
    repo = make_repo(tmp_path / "calc", {"calc/ops.py": "def add(a, b):\n    return a - b\n",
                                         "tests/test_ops.py": "from calc.ops import add\n"})
    task = Task(instance_id="local__calc-1", repo="local/calc", base_commit=head(repo), language="python",
                problem_statement="add(2, 2) returns 0 instead of 4.")
    return repo, task


def _write(task, model, tree):
    solver = TestWriterSolver(check_base=False)
    return asyncio.run(solver.solve(context_for(task, model, TreeBench(tree))))


def test_edits_outside_the_chosen_test_file_are_rejected(calc):
    repo, task = calc
    answer = ("### tests/test_ops.py\n<<<<<<< SEARCH\nfrom calc.ops import add\n=======\nfrom calc.ops import add\n\n\n"
              "def test_add():\n    assert add(2, 2) == 4\n>>>>>>> REPLACE\n"
              "### calc/ops.py\n<<<<<<< SEARCH\n    return a - b\n=======\n    return a + b\n>>>>>>> REPLACE\n")
    model = FakeChatModel({"writer-localize": "```\ntests/test_ops.py\n```", "writer-edit": answer})
    candidate = _write(task, model, repo)
    assert candidate.detail["test_file"] == "tests/test_ops.py"
    assert "def test_add" in candidate.patch and "calc/ops.py" not in candidate.patch
    blocks = candidate.detail["tries"][-1]["blocks"]
    assert [b["status"] for b in blocks] == ["applied", "unknown_file"]
    listing = model.calls[0]["messages"][-1]["content"]
    assert "tests/test_ops.py" in listing and "calc/ops.py" not in listing.split("## Repository files")[1]


def test_a_new_test_file_can_be_created(calc):
    repo, task = calc
    answer = "### tests/test_add.py\n<<<<<<< SEARCH\n=======\nfrom calc.ops import add\n\n\ndef test_add():\n" \
             "    assert add(2, 2) == 4\n>>>>>>> REPLACE\n"
    model = FakeChatModel({"writer-localize": "tests/test_add.py", "writer-edit": answer})
    candidate = _write(task, model, repo)
    assert candidate.detail["test_file"] == "tests/test_add.py" and "new file mode" in candidate.patch


def test_validity_rates_count_both_conditions():
    from swegauge.solvers.testwriter import TestCheck

    checks = [TestCheck(test_file="t", applied=True, fails_on_base=True, passes_with_gold=True),
              TestCheck(test_file="t", applied=True, fails_on_base=True, passes_with_gold=False),
              TestCheck(test_file="t", applied=True, fails_on_base=False, passes_with_gold=True),
              TestCheck(test_file="t", applied=True, fails_on_base=True)]
    rates = validity_rates(checks)
    assert rates["fails_on_base_rate"] == 0.75 and rates["with_gold"] == 3
    assert rates["valid_with_gold_rate"] == pytest.approx(1 / 3)


@pytest.mark.integration
@skip_without_bwrap
def test_recorded_answers_give_a_valid_test_on_a_starter_task():
    task = starter_task("starter__tinyconf-1")
    bench = SandboxWorkbench(make_grader(), task)
    solver = make_solver("testwriter", tasks=[task])
    candidate = asyncio.run(solver.solve(context_for(task, FakeChatModel(recorded(task.instance_id)), bench)))
    assert candidate.detail["test_file"] == "tests/test_parser.py"
    assert candidate.detail["validity"]["fails_on_base"] is True
    check = check_test(bench, candidate.patch, "tests/test_parser.py", gold_patch=task.patch)
    assert check.fails_on_base and check.passes_with_gold and check.valid
    new = "tests/test_parser.py::test_last_line_without_newline_keeps_its_last_character"
    assert check.base[new] == "FAILED" and check.gold[new] == "PASSED"
    # A test expecting the buggy behaviour passes on the base: not valid.
    wrong = candidate.patch.replace('== "8080"', '== "808"')
    bad = check_test(bench, wrong, "tests/test_parser.py", gold_patch=task.patch)
    assert not bad.fails_on_base and not bad.passes_with_gold and not bad.valid


@pytest.mark.integration
@skip_without_bwrap
def test_a_testwriter_run_reports_both_rates(tmp_path, monkeypatch):
    task = starter_task("starter__tinyconf-1")
    serve_model(monkeypatch, FakeChatModel(recorded(task.instance_id)))
    settings = RunSettings(suite="starter", solver="testwriter", model=ModelSettings(name="fake/replay"),
                           run_dir=tmp_path / "run", workers=1)
    store = Store(settings.run_dir)
    asyncio.run(RunEngine(settings, tasks=[task], store=store, grader=make_grader()).run_all(Console(quiet=True)))
    [attempt] = store.attempts()
    assert attempt.detail["evaluation"]["valid"] is True
    assert run_validity_rates(store) == {"candidates": 1, "fails_on_base_rate": 1.0, "with_gold": 1,
                                       "valid_with_gold_rate": 1.0}
