"""The Ray executor on a local cluster (a head and a worker node on this machine): the same verdicts as the
local executor, a killed worker's grading retried elsewhere with nothing lost or stored twice, and the CLI's
--executor ray. One cluster for the module; a few starter tasks."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time

import pytest
from typer.testing import CliRunner

from swegauge.cli import app
from swegauge.runner.executors import ExecutorSettings, LocalExecutor, make_local_grader
from swegauge.runner.executors_ray import RayExecutor
from swegauge.runner.grading_jobs import GradingJob, run_grading_jobs
from swegauge.store import Store
from swegauge.tasks import load_suite
from tests.ray_support import local_cluster, worker_pids

pytestmark = [pytest.mark.integration, pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap")]
TASKS = ("starter__kvline-1", "starter__bytesize-1")


@pytest.fixture(scope="module")
def cluster():
    with local_cluster(workers=1) as running:
        yield running


@pytest.fixture(scope="module")
def tasks():
    by_id = {t.instance_id: t for t in load_suite("starter").tasks}
    return [by_id[i] for i in TASKS]


def _view(verdict):
    return (verdict.instance_id, verdict.outcome, verdict.fail_to_pass, verdict.pass_to_pass, verdict.tests)


def test_ray_gives_the_local_executors_verdicts(cluster, tasks):
    local = LocalExecutor(make_local_grader(), workers=2)
    remote = RayExecutor(ExecutorSettings(kind="ray", address=cluster.gcs_address))
    pairs = [(t, p) for t in tasks for p in (t.patch, "")]
    mine = [local.submit(t, p) for t, p in pairs]
    theirs = [remote.submit(t, p) for t, p in pairs]
    local_views = [_view(f.result(timeout=900)) for f in mine]
    assert [_view(f.result(timeout=900)) for f in theirs] == local_views
    assert [v[1] for v in local_views] == ["resolved", "unresolved"] * len(tasks)
    local.close()
    remote.close()


def test_a_killed_worker_is_retried_and_every_job_is_stored_once(cluster, tasks, tmp_path):
    jobs = [GradingJob(task=t, label=label, patch=p, repeat=r) for t in tasks for label, p in
            (("gold", t.patch), ("empty", "")) for r in range(2)]
    killed: list[int] = []

    def kill_one() -> None:
        deadline = time.monotonic() + 600
        while not killed and time.monotonic() < deadline:
            for pid in worker_pids("grade_on_worker"):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                break
            time.sleep(0.2)

    killer = threading.Thread(target=kill_one, daemon=True)
    killer.start()
    store = Store(tmp_path / "run")
    executor = RayExecutor(ExecutorSettings(kind="ray", address=cluster.gcs_address, max_retries=3))
    graded, skipped = run_grading_jobs(jobs, grader=make_local_grader(), store=store, executor=executor)
    executor.close()
    killer.join(timeout=5)
    assert killed, "no grading worker was seen running"
    rows = store.results()
    assert (graded, skipped, len(rows)) == (len(jobs), 0, len(jobs))
    assert len({(r.instance_id, r.label, r.repeat) for r in rows}) == len(jobs)
    assert {(r.label, r.verdict.outcome) for r in rows} == {("gold", "resolved"), ("empty", "unresolved")}
    assert not store.errors()
    store.close()


def test_cli_validate_with_executor_ray(cluster, tmp_path):
    result = CliRunner().invoke(app, ["validate", "starter", "--limit", "1", "--executor", "ray", "--address",
                                      cluster.gcs_address, "--run-dir", str(tmp_path / "v")])
    assert result.exit_code == 0, result.output
    assert "1/1 tasks sound" in result.output
