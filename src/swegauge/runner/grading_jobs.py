"""Grade many (task, patch) jobs concurrently, skipping what the store already holds."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass

from rich.console import Console

from swegauge.grading.grader import Grader, patch_hash
from swegauge.grading.verdict import Verdict
from swegauge.runner.executors import Executor, LocalExecutor
from swegauge.runner.progress import ProgressSettings, RunProgress
from swegauge.store import ResultRow, Store
from swegauge.tasks import Task


@dataclass(frozen=True)
class GradingJob:
    task: Task
    label: str
    patch: str
    attempt: int = 0
    repeat: int = 0

    @property
    def key(self) -> dict:
        return {"instance_id": self.task.instance_id, "label": self.label, "attempt": self.attempt,
                "repeat": self.repeat, "patch_hash": patch_hash(self.patch)}


def _crash_verdict(job: GradingJob, err: BaseException) -> Verdict:
    detail = "".join(traceback.format_exception_only(type(err), err)).strip()
    return Verdict(instance_id=job.task.instance_id, patch_hash=patch_hash(job.patch), outcome="error",
                   reason=f"harness error: {detail}", empty_patch=not job.patch.strip())


def run_grading_jobs(
    jobs: Sequence[GradingJob], *, grader: Grader, store: Store, workers: int = 2,
    console: Console | None = None, on_result: Callable[[GradingJob, Verdict], None] | None = None,
    executor: Executor | None = None,
) -> tuple[int, int]:
    """Grade every job not yet stored; returns (graded now, skipped as already stored). Gradings run on
    `executor` (default: `workers` threads here); verdicts are stored here, by this one writer."""
    pending = [job for job in jobs if not store.has(**job.key)]
    skipped = len(jobs) - len(pending)
    console = console or Console(stderr=True)
    if skipped:
        console.print(f"[dim]resuming: {skipped} of {len(jobs)} results already stored[/dim]")
    if not pending:
        return 0, skipped
    own = executor is None
    executor = executor or LocalExecutor(grader, workers=workers)
    with RunProgress(ProgressSettings(title="grading", total=len(pending)), console=console) as progress, \
            contextlib.ExitStack() as stack:
        if own:
            stack.callback(executor.close)
        futures: dict[Future, GradingJob] = {executor.submit(job.task, job.patch): job for job in pending}
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for future in done:
                job = futures.pop(future)
                try:
                    verdict = future.result()
                except Exception as err:  # noqa: BLE001 - a harness crash on one job must not stop the run
                    verdict = _crash_verdict(job, err)
                    store.add_error(job.task.instance_id, verdict.reason or "")
                store.add_result(ResultRow(**job.key, patch=job.patch, verdict=verdict))
                if on_result:
                    on_result(job, verdict)
                progress.finish(resolved=verdict.resolved, error=verdict.outcome == "error")
    return len(pending), skipped
