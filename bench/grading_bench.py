"""Harness overhead on the starter suite: the grader's wall time for a gold patch against the bare test
command run directly on the host over an already-patched copy of the same tree, same interpreter.

    .venv/bin/python bench/grading_bench.py [--rounds 5] [--language python]

Prints per task the median bare time, the median harness time and their ratio (target <= 1.1), then
the sandbox-only start+teardown time over a prepared workspace.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from swegauge.envs.repos import prepared_base  # noqa: E402
from swegauge.grading.apply import apply_patch  # noqa: E402
from swegauge.grading.grader import protect_tests, test_files, test_script  # noqa: E402
from swegauge.runner.commands import make_grader  # noqa: E402
from swegauge.sandbox import SandboxSpec, fresh_workspace  # noqa: E402
from swegauge.tasks import filter_tasks, load_suite  # noqa: E402


def bare_run(task, env, rounds: int) -> float:
    """The recipe's own test command on the host: same venv, same files, no sandbox, no harness."""
    times = []
    tree = prepared_base(task.repo, task.repo_source, task.base_commit)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "w"
        shutil.copytree(tree, work, symlinks=True)
        apply_patch(work, task.patch)
        protect_tests(work, task.test_patch)
        report = Path(tmp) / "report"
        report.mkdir()
        script = test_script(env.recipe.pre_test, env.recipe.test_command, test_files(work, task.test_patch))
        script = script.replace("/report", str(report))
        host_env = {**os.environ, "PATH": f"{env.path}/venv/bin:{os.environ['PATH']}", **env.recipe.env}
        # /env/venv's scripts point at /env: call the interpreter by its host path instead
        script = script.replace("python -m", f"{env.path}/venv/bin/python -m")
        for _ in range(rounds):
            started = time.perf_counter()
            subprocess.run(["bash", "-c", script], cwd=work, env=host_env, capture_output=True)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def harness_run(grader, task, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        verdict = grader.grade(task, task.patch)
        times.append(time.perf_counter() - started)
        assert verdict.resolved, verdict.reason
    return statistics.median(times)


def sandbox_start_ms(grader, task, rounds: int = 30) -> float:
    tree = prepared_base(task.repo, task.repo_source, task.base_commit)
    times = []
    with fresh_workspace(tree) as workspace:
        for _ in range(rounds):
            started = time.perf_counter()
            grader._sandbox.run(SandboxSpec(workspace=workspace), ["true"])
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--language", default="python")
    args = parser.parse_args()
    grader = make_grader()
    tasks = filter_tasks(load_suite("starter").tasks, language=args.language)
    ratios = []
    print(f"{'task':28} {'bare s':>8} {'harness s':>10} {'ratio':>6}")
    for task in tasks:
        env, error = grader.environment(task)
        if env is None:
            print(f"{task.instance_id:28} environment error: {error}")
            continue
        harness_run(grader, task, 1)  # warm caches
        bare = bare_run(task, env, args.rounds)
        harness = harness_run(grader, task, args.rounds)
        ratios.append(harness / bare)
        print(f"{task.instance_id:28} {bare:8.3f} {harness:10.3f} {harness / bare:6.2f}")
    if ratios:
        print(f"median harness/bare ratio: {statistics.median(ratios):.2f} (target <= 1.1)")
    print(f"sandbox start+teardown (`true` over a prepared workspace): {sandbox_start_ms(grader, tasks[0]):.1f} ms "
          "(target < 20 ms)")


if __name__ == "__main__":
    main()
