"""selfplay and --select verifier on a starter task: real sandbox runs pick the right patch out of a mix."""

from __future__ import annotations

import asyncio
import json

import pytest
from rich.console import Console

from swegauge.models import ModelSettings
from swegauge.runner.commands import make_grader
from swegauge.runner.run import RunEngine, RunSettings, export_predictions
from swegauge.store import Store
from swegauge.runner.workbench import SandboxWorkbench
from swegauge.solvers import Candidate, make_solver, register_solver
from swegauge.solvers.selection import select
from tests.solvers.support import FakeChatModel, context_for, recorded, serve_model, skip_without_bwrap, starter_task

pytestmark = [pytest.mark.integration, skip_without_bwrap]
TASK = "starter__tinyconf-1"
OLD = "        line = raw[:-1]\n"
FIXES = {  # the line replacing OLD -> is it a right fix?
    "        line = raw.strip()\n": False,           # breaks continuation lines
    '        line = raw.rstrip("\\r\\n")\n': True,
    "        line = raw[:-2]\n": False,
    '        line = raw.rstrip("\\n").rstrip("\\r")\n': True,
    '        line = raw.rstrip("\\r\\n")  # no newline at the end is fine\n': True,
}
TESTS = [  # new test bodies for tests/test_parser.py
    'def test_last_port_keeps_its_digits():\n'
    '    assert tinyconf.loads("[s]\\nport = 8080").get("s", "port") == "8080"\n',
    'def test_last_bool():\n    assert tinyconf.loads("[a]\\r\\ndebug = true").get_bool("a", "debug") is True\n',
    'def test_wrong_expectation():\n    assert tinyconf.loads("[s]\\nport = 8080").get("s", "port") == "808"\n',
    'def test_broken(:\n',
]
ANCHOR = ('def test_continuation_after_section_header_is_an_error():\n'
          '    with pytest.raises(ParseError, match="continuation line without an option"):\n'
          '        tinyconf.loads("[a]\\nx = 1\\n[b]\\n  stray\\n")\n')


def fix_answer(new_line: str) -> str:
    return f"### tinyconf/parser.py\n<<<<<<< SEARCH\n{OLD}=======\n{new_line}>>>>>>> REPLACE\n"


def test_answer(body: str) -> str:
    return f"### tests/test_parser.py\n<<<<<<< SEARCH\n{ANCHOR}=======\n{ANCHOR}\n\n{body}>>>>>>> REPLACE\n"


test_answer.__test__ = False  # type: ignore[attr-defined]


def answers(stage: str, call: dict) -> str:
    sample = call["attempt"] % 1000
    base = recorded(TASK)
    if stage == "fixer-edit":
        return fix_answer(list(FIXES)[sample % len(FIXES)])
    if stage == "writer-edit":
        return test_answer(TESTS[sample % len(TESTS)])
    return base[stage]


def test_selfplay_picks_a_right_patch_out_of_right_and_wrong_ones():
    task = starter_task(TASK)
    grader = make_grader()
    bench = SandboxWorkbench(grader, task)
    solver = make_solver("selfplay", tasks=[task], options={"n_patches": 5, "n_tests": 4})
    model = FakeChatModel(answers)
    candidate = asyncio.run(solver.solve(context_for(task, model, bench)))
    detail = candidate.detail
    chosen = detail["selected_index"]
    assert list(FIXES.values())[chosen], detail["selection"]
    assert grader.grade(task, candidate.patch).resolved
    matrix = detail["matrix"]
    assert matrix["mode"] == "combined" and matrix["invocations"] == 1 + 5
    assert len(matrix["rows"]) == 5 and len(matrix["tests"]) == 4
    # The stored matrix is enough to recompute the choice.
    again = select(matrix, [p["patch"] for p in detail["patches"]], [p["normalized"] for p in detail["patches"]])
    assert again.selected == chosen
    # Every sample after the first is drawn at temperature 1.0.
    edits = [c for c in model.calls if c["stage"] == "fixer-edit"]
    assert sorted(c["temperature"] for c in edits if c["attempt"] % 1000) == [1.0] * 4


class TwoAttemptSolver:
    """Attempt 0: a wrong fix; attempt 1: a right one; attempt 2: nothing."""

    name = "fake-attempts"
    needs_model = False

    async def solve(self, ctx):
        from swegauge.solvers.diffs import make_diff

        text = (ctx.bench.tree / "tinyconf/parser.py").read_text()
        lines = ["        line = raw.strip()\n", '        line = raw.rstrip("\\r\\n")\n']
        if ctx.attempt >= len(lines):
            return Candidate(patch="")
        return Candidate(patch=make_diff(ctx.bench.tree, {"tinyconf/parser.py": text.replace(OLD, lines[ctx.attempt])}))


register_solver("fake-attempts", lambda tasks, options: TwoAttemptSolver())


def test_select_verifier_picks_the_right_attempt_and_exports_it(tmp_path, monkeypatch):
    task = starter_task(TASK)
    serve_model(monkeypatch, FakeChatModel(answers))
    settings = RunSettings(suite="starter", solver="fake-attempts", model=ModelSettings(name="fake/replay"),
                           attempts=3, select="verifier", options={"n_tests": 3}, run_dir=tmp_path / "run",
                           workers=2)
    store = Store(settings.run_dir)
    asyncio.run(RunEngine(settings, tasks=[task], store=store, grader=make_grader()).run_all(Console(quiet=True)))
    assert store.errors() == []
    rows = {a.attempt: a for a in store.attempts()}
    assert [a for a, r in rows.items() if r.detail.get("selected")] == [1]
    verifier = rows[1].detail["verifier"]
    assert verifier["selected_index"] == 1 and verifier["matrix"]["invocations"] <= 3
    assert verifier["cost"]["calls"] == rows[1].calls == 4  # 1 localization + 3 test samples
    stages = {c.stage for c in store.model_calls() if c.attempt == 1}
    assert stages == {"verifier:test:localize", "verifier:test:edit"}
    out = tmp_path / "preds.jsonl"
    export_predictions(store, out, model_name="fake")
    assert json.loads(out.read_text())["model_patch"] == rows[1].patch
    # A rerun does not select again.
    asyncio.run(RunEngine(settings, tasks=[task], store=store, grader=make_grader()).run_all(Console(quiet=True)))
    assert store.attempts()[1].detail["verifier"] == verifier
