"""Cross-executing N patches x M test candidates: about N + 1 test runs instead of N x M.

"combined" mode (coexist.py knows a layout for every candidate): all candidates are written as sibling
test files, run once on the base and once per distinct non-empty patch, each run executing every
candidate; results are attributed to candidates by the marker in each test name. When the base run
attributes nothing (say one candidate does not compile and takes its package's build down), the group is
split in halves and each half rerun, down to single candidates, which are then dropped as unusable; a
probe run of one candidate first checks that names carry markers at all (if not: "pairs" mode).
"pairs" mode: one run per (test on base) and per (patch, test) pair; the naive way, used when no combined
layout exists (and by bench/ to measure what combined mode saves).

The matrix keeps every test name each candidate reported in any run, as one-letter codes (P passed,
F failed, E error, S skipped, - not reported), per run: any selection rule can be recomputed from it.
"""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from swegauge.solvers.coexist import Placed, belongs, place
from swegauge.solvers.diffs import make_diff

CODES = {"PASSED": "P", "FAILED": "F", "ERROR": "E", "SKIPPED": "S"}
MISSING = "-"
# pytest stops the whole session at the first file that fails to import; one broken candidate must not.
PRELUDE = 'export PYTEST_ADDOPTS="${PYTEST_ADDOPTS:-} --continue-on-collection-errors"\n'
Mode = Literal["auto", "combined", "pairs"]
Results = dict[int, dict[str, str]]  # test candidate -> test name -> status


@dataclass(frozen=True)
class TestCandidate:
    """One test file's full text after a TestWriter's edits (and the diff that makes it)."""

    __test__ = False
    path: str
    content: str
    patch: str


@dataclass
class Runner:
    """Runs test scripts through a Workbench; counts test-runner invocations and their time."""

    bench: Any
    timeout_s: float = 600.0
    invocations: int = 0
    seconds: float = 0.0
    log: list[dict[str, Any]] = field(default_factory=list)

    def run(self, label: str, *, patches: tuple[str, ...], files: list[str]) -> dict[str, str] | None:
        """Per-test statuses of one run, or None when a patch did not apply."""
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="swegauge-selfplay-") as report:
            result = self.bench.run(PRELUDE + self.bench.test_command(files), patches=patches,
                                    timeout_s=self.timeout_s, report_dir=Path(report))
            statuses = None if result.ended_by == "start_error" else self.bench.parse(result, Path(report))
        took = time.monotonic() - started
        self.invocations += 1
        self.seconds += took
        self.log.append({"label": label, "ended_by": result.ended_by, "exit_code": result.exit_code,
                         "tests": None if statuses is None else len(statuses), "seconds": round(took, 3),
                         **({"error": result.stderr[-500:]} if statuses is None else {})})
        return statuses


@dataclass
class Matrix:
    mode: str
    tests: list[dict[str, Any]]
    base: Results
    rows: list[Results | None]  # per patch; None = the patch did not apply
    invocations: int = 0
    seconds: float = 0.0
    log: list[dict[str, Any]] = field(default_factory=list)

    def columns(self) -> list[tuple[int, str]]:
        seen: dict[tuple[int, str], None] = {}
        for results in [self.base, *[r for r in self.rows if r is not None]]:
            for j in sorted(results):
                for name in results[j]:
                    seen.setdefault((j, name), None)
        return sorted(seen)

    def as_dict(self) -> dict[str, Any]:
        cols = self.columns()

        def codes(results: Results | None) -> str | None:
            if results is None:
                return None
            return "".join(CODES.get(results.get(j, {}).get(n, ""), MISSING) for j, n in cols)

        return {"mode": self.mode, "tests": self.tests, "columns": [[j, n] for j, n in cols],
                "base": codes(self.base), "rows": [codes(r) for r in self.rows],
                "ran": [None if r is None else [j for j in sorted(r) if r[j]] for r in self.rows],
                "invocations": self.invocations, "seconds": round(self.seconds, 3), "runs": self.log}


def _split(statuses: dict[str, str], placed: list[Placed]) -> Results:
    out: Results = {p.index: {} for p in placed}
    for name, status in statuses.items():
        for p in placed:
            if belongs(name, p):
                out[p.index][name] = status
                break
    return out


