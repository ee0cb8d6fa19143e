"""The run engine on real starter tasks with baseline and fake solvers (no model needed)."""

from __future__ import annotations

import asyncio
import json
import shutil

import pytest
from rich.console import Console

from swegauge.runner.commands import make_grader
from swegauge.runner.run import RunEngine, RunSettings, export_predictions
from swegauge.store import Store
from swegauge.solvers import Candidate, register_solver
from swegauge.tasks import load_suite

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")]


class FakeFlakySolver:
    """Fails on attempt 0 of the first task, returns the empty patch otherwise."""

    name = "fake-flaky"
    needs_model = False
    calls = 0

    def __init__(self, tasks, options):
        self.first = tasks[0].instance_id

    async def solve(self, ctx):
        type(self).calls += 1
        if ctx.problem.instance_id == self.first and ctx.attempt == 0:
            raise RuntimeError("boom")
        assert not hasattr(ctx.problem, "patch"), "solvers must not see the gold patch"
        return Candidate(patch="", detail={"seen": ctx.problem.instance_id})


register_solver("fake-flaky", lambda tasks, options: FakeFlakySolver(tasks, options))


@pytest.fixture(scope="module")
def tasks():
    return [t for t in load_suite("starter").tasks if t.language == "python"][:2]


def _engine(tmp_path, tasks, solver, attempts=2):
    settings = RunSettings(suite="starter", solver=solver, attempts=attempts, run_dir=tmp_path / "run", workers=2)
    store = Store(settings.run_dir)
    return RunEngine(settings, tasks=tasks, store=store, grader=make_grader()), store


def test_gold_run_resolves_everything_and_exports_predictions(tmp_path, tasks):
    engine, store = _engine(tmp_path, tasks, "gold")
    asyncio.run(engine.run_all(Console(quiet=True)))
    results = store.results(label="candidate")
    assert len(results) == 4 and all(r.verdict.resolved for r in results)
    out = tmp_path / "preds.jsonl"
    assert export_predictions(store, out, model_name="gold") == 2
    first = json.loads(out.read_text().splitlines()[0])
    assert first["model_patch"] == tasks[0].patch


def test_a_failing_attempt_is_recorded_and_retried_on_rerun(tmp_path, tasks):
    FakeFlakySolver.calls = 0
    engine, store = _engine(tmp_path, tasks, "fake-flaky")
    asyncio.run(engine.run_all(Console(quiet=True)))
    attempts = store.attempts()
    assert len(attempts) == 4
    failed = [a for a in attempts if a.error]
    assert len(failed) == 1 and "boom" in failed[0].error
    assert FakeFlakySolver.calls == 4
    # Rerun: only the errored attempt is generated again (it fails again, deterministically).
    engine2, store2 = _engine(tmp_path, tasks, "fake-flaky")
    asyncio.run(engine2.run_all(Console(quiet=True)))
    assert FakeFlakySolver.calls == 5
    assert len(store2.attempts()) == 4 and len(store2.results(label="candidate")) == 4
