"""The agent loop with scripted model replies: real sandboxes, real git, the real grader and run engine."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from swegauge.models import Completion, ModelSettings, ToolCall
from swegauge.runner.commands import make_grader
from swegauge.runner.run import RunEngine, RunSettings
from swegauge.store import Store
from swegauge.runner.workbench import SandboxWorkbench
from swegauge.solvers import ModelSession, ProblemView, SolveContext, SolverError, make_solver
from swegauge.solvers.agent import AgentOptions, AgentSolver, uses_text_format
from swegauge.solvers.agent_trajectory import format_trajectory, trajectory_markdown, write_trajectories
from swegauge.tasks import Task, load_suite

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
Reply = str | list[tuple[str, dict[str, Any]]] | Callable[[list[dict[str, Any]]], Any]


class ScriptedModel:
    """Implements what ModelSession uses of ChatModel. Replies, in order: text (plain-text format), a list of
    (tool, arguments) calls, or a function of the messages; after the list, `default` forever."""

    def __init__(self, replies: list[Reply], *, default: Reply | None = None, context_window: int = 32768,
                 max_tokens: int = 1024, tokens: tuple[int, int] | None = None, cost: float = 0.001,
                 delay_s: float = 0.0) -> None:
        self.settings = ModelSettings(name="fake/scripted", context_window=context_window, max_tokens=max_tokens,
                                      use_cache=False)
        self.replies, self.default = list(replies), default
        self.tokens, self.cost, self.delay_s = tokens, cost, delay_s
        self.seen: list[dict[str, Any]] = []

    @property
    def name(self) -> str:
        return self.settings.name

    async def complete(self, messages: list[dict[str, Any]], *, tools: list[dict[str, Any]] | None = None,
                       tool_choice: Any = None, attempt: int = 0) -> Completion:
        self.seen.append({"messages": messages, "tools": tools})
        await asyncio.sleep(self.delay_s)
        reply = self.replies.pop(0) if self.replies else self.default
        assert reply is not None, "the script ran out of replies"
        if callable(reply):
            reply = reply(messages)
        text, calls = (reply, []) if isinstance(reply, str) else ("", reply)
        tool_calls = [ToolCall(id=f"call_{len(self.seen)}_{i}", name=name, arguments=json.dumps(args))
                      for i, (name, args) in enumerate(calls)]
        prompt, completion = self.tokens or (len(json.dumps(messages)) // 4, len(text) // 4 + 5)
        return Completion(model=self.name, attempt=attempt, text=text, tool_calls=tool_calls,
                          prompt_tokens=prompt, completion_tokens=completion, cost_usd=self.cost, latency_s=0.01)


class NoSandbox:
    """A workbench for loops that never run anything."""

    tree = Path("/nonexistent")

    def run(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("this test runs no sandbox")

    def test_command(self, files: list[str]) -> str:
        return "true"


def solve(model: ScriptedModel, bench: Any, task: Task, **options: Any):
    session = ModelSession(model, instance_id=task.instance_id, attempt=0)
    ctx = SolveContext(problem=ProblemView.of(task), attempt=0, session=session, bench=bench, options=options)
    return asyncio.run(AgentSolver(options).solve(ctx))


@pytest.fixture(scope="module")
def tinyconf() -> Task:
    return next(t for t in load_suite("starter").tasks if t.instance_id == "starter__tinyconf-1")


@pytest.fixture(scope="module")
def grader():
    return make_grader()


TOY = Task(instance_id="toy-1", repo="demo/toy", base_commit="0000000", problem_statement="Fix the thing.")
FIX = {"old_str": "line = raw[:-1]", "new_str": 'line = raw.rstrip("\\r\\n")'}

# --- with real sandboxes ---------------------------------------------------------------------------------


@needs_bwrap
@pytest.mark.integration
def test_tool_calls_fix_a_starter_task_through_the_run_engine(tmp_path, tinyconf, grader):
    model = ScriptedModel([
        [("bash", {"command": "grep -n 'raw\\[:-1\\]' tinyconf/parser.py"})],
        [("str_replace_editor", {"command": "view", "path": "tinyconf/parser.py", "view_range": [32, 34]})],
        [("str_replace_editor", {"command": "str_replace", "path": "tinyconf/parser.py", **FIX})],
        [("bash", {"command": "git diff --stat; python -m pytest -q -p no:cacheprovider 2>&1 | tail -1"})],
        [("submit", {})],
    ])
    settings = RunSettings(suite="starter", solver="agent", run_dir=tmp_path / "run", options={"max_steps": 10})
    store = Store(settings.run_dir)
    engine = RunEngine(settings, tasks=[tinyconf], store=store, grader=grader)
    asyncio.run(engine.one(tinyconf, 0, model))

    [result] = store.results(label="candidate")
    assert result.verdict.outcome == "resolved", result.verdict.reason
    [attempt] = store.attempts()
    detail = attempt.detail
    assert detail["stop_reason"] == "submitted" and detail["steps"] == 5 and detail["format"] == "tools"
    steps = detail["trajectory"]
    assert "33:        line = raw[:-1]" in steps[0]["actions"][0]["observation"]
    assert "    33\t        line = raw[:-1]" in steps[1]["actions"][0]["observation"]
    checked = steps[3]["actions"][0]["observation"]  # the sandbox saw the editor's change
    assert "tinyconf/parser.py | 2 +-" in checked and "passed" in checked
    assert all(s["prompt_tokens"] > 0 and s["completion_tokens"] > 0 for s in steps)
    assert attempt.calls == 5 and attempt.prompt_tokens == sum(s["prompt_tokens"] for s in steps)
    last = model.seen[-1]["messages"]  # every tool call was answered under its own id
    asked = [c["id"] for m in last if m["role"] == "assistant" for c in m.get("tool_calls", [])]
    answered = [m["tool_call_id"] for m in last if m["role"] == "tool"]
    assert asked[:4] == answered and model.seen[0]["tools"] is not None
    page = trajectory_markdown(settings.run_dir, tinyconf.instance_id, 0)
    assert "stop reason: **submitted**" in page and "## Step 5" in page and 'raw.rstrip("\\r\\n")' in page
    assert write_trajectories(settings.run_dir)[0].read_text() == page


EDIT = """Now the fix.