class _Combined:
    def __init__(self, runner: Runner, tree: Path, placed: list[Placed]) -> None:
        self.runner, self.tree, self.placed = runner, tree, placed
        self._patches: dict[tuple[int, ...], str] = {}

    def layout_patch(self, group: list[Placed]) -> str:
        """One diff adding the group's sibling files (made once per group)."""
        key = tuple(p.index for p in group)
        if key not in self._patches:
            self._patches[key] = make_diff(self.tree, {p.path: p.content for p in group})
        return self._patches[key]

    def run(self, label: str, group: list[Placed], patch: str = "") -> Results | None:
        patches = (patch, self.layout_patch(group)) if patch.strip() else (self.layout_patch(group),)
        statuses = self.runner.run(label, patches=patches, files=[p.path for p in group])
        return None if statuses is None else _split(statuses, group)

    def base(self) -> Results | None:
        """Base results of the usable candidates (bisecting broken groups); None = names carry no markers."""
        first = self.run("base", self.placed) or {}
        if any(first.values()) or len(self.placed) == 1:
            return {j: r for j, r in first.items() if r}
        probe_group = self.placed[:1]
        probe = self.runner.run("base/probe", patches=(self.layout_patch(probe_group),),
                                files=[probe_group[0].path])
        if probe and not any(_split(probe, probe_group).values()):
            return None
        half = len(self.placed) // 2
        return {**self._bisect(self.placed[:half]), **self._bisect(self.placed[half:])}

    def _bisect(self, group: list[Placed]) -> Results:
        results = self.run(f"base/split{group[0].index}-{group[-1].index}", group) or {}
        if any(results.values()) or len(group) == 1:
            return {j: r for j, r in results.items() if r}
        half = len(group) // 2
        return {**self._bisect(group[:half]), **self._bisect(group[half:])}


def _distinct(patches: list[str]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for i, patch in enumerate(patches):
        groups.setdefault(patch if patch.strip() else "", []).append(i)
    return groups


def _combined(runner: Runner, tree: Path, patches: list[str], placed: list[Placed], parallel: int) -> Matrix | None:
    combined = _Combined(runner, tree, placed)
    base = combined.base()
    if base is None:
        return None
    usable = [p for p in placed if p.index in base]
    rows: list[Results | None] = [None] * len(patches)
    groups = _distinct(patches)
    for i in groups.pop("", []):
        rows[i] = base  # the empty patch: its run is the base run
    if usable:
        with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
            outcomes = pool.map(lambda item: combined.run(f"patch{item[1][0]}", usable, item[0]), groups.items())
            for (_, members), outcome in zip(groups.items(), outcomes, strict=True):
                for i in members:
                    rows[i] = outcome
    else:
        for members in groups.values():
            for i in members:
                rows[i] = {}
    tests = [{"index": p.index, "sibling": p.path, "usable": p.index in base} for p in placed]
    return Matrix("combined", tests, base, rows)


def _pairs(runner: Runner, patches: list[str], tests: list[TestCandidate], parallel: int) -> Matrix:
    def one(job: tuple[int | None, int]) -> dict[str, str] | None:
        i, j = job
        t = tests[j]
        chosen = (t.patch,) if i is None else (patches[i], t.patch)
        return runner.run(f"{'base' if i is None else f'patch{i}'}/test{j}", patches=chosen, files=[t.path])

    groups = _distinct(patches)
    empty = groups.pop("", [])
    jobs: list[tuple[int | None, int]] = [(None, j) for j in range(len(tests))]
    jobs += [(members[0], j) for members in groups.values() for j in range(len(tests))]
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        outcomes = dict(zip(jobs, pool.map(one, jobs), strict=True))
    base: Results = {j: outcomes[(None, j)] or {} for j in range(len(tests))}
    rows: list[Results | None] = [None] * len(patches)
    for i in empty:
        rows[i] = base
    for members in groups.values():
        per_test = {j: outcomes[(members[0], j)] for j in range(len(tests))}
        # A patch that does not apply fails every pair the same way: one None marks the row.
        row = None if all(v is None for v in per_test.values()) else {j: v or {} for j, v in per_test.items()}
        for i in members:
            rows[i] = row
    info = [{"index": j, "sibling": None, "usable": bool(base[j])} for j in range(len(tests))]
    return Matrix("pairs", info, {j: r for j, r in base.items() if r}, rows)


def cross_run(bench: Any, patches: list[str], tests: list[TestCandidate], *, mode: Mode = "auto",
              parallel: int = 2, timeout_s: float = 600.0) -> Matrix:
    """Run every test candidate on the base and under every patch; see the module docstring."""
    runner = Runner(bench, timeout_s=timeout_s)
    width = len(str(max(len(tests) - 1, 0)))
    placed = [place(j, t.path, t.content, width=width) for j, t in enumerate(tests)]
    matrix: Matrix | None = None
    if tests and mode != "pairs" and all(p is not None for p in placed):
        matrix = _combined(runner, bench.tree, patches, [p for p in placed if p is not None], parallel)
    if not tests:
        matrix = Matrix("none", [], {}, [{} for _ in patches])
    elif matrix is None:
        if mode == "combined":
            raise ValueError("no combined layout for these test candidates")
        matrix = _pairs(runner, patches, tests, parallel)
    for info, test in zip(matrix.tests, tests, strict=True):
        info["path"] = test.path
    matrix.invocations, matrix.seconds, matrix.log = runner.invocations, runner.seconds, runner.log
    return matrix
