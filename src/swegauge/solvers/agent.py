"""The `agent` solver: a bash + file-editor tool loop in the task's sandbox, as plain as mini-swe-agent's.

    messages = [system, task]
    until a limit or submit:
        reply = model(messages fitted to the context window)
        for each action in reply: run it -> observation, new patch
        messages += [reply, observations]
    return the patch

The state is one patch (agent_sandbox.py explains how it survives throw-away workspaces). Actions come
as tool calls, or for models without tools (the embedded `local` model) as one ```bash block per reply
(agent_actions.py). Limits (options): max_steps turns (default 30), max_tokens_total, max_cost_usd,
max_seconds; when one is hit the loop stops and the current patch is submitted, with the reason. Every
turn's thought, actions, observations (as the model saw them), tokens and cost go to
Candidate.detail["trajectory"]; agent_trajectory.format_trajectory renders it as markdown.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from swegauge.models import Completion, ContextWindowError, ModelError, fit_messages
from swegauge.models.settings import LOCAL_MODEL
from swegauge.solvers.agent_actions import TOOLS, Action, actions_of
from swegauge.solvers.agent_editor import run_editor
from swegauge.solvers.prompts import render
from swegauge.solvers.agent_sandbox import ToolResult, run_bash, truncate
from swegauge.solvers.base import Candidate, ModelSession, SolveContext, SolverError
from swegauge.solvers.registry import register_solver
from swegauge.tasks import Task

THOUGHT_CHARS = 8000  # of each reply's text kept in the trajectory
ARG_CHARS = 20000  # of each string argument kept in the trajectory
StopReason = Literal["submitted", "step_limit", "token_limit", "cost_limit", "time_limit", "context_window",
                     "model_error", "error"]


class AgentOptions(BaseModel):
    """The agent's settings, read from the run's options (other solvers' keys are ignored)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    max_steps: int = Field(default=30, ge=1)
    max_tokens_total: int | None = Field(default=None, ge=1)
    max_cost_usd: float | None = Field(default=None, gt=0)
    max_seconds: float | None = Field(default=None, gt=0)
    command_timeout_s: float = Field(default=120.0, gt=0)
    max_observation_chars: int = Field(default=10_000, ge=200)
    action_format: Literal["auto", "tools", "text"] = "auto"

    @classmethod
    def of(cls, options: dict[str, Any]) -> AgentOptions:
        try:
            return cls.model_validate(options)
        except ValidationError as err:
            raise SolverError(f"agent options: {err}") from err


@dataclass
class Run:
    """One attempt's mutable state."""

    patch: str = ""
    steps: int = 0
    trajectory: list[dict[str, Any]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    text_format: bool = False
    stop_reason: StopReason | None = None
    stop_detail: str | None = None
    error: str | None = None

    def elapsed(self) -> float:
        return time.monotonic() - self.started


class AgentSolver:
    name = "agent"
    needs_model = True

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = AgentOptions.of(options)

    async def solve(self, ctx: SolveContext) -> Candidate:
        opts = AgentOptions.of(ctx.options) if ctx.options else self.options
        run = Run(text_format=uses_text_format(opts, ctx.session))
        messages = [{"role": "system", "content": render("agent_system", text_format=run.text_format,
                                                         max_steps=opts.max_steps,
                                                         command_timeout_s=int(opts.command_timeout_s))},
                    {"role": "user", "content": await asyncio.to_thread(task_prompt, ctx)}]
        try:
            await loop(ctx, opts, run, messages)
        except Exception as err:  # noqa: BLE001 - keep the trajectory; the attempt is recorded as an error
            run.stop_reason, run.error = "error", f"{type(err).__name__}: {err}"
        return Candidate(patch=run.patch, error=run.error, detail=detail_of(opts, run, ctx.session))


async def loop(ctx: SolveContext, opts: AgentOptions, run: Run, messages: list[dict[str, Any]]) -> None:
    """Model turn, actions, observations; until submit or a limit."""
    tools = None if run.text_format else TOOLS
    window, answer = await ctx.session.budget()
    while run.stop_reason is None:
        run.stop_reason = limit_reached(opts, run, ctx.session)
        if run.stop_reason:
            return
        try:
            fitted = fit_messages(messages, window, answer, tools=tools)
            completion = await ctx.session.chat(fitted, stage="agent", tools=tools)
        except ContextWindowError as err:
            run.stop_reason, run.stop_detail = "context_window", str(err)
            return
        except ModelError as err:
            run.stop_reason, run.error = "model_error", f"{type(err).__name__}: {err}"
            return
        run.steps += 1
        messages.append(completion.assistant_message())
        await take_turn(ctx, opts, run, completion, messages)


def uses_text_format(opts: AgentOptions, session: ModelSession) -> bool:
    """Plain-text actions when asked, or in "auto" for the embedded model (llama.cpp ignores tools)."""
    if opts.action_format != "auto":
        return opts.action_format == "text"
    return session.model is not None and session.model.name == LOCAL_MODEL


def task_prompt(ctx: SolveContext) -> str:
    problem = ctx.problem
    try:
        test_command = ctx.bench.test_command([]).strip()
    except Exception:  # noqa: BLE001 - the hint is optional; a bash step will report a broken environment
        test_command = ""
    return render("agent_task", repo=problem.repo, language=problem.language,
                  problem_statement=problem.problem_statement.strip(), hints_text=problem.hints_text.strip(),
                  test_command="" if test_command == "true" else test_command)


def limit_reached(opts: AgentOptions, run: Run, session: ModelSession) -> StopReason | None:
    """Checked before each model call."""
    if run.steps >= opts.max_steps:
        return "step_limit"
    if opts.max_tokens_total is not None:
        if sum(c.prompt_tokens + c.completion_tokens for c in session.calls) >= opts.max_tokens_total:
            return "token_limit"
    if opts.max_cost_usd is not None and sum(c.cost_usd or 0.0 for c in session.calls) >= opts.max_cost_usd:
        return "cost_limit"
    if opts.max_seconds is not None and run.elapsed() >= opts.max_seconds:
        return "time_limit"
    return None


async def take_turn(ctx: SolveContext, opts: AgentOptions, run: Run, completion: Completion,
                    messages: list[dict[str, Any]]) -> None:
    """Run the turn's actions in order, answer each (tool messages, or one user message), log the step."""
    actions = turn_actions(completion, text_format=run.text_format)
    record: list[dict[str, Any]] = []
    texts: list[str] = []
    for action in actions:
        if run.stop_reason:  # submitted: later calls still need an answer
            observation, result = "not run: the task was already submitted", None
        elif action.tool == "submit":
            run.stop_reason, observation, result = "submitted", "submitted", None
        else:
            result = await act(ctx, opts, run, action)
            observation, run.patch = result.observation, result.patch
        if action.note:
            observation = f"note: {action.note}\n{observation}"
        record.append(action_record(action, observation, result))
        if action.call_id is not None:
            messages.append({"role": "tool", "tool_call_id": action.call_id, "content": observation})
        else:
            texts.append(observation)
    if texts:
        messages.append({"role": "user", "content": "\n\n".join(texts)})
    run.trajectory.append(step_record(run, completion, record))


def turn_actions(completion: Completion, *, text_format: bool) -> list[Action]:
    """The turn's actions; in the tools format a reply with neither a tool call nor a bash block is told so."""
    actions = actions_of(completion)
    if not text_format and not completion.tool_calls and actions[0].tool == "format_error":
        return [Action("format_error", error="the reply has no tool call")]
    return actions


async def act(ctx: SolveContext, opts: AgentOptions, run: Run, action: Action) -> ToolResult:
    limit = opts.max_observation_chars
    if action.tool == "format_error":
        how = ("reply with exactly one ```bash block, or SUBMIT alone when done" if run.text_format
               else "call bash, str_replace_editor or submit (with valid JSON arguments)")
        return ToolResult(f"format error: {action.error}. Nothing was run; {how}.", run.patch)
    if action.tool == "bash":
        timeout = opts.command_timeout_s
        if opts.max_seconds is not None:
            timeout = max(1.0, min(timeout, opts.max_seconds - run.elapsed()))
        return await asyncio.to_thread(run_bash, ctx.bench, run.patch, action.args["command"], timeout_s=timeout,
                                       max_chars=limit)
    return await asyncio.to_thread(run_editor, ctx.bench.tree, run.patch, action.args, max_chars=limit)


def _clip(value: Any) -> Any:
    return truncate(value, ARG_CHARS) if isinstance(value, str) else value


def action_record(action: Action, observation: str, result: ToolResult | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"tool": action.tool, "args": {k: _clip(v) for k, v in action.args.items()},
                             "observation": observation}
    if action.call_id is not None:
        entry["call_id"] = action.call_id
    if action.error:
        entry["error"] = action.error
    if result is not None:
        entry["exit_code"] = result.exit_code
        entry["seconds"] = round(result.seconds, 3)
    return entry


def step_record(run: Run, completion: Completion, actions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"step": run.steps, "thought": truncate(completion.text or "", THOUGHT_CHARS), "actions": actions,
            "prompt_tokens": completion.prompt_tokens, "completion_tokens": completion.completion_tokens,
            "cost_usd": completion.cost_usd, "latency_s": round(completion.latency_s, 3),
            "cached": completion.cached, "finish_reason": completion.finish_reason,
            "patch_lines": run.patch.count("\n"), "elapsed_s": round(run.elapsed(), 3)}


def detail_of(opts: AgentOptions, run: Run, session: ModelSession) -> dict[str, Any]:
    calls = session.calls
    costs = [c.cost_usd for c in calls]
    return {"solver": "agent", "format": "text" if run.text_format else "tools", "stop_reason": run.stop_reason,
            "stop_detail": run.stop_detail, "submitted": run.stop_reason == "submitted", "steps": run.steps,
            "error": run.error,
            "prompt_tokens": sum(c.prompt_tokens for c in calls),
            "completion_tokens": sum(c.completion_tokens for c in calls),
            "cost_usd": None if any(c is None for c in costs) else round(sum(c or 0.0 for c in costs), 6),
            "elapsed_s": round(run.elapsed(), 3), "options": opts.model_dump(), "trajectory": run.trajectory}


def _factory(tasks: list[Task], options: dict[str, Any]) -> AgentSolver:
    del tasks
    return AgentSolver(options)


register_solver("agent", _factory)
