"""Self-play cost on a starter task: test-runner invocations and wall time, combined vs naive (printed, never asserted).

A 40 x 40 matrix on starter__tinyconf-1 with synthetic candidates (no model): 40 distinct patches (variants of
two right fixes and three wrong ones, each with its own comment so no two are alike and none is deduplicated)
and 40 test candidates (reproduction tests with varied inputs, tests expecting the buggy behaviour, and one
that does not even parse). Combined mode runs it for real; the naive way (one run per test on the base and one
per (patch, test) pair) is measured on a 5 x 5 sample and extrapolated to 40 x 40 by its time per run.

    python bench/selfplay_bench.py [--patches 40] [--tests 40] [--sample 5] [--parallel 1]
"""

from __future__ import annotations

import argparse
import random
import time

from swegauge.runner.commands import make_grader
from swegauge.runner.workbench import SandboxWorkbench
from swegauge.solvers.crossrun import Matrix, TestCandidate, cross_run
from swegauge.solvers.diffs import make_diff, normalized_form
from swegauge.solvers.selection import select
from swegauge.tasks import load_suite

TASK = "starter__tinyconf-1"
OLD = "        line = raw[:-1]\n"
FIXES = [  # (replacement line, right?)
    ('        line = raw.rstrip("\\r\\n")', True),
    ("        line = raw.strip()", False),
    ('        line = raw.rstrip("\\n").rstrip("\\r")', True),
    ("        line = raw[:-2]", False),
    ('        line = raw[:-1] if raw.endswith("\\n") else raw[:-1]', False),
]
ANCHOR = "def test_continuation_after_section_header_is_an_error():\n"


def synthetic_patches(tree, n: int) -> tuple[list[str], list[bool]]:
    text = (tree / "tinyconf/parser.py").read_text()
    patches, right = [], []
    for i in range(n):
        line, ok = FIXES[i % len(FIXES)]
        patches.append(make_diff(tree, {"tinyconf/parser.py": text.replace(OLD, f"{line}  # variant {i}\n")}))
        right.append(ok)
    return patches, right


def _test_body(j: int, rng: random.Random) -> str:
    port = rng.randint(1000, 65000)
    kind = j % 5
    if kind in (0, 1):
        return (f"def test_last_option_{j}():\n"
                f"    assert tinyconf.loads('[s]\\nport = {port}').get('s', 'port') == '{port}'\n")
    if kind == 2:
        return (f"def test_last_bool_{j}():\n"
                f"    assert tinyconf.loads('[a]\\r\\nx = {port}\\r\\ndebug = true').get_bool('a', 'debug') is True\n")
    if kind == 3:
        return (f"def test_buggy_expectation_{j}():\n"
                f"    assert tinyconf.loads('[s]\\nport = {port}').get('s', 'port') == '{str(port)[:-1]}'\n")
    return f"def test_header_{j}():\n    assert tinyconf.loads('[a]\\n[extra{j}]').sections() == ['a', 'extra{j}']\n"


def synthetic_tests(tree, m: int) -> list[TestCandidate]:
    rng = random.Random(7)
    base = (tree / "tests/test_parser.py").read_text()
    tests = []
    for j in range(m):
        body = "def test_broken(:\n" if j == m - 1 and m > 2 else _test_body(j, rng)
        content = base.replace(ANCHOR, f"{body}\n\n{ANCHOR}")
        tests.append(TestCandidate(path="tests/test_parser.py", content=content,
                                   patch=make_diff(tree, {"tests/test_parser.py": content})))
    return tests


def measure(bench, patches, tests, *, mode: str, parallel: int) -> tuple[Matrix, float, int]:
    started = time.perf_counter()
    matrix = cross_run(bench, patches, tests, mode=mode, parallel=parallel)  # type: ignore[arg-type]
    wall = time.perf_counter() - started
    chosen = select(matrix.as_dict(), patches, [normalized_form(p) for p in patches]).selected
    return matrix, wall, chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patches", type=int, default=40)
    parser.add_argument("--tests", type=int, default=40)
    parser.add_argument("--sample", type=int, default=5, help="naive mode is measured on sample x sample")
    parser.add_argument("--parallel", type=int, default=1, help="test runs at once (both modes alike)")
    args = parser.parse_args()
    task = next(t for t in load_suite("starter").tasks if t.instance_id == TASK)
    bench = SandboxWorkbench(make_grader(), task)
    bench.environment()  # built (or found cached) before anything is timed
    patches, right = synthetic_patches(bench.tree, args.patches)
    tests = synthetic_tests(bench.tree, args.tests)
    n, m, k = args.patches, args.tests, args.sample

    full, full_wall, full_pick = measure(bench, patches, tests, mode="combined", parallel=args.parallel)
    small, small_wall, small_pick = measure(bench, patches[:k], tests[:k], mode="combined", parallel=args.parallel)
    naive, naive_wall, naive_pick = measure(bench, patches[:k], tests[:k], mode="pairs", parallel=args.parallel)
    per_run = naive_wall / naive.invocations
    naive_full_runs = m + n * m
    naive_full_wall = per_run * naive_full_runs

    print(f"self-play cost on {TASK}: {n} patches x {m} tests (synthetic; {sum(right)} right patches)")
    print(f"  combined {n}x{m}: {full.invocations:5d} test-runner invocations  {full_wall:8.1f} s   "
          f"(target <= 45; {full_wall / full.invocations:.2f} s per run)")
    print(f"  naive    {n}x{m}: {naive_full_runs:5d} test-runner invocations  {naive_full_wall:8.1f} s   "
          f"(extrapolated: {naive.invocations} runs measured on {k}x{k}, {per_run:.2f} s per run)")
    print(f"  ratio naive/combined: invocations {naive_full_runs / full.invocations:6.1f}x   "
          f"wall {naive_full_wall / full_wall:6.1f}x")
    print(f"  {k}x{k} measured both ways: combined {small.invocations} runs {small_wall:.1f} s, naive "
          f"{naive.invocations} runs {naive_wall:.1f} s: ratio {naive_wall / small_wall:.1f}x; "
          f"same matrix: {small.as_dict()['rows'] == naive.as_dict()['rows']}, same pick: {small_pick == naive_pick}")
    print(f"  picked patch {full_pick} ({'right' if right[full_pick] else 'WRONG'}); "
          f"usable test candidates {sum(t['usable'] for t in full.tests)}/{m}")


if __name__ == "__main__":
    main()