```bash
python - <<'END'
from pathlib import Path
p = Path("tinyconf/parser.py")
p.write_text(p.read_text().replace("line = raw[:-1]", 'line = raw.rstrip("\\\\r\\\\n")'))
END
git diff
```
"""


@needs_bwrap
@pytest.mark.integration
def test_plain_text_actions_fix_it_too(tinyconf, grader):
    model = ScriptedModel(["Let me look.\n```bash\nsed -n 32,34p tinyconf/parser.py\n```", EDIT,
                           "The tests should pass now.\n\nSUBMIT"])
    candidate = solve(model, SandboxWorkbench(grader, tinyconf), tinyconf, action_format="text")
    assert grader.grade(tinyconf, candidate.patch).resolved
    detail = candidate.detail
    assert detail["format"] == "text" and detail["stop_reason"] == "submitted" and detail["steps"] == 3
    assert all(call["tools"] is None for call in model.seen)
    assert "line = raw[:-1]" in detail["trajectory"][0]["actions"][0]["observation"]
    assert '+        line = raw.rstrip("\\r\\n")' in detail["trajectory"][1]["actions"][0]["observation"]
    assert model.seen[1]["messages"][-1]["role"] == "user"  # observations come back as user turns


@needs_bwrap
@pytest.mark.integration
def test_the_step_limit_stops_the_loop_and_keeps_the_patch(tinyconf, grader):
    model = ScriptedModel([], default="```bash\necho step >> NOTES.txt; wc -l < NOTES.txt\n```")
    candidate = solve(model, SandboxWorkbench(grader, tinyconf), tinyconf, max_steps=3, action_format="text")
    detail = candidate.detail
    assert detail["stop_reason"] == "step_limit" and detail["steps"] == 3 and not detail["submitted"]
    assert [s["actions"][0]["observation"].splitlines()[-1] for s in detail["trajectory"]] == ["1", "2", "3"]
    assert "+step\n+step\n+step\n" in candidate.patch and candidate.error is None


@needs_bwrap
@pytest.mark.integration
def test_what_a_step_keeps_binary_files_timeouts_and_big_files(tinyconf, grader):
    model = ScriptedModel([
        [("bash", {"command": "printf 'a\\000b\\001' > data.bin; echo kept > early.txt; sleep 30"})],
        [("bash", {"command": "od -An -tx1 data.bin; cat early.txt; head -c 2000000 /dev/zero > big.bin"})],
        [("bash", {"command": "ls big.bin; exit 7"})],
        [("submit", {})],
    ])
    candidate = solve(model, SandboxWorkbench(grader, tinyconf), tinyconf, command_timeout_s=2)
    steps = [s["actions"][0] for s in candidate.detail["trajectory"]]
    assert steps[0]["exit_code"] == 124 and "timed out after 2 s" in steps[0]["observation"]
    assert "61 00 62 01" in steps[1]["observation"] and "kept" in steps[1]["observation"]
    assert "not kept in the patch: big.bin" in steps[1]["observation"]
    assert steps[2]["exit_code"] == 7 and "No such file" in steps[2]["observation"]
    assert "GIT binary patch" in candidate.patch and "early.txt" in candidate.patch
    assert "big.bin" not in candidate.patch


# --- without sandboxes -----------------------------------------------------------------------------------


def test_a_malformed_action_gets_a_format_error_observation():
    model = ScriptedModel(["I would edit parser.py.", "```python\nprint(1)\n```", "SUBMIT"])
    candidate = solve(model, NoSandbox(), TOY, action_format="text")
    detail = candidate.detail
    assert detail["stop_reason"] == "submitted" and detail["steps"] == 3
    first = detail["trajectory"][0]["actions"][0]
    assert first["tool"] == "format_error" and "no ```bash block" in first["error"]
    told = model.seen[1]["messages"][-1]
    assert told["role"] == "user" and told["content"].startswith("format error:") and "Nothing was run" in told["content"]
    assert "only ```bash blocks are run" in model.seen[2]["messages"][-1]["content"]
    page = format_trajectory(detail, patch=candidate.patch)
    assert page.count("format error") >= 2 and "(empty: no changes)" in page


def test_bad_tool_calls_are_answered_under_their_own_id():
    model = ScriptedModel(["Thinking out loud, no tool.", [("bash", {"cmd": "ls"}), ("submit", {})]])
    candidate = solve(model, NoSandbox(), TOY, action_format="tools")
    assert candidate.detail["stop_reason"] == "submitted" and candidate.detail["steps"] == 2
    assert "the reply has no tool call" in model.seen[1]["messages"][-1]["content"]
    [step] = candidate.detail["trajectory"][1:]
    assert [a["tool"] for a in step["actions"]] == ["format_error", "submit"]
    assert "needs a non-empty string argument `command`" in step["actions"][0]["observation"]


@pytest.mark.parametrize(("options", "reason", "steps"), [
    ({"max_tokens_total": 150}, "token_limit", 2),
    ({"max_cost_usd": 0.0025}, "cost_limit", 3),
    ({"max_steps": 4}, "step_limit", 4),
])
def test_budgets_stop_the_loop_with_the_reason(options, reason, steps):
    model = ScriptedModel([], default="hmm", tokens=(100, 10), cost=0.001)
    detail = solve(model, NoSandbox(), TOY, action_format="text", **options).detail
    assert (detail["stop_reason"], detail["steps"]) == (reason, steps)
    assert detail["prompt_tokens"] == 100 * steps and detail["cost_usd"] == pytest.approx(0.001 * steps)


def test_the_time_limit_stops_the_loop():
    model = ScriptedModel([], default="hmm", delay_s=0.05)
    detail = solve(model, NoSandbox(), TOY, action_format="text", max_seconds=0.12).detail
    assert detail["stop_reason"] == "time_limit" and 1 <= detail["steps"] <= 4


def test_the_conversation_is_fitted_to_the_context_window():
    big = TOY.model_copy(update={"problem_statement": "".join(f"log line {i}\n" for i in range(3000))})
    model = ScriptedModel([], default="x" * 3000, context_window=4000, max_tokens=500)
    detail = solve(model, NoSandbox(), big, action_format="text", max_steps=30).detail
    first_prompt = model.seen[0]["messages"][1]["content"]
    assert "trimmed from the middle to fit the context window" in first_prompt and "log line 2999" in first_prompt
    assert detail["stop_reason"] == "context_window" and 1 <= detail["steps"] < 30 and detail["stop_detail"]


def test_model_errors_end_the_attempt_with_the_trajectory_so_far():
    from swegauge.models import ModelCallError

    def fail(messages):
        raise ModelCallError("gave up after 6 requests", model="fake/scripted", attempts=6)

    detail_and_error = solve(ScriptedModel(["hmm", fail]), NoSandbox(), TOY, action_format="text")
    assert detail_and_error.error.startswith("ModelCallError") and detail_and_error.detail["steps"] == 1
    assert detail_and_error.detail["stop_reason"] == "model_error"


def test_the_action_format_and_the_options():
    local = ModelSession(ScriptedModel([]), instance_id="x", attempt=0)
    local.model.settings = ModelSettings(name="local")
    remote = ModelSession(ScriptedModel([]), instance_id="x", attempt=0)
    assert uses_text_format(AgentOptions(), local) and not uses_text_format(AgentOptions(), remote)
    assert uses_text_format(AgentOptions(action_format="text"), remote)
    assert not uses_text_format(AgentOptions(action_format="tools"), local)
    solver = make_solver("agent", tasks=[], options={"max_steps": 5, "n_patches": 40})
    assert isinstance(solver, AgentSolver) and solver.options.max_steps == 5
    with pytest.raises(SolverError, match="max_steps"):
        make_solver("agent", tasks=[], options={"max_steps": 0})
