"""`swegauge run`: generate candidates with a solver (and a model), grade each, store everything.

Each (task, attempt) is generated once and graded once; both steps are stored as they finish, so a rerun
resumes: stored attempts are not regenerated (their model calls are not repeated), stored verdicts are not
regraded. Attempts that ended in an error (a model call that failed after its retries) are retried.

Generation and grading overlap: an attempt holds a generation slot (`workers` of them) only while its
solver runs, then waits for a grading slot (`workers` more), so the model works on the next attempts
while the sandboxes run the tests of the last ones. Progress: progress.py (live bar or plain lines).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from rich.console import Console

from swegauge.grading.choice import grade_choice
from swegauge.grading.grader import Grader, patch_hash
from swegauge.models import ModelSettings, open_model
from swegauge.grading.verdict import Verdict
from swegauge.store import CANDIDATE, AttemptRow, ResultRow, Store, total_cost
from swegauge.runner.progress import ProgressSettings, RunProgress
from swegauge.runner.workbench import SandboxWorkbench
from swegauge.solvers import Candidate, ModelSession, ProblemView, SolveContext, Solver, make_solver
from swegauge.solvers.selfplay import PlaySettings, verify_select
from swegauge.tasks import Task


class RunSettings(BaseModel):
    """One frozen object for a whole run."""

    model_config = ConfigDict(frozen=True)

    suite: str
    solver: str
    model: ModelSettings | None = None
    attempts: int = 1
    limit: int | None = None
    language: str | None = None
    workers: int = 2
    run_dir: Path
    json_out: Path | None = None
    predictions_out: Path | None = None
    select: Literal["none", "verifier"] = "none"
    options: dict[str, Any] = {}
    progress_every_s: float = 15.0
    """Plain progress lines (output not a terminal): a heartbeat line after this long without one."""

    @property
    def model_name(self) -> str:
        return self.model.name if self.model else "none"


def record_run_meta(store: Store, settings: RunSettings) -> None:
    meta = store.meta()
    store.set_meta("kind", "run")
    store.set_meta("suite", settings.suite)
    store.set_meta("solver", settings.solver)
    store.set_meta("model", settings.model_name)
    store.set_meta("settings", settings.model_dump(mode="json", exclude={"run_dir", "json_out", "predictions_out",
                                                                         "progress_every_s"}))
    if "started_at" not in meta:
        store.set_meta("started_at", datetime.now(timezone.utc).isoformat(timespec="seconds"))


async def _generate(solver: Solver, ctx: SolveContext) -> tuple[Candidate, float]:
    started = time.monotonic()
    try:
        candidate = await solver.solve(ctx)
    except Exception as err:  # noqa: BLE001 - one attempt's failure is recorded, the run goes on
        candidate = Candidate(error=f"{type(err).__name__}: {err}")
    return candidate, time.monotonic() - started


async def _evaluate(solver: Solver, task: Task, candidate: Candidate, bench: SandboxWorkbench) -> Candidate:
    """A solver that can judge its own output against the task (testwriter: does its test pass with the gold
    patch?) does it here, after solving; nothing of the task reaches the solver's model."""
    evaluate = getattr(solver, "evaluate_candidate", None)
    if evaluate is None or candidate.error:
        return candidate
    try:
        extra = await evaluate(task, candidate, bench)
    except Exception as err:  # noqa: BLE001 - the evaluation's failure is recorded, the attempt stands
        extra = {"error": f"{type(err).__name__}: {err}"}
    return candidate.model_copy(update={"detail": {**candidate.detail, "evaluation": extra}})


def _attempt_row(settings: RunSettings, task: Task, attempt: int, candidate: Candidate, session: ModelSession,
                 wall: float) -> AttemptRow:
    calls = session.calls
    costs = [c.cost_usd for c in calls]
    return AttemptRow(
        instance_id=task.instance_id, attempt=attempt, solver=settings.solver, model=settings.model_name,
        patch=candidate.patch, error=candidate.error, prompt_tokens=sum(c.prompt_tokens for c in calls),
        completion_tokens=sum(c.completion_tokens for c in calls),
        cost_usd=total_cost(costs),
        model_seconds=sum(c.latency_s for c in calls), wall_seconds=wall, calls=len(calls), detail=candidate.detail)


