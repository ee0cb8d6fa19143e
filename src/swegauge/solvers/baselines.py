"""Baselines that need no model: `gold` (the dataset's own fix) and `empty` (no change)."""

from __future__ import annotations

from swegauge.solvers.base import Candidate, SolveContext
from swegauge.tasks import Task


class GoldSolver:
    """Submits each task's gold patch: validates the dataset and the grader (should resolve all)."""

    name = "gold"
    needs_model = False

    def __init__(self, tasks: list[Task]) -> None:
        self._patches = {t.instance_id: t.patch for t in tasks}

    async def solve(self, ctx: SolveContext) -> Candidate:
        return Candidate(patch=self._patches.get(ctx.problem.instance_id, ""))


class EmptySolver:
    """Submits no change: a sound task is never resolved by it."""

    name = "empty"
    needs_model = False

    def __init__(self, tasks: list[Task]) -> None:
        del tasks

    async def solve(self, ctx: SolveContext) -> Candidate:
        return Candidate(patch="")
