"""The choice solver (SWE-Lancer Manager style) and exact-match grading, through the real run engine."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from swegauge.grading.choice import grade_choice
from swegauge.models import Completion, ModelSettings
from swegauge.runner.commands import make_grader
from swegauge.runner.run import RunEngine, RunSettings
from swegauge.store import Store
from swegauge.solvers import ProblemView
from swegauge.solvers.choice import parse_choice
from swegauge.tasks import Task

PROPOSALS = [
    {"id": "0", "text": "Trim every field before validating it."},
    {"id": "1", "text": "Validate every address field with ValidationUtils, as the other forms do."},
    {"id": "2", "text": "Allow letters in zip codes."},
]


def choice_task(**update: Any) -> Task:
    fields = {"instance_id": "14958-manager-0", "repo": "Expensify/App", "base_commit": "abcdef0", "kind": "choice",
              "problem_statement": "No validation error when the zip code contains a comma.",
              "proposals": PROPOSALS, "correct_proposal": 1}
    return Task(**{**fields, **update})


class AnsweringModel:
    """Answers every call with `answer`; remembers the prompts."""

    def __init__(self, answer: str) -> None:
        self.settings = ModelSettings(name="fake/manager", context_window=8192, max_tokens=512, use_cache=False)
        self.answer = answer
        self.prompts: list[list[dict[str, Any]]] = []

    @property
    def name(self) -> str:
        return self.settings.name

    async def complete(self, messages: list[dict[str, Any]], *, tools: Any = None, tool_choice: Any = None,
                       attempt: int = 0) -> Completion:
        self.prompts.append(messages)
        return Completion(model=self.name, attempt=attempt, text=self.answer, prompt_tokens=300,
                          completion_tokens=20, cost_usd=0.0004, latency_s=0.01)


def run_one(tmp_path, task: Task, model: AnsweringModel):
    settings = RunSettings(suite="swe-lancer", solver="choice", run_dir=tmp_path / "run")
    store = Store(settings.run_dir)
    engine = RunEngine(settings, tasks=[task], store=store, grader=make_grader())
    asyncio.run(engine.one(task, 0, model))
    [attempt] = store.attempts()
    [result] = store.results(label="candidate")
    return attempt, result.verdict, store


def test_the_right_pick_is_resolved_by_exact_match(tmp_path):
    model = AnsweringModel("Proposal 1 reuses the shared validation, so it fixes the root cause.\n\nANSWER: 1")
    attempt, verdict, _ = run_one(tmp_path, choice_task(), model)
    assert verdict.outcome == "resolved" and verdict.reason is None
    assert attempt.patch == "" and attempt.detail["choice"] == "1" and attempt.detail["parsed_by"] == "answer line"
    assert attempt.prompt_tokens == 300 and attempt.cost_usd == pytest.approx(0.0004)
    prompt = model.prompts[0][-1]["content"]
    assert all(p["text"] in prompt for p in PROPOSALS) and '<proposal id="2">' in prompt
    assert prompt.rstrip().endswith("where <id> is one of: 0, 1, 2.")


def test_a_wrong_pick_is_unresolved_and_says_which_was_right(tmp_path):
    _, verdict, _ = run_one(tmp_path, choice_task(), AnsweringModel('{"selected_proposal_id": 2}'))
    assert verdict.outcome == "unresolved" and verdict.reason == "chose proposal 2; the right one is 1"


def test_a_garbled_answer_is_unresolved_with_a_clear_reason(tmp_path):
    attempt, verdict, _ = run_one(tmp_path, choice_task(), AnsweringModel("I like the second-to-last idea best"))
    assert attempt.detail["choice"] is None and attempt.error is None
    assert verdict.outcome == "unresolved" and verdict.reason.startswith("no proposal chosen: no 'ANSWER: <id>' line")
    assert "second-to-last" in verdict.reason


def test_a_failed_attempt_is_regenerated_and_regraded_in_place(tmp_path):
    class Failing(AnsweringModel):
        async def complete(self, *args: Any, **kwargs: Any) -> Completion:
            raise RuntimeError("endpoint down")

    attempt, verdict, store = run_one(tmp_path, choice_task(), Failing(""))
    assert attempt.error and verdict.outcome == "unresolved" and "endpoint down" in verdict.reason
    store.close()
    attempt, verdict, store = run_one(tmp_path, choice_task(), AnsweringModel("ANSWER: 1"))
    assert attempt.error is None and verdict.outcome == "resolved"
    assert len(store.results()) == 1


def test_an_id_outside_the_proposals_is_not_a_choice(tmp_path):
    attempt, verdict, _ = run_one(tmp_path, choice_task(), AnsweringModel("ANSWER: 7"))
    assert attempt.detail["choice"] is None and "'7', which is not one of the proposal ids (0, 1, 2)" in verdict.reason


@pytest.mark.parametrize(("reply", "choice"), [
    ("ANSWER: 1", "1"), ("answer: **Proposal 2**.", "2"), ("Final ANSWER = #0", "0"), ("1", "1"),
    ("Proposal 2", "2"), ('```json\n{"selected_proposal_id": 0}\n```', "0"),
    ("ANSWER: 0 ... on reflection, ANSWER: 2", "2"), ("ANSWER: <id>", None), ("", None), ("1 or 2", None),
])
def test_parse_choice(reply, choice):
    assert parse_choice(reply, ["0", "1", "2"])[0] == choice


def test_solvers_never_see_the_right_answer():
    view = ProblemView.of(choice_task())
    assert "correct_proposal" not in view.model_dump() and "proposals" not in view.model_dump()


def test_grading_edge_cases():
    assert grade_choice(choice_task(), " 1 ").resolved
    assert grade_choice(choice_task(correct_proposal=None), "1").outcome == "error"
    missing = grade_choice(choice_task(), None, note="the model call failed")
    assert missing.outcome == "unresolved" and missing.reason == "no proposal chosen: the model call failed"