class RunEngine:
    """Runs (task, attempt) jobs with bounded concurrency over one solver, one model and one grader."""

    def __init__(self, settings: RunSettings, *, tasks: list[Task], store: Store, grader: Grader) -> None:
        self.settings = settings
        self.tasks = tasks
        self.store = store
        self.grader = grader
        self.solver = make_solver(settings.solver, tasks=tasks, options=settings.options)

    async def generate(self, task: Task, attempt: int, model: Any) -> AttemptRow:
        """The stored attempt, or a new one made by the solver (and stored)."""
        stored = {a.attempt: a for a in self.store.attempts(instance_id=task.instance_id)}
        row = stored.get(attempt)
        if row is not None and row.error is None:
            return row
        session = ModelSession(model, instance_id=task.instance_id, attempt=attempt)
        ctx = SolveContext(problem=ProblemView.of(task), attempt=attempt, session=session,
                           bench=SandboxWorkbench(self.grader, task), options=self.settings.options)
        candidate, wall = await _generate(self.solver, ctx)
        candidate = await _evaluate(self.solver, task, candidate, ctx.bench)
        row = _attempt_row(self.settings, task, attempt, candidate, session, wall)
        self.store.add_attempt(row, session.calls)
        return row

    async def grade(self, task: Task, row: AttemptRow) -> Verdict | None:
        """The attempt's verdict, graded now unless stored (choice tasks: always, it is free)."""
        key = {"instance_id": task.instance_id, "label": CANDIDATE, "attempt": row.attempt, "repeat": 0,
               "patch_hash": patch_hash(row.patch)}
        if task.kind == "choice":  # the chosen id against the right one: free, so always (re)graded in place
            verdict = grade_choice(task, row.detail.get("choice"), patch=row.patch,
                                   note=row.detail.get("reason") or row.error)
        elif self.store.has(**key):  # graded before this run resumed
            return next((r.verdict for r in self.store.results(label=CANDIDATE) if r.instance_id == task.instance_id
                         and r.attempt == row.attempt and r.patch_hash == key["patch_hash"]), None)
        else:
            verdict = await asyncio.to_thread(self.grader.grade, task, row.patch)
        self.store.add_result(ResultRow(**key, patch=row.patch, verdict=verdict))
        return verdict

    async def one(self, task: Task, attempt: int, model: Any, *, slots: _Slots | None = None,
                  progress: RunProgress | None = None) -> Verdict | None:
        """Generate (in a generation slot), then grade (in a grading slot) one attempt."""
        slots = slots or _Slots(self.settings.workers)
        async with slots.phase("generating", slots.generate, progress):
            row = await self.generate(task, attempt, model)
        async with slots.phase("grading", slots.grade, progress):
            return await self.grade(task, row)

    async def run_all(self, console: Console) -> None:
        jobs = [(t, a) for t in self.tasks for a in range(self.settings.attempts)]
        slots = _Slots(self.settings.workers)
        title = f"run {self.settings.solver} x {self.settings.model_name}"
        async with self._model() as model:
            settings = ProgressSettings(title=title, total=len(jobs), every_s=self.settings.progress_every_s)
            with RunProgress(settings, console=console) as progress:

                async def guarded(task: Task, attempt: int) -> None:
                    verdict, failed = None, False
                    try:
                        verdict = await self.one(task, attempt, model, slots=slots, progress=progress)
                    except Exception as err:  # noqa: BLE001 - record and go on; a rerun retries it
                        failed = True
                        self.store.add_error(f"{task.instance_id}#{attempt}", f"{type(err).__name__}: {err}")
                    progress.finish(resolved=verdict is not None and verdict.resolved,
                                    error=failed or (verdict is not None and verdict.outcome == "error"))

                await asyncio.gather(*(guarded(t, a) for t, a in jobs))
            if self.settings.select == "verifier":
                await asyncio.gather(*(self._guarded_select(t, model, slots.generate) for t in self.tasks))

    async def _guarded_select(self, task: Task, model: Any, semaphore: asyncio.Semaphore) -> None:
        async with semaphore:
            try:
                await self.select_one(task, model)
            except Exception as err:  # noqa: BLE001 - record and go on; a rerun retries it
                self.store.add_error(f"{task.instance_id}#select", f"{type(err).__name__}: {err}")

    async def select_one(self, task: Task, model: Any) -> None:
        """--select verifier (K2's multiple attempts): pick one of the task's k attempts with self-play tests.

        The chosen attempt is stored again with detail["selected"]=True and detail["verifier"] (the tests,
        the whole matrix, the scores); the verifier's model calls are added to that attempt's calls."""
        attempts = self.store.attempts(instance_id=task.instance_id)
        if not attempts or any(a.detail.get("selected") for a in attempts):
            return
        patches = [a.patch for a in attempts]
        session = ModelSession(model, instance_id=task.instance_id, attempt=self.settings.attempts)
        distinct = {p for p in patches if p.strip()}
        if len(distinct) > 1 and model is not None:
            chosen, record = await verify_select(session, ProblemView.of(task), SandboxWorkbench(self.grader, task),
                                                 patches, play=PlaySettings.from_options(self.settings.options))
        else:
            chosen = next((i for i, p in enumerate(patches) if p.strip()), 0)
            record = {"selected_index": chosen,
                      "skipped": "no model to write tests" if distinct else "no distinct non-empty patches"}
            if len(distinct) == 1:
                record["skipped"] = "one distinct non-empty patch"
        row = attempts[chosen]
        calls = [c for c in self.store.model_calls() if c.instance_id == task.instance_id and c.attempt == row.attempt]
        extra = [c.model_copy(update={"attempt": row.attempt, "stage": f"verifier:{c.stage}"}) for c in session.calls]
        costs = [row.cost_usd, *(c.cost_usd for c in extra)]
        record["cost"] = {"calls": len(extra), "prompt_tokens": sum(c.prompt_tokens for c in extra),
                          "completion_tokens": sum(c.completion_tokens for c in extra)}
        self.store.add_attempt(row.model_copy(update={
            "detail": {**row.detail, "selected": True, "verifier": record},
            "prompt_tokens": row.prompt_tokens + record["cost"]["prompt_tokens"],
            "completion_tokens": row.completion_tokens + record["cost"]["completion_tokens"],
            "cost_usd": total_cost(costs),
            "calls": row.calls + len(extra)}), calls + extra)

    @contextlib.asynccontextmanager
    async def _model(self):
        wants_model = self.solver.needs_model or (self.settings.select == "verifier" and self.settings.model)
        if not wants_model:
            yield None
            return
        if self.settings.model is None:
            from swegauge.solvers import SolverError

            raise SolverError(f"solver {self.settings.solver} needs --model")
        async with open_model(self.settings.model) as model:
            yield model


class _Slots:
    """Two independent bounds: attempts being generated, attempts being graded."""

    def __init__(self, workers: int) -> None:
        self.generate = asyncio.Semaphore(max(1, workers))
        self.grade = asyncio.Semaphore(max(1, workers))

    @contextlib.asynccontextmanager
    async def phase(self, name: str, semaphore: asyncio.Semaphore, progress: RunProgress | None):
        async with semaphore:
            if progress is not None:
                progress.enter(name)
            try:
                yield
            finally:
                if progress is not None:
                    progress.leave(name)


def export_predictions(store: Store, path: Path, *, model_name: str) -> int:
    """SWE-bench predictions JSONL: attempt 0's patch per task (the selected one when there is one)."""
    chosen: dict[str, str] = {}
    for row in store.attempts():
        if row.attempt == 0 or row.detail.get("selected"):
            chosen[row.instance_id] = row.patch
    lines = [json.dumps({"instance_id": i, "model_name_or_path": model_name, "model_patch": p})
             for i, p in sorted(chosen.items())]
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return len(lines)
