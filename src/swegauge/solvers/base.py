"""The Solver interface: a task's public view plus a model and a workbench in, one candidate out.

A solver never sees the gold patch, the test patch or the test lists: it gets a `ProblemView`. The two
baselines (`gold`, `empty`) are the only solvers handed the whole task, and they need no model.
"""

from __future__ import annotations

import inspect
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from swegauge.models import ChatModel, Completion
from swegauge.store import ModelCallRow
from swegauge.sandbox import ExecResult
from swegauge.tasks import Task


DEFAULT_WINDOW = 32768
"""Assumed context window (tokens) when neither the settings nor the model tell."""


class SolverError(Exception):
    """A solver cannot be set up (unknown name, missing model, bad option)."""


class ProblemView(BaseModel):
    """What a solver may know about a task: no gold patch, no test patch, no test names."""

    model_config = ConfigDict(frozen=True)

    instance_id: str
    repo: str
    language: str
    problem_statement: str
    hints_text: str = ""
    created_at: datetime | None = None

    @classmethod
    def of(cls, task: Task) -> ProblemView:
        return cls(instance_id=task.instance_id, repo=task.repo, language=task.language,
                   problem_statement=task.problem_statement, hints_text=task.hints_text,
                   created_at=task.created_at)


class Candidate(BaseModel):
    """A solver's output for one attempt: a unified diff (maybe empty), and what happened on the way."""

    model_config = ConfigDict(frozen=True)

    patch: str = ""
    error: str | None = None
    detail: dict[str, Any] = {}


class Workbench(Protocol):
    """What a solver may do besides calling the model: read the base tree, run things in the sandbox."""

    @property
    def tree(self) -> Path:
        """The repository at base_commit (read it; never write it)."""

    def run(self, script: str, *, patches: tuple[str, ...] = (), timeout_s: float = 600.0,
            report_dir: Path | None = None) -> ExecResult:
        """Run a shell script in the task's environment (network off) over a fresh workspace with `patches`
        applied in order; `report_dir` (a host directory) is mounted writable at /report.
        A patch that does not apply gives ended_by="start_error" with the reason in stderr."""

    def test_command(self, files: list[str]) -> str:
        """The environment's own test command on these test files (reports go to /report)."""

    def parse(self, run: ExecResult, report_dir: Path) -> dict[str, str]:
        """Per-test statuses of a run, by the environment's own parser."""


class ModelSession:
    """The model as a solver sees it: every call is recorded with its stage, tokens, cost and latency."""

    def __init__(self, model: ChatModel | None, *, instance_id: str, attempt: int) -> None:
        self.model = model
        self.instance_id = instance_id
        self.attempt = attempt
        self.calls: list[ModelCallRow] = []

    async def chat(self, messages: list[dict[str, Any]], *, stage: str, tools: list[dict[str, Any]] | None = None,
                   sample: int = 0, temperature: float | None = None, max_tokens: int | None = None) -> Completion:
        """One call. `sample` separates repeated samples inside one attempt (e.g. retries, self-play);
        `temperature` overrides the run's temperature for this call only (e.g. 1.0 for a retry);
        `max_tokens` lowers the answer's cap for this call (a stage that needs a short answer)."""
        if self.model is None:
            raise SolverError("this solver needs a model (--model)")
        extra: dict[str, Any] = {}
        if temperature is not None and self.supports_temperature:
            extra["temperature"] = temperature
        if max_tokens is not None and self._takes("max_tokens"):
            extra["max_tokens"] = max_tokens
        started = time.monotonic()
        try:
            completion = await self.model.complete(messages, tools=tools, attempt=self.attempt * 1000 + sample,
                                                   **extra)
        except Exception as err:
            self.calls.append(ModelCallRow(instance_id=self.instance_id, attempt=self.attempt, stage=stage,
                                           model=self.model.name, latency_s=time.monotonic() - started,
                                           cost_usd=0.0,  # a refused or failed request is not billed
                                           error=f"{type(err).__name__}: {err}"))
            raise
        self.calls.append(ModelCallRow(
            instance_id=self.instance_id, attempt=self.attempt, stage=stage, model=self.model.name,
            prompt_tokens=completion.prompt_tokens or 0, completion_tokens=completion.completion_tokens or 0,
            cost_usd=completion.cost_usd, latency_s=completion.latency_s, cached=completion.cached,
            error=completion.error))
        return completion

    @property
    def context_window(self) -> int | None:
        return self.model.settings.context_window if self.model else None

    async def budget(self) -> tuple[int, int]:
        """(context window, tokens kept free for each answer): from the settings, else the model's own
        answer (price table or server), else DEFAULT_WINDOW; answers get max_tokens, at most half."""
        window = self.context_window
        model = self.model
        if window is None and model is not None and callable(getattr(model, "context_window", None)):
            window = await model.context_window()
        window = window or DEFAULT_WINDOW
        max_tokens = getattr(getattr(model, "settings", None), "max_tokens", None) or window // 4
        return window, min(max_tokens, window // 2)

    @property
    def supports_temperature(self) -> bool:
        """Whether the model takes a per-call `temperature` (ChatModel.complete(..., temperature=...))."""
        return self._takes("temperature")

    def _takes(self, parameter: str) -> bool:
        if self.model is None:
            return False
        try:
            return parameter in inspect.signature(self.model.complete).parameters
        except (TypeError, ValueError):
            return False


class SolveContext(BaseModel):
    """Everything one attempt gets."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    problem: ProblemView
    attempt: int
    session: ModelSession
    bench: Any  # a Workbench
    options: dict[str, Any] = {}


class Solver(Protocol):
    name: str
    needs_model: bool

    async def solve(self, ctx: SolveContext) -> Candidate: ...
