"""Validate the starter suite through Ray on a local cluster and through the local executor: the same verdicts
(outcome and every test's status, per task and patch), and the wall-time ratio (printed, never asserted).

    python bench/ray_bench.py [--limit N] [--workers 2] [--address ADDR]

Without --address a one-node Ray cluster is started here with --workers CPUs (its start-up time is printed apart).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rich.console import Console

from swegauge.runner.executors import ExecutorSettings, LocalExecutor, make_local_grader
from swegauge.runner.executors_ray import RayExecutor, import_ray
from swegauge.runner.grading_jobs import run_grading_jobs
from swegauge.runner.validate import validation_jobs
from swegauge.store import Store
from swegauge.tasks import filter_tasks, load_suite


def grade_all(jobs, executor, root: Path, name: str) -> tuple[dict, float]:
    store = Store(root / name)
    started = time.perf_counter()
    run_grading_jobs(jobs, grader=make_local_grader(), store=store, executor=executor, console=Console(stderr=True))
    wall = time.perf_counter() - started
    views = {(r.instance_id, r.label): (r.verdict.outcome, dict(r.verdict.tests)) for r in store.results()}
    store.close()
    return views, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", default="starter")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--address", default=None)
    args = parser.parse_args()
    tasks = filter_tasks(load_suite(args.suite).tasks, limit=args.limit)
    tasks = [t for t in tasks if t.kind == "issue"]
    jobs = validation_jobs(tasks, repeat=1)
    ray = import_ray()
    started = time.perf_counter()
    cluster = None
    if args.address is None:  # a one-node cluster here, without the dashboard, log monitor and autoscaler
        from ray.cluster_utils import Cluster

        cluster = Cluster(initialize_head=True, head_node_args={
            "num_cpus": args.workers, "include_dashboard": False, "include_log_monitor": False, "no_monitor": True})
    address = args.address or cluster.gcs_address
    remote = RayExecutor(ExecutorSettings(kind="ray", address=address, workers=args.workers))
    ray_start = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="swegauge-ray-bench-") as tmp:
        local = LocalExecutor(make_local_grader(), workers=args.workers)
        local_views, local_wall = grade_all(jobs, local, Path(tmp), "local")
        local.close()
        ray_views, ray_wall = grade_all(jobs, remote, Path(tmp), "ray")
        remote.close()
    differ = sorted(k for k in local_views if local_views[k] != ray_views.get(k))
    print(f"{len(tasks)} tasks, {len(jobs)} gradings, {args.workers} workers")
    print(f"local executor: {local_wall:.1f} s; ray executor: {ray_wall:.1f} s "
          f"(+ {ray_start:.1f} s to start or join Ray); ray / local = {ray_wall / local_wall:.2f}")
    print(f"same verdicts: {len(jobs) - len(differ)}/{len(jobs)}" + (f"; differ: {differ}" if differ else ""))
    ray.shutdown()
    if cluster is not None:
        cluster.shutdown()


if __name__ == "__main__":
    main()
