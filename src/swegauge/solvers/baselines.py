"""Baselines that need no model: `gold` (the dataset's own fix) and `empty` (no change)."""

from __future__ import annotations

from swegauge.solvers.base import Candidate, SolveContext
from swegauge.tasks import Task


class GoldSolver:
    """Submits each task's gold patch: validates the dataset and the grader (should resolve all)."""

    name = "gold"
    needs_model = False

    def __init__(self, tasks: list[Task]) -> None:
        self._tasks = {t.instance_id: t for t in tasks}

    async def solve(self, ctx: SolveContext) -> Candidate:
        task = self._tasks.get(ctx.problem.instance_id)
        if task is None:
            return Candidate()
        if task.kind == "choice":  # the right proposal is the gold answer
            return Candidate(detail={"choice": task.correct_proposal})
        return Candidate(patch=task.patch)


class EmptySolver:
    """Submits no change: a sound task is never resolved by it."""

    name = "empty"
    needs_model = False

    def __init__(self, tasks: list[Task]) -> None:
        del tasks

    async def solve(self, ctx: SolveContext) -> Candidate:
        return Candidate(patch="")
