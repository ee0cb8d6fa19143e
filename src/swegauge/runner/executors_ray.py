"""The Ray executor: gradings as Ray tasks across a cluster (KubeRay on Kubernetes, or `ray start` by hand).

Each grading is one Ray task running the same `Grader.grade` as the local executor, in a worker process that
keeps one Grader (so one environment builder) for its life. Environments are built into the node's
`$SWEGAUGE_CACHE` (a node-local disk or a shared volume) under a per-environment file lock, so each is built
once per node, or once per cluster on shared storage, and reused. Verdicts come back to the driver, which
alone writes the results store. A grading whose worker process or node dies is retried by Ray on another
worker (`max_retries`); the driver stores each job's verdict once, when its future resolves, so nothing is
lost and nothing is stored twice.

The driver forwards its SWEGAUGE_* variables (cache, recipes, data, mirrors) to the workers unless the
cluster sets its own; model keys and other secrets are never forwarded (gradings need no model).
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from typing import Any

from swegauge.grading.grader import Grader
from swegauge.grading.verdict import Verdict
from swegauge.runner.executors import ExecutorError, ExecutorSettings, make_local_grader
from swegauge.tasks import Task

FORWARDED = ("SWEGAUGE_CACHE", "SWEGAUGE_RECIPES", "SWEGAUGE_DATA", "SWEGAUGE_MIRRORS")

_worker_grader: Grader | None = None
_worker_lock = threading.Lock()


def worker_grader() -> Grader:
    """The Grader of this worker process, made on first use."""
    global _worker_grader
    with _worker_lock:
        if _worker_grader is None:
            _worker_grader = make_local_grader()
        return _worker_grader


def grade_on_worker(task: Task, patch: str) -> Verdict:
    """What a Ray grading task runs: the same grader as the local executor."""
    return worker_grader().grade(task, patch)


def import_ray() -> Any:
    try:
        import ray
    except ImportError as err:  # pragma: no cover - ray is installed by install.sh
        raise ExecutorError("the ray executor needs the `ray` package: pip install 'swegauge[ray]'") from err
    return ray


def forwarded_env() -> dict[str, str]:
    return {name: os.environ[name] for name in FORWARDED if os.environ.get(name)}


def connect(address: str | None) -> bool:
    """Connect this process to a Ray cluster (None: start a local one). True when this call started Ray."""
    ray = import_ray()
    if ray.is_initialized():
        return False
    try:
        ray.init(address=address, runtime_env={"env_vars": forwarded_env()}, log_to_driver=False,
                 include_dashboard=False, configure_logging=False)
    except (ConnectionError, RuntimeError, ValueError) as err:
        raise ExecutorError(f"cannot reach a Ray cluster at {address!r}: {err}") from err
    return True


class RayExecutor:
    """Implements runner.executors.Executor over Ray tasks."""

    def __init__(self, settings: ExecutorSettings) -> None:
        self._ray = import_ray()
        self._started = connect(settings.address)
        self._remote = self._ray.remote(grade_on_worker).options(
            num_cpus=settings.cpus_per_grading, max_retries=settings.max_retries, retry_exceptions=False)
        self._refs: set[Any] = set()

    def submit(self, task: Task, patch: str) -> Future[Verdict]:
        ref = self._remote.remote(task, patch)
        self._refs.add(ref)
        future = ref.future()
        future.add_done_callback(lambda _f, r=ref: self._refs.discard(r))
        return future

    def close(self) -> None:
        for ref in list(self._refs):
            self._ray.cancel(ref, force=False)
        self._refs.clear()
        if self._started:
            self._ray.shutdown()
