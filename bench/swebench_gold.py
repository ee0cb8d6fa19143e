"""Gold and empty validation of a suite file (SWE-bench or Multi-SWE-bench JSONL) over local mirrors, per
repository: instances tried, gold resolved, empty resolved, environment failures (with their reasons),
seconds per instance, and the disk the environments take.

    python bench/swebench_gold.py --suite msb.jsonl --mirrors /work/mirrors [--limit N] [--repos a/b c/d]

It goes through the library's validate path (runner.validate.validation_jobs, runner.grading_jobs,
runner.validate.summarize) with a results store in --run-dir (rerunning resumes). A repository's gold and
empty jobs run --workers at a time; "s/inst" is that repository's wall time over its instances.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from env_disk import du_mb  # bench/ is on sys.path when a script there runs
from pydantic import BaseModel


class RepoRow(BaseModel):
    repo: str
    language: str
    tried: int = 0
    gold_resolved: int = 0
    empty_resolved: int = 0
    env_failures: int = 0
    reasons: list[str] = []
    seconds: float = 0.0
    env_paths: set[str] = set()

    def disk_mb(self) -> float:
        return du_mb(sorted(Path(p) for p in self.env_paths))  # one du: files shared by dedupe count once


def _env_path(grader, task) -> str | None:
    env, _ = grader.environment(task)
    return str(env.path) if env is not None else None


def validate_repo(tasks, *, grader, store, row: RepoRow, workers: int) -> None:
    from swegauge.runner.grading_jobs import run_grading_jobs
    from swegauge.runner.validate import summarize, validation_jobs

    started = time.monotonic()
    run_grading_jobs(validation_jobs(tasks, repeat=1), grader=grader, store=store, workers=workers)
    row.seconds += time.monotonic() - started
    wanted = {task.instance_id for task in tasks}
    for summary in summarize(tasks, [r for r in store.results() if r.instance_id in wanted]):
        row.tried += 1
        row.gold_resolved += summary.gold_resolved
        row.empty_resolved += summary.empty_resolved
        env_errors = [e for e in summary.errors if "environment" in e or "recipe" in e]
        if env_errors:
            row.env_failures += 1
            row.reasons.append(f"{summary.instance_id}: {env_errors[0][:300]}")
        elif not summary.gold_resolved:
            why = summary.gold_reason or "; ".join(summary.errors) or "no reason recorded"
            row.reasons.append(f"{summary.instance_id}: gold: {why[:300]}")
        elif summary.empty_resolved:
            row.reasons.append(f"{summary.instance_id}: empty resolved: {(summary.empty_reason or '')[:300]}")
        print(f"  {summary.instance_id}: gold={summary.gold_resolved} empty={summary.empty_resolved} "
              f"errors={summary.errors[:1]}", flush=True)
    for task in tasks:
        path = _env_path(grader, task)
        if path:
            row.env_paths.add(path)


def print_table(rows: list[RepoRow]) -> None:
    print(f"\n{'repository':32} {'lang':10} {'tried':>5} {'gold':>5} {'empty':>5} {'envfail':>7} {'s/inst':>7} {'disk MB':>8}")
    for row in rows:
        per = row.seconds / row.tried if row.tried else 0.0
        print(f"{row.repo:32} {row.language:10} {row.tried:5d} {row.gold_resolved:5d} {row.empty_resolved:5d} "
              f"{row.env_failures:7d} {per:7.0f} {row.disk_mb():8.0f}")
    for row in rows:
        for reason in row.reasons:
            print(f"  {row.repo}: {reason}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", required=True, type=Path)
    parser.add_argument("--mirrors", required=True, type=Path)
    parser.add_argument("--limit", type=int, default=None, help="instances per repository")
    parser.add_argument("--repos", nargs="*", default=None, help="these repositories, in this order")
    parser.add_argument("--run-dir", type=Path, default=None)
    parser.add_argument("--workers", type=int, default=2, help="gradings at once")
    args = parser.parse_args(argv)
    os.environ["SWEGAUGE_MIRRORS"] = str(args.mirrors.resolve())
    from swegauge.runner.commands import make_grader
    from swegauge.store import Store
    from swegauge.tasks import load_suite

    report = load_suite(str(args.suite))
    for error in report.errors:
        print(f"skipped: {error}", file=sys.stderr)
    by_repo = defaultdict(list)
    for task in report.tasks:
        if args.repos is None or task.repo in args.repos:
            by_repo[task.repo].append(task)
    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="swebench-gold-"))
    store, grader = Store(run_dir), make_grader()
    store.save_tasks({t.instance_id: t.model_dump_json() for ts in by_repo.values() for t in ts})
    rows = []
    order = [r for r in args.repos if r in by_repo] if args.repos else sorted(by_repo)
    for repo, tasks in ((r, by_repo[r]) for r in order):  # --repos order
        tasks = tasks[: args.limit] if args.limit else tasks
        print(f"{repo}: {len(tasks)} instances", flush=True)
        row = RepoRow(repo=repo, language=tasks[0].language)
        validate_repo(tasks, grader=grader, store=store, row=row, workers=args.workers)
        rows.append(row)
    print_table(rows)
    print(f"results: {run_dir}/results.sqlite")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
