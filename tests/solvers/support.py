"""Test helpers for solvers: a chat model that replays recorded answers, and the starter tasks."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from swegauge.models import Completion, ModelSettings
from swegauge.solvers import ModelSession, ProblemView, SolveContext

FIXTURES = Path(__file__).parent / "fixtures"

# Which recorded answer a prompt gets: a phrase of its instructions -> the fixture file's stem.
ROUTES = {
    "Name the files that must be edited": "fixer-localize",
    "Fix the issue above": "fixer-edit",
    "Name the ONE test file": "writer-localize",
    "Add a test to": "writer-edit",
}

skip_without_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")


def recorded(instance_id: str) -> dict[str, str]:
    """The recorded answers for a task, by stage (fixer-localize, fixer-edit, writer-localize, writer-edit).

    (Not test-*.txt: pytest would collect those as doctests.)"""
    return {p.stem: p.read_text(encoding="utf-8") for p in (FIXTURES / instance_id).glob("*.txt")}


def route(messages: list[dict[str, Any]]) -> str:
    user = messages[-1]["content"]
    for phrase, stage in ROUTES.items():
        if phrase in user:
            return stage
    raise AssertionError(f"no route for prompt ending {user[-200:]!r}")


class FakeChatModel:
    """Implements what ModelSession uses of ChatModel; answers come from `answer(stage, call)`.

    Every call is recorded as (stage, attempt, temperature, messages)."""

    def __init__(self, answer: Callable[[str, dict[str, Any]], str] | dict[str, str], *, context_window: int = 8192,
                 max_tokens: int = 1024) -> None:
        self.settings = ModelSettings(name="fake/replay", context_window=context_window, max_tokens=max_tokens,
                                      use_cache=False)
        self._answer = answer if callable(answer) else (lambda stage, call: answer[stage])
        self.calls: list[dict[str, Any]] = []

    @property
    def name(self) -> str:
        return self.settings.name

    async def complete(self, messages: list[dict[str, Any]], *, tools: list[dict[str, Any]] | None = None,
                       tool_choice: Any = None, attempt: int = 0, temperature: float | None = None) -> Completion:
        stage = route(messages)
        call = {"stage": stage, "attempt": attempt, "temperature": temperature, "messages": messages}
        self.calls.append(call)
        text = self._answer(stage, call)
        prompt = sum(len(m["content"]) for m in messages) // 4
        return Completion(model=self.name, attempt=attempt, text=text, prompt_tokens=prompt,
                          completion_tokens=len(text) // 4, cost_usd=0.0, latency_s=0.001)


def context_for(task: Any, model: Any, bench: Any, *, attempt: int = 0,
                options: dict[str, Any] | None = None) -> SolveContext:
    session = ModelSession(model, instance_id=task.instance_id, attempt=attempt)
    return SolveContext(problem=ProblemView.of(task), attempt=attempt, session=session, bench=bench,
                        options=options or {})


class TreeBench:
    """A Workbench over a plain directory, for solver tests that never run anything."""

    def __init__(self, tree: Path) -> None:
        self._tree = tree

    @property
    def tree(self) -> Path:
        return self._tree

    def run(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("this test does not run sandboxes")

    def test_command(self, files: list[str]) -> str:
        return "true"

    def parse(self, run: Any, report_dir: Path) -> dict[str, str]:
        return {}


def serve_model(monkeypatch: pytest.MonkeyPatch, model: Any) -> None:
    """Make the run engine's open_model(...) hand out `model` (the engine opens it once per run)."""
    import contextlib

    @contextlib.asynccontextmanager
    async def fake_open(settings: Any):
        yield model

    monkeypatch.setattr("swegauge.runner.run.open_model", fake_open)


def starter_task(instance_id: str) -> Any:
    from swegauge.tasks import load_suite

    return next(t for t in load_suite("starter").tasks if t.instance_id == instance_id)
