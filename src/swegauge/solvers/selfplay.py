"""`selfplay`: Kimi-Dev's test-time self-play. N BugFixer patches x M TestWriter tests, cross-executed.

One attempt: localize once for the fix and once for the test, then sample N fix edits and M test edits
(sample 0 at the run's temperature, the others at `sample_temperature`, default 1.0), cross-execute them
(crossrun.py: about N + 1 test runs) and pick a patch by the default rule (selection.py). The whole
matrix, every patch and test candidate, and the scores are kept in Candidate.detail so any other rule can
be recomputed from the store. With no usable test candidate every patch scores 0 and the rule reduces to a
majority vote over normalized patches.

`verify_select` is the same machinery for `--select verifier` (K2's multiple-attempts mode): M tests
written for the task pick one of the k patches a run produced.

Options: n_patches (40), n_tests (40), sample_temperature (1.0), parallel_runs (2), mode (auto|combined|pairs),
test_timeout_s (600).
"""

from __future__ import annotations

import asyncio
from typing import Any

from swegauge.grading.grader import patch_hash
from swegauge.solvers.base import Candidate, ModelSession, ProblemView, SolveContext
from swegauge.solvers.crossrun import TestCandidate, cross_run
from swegauge.solvers.diffs import normalized_form
from swegauge.solvers.registry import register_solver
from swegauge.solvers.selection import select
from swegauge.solvers.stages import Budget, Kind, Localized, budget_of, edit, localize
from swegauge.solvers.testwriter import write_test
from swegauge.tasks import Task

LOCALIZE_TRIES = 3


class PlaySettings:
    """Self-play's knobs (keyword-only, from --option KEY=VALUE)."""

    def __init__(self, *, n_patches: int = 40, n_tests: int = 40, sample_temperature: float = 1.0,
                 parallel_runs: int = 2, mode: str = "auto", test_timeout_s: float = 600.0) -> None:
        if n_patches < 1 or n_tests < 0:
            raise ValueError("selfplay needs n_patches >= 1 and n_tests >= 0")
        self.n_patches, self.n_tests = n_patches, n_tests
        self.sample_temperature, self.parallel_runs = sample_temperature, parallel_runs
        self.mode, self.test_timeout_s = mode, test_timeout_s

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> PlaySettings:
        known = ("n_patches", "n_tests", "sample_temperature", "parallel_runs", "mode", "test_timeout_s")
        return cls(**{k: options[k] for k in known if k in options})

    def temperature(self, sample: int) -> float | None:
        return None if sample == 0 else self.sample_temperature


async def _localized(session: ModelSession, problem: ProblemView, tree: Any, *, kind: Kind, budget: Budget,
                     play: PlaySettings) -> tuple[Localized, list[dict[str, Any]]]:
    records: list[dict[str, Any]] = []
    located: Localized | None = None
    for sample in range(LOCALIZE_TRIES):
        located = await localize(session, problem, tree, kind=kind, budget=budget, sample=sample,
                                 temperature=play.temperature(sample))
        records.append({"sample": sample, **located.as_dict()})
        if located.files:
            break
    assert located is not None
    return located, records


async def generate_patches(session: ModelSession, problem: ProblemView, tree: Any, *, budget: Budget,
                           play: PlaySettings) -> tuple[list[str], dict[str, Any]]:
    located, loc_records = await _localized(session, problem, tree, kind="fix", budget=budget, play=play)
    if not located.files:
        return [""] * play.n_patches, {"localize": loc_records, "edits": []}
    edits = await asyncio.gather(*(edit(session, problem, tree, located.files, kind="fix", budget=budget,
                                        sample=s, temperature=play.temperature(s)) for s in range(play.n_patches)))
    return [e.diff for e in edits], {"localize": loc_records, "edits": [e.as_dict() for e in edits]}


async def generate_tests(session: ModelSession, problem: ProblemView, tree: Any, *, budget: Budget,
                         play: PlaySettings) -> tuple[list[TestCandidate], dict[str, Any]]:
    if play.n_tests == 0:
        return [], {"localize": [], "edits": []}
    located, loc_records = await _localized(session, problem, tree, kind="test", budget=budget, play=play)
    if not located.files:
        return [], {"localize": loc_records, "edits": []}
    written = await asyncio.gather(*(write_test(session, problem, tree, located, budget=budget, sample=s,
                                                temperature=play.temperature(s)) for s in range(play.n_tests)))
    tests: list[TestCandidate] = []
    edits: list[dict[str, Any]] = []
    for edited, test in written:
        edits.append({**edited.as_dict(), "candidate": None if test is None else len(tests)})
        if test is not None:
            tests.append(test)
    return tests, {"localize": loc_records, "edits": edits, "test_file": located.files[0]}


async def play_off(bench: Any, patches: list[str], tests: list[TestCandidate], *,
                   play: PlaySettings) -> tuple[int, dict[str, Any]]:
    """Cross-execute and select: (index of the chosen patch, the record for Candidate.detail)."""
    matrix = await asyncio.to_thread(cross_run, bench, patches, tests, mode=play.mode,  # type: ignore[arg-type]
                                     parallel=play.parallel_runs, timeout_s=play.test_timeout_s)
    stored = matrix.as_dict()
    normalized = [normalized_form(p) for p in patches]
    selection = select(stored, patches, normalized)
    record = {
        "selected_index": selection.selected,
        "selection": selection.model_dump(),
        "patches": [{"index": i, "hash": patch_hash(p), "normalized": n, "patch": p}
                    for i, (p, n) in enumerate(zip(patches, normalized, strict=True))],
        "tests": [{"index": j, "path": t.path, "patch": t.patch} for j, t in enumerate(tests)],
        "matrix": stored,
    }
    return selection.selected, record


class SelfPlaySolver:
    """N patches x M tests in one attempt; the best-scoring patch is the candidate."""

    name = "selfplay"
    needs_model = True

    def __init__(self, *, play: PlaySettings) -> None:
        self.play = play

    async def solve(self, ctx: SolveContext) -> Candidate:
        budget = await budget_of(ctx.session)
        tree = ctx.bench.tree
        (patches, fix_record), (tests, test_record) = await asyncio.gather(
            generate_patches(ctx.session, ctx.problem, tree, budget=budget, play=self.play),
            generate_tests(ctx.session, ctx.problem, tree, budget=budget, play=self.play))
        chosen, record = await play_off(ctx.bench, patches, tests, play=self.play)
        detail = {"solver": "selfplay", "n_patches": self.play.n_patches, "n_tests": self.play.n_tests,
                  "bugfixer": fix_record, "testwriter": test_record, **record}
        return Candidate(patch=patches[chosen], detail=detail)


async def verify_select(session: ModelSession, problem: ProblemView, bench: Any, patches: list[str], *,
                        play: PlaySettings) -> tuple[int, dict[str, Any]]:
    """`--select verifier`: write M tests for the task and pick one of `patches` with them."""
    budget = await budget_of(session)
    tests, test_record = await generate_tests(session, problem, bench.tree, budget=budget, play=play)
    chosen, record = await play_off(bench, patches, tests, play=play)
    return chosen, {"testwriter": test_record, **record}


def _factory(tasks: list[Task], options: dict[str, Any]) -> SelfPlaySolver:
    del tasks
    return SelfPlaySolver(play=PlaySettings.from_options(options))


register_solver("selfplay", _factory)
