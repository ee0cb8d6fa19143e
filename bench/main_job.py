"""The main job (README command 1) after install, timed with its breakdown.

    .venv/bin/python bench/main_job.py [--skip-validate] [--limit N] [--out DIR] [-- extra run flags]

Runs, as a newcomer does, `swegauge validate starter` then `swegauge run starter --model local --solver
agentless`, each as its own CLI process with its output going to a log file (so progress comes as plain
lines), in fresh run directories. The run gets `--no-cache`: every model call really goes to the embedded
llama.cpp servers (a newcomer's first run has no response cache either). Environments and the llama.cpp
build are the install's job and are expected to be cached.

Printed: wall time of each command, the load average around it (the machine may be shared: re-measure
on an idle one with the same command), and for the run:
  - startup: process start to the first progress line (imports, suite, model servers);
  - the run phase, split into model time (sum of call latencies; per slot) and grading time (sum of
    test-command seconds; per grading worker), and how much of the phase each keeps busy;
  - finish: last progress line to exit (summary table, HTML report);
  - CPU seconds: the whole process tree, the llama.cpp servers, the rest (grading sandboxes, harness);
  - calls, tokens in/out per call and per attempt, seconds per 1,000 tokens.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from swegauge.store import CANDIDATE, Store

ROOT = Path(__file__).resolve().parents[1]
SWEGAUGE = [str(ROOT / ".venv" / "bin" / "swegauge")] if (ROOT / ".venv" / "bin" / "swegauge").exists() \
    else [sys.executable, "-m", "swegauge.cli"]
TICKS = os.sysconf("SC_CLK_TCK")
HTML_LINE = r"HTML report: (\S+)"
SOUND_LINE = r"(\d+/\d+ tasks sound)"


def _cpu_of(pid: int) -> float:
    """utime + stime of one process, in seconds (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def _servers_of(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == parent and b"llama_cpp.server" in cmdline:
            pids.append(int(entry.name))
    return pids


class Timed:
    """One CLI command: its wall time, when each progress line came, its CPU, its servers' CPU."""

    def __init__(self, argv: list[str], log: Path) -> None:
        self.argv, self.log = argv, log
        self.lines: list[tuple[float, str]] = []
        self.server_cpu: dict[int, float] = {}
        self.wall = self.tree_cpu = 0.0
        self.code = 0
        self.load_before = os.getloadavg()
        self.load_after = self.load_before

    def run(self) -> Timed:
        started = time.monotonic()
        with self.log.open("w", encoding="utf-8") as out:
            proc = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    cwd=ROOT, env={**os.environ, "COLUMNS": "200"})
            watcher = threading.Thread(target=self._watch_servers, args=(proc,), daemon=True)
            watcher.start()
            assert proc.stdout is not None
            for line in proc.stdout:
                out.write(line)
                out.flush()
                self.lines.append((time.monotonic() - started, line.rstrip("\n")))
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
        self.wall = time.monotonic() - started
        self.code = proc.returncode
        self.tree_cpu = usage.ru_utime + usage.ru_stime
        self.load_after = os.getloadavg()
        return self

    def _watch_servers(self, proc: subprocess.Popen[str]) -> None:
        while proc.poll() is None:
            for pid in _servers_of(proc.pid):
                self.server_cpu[pid] = max(self.server_cpu.get(pid, 0.0), _cpu_of(pid))
            time.sleep(0.5)

    def progress_times(self) -> list[float]:
        return [t for t, line in self.lines if line.startswith("[progress]")]

    def find(self, pattern: str) -> str | None:
        rx = re.compile(pattern)
        return next((m.group(1) for _, line in self.lines if (m := rx.search(line))), None)


def _load(values: tuple[float, float, float]) -> str:
    return "/".join(f"{v:.2f}" for v in values)


def run_breakdown(timed: Timed, run_dir: Path, *, workers: int) -> None:
    store = Store(run_dir)
    calls, attempts = store.model_calls(), store.attempts()
    verdicts = [r.verdict for r in store.results(label=CANDIDATE)]
    store.close()
    marks = timed.progress_times()
    start = marks[0] if marks else 0.0
    end = marks[-1] if marks else timed.wall
    phase = max(1e-9, end - start)
    slots = max(1, len(timed.server_cpu))
    model_s = sum(c.latency_s for c in calls)
    grading_s = sum(v.test_seconds for v in verdicts)
    tokens_in, tokens_out = sum(c.prompt_tokens for c in calls), sum(c.completion_tokens for c in calls)
    server_cpu = sum(timed.server_cpu.values())
    print(f"run: wall {timed.wall:.0f}s (exit {timed.code}), load {_load(timed.load_before)} -> "
          f"{_load(timed.load_after)}; {len(attempts)} attempts, {sum(v.resolved for v in verdicts)} resolved, "
          f"{sum(v.outcome == 'error' for v in verdicts)} errors")
    print(f"  startup (imports, suite, {slots} model servers) {start:.0f}s = {start / timed.wall:.0%} of wall")
    print(f"  run phase {phase:.0f}s = {phase / timed.wall:.0%} of wall:")
    print(f"    model time {model_s:.0f}s over {slots} slots = {model_s / slots:.0f}s per slot, "
          f"busy {model_s / slots / phase:.0%} of the phase")
    print(f"    grading time (test commands) {grading_s:.0f}s over {workers} workers = {grading_s / workers:.0f}s "
          f"per worker, busy {grading_s / workers / phase:.0%} of the phase")
    print(f"    overlap: (model per slot + grading per worker) / phase = "
          f"{(model_s / slots + grading_s / workers) / phase:.2f}")
    print(f"  finish (summary, HTML report) {timed.wall - end:.0f}s = {(timed.wall - end) / timed.wall:.0%} of wall")
    print(f"  CPU: process tree {timed.tree_cpu:.0f}s, llama.cpp servers {server_cpu:.0f}s "
          f"({server_cpu / max(1e-9, timed.tree_cpu):.0%}), the rest {timed.tree_cpu - server_cpu:.0f}s; "
          f"CPU/wall {timed.tree_cpu / timed.wall:.2f} of {os.cpu_count()} cores")
    print(f"  on {os.cpu_count()} idle cores this CPU takes at least {timed.tree_cpu / (os.cpu_count() or 1):.0f}s "
          f"(CPU / cores: the load-independent floor; this run got {timed.tree_cpu / timed.wall:.2f} cores)")
    n = max(1, len(calls))
    print(f"  model: {len(calls)} calls ({len(calls) / max(1, len(attempts)):.1f} per attempt), tokens in "
          f"{tokens_in} ({tokens_in / n:.0f}/call), out {tokens_out} ({tokens_out / n:.0f}/call), "
          f"{model_s / max(1, tokens_in + tokens_out) * 1000:.1f}s per 1,000 tokens; "
          f"server CPU {server_cpu / max(1, tokens_in + tokens_out) * 1000:.1f}s per 1,000 tokens")
    stages: dict[str, list[int]] = {}
    for c in calls:
        stages.setdefault(c.stage, []).append(c.completion_tokens)
    for stage, outs in sorted(stages.items()):
        print(f"    {stage}: {len(outs)} calls, out tokens mean {sum(outs) / len(outs):.0f}, max {max(outs)}")
    print(f"  report: {timed.find(HTML_LINE)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-validate", action="store_true", help="time only the run")
    parser.add_argument("--limit", type=int, help="only the first N tasks (a quick look, not the main job)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="where run directories and logs go (default: a temp dir)")
    parser.add_argument("extra", nargs="*", help="more flags for `swegauge run` (after --)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="main-job-"))
    out.mkdir(parents=True, exist_ok=True)
    limit = ["--limit", str(args.limit)] if args.limit else []
    workers = ["--workers", str(args.workers)]
    print(f"main job bench: {os.cpu_count()} cores, load {_load(os.getloadavg())}; logs and runs in {out}")
    total = 0.0
    if not args.skip_validate:
        validate = Timed([*SWEGAUGE, "validate", "starter", "--run-dir", str(out / "validate"), *limit, *workers],
                         out / "validate.log").run()
        total += validate.wall
        print(f"validate: wall {validate.wall:.0f}s (exit {validate.code}), load {_load(validate.load_before)} -> "
              f"{_load(validate.load_after)}, CPU {validate.tree_cpu:.0f}s; "
              f"{validate.find(SOUND_LINE)}")
    run_dir = out / "run"
    run = Timed([*SWEGAUGE, "run", "starter", "--model", "local", "--solver", "agentless", "--no-cache",
                 "--run-dir", str(run_dir), *limit, *workers, *args.extra], out / "run.log").run()
    total += run.wall
    run_breakdown(run, run_dir, workers=args.workers)
    print(f"main job total {total:.0f}s = {total / 60:.1f} min (target: under 10 min on 2 cores): "
          f"ratio to target {total / 600:.2f}")
    return 0 if run.code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
