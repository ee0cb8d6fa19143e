"""Gym benchmark, printed as milliseconds, ratios and a projection (never asserted).

For 1, 10, 100 and 1,000 live Issue-v0 environments on one task (all held at once, sharing one grader):
reset latency p50/p99 over every environment; step latency p50/p99 of a bash step (`true`) issued to a sample
of them at once through the threaded vector env; memory and file descriptors each live environment holds;
memory and descriptors of a running sandbox (one step's bubblewrap process tree); and from those figures, the
nodes a 10,000-environment Ray cluster needs.

    python bench/gym_bench.py [--sizes 1,10,100,1000] [--step-sample 100] [--task starter__kvline-1]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from swegauge.gym import GymSettings, IssueEnv
from swegauge.runner.executors import make_local_grader
from swegauge.runner.workbench import SandboxWorkbench

STEP = '{"tool": "bash", "command": "true"}'


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def rss_kb(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def level(size: int, settings: GymSettings, grader, sample: int) -> dict:
    gc.collect()
    rss0, fd0 = rss_kb(), fds()
    envs = [IssueEnv(settings, grader=grader) for _ in range(size)]
    resets = []
    for index in range(max(size, 50)):  # every environment, and at least 50 resets for the percentiles
        started = time.perf_counter()
        envs[index % size].reset(seed=index)
        resets.append((time.perf_counter() - started) * 1000)
    rss1, fd1 = rss_kb(), fds()
    chosen = envs[:: max(1, size // sample)][:sample]
    steps: list[float] = []
    lock = threading.Lock()

    def step(env: IssueEnv) -> None:
        started = time.perf_counter()
        env.step(STEP)
        with lock:
            steps.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=min(64, len(chosen))) as pool:
        list(pool.map(step, chosen))
    wall = time.perf_counter() - started
    row = {"size": size, "reset_p50": pct(resets, 0.5), "reset_p99": pct(resets, 0.99), "steps": len(steps),
           "step_p50": pct(steps, 0.5), "step_p99": pct(steps, 0.99), "steps_per_s": len(steps) / wall,
           "kb_per_env": (rss1 - rss0) / size, "fds_per_env": (fd1 - fd0) / size}
    del envs, chosen
    return row


def running_sandbox(grader, task, count: int = 10) -> tuple[float, float]:
    """(KB, host fds) per running sandbox: `count` sandboxes sleeping at once, measured while they run."""
    bench = SandboxWorkbench(grader, task)
    bench.environment()
    fd0 = fds()
    samples: list[tuple[int, int]] = []

    def measure() -> None:
        time.sleep(2.5)
        tree = descendants(os.getpid())
        samples.append((sum(rss_kb(p) for p in tree if Path(f"/proc/{p}").exists()), fds() - fd0))

    watcher = threading.Thread(target=measure)
    watcher.start()
    with tempfile.TemporaryDirectory() as report, ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(lambda _: bench.run("sleep 5", timeout_s=60, report_dir=Path(report)), range(count)))
    watcher.join()
    kb, fd = samples[0]
    return kb / count, fd / count


def projection(rows: list[dict], sandbox_kb: float, think_s: float) -> None:
    busiest = max(rows, key=lambda r: r["steps_per_s"])
    cores_here = os.cpu_count() or 1
    per_core = busiest["steps_per_s"] / cores_here
    idle_kb = max(r["kb_per_env"] for r in rows if r["size"] == max(x["size"] for x in rows))
    print(f"\nprojection to 10,000 concurrent environments (measured here: {busiest['steps_per_s']:.1f} steps/s "
          f"on {cores_here} cores = {per_core:.1f} steps/s per core; {idle_kb:.0f} KB per idle environment; "
          f"{sandbox_kb / 1024:.1f} MB per running sandbox)")
    step_s = min(rows, key=lambda r: r["size"])["step_p50"] / 1000  # a step's own time, without contention
    rate = 10_000 / (think_s + step_s)  # each episode steps once per model turn
    running = rate * step_s
    print(f"  with {think_s:.0f} s of model time per turn: {rate:.0f} steps/s cluster-wide, ~{running:.0f} sandboxes "
          "running at any moment")
    for cores, gb in ((16, 64), (32, 128), (64, 256)):
        by_cpu = rate / (per_core * cores)
        by_mem = (10_000 * idle_kb + running * sandbox_kb) / (gb * 1024 * 1024 * 0.7)
        nodes = max(1, int(-(-max(by_cpu, by_mem) // 1)))
        print(f"  nodes of {cores} cores / {gb} GB: {nodes} (CPU needs {by_cpu:.1f}, memory {by_mem:.2f}; "
              f"{10_000 // nodes} environments a node)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--step-sample", type=int, default=100, help="environments stepped at each size")
    parser.add_argument("--task", default="starter__kvline-1")
    parser.add_argument("--think-seconds", type=float, default=5.0, help="model time per turn, for the projection")
    args = parser.parse_args()
    settings = GymSettings(instance_ids=(args.task,))
    grader = make_local_grader()
    warm = IssueEnv(settings, grader=grader)
    errors = warm.prepare()
    if errors:
        raise SystemExit(f"environment not available: {errors}")
    warm.reset(seed=0)
    warm.step(STEP)  # first step: caches and the environment's first sandbox
    print(f"{'envs':>6} {'reset p50':>10} {'reset p99':>10} {'stepped':>8} {'step p50':>9} {'step p99':>9} "
          f"{'steps/s':>8} {'KB/env':>8} {'fds/env':>8}")
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = level(size, settings, grader, min(size, args.step_sample))
        rows.append(row)
        print(f"{row['size']:>6} {row['reset_p50']:>8.2f}ms {row['reset_p99']:>8.2f}ms {row['steps']:>8} "
              f"{row['step_p50']:>7.0f}ms {row['step_p99']:>7.0f}ms {row['steps_per_s']:>8.1f} "
              f"{row['kb_per_env']:>8.1f} {row['fds_per_env']:>8.2f}", flush=True)
    sandbox_kb, sandbox_fds = running_sandbox(grader, warm.task)
    print(f"\nrunning sandbox (bubblewrap tree sleeping, 10 at once): {sandbox_kb / 1024:.1f} MB and "
          f"{sandbox_fds:.1f} host fds each; an idle environment holds no process")
    projection(rows, sandbox_kb, args.think_seconds)


if __name__ == "__main__":
    main()
