"""Codegen judging per language: throughput (tests per second) and judge time over the bare program's time.

For each language, every bundled starter-codegen reference program is judged on all its hidden tests
(judging every test, not stopping at a failure), and the same program, built once on the host, is run bare
on the same inputs (a plain subprocess: no sandbox, no checker). Printed per language:

* tests/s: tests judged per second of judge wall time, builds included;
* tests/s (runs): the same without the builds;
* judge/bare: the mean judged test's time (sandbox start, limits, run, teardown, comparison) over the mean
  bare run of the same test;
* build s: the mean build (compile in its sandbox; a syntax check for Python and JavaScript).

    .venv/bin/python bench/codegen_bench.py [--language L ...] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from swegauge.grading.codegen import CodegenJudge, JudgeSettings
from swegauge.grading.codegen.languages import DRIVERS, Runtime, runtime
from swegauge.sandbox import BwrapSandbox
from swegauge.tasks import Task, load_suite


def host_env(rt: Runtime, scratch: Path) -> dict[str, str]:
    env = {**rt.variables, "HOME": str(scratch), "LANG": "C.UTF-8"}
    if rt.language == "go":
        env.update(GOCACHE=str(Path.home() / ".cache" / "go-build"), GOPATH=str(scratch / "gopath"))
    return env


def bare_times(task: Task, rt: Runtime) -> list[float]:
    """Build the reference on the host once, then time each test's bare run (seconds)."""
    spec = task.codegen
    assert spec is not None
    with tempfile.TemporaryDirectory(prefix="codegen-bare-") as work:
        folder = Path(work)
        (folder / rt.source_name(task.patch)).write_text(task.patch)
        env = host_env(rt, folder)
        build = rt.command(rt.spec.compile, program=task.patch).replace("/seed/.", "/nonexistent/.")
        subprocess.run(["bash", "-c", build], cwd=folder, env=env, check=True, capture_output=True)
        template = rt.spec.run_function if spec.style == "function" else rt.spec.run
        assert template is not None
        command = rt.command(template, program=task.patch, memory_mb=spec.memory_mb, entry=spec.entry_point or "")
        command = command.replace("/prog/", f"{folder}/").replace("/judge/", f"{DRIVERS}/")
        times = []
        for test in spec.tests:
            data = json.dumps(test.args) if spec.style == "function" else test.input
            started = time.perf_counter()
            subprocess.run(["bash", "-c", command], cwd=folder, env=env, input=data.encode(), capture_output=True)
            times.append(time.perf_counter() - started)
    return times


def measure(language: str, tasks: list[Task], judge: CodegenJudge, repeat: int) -> dict[str, float]:
    rt = runtime(language)
    judged_tests = run_seconds = wall = 0.0
    bare: list[float] = []
    builds = 0
    for task in tasks:
        for _ in range(repeat):
            started = time.perf_counter()
            verdict = judge.grade(task, task.patch)
            wall += time.perf_counter() - started
            if not verdict.resolved:
                raise SystemExit(f"{task.instance_id}: the reference was not accepted: {verdict.reason}")
            judged_tests += len(verdict.test_verdicts)
            run_seconds += verdict.test_seconds
            builds += 1
            bare += bare_times(task, rt)
    build_seconds = wall - run_seconds
    mean_judged = run_seconds / judged_tests
    mean_bare = sum(bare) / len(bare)
    return {"tasks": len(tasks), "tests": judged_tests, "tests/s": judged_tests / wall,
            "tests/s (runs)": judged_tests / run_seconds, "judge ms/test": 1000 * mean_judged,
            "bare ms/test": 1000 * mean_bare, "judge/bare": mean_judged / mean_bare, "build s": build_seconds / builds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", action="append", help="only these languages (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, help="judge each task this many times")
    args = parser.parse_args()
    tasks = load_suite("starter-codegen").tasks
    languages = args.language or sorted({t.language for t in tasks})
    judge = CodegenJudge(sandbox=BwrapSandbox(), settings=JudgeSettings(stop_at_first_failure=False))
    table = Table(title=f"codegen judging per language (starter-codegen references, {os.cpu_count()} cores, "
                        f"load {os.getloadavg()[0]:.1f})")
    columns = ["tasks", "tests", "tests/s", "tests/s (runs)", "judge ms/test", "bare ms/test", "judge/bare", "build s"]
    for column in ["language", *columns]:
        table.add_column(column, justify="left" if column == "language" else "right")
    for language in languages:
        row = measure(language, [t for t in tasks if t.language == language], judge, args.repeat)
        table.add_row(language, *(f"{row[c]:.0f}" if c in ("tasks", "tests") else f"{row[c]:.2f}" for c in columns))
    Console(width=160).print(table)


if __name__ == "__main__":
    sys.exit(main())
