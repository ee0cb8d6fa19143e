"""Mining throughput: changes scanned per second by the cheap filter on a history of thousands of commits,
and the validation cost per candidate (wall time and test-runner invocations).

    .venv/bin/python bench/mining_bench.py [--commits 5000] [--candidates 3] [--repeat 3]

The history is made with `git fast-import` (source-only, tests-only and source+test commits mixed);
the cheap filter is compared with the naive way (one `git diff-tree` process per commit).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from swegauge.envs.repos import git_env  # noqa: E402
from swegauge.mining.classify import screen  # noqa: E402
from swegauge.mining.history import main_line_changes  # noqa: E402


def _data(text: str) -> str:
    return f"data {len(text.encode())}\n{text}\n"


def make_history(repo: Path, commits: int) -> None:
    """A main line of `commits` commits: a third source-only, a third tests-only, a third both."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=git_env())
    parts = []
    for i in range(commits):
        parts.append(f"commit refs/heads/main\nmark :{i + 1}\n")
        parts.append(f"committer Bench <b@x> {1_600_000_000 + i * 60} +0000\n{_data(f'change {i}')}")
        if i:
            parts.append(f"from :{i}\n")
        if i % 3 in (0, 2):
            parts.append(f"M 100644 inline pkg/mod{i % 50}.py\n{_data(f'def f():{chr(10)}    return {i}{chr(10)}')}")
        if i % 3 in (1, 2):
            body = f"from pkg.mod{i % 50} import f{chr(10)}{chr(10)}def test_f():{chr(10)}    assert f() == {i}{chr(10)}"
            parts.append(f"M 100644 inline tests/test_mod{i % 50}.py\n{_data(body)}")
        parts.append("\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input="".join(parts).encode(), check=True,
                   env=git_env())
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True, env=git_env())


def bench_filter(repo: Path) -> None:
    started = time.perf_counter()
    changes = list(main_line_changes(str(repo)))
    kept = sum(screen(c).kept for c in changes)
    ours = time.perf_counter() - started
    sample = [c.head for c in changes[:200]]
    started = time.perf_counter()
    for sha in sample:
        subprocess.run(["git", "diff-tree", "--numstat", "-M", "-r", sha], cwd=repo, capture_output=True, env=git_env())
    naive = (time.perf_counter() - started) / len(sample) * len(changes)
    print(f"cheap filter: {len(changes)} changes in {ours:.2f} s = {len(changes) / ours:,.0f} changes/s "
          f"({kept} kept); naive one-process-per-commit ~{naive:.1f} s ({naive / ours:.1f}x slower)")


def bench_validation(candidates: int, repeat: int) -> None:
    from swegauge.mining.judge import ChangeJudge
    from swegauge.runner.commands import make_grader

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "small"
        make_history(repo, candidates * 3)
        changes = [c for c in main_line_changes(str(repo)) if screen(c).kept][:candidates]
        judge = ChangeJudge(grader=make_grader(), repo_name="bench/small", repo_path=str(repo), repeat=repeat)
        started = time.perf_counter()
        first = judge.judge(changes[0], screen(changes[0]), "bench")
        first_time = time.perf_counter() - started
        started = time.perf_counter()
        for change in changes[1:]:
            judge.judge(change, screen(change), "bench")
        rest = (time.perf_counter() - started) / max(1, len(changes) - 1)
        print(f"validation: first candidate {first_time:.2f} s (builds the environment; {first.stage}), "
              f"then {rest:.2f} s per candidate; {2 * repeat} test-runner invocations per candidate "
              f"(repeat={repeat}, before and after)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--candidates", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "big"
        started = time.perf_counter()
        make_history(repo, args.commits)
        print(f"made a history of {args.commits} commits in {time.perf_counter() - started:.1f} s")
        bench_filter(repo)
    bench_validation(args.candidates, args.repeat)


if __name__ == "__main__":
    main()
