"""`agentless`: Kimi-Dev's BugFixer. Localize at most 5 files, then write SEARCH/REPLACE edits; git makes the diff.

An empty diff (no block applied, or no blocks at all) is retried at temperature 1.0, up to `max_retries`
(default 1) more times; a retry localizes again when the previous localization found no file.
Candidate.detail keeps both stages' raw answers, the localized files, and each block's fate.

Retries cost whole generations, and the later ones the most (at temperature 1.0 answers run longer). On the
main job (the embedded model on the 26 starter tasks, bench/main_job.py) with 2 retries, the third sample
took 35% of all model time and none of the 38 edits of any sample gave a diff; so the default is 1 retry
(it was 5): `-o max_retries=5` samples more, as Kimi-Dev-style runs on strong models do.

Options (--option KEY=VALUE): max_retries (int, default 1), retry_temperature (float, default 1.0).
"""

from __future__ import annotations

from typing import Any

from swegauge.solvers.base import Candidate, SolveContext
from swegauge.solvers.registry import register_solver
from swegauge.solvers.stages import Budget, Edited, Localized, budget_of, edit, localize
from swegauge.tasks import Task

MAX_RETRIES = 1
RETRY_TEMPERATURE = 1.0


class AgentlessSolver:
    """BugFixer: two stages, one candidate patch per attempt."""

    name = "agentless"
    needs_model = True

    def __init__(self, *, max_retries: int = MAX_RETRIES, retry_temperature: float = RETRY_TEMPERATURE) -> None:
        self.max_retries = max_retries
        self.retry_temperature = retry_temperature

    async def solve(self, ctx: SolveContext) -> Candidate:
        budget = await budget_of(ctx.session)
        tries: list[dict[str, Any]] = []
        located: Localized | None = None
        edited: Edited | None = None
        for sample in range(self.max_retries + 1):
            temperature = None if sample == 0 else self.retry_temperature
            if located is None or not located.files:
                located = await localize(ctx.session, ctx.problem, ctx.bench.tree, kind="fix", budget=budget,
                                         sample=sample, temperature=temperature)
                tries.append({"sample": sample, "temperature": temperature, "stage": "localize",
                              **located.as_dict()})
                if not located.files:
                    continue
            edited = await edit(ctx.session, ctx.problem, ctx.bench.tree, located.files, kind="fix",
                                budget=budget, sample=sample, temperature=temperature)
            tries.append({"sample": sample, "temperature": temperature, "stage": "edit", **edited.as_dict()})
            if edited.diff.strip():
                break
        return Candidate(patch=edited.diff if edited else "", detail=_detail(located, tries, budget, ctx))


def _detail(located: Localized | None, tries: list[dict[str, Any]], budget: Budget, ctx: SolveContext) -> dict:
    edits = [t for t in tries if t["stage"] == "edit"]
    return {
        "solver": "agentless",
        "localized": located.files if located else [],
        "tries": tries,
        "retries": max(0, len(edits) - 1),
        "context_window": budget.window,
        "temperature_override": ctx.session.supports_temperature,
    }


def _factory(tasks: list[Task], options: dict[str, Any]) -> AgentlessSolver:
    del tasks  # the solver sees only ProblemViews
    return AgentlessSolver(max_retries=int(options.get("max_retries", MAX_RETRIES)),
                           retry_temperature=float(options.get("retry_temperature", RETRY_TEMPERATURE)))


register_solver("agentless", _factory)
