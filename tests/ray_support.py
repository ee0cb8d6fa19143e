"""A Ray cluster on this machine for tests: a head and worker nodes, one CPU each, this process connected."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest

ray = pytest.importorskip("ray")
from ray.cluster_utils import Cluster  # noqa: E402

from swegauge.runner.executors_ray import connect  # noqa: E402

NODE = {"num_cpus": 1, "object_store_memory": 80 * 1024 * 1024, "include_dashboard": False,
        "include_log_monitor": False}
HEAD = {**NODE, "no_monitor": True}  # no autoscaler: the cluster is fixed


@contextlib.contextmanager
def local_cluster(workers: int = 1) -> Iterator[Cluster]:
    os.environ.setdefault("RAY_DISABLE_USAGE_STATS", "1")
    cluster = _retry(lambda: Cluster(initialize_head=True, head_node_args=dict(HEAD)))
    try:
        for _ in range(workers):
            _retry(lambda: cluster.add_node(**NODE))
        cluster.wait_for_nodes()
        connect(cluster.gcs_address)
        yield cluster
    finally:
        ray.shutdown()
        cluster.shutdown()


def _retry(start, attempts: int = 2):
    """Ray gives a node's Python agents a fixed ~15 s to start; a machine busy with other work can miss that
    once. Try again before failing."""
    for attempt in range(attempts):
        try:
            return start()
        except Exception as err:  # noqa: BLE001 - ray raises a bare Exception for a node that timed out
            if "timed out during startup" not in str(err) or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def worker_pids(function: str) -> list[int]:
    """Ray worker processes running `function` now (Ray titles them ray::<function>)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    title = handle.read().split(b"\0")[0].decode(errors="replace")
            except OSError:
                continue
            if title.startswith(f"ray::{function}"):
                found.append(int(entry))
    return found
