"""Where gradings run: the Executor protocol, the local executor (threads), and graders over an executor.

An executor turns (task, patch) into a future verdict. The local one runs `Grader.grade` in a thread pool on
this machine; the Ray one (executors_ray.py) runs it as Ray tasks across a cluster. Either way the caller
(run_grading_jobs, the run engine, the miner) stays the single writer of the results store: verdicts come
back to it and it stores them. `ExecutorGrader` lets anything that takes a Grader (the run engine, the miner)
send its gradings to an executor while solvers keep using the local sandbox for their own work.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from swegauge.envs import Environment, EnvironmentBuilder
from swegauge.grading.grader import Grader
from swegauge.grading.verdict import Verdict
from swegauge.sandbox import BwrapSandbox, ExecResult, Limits, Mount
from swegauge.tasks import Task


class ExecutorSettings(BaseModel):
    """`kind`: local (threads here) or ray (a Ray cluster: `address` of its head, or None to start one
    here); `workers`: gradings at once (local: threads; ray: tasks in flight, the cluster's CPUs bound it
    too); `cpus_per_grading`: the CPUs Ray reserves for each grading."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["local", "ray"] = "local"
    address: str | None = None
    workers: int = Field(default=2, ge=1)
    cpus_per_grading: float = Field(default=1.0, gt=0)
    max_retries: int = Field(default=3, ge=0)
    """Ray: times a grading whose worker or node died is run again elsewhere."""


class ExecutorError(Exception):
    """The executor cannot start (ray missing, no cluster at the address)."""


class Executor(Protocol):
    """Grades candidates somewhere; every verdict comes back to the caller."""

    def submit(self, task: Task, patch: str) -> Future[Verdict]:
        """Start grading `patch` for `task`; the future gives the verdict (or the harness's exception)."""

    def close(self) -> None:
        """Stop taking work and release what the executor holds."""


def make_local_grader(*, test_limits: Limits | None = None) -> Grader:
    """A grader over the local bubblewrap sandbox and this machine's environment cache."""
    sandbox = BwrapSandbox()
    return Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox), test_limits=test_limits)


class LocalExecutor:
    """Gradings in a thread pool on this machine (each grading runs its tests in its own sandbox)."""

    def __init__(self, grader: Grader, *, workers: int = 2) -> None:
        self._grader = grader
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="swegauge-grade")

    def submit(self, task: Task, patch: str) -> Future[Verdict]:
        return self._pool.submit(self._grader.grade, task, patch)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class ExecutorGrader:
    """What the run engine and the miner use of a Grader, with `grade` sent to an executor; environments and
    sandbox runs (what solvers use through their workbench) stay with the local grader it wraps."""

    def __init__(self, local: Grader, executor: Executor) -> None:
        self._local = local
        self._executor = executor

    def environment(self, task: Task) -> tuple[Environment | None, str | None]:
        return self._local.environment(task)

    def grade(self, task: Task, patch: str) -> Verdict:
        return self._executor.submit(task, patch).result()

    def run_in_env(self, env: Environment, workspace: Path, script: str, *, extra_mounts: tuple[Mount, ...] = (),
                   limits: Limits | None = None, secret: str | None = None,
                   variables: dict[str, str] | None = None) -> ExecResult:
        return self._local.run_in_env(env, workspace, script, extra_mounts=extra_mounts, limits=limits,
                                      secret=secret, variables=variables)


def make_executor(settings: ExecutorSettings, *, grader: Grader | None = None) -> Executor:
    if settings.kind == "ray":
        from swegauge.runner.executors_ray import RayExecutor

        return RayExecutor(settings)
    return LocalExecutor(grader or make_local_grader(), workers=settings.workers)


@contextlib.contextmanager
def open_executor(settings: ExecutorSettings | None = None) -> Iterator[tuple[Grader | ExecutorGrader, Executor]]:
    """(a grader for the command, its executor): local gradings, or gradings sent to Ray."""
    settings = settings or ExecutorSettings()
    local = make_local_grader()
    executor = make_executor(settings, grader=local)
    try:
        yield (local if settings.kind == "local" else ExecutorGrader(local, executor)), executor
    finally:
        executor.close()
