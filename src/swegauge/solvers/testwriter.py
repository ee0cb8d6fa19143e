"""`testwriter`: Kimi-Dev's TestWriter. Pick the test file, then write SEARCH/REPLACE edits adding a test.

Stage 1 lists the repository's test files and reads back one (or a new test file's path); stage 2 shows
that file and reads back edits confined to it (blocks for other files are reported as unknown_file). An
empty diff is retried at temperature 1.0 like agentless. The candidate's patch adds the test.

Validity: a test candidate is valid when it fails on the base commit (some test of its file FAILED or
ERRORed there); with a gold patch, valid also requires that it passes once the gold patch is applied (its
file reports tests and none fail). The solver checks the first itself (detail["validity"], option
check_base, default true). The second needs the gold patch, which no solver sees: the run engine calls
`evaluate_candidate(task, candidate, bench)` after solving (detail["evaluation"]), and tests/bench call
`check_test(..., gold_patch=...)`; `validity_rates` / `run_validity_rates` report both rates.
"""

from __future__ import annotations

import asyncio
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field

from swegauge.solvers.base import Candidate, ModelSession, ProblemView, SolveContext
from swegauge.solvers.crossrun import Runner, TestCandidate
from swegauge.solvers.registry import register_solver
from swegauge.solvers.stages import Budget, Edited, Localized, budget_of, edit, localize
from swegauge.tasks import Task

MAX_RETRIES = 5
RETRY_TEMPERATURE = 1.0
FAILING = ("FAILED", "ERROR")


class TestCheck(BaseModel):
    """How one test candidate behaves on the base commit (and with the gold patch, when given)."""

    model_config = ConfigDict(frozen=True)
    __test__ = False

    test_file: str
    applied: bool
    fails_on_base: bool
    passes_with_gold: bool | None = None
    base: dict[str, str] = {}
    gold: dict[str, str] | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def valid(self) -> bool:
        return self.fails_on_base and self.passes_with_gold is not False


def _own(statuses: dict[str, str], test_file: str) -> dict[str, str]:
    """The statuses of the test file's tests (all statuses when names carry no file, as in Go or Rust)."""
    own = {n: s for n, s in statuses.items() if test_file in n}
    return own or statuses


def check_test(bench: Any, patch: str, test_file: str, *, gold_patch: str | None = None) -> TestCheck:
    """Run the test candidate on the base (and after `gold_patch`): the validity of one candidate."""
    runner = Runner(bench)
    base = runner.run("base", patches=(patch,), files=[test_file])
    if base is None:
        return TestCheck(test_file=test_file, applied=False, fails_on_base=False,
                         passes_with_gold=False if gold_patch is not None else None)
    own = _own(base, test_file)
    fails = any(s in FAILING for s in own.values())
    if gold_patch is None:
        return TestCheck(test_file=test_file, applied=True, fails_on_base=fails, base=own)
    after = runner.run("gold", patches=(gold_patch, patch), files=[test_file])
    gold = _own(after or {}, test_file)
    passes = bool(gold) and not any(s in FAILING for s in gold.values())
    return TestCheck(test_file=test_file, applied=True, fails_on_base=fails, passes_with_gold=passes,
                     base=own, gold=gold)


def validity_rates(checks: list[TestCheck]) -> dict[str, float | int | None]:
    """Both rates over candidates: failing on the base, and valid (fails on base, passes with gold)."""
    n = len(checks)
    with_gold = [c for c in checks if c.passes_with_gold is not None]
    return {"candidates": n,
            "fails_on_base_rate": sum(c.fails_on_base for c in checks) / n if n else None,
            "with_gold": len(with_gold),
            "valid_with_gold_rate": sum(c.valid for c in with_gold) / len(with_gold) if with_gold else None}


def run_validity_rates(store: Any) -> dict[str, float | int | None]:
    """Both rates over a testwriter run's stored attempts (AttemptRow.detail["evaluation"])."""
    checks = [TestCheck.model_validate(a.detail["evaluation"]) for a in store.attempts()
              if isinstance(a.detail.get("evaluation"), dict)]
    return validity_rates(checks)


def as_test_candidate(located: Localized, edited: Edited) -> TestCandidate | None:
    path = located.files[0] if located.files else None
    if path is None or path not in edited.result.files or not edited.diff.strip():
        return None
    return TestCandidate(path=path, content=edited.result.files[path], patch=edited.diff)


async def write_test(session: ModelSession, problem: ProblemView, tree: Any, located: Localized, *,
                     budget: Budget, sample: int, temperature: float | None) -> tuple[Edited, TestCandidate | None]:
    """Stage 2 for one sample: edits to the chosen test file -> a test candidate (None if nothing applied)."""
    edited = await edit(session, problem, tree, located.files, kind="test", budget=budget, sample=sample,
                        temperature=temperature)
    return edited, as_test_candidate(located, edited)


class TestWriterSolver:
    """TestWriter: one test-adding patch per attempt."""

    __test__ = False
    name = "testwriter"
    needs_model = True

    def __init__(self, *, max_retries: int = MAX_RETRIES, check_base: bool = True) -> None:
        self.max_retries = max_retries
        self.check_base = check_base

    async def solve(self, ctx: SolveContext) -> Candidate:
        budget = await budget_of(ctx.session)
        tries: list[dict[str, Any]] = []
        located: Localized | None = None
        test: TestCandidate | None = None
        for sample in range(self.max_retries + 1):
            temperature = None if sample == 0 else RETRY_TEMPERATURE
            if located is None or not located.files:
                located = await localize(ctx.session, ctx.problem, ctx.bench.tree, kind="test", budget=budget,
                                         sample=sample, temperature=temperature)
                tries.append({"sample": sample, "temperature": temperature, "stage": "localize", **located.as_dict()})
                if not located.files:
                    continue
            edited, test = await write_test(ctx.session, ctx.problem, ctx.bench.tree, located, budget=budget,
                                            sample=sample, temperature=temperature)
            tries.append({"sample": sample, "temperature": temperature, "stage": "edit", **edited.as_dict()})
            if test is not None:
                break
        detail: dict[str, Any] = {"solver": "testwriter", "test_file": test.path if test else None,
                                  "tries": tries, "context_window": budget.window}
        if test is not None and self.check_base:
            check = await asyncio.to_thread(check_test, ctx.bench, test.patch, test.path)
            detail["validity"] = check.model_dump()
        return Candidate(patch=test.patch if test else "", detail=detail)

    async def evaluate_candidate(self, task: Task, candidate: Candidate, bench: Any) -> dict[str, Any] | None:
        """The run engine's check with the gold patch (after solving; nothing here reaches the model)."""
        path = candidate.detail.get("test_file")
        if not path or not candidate.patch.strip():
            return TestCheck(test_file=path or "", applied=False, fails_on_base=False,
                             passes_with_gold=False).model_dump()
        check = await asyncio.to_thread(check_test, bench, candidate.patch, path, gold_patch=task.patch)
        return check.model_dump()


def _factory(tasks: list[Task], options: dict[str, Any]) -> TestWriterSolver:
    del tasks
    return TestWriterSolver(max_retries=int(options.get("max_retries", MAX_RETRIES)),
                            check_base=bool(options.get("check_base", True)))


register_solver("testwriter", _factory)
