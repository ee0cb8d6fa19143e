"""agentless (BugFixer): retries, prompt fitting, detail; end to end on a starter task with recorded answers."""

from __future__ import annotations

import asyncio

import pytest
from rich.console import Console

from swegauge.models import ModelSettings
from swegauge.models.fit import conversation_tokens
from swegauge.runner.commands import make_grader
from swegauge.runner.run import RunEngine, RunSettings
from swegauge.store import Store
from swegauge.solvers import make_solver
from swegauge.solvers.stages import count_tokens
from swegauge.tasks import Task
from tests.helpers import head, make_repo
from tests.solvers.support import (FakeChatModel, TreeBench, context_for, recorded, serve_model, skip_without_bwrap,
                                   starter_task)

SOURCE = "def add(a, b):\n    return a - b\n"
GOOD_EDIT = "### calc/ops.py\n<<<<<<< SEARCH\n    return a - b\n=======\n    return a + b\n>>>>>>> REPLACE\n"


@pytest.fixture()
def calc(tmp_path):
    repo = make_repo(tmp_path / "calc", {"calc/ops.py": SOURCE, "calc/big.py": "x = 1\n" * 12000,
                                         "tests/test_ops.py": "def test_add(): pass\n"})
    task = Task(instance_id="local__calc-1", repo="local/calc", base_commit=head(repo), language="python",
                problem_statement="add(2, 2) returns 0 instead of 4.")
    return repo, task


def _solve(task, model, tree, **options):
    solver = make_solver("agentless", tasks=[task], options=options)
    return asyncio.run(solver.solve(context_for(task, model, TreeBench(tree))))


@pytest.mark.parametrize(("options", "retries"), [({}, 1), ({"max_retries": 5}, 5)])
def test_an_empty_diff_is_retried_at_temperature_one_and_stops_after_max_retries(calc, options, retries):
    repo, task = calc
    model = FakeChatModel({"fixer-localize": "```\ncalc/ops.py\n```", "fixer-edit": "I am not sure what to change."})
    candidate = _solve(task, model, repo, **options)
    edits = [c for c in model.calls if c["stage"] == "fixer-edit"]
    assert len(edits) == retries + 1  # the first try and the retries (default 1)
    assert [c["temperature"] for c in edits] == [None] + [1.0] * retries
    assert len({c["attempt"] for c in edits}) == retries + 1  # each retry is a new sample (cache key)
    assert candidate.patch == "" and candidate.detail["retries"] == retries
    assert len([c for c in model.calls if c["stage"] == "fixer-localize"]) == 1


def test_retrying_stops_at_the_first_non_empty_diff(calc):
    repo, task = calc
    answers = iter(["nothing", "still nothing", GOOD_EDIT])
    model = FakeChatModel(lambda stage, call: "calc/ops.py" if stage == "fixer-localize" else next(answers))
    candidate = _solve(task, model, repo, max_retries=2)
    assert "+    return a + b" in candidate.patch
    assert candidate.detail["retries"] == 2 and len(model.calls) == 4


def test_a_failed_localization_is_retried_too(calc):
    repo, task = calc
    answers = iter(["no idea", "```\ncalc/opz.py\n```"])
    model = FakeChatModel(lambda stage, call: next(answers) if stage == "fixer-localize" else GOOD_EDIT)
    candidate = _solve(task, model, repo)
    tries = candidate.detail["tries"]
    assert [t["stage"] for t in tries] == ["localize", "localize", "edit"]
    assert tries[1]["matches"][0] == {"said": "calc/opz.py", "path": "calc/ops.py", "how": "fuzzy",
                                      "ratio": tries[1]["matches"][0]["ratio"]}
    assert candidate.patch and tries[1]["temperature"] == 1.0


def test_prompts_fit_the_context_window_trimming_files_with_a_marker(calc):
    repo, task = calc
    model = FakeChatModel({"fixer-localize": "calc/big.py\ncalc/ops.py", "fixer-edit": GOOD_EDIT},
                          context_window=8192, max_tokens=1024)
    candidate = _solve(task, model, repo)
    edit_call = next(c for c in model.calls if c["stage"] == "fixer-edit")
    messages = edit_call["messages"]
    assert conversation_tokens(messages, count_tokens) <= 8192 - 1024
    user = messages[-1]["content"]
    assert "trimmed from the middle to fit the context window" in user
    assert "def add(a, b):" in user and "<<<<<<< SEARCH" in user  # small file and the instructions survive
    assert candidate.patch  # the untrimmed file still takes the edit


def test_test_files_are_hidden_and_block_fates_are_recorded(calc):
    repo, task = calc
    answer = GOOD_EDIT + "### calc/ops.py\n<<<<<<< SEARCH\nnot there\n=======\nx\n>>>>>>> REPLACE\n"
    model = FakeChatModel({"fixer-localize": "calc/ops.py", "fixer-edit": answer})
    candidate = _solve(task, model, repo)
    localize_prompt = model.calls[0]["messages"][-1]["content"]
    assert "calc/ops.py" in localize_prompt and "tests/test_ops.py" not in localize_prompt
    assert "1 test files not shown" in localize_prompt
    edit = candidate.detail["tries"][-1]
    assert [b["status"] for b in edit["blocks"]] == ["applied", "no_match"]
    assert edit["raw"] == answer and candidate.detail["localized"] == ["calc/ops.py"]


@pytest.mark.integration
@skip_without_bwrap
def test_recorded_answers_resolve_a_starter_task_end_to_end(tmp_path, monkeypatch):
    task = starter_task("starter__tinyconf-1")
    model = FakeChatModel(recorded(task.instance_id))
    serve_model(monkeypatch, model)
    settings = RunSettings(suite="starter", solver="agentless", model=ModelSettings(name="fake/replay"),
                           run_dir=tmp_path / "run", workers=1)
    store = Store(settings.run_dir)
    asyncio.run(RunEngine(settings, tasks=[task], store=store, grader=make_grader()).run_all(Console(quiet=True)))
    [result] = store.results(label="candidate")
    assert result.verdict.resolved, result.verdict.reason
    [attempt] = store.attempts()
    assert attempt.calls == 2 and attempt.prompt_tokens > 0
    assert attempt.detail["localized"] == ["tinyconf/parser.py", "tinyconf/config.py"]
    assert [c.stage for c in store.model_calls()] == ["fix:localize", "fix:edit"]
