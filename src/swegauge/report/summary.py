"""Headline metrics with uncertainty, and breakdowns, for each scored system of a run.

Per-task scores come from the store (see load.py for the scoring rules). With one attempt per task the
headline is the resolved rate (exact-match accuracy for choice tasks) with a Wilson interval; with k > 1
attempts it is Avg@k (the mean over attempts, = unbiased pass@1) with a bootstrap interval, next to pass@k
(Chen et al. 2021). Every metric also carries the CLT, repository-clustered and bootstrap intervals.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from swegauge.metrics import (
    Estimate,
    avg_at_k_per_task,
    bootstrap_interval,
    clt_interval,
    clustered_interval,
    is_binary,
    pass_at_k_per_task,
    wilson_interval,
)
from swegauge.metrics.estimators import unpaired_difference_interval
from swegauge.report.cost import CostSummary, summarize_cost
from swegauge.report.load import MISSING, SystemRun, TaskMeta, display_names
from swegauge.report.settings import ReportSettings

SIZE_ORDER = ("<5", "5-20", "20-100", ">100", "unknown")
FILES_ORDER = ("1 file", "2-3 files", "4+ files", "unknown")
SCORING_NOTE = (
    "an attempt counts as resolved only if every grading repeat of its patch resolved; graded errors and "
    "tasks without a result count as unresolved"
)


@dataclass(frozen=True)
class MetricReport:
    """One headline number: its value, the interval printed beside it, and the other intervals."""

    name: str
    value: float
    n: int
    headline: Estimate | None
    intervals: tuple[Estimate, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupScore:
    key: str
    n: int
    value: float
    estimate: Estimate | None


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    groups: tuple[GroupScore, ...]
    difference: Estimate | None = None
    """For the cutoff split: score after the cutoff minus score before it."""
    note: str = ""


@dataclass(frozen=True)
class SystemSummary:
    name: str
    system: SystemRun
    metrics: tuple[MetricReport, ...]
    breakdowns: tuple[Breakdown, ...]
    cost: CostSummary
    counts: dict[str, int] = field(default_factory=dict)
    """tasks, graded_tasks, attempts, resolved, unresolved, error, missing, flaky."""
    notes: tuple[str, ...] = ()

    @property
    def primary(self) -> MetricReport:
        return self.metrics[0]


def find_interval(metric: MetricReport, kind: str) -> Estimate | None:
    """The metric's interval of one kind: "wilson", "bootstrap", "clt" (plain) or "clustered"; also the exact
    interval that stood in for it where the method did not apply (its method says "(bootstrap n/a: ...")."""
    for est in metric.intervals:
        method = est.method.lower()
        if kind == "clustered" and "clustered" in method:
            return est
        if kind == "clt" and (method.startswith("clt") or "(clt n/a" in method) and "clustered" not in method:
            return est
        if kind in ("wilson", "bootstrap") and (method.startswith(kind) or f"({kind} n/a" in method):
            return est
    return None


def metric_report(name: str, scores: Sequence[float] | np.ndarray, repos: Sequence[str],
                  settings: ReportSettings) -> MetricReport:
    """Wilson (0/1 scores), bootstrap, CLT and repository-clustered intervals of a mean score."""
    arr = np.asarray(scores, dtype=np.float64)
    conf = settings.confidence
    intervals: list[Estimate] = []
    notes: list[str] = []
    if is_binary(arr):
        intervals.append(wilson_interval(int(arr.sum()), int(arr.size), confidence=conf))
    if arr.size >= 2:
        intervals.append(bootstrap_interval(arr, confidence=conf, n_resamples=settings.n_resamples,
                                            seed=settings.seed))
        intervals.append(clt_interval(arr, confidence=conf))
        if len(set(repos)) >= 2:
            intervals.append(clustered_interval(arr, list(repos), confidence=conf, cluster_name="repository"))
        else:
            notes.append("SE clustered by repository: n/a (all tasks from one repository)")
    else:
        notes.append("bootstrap and CLT intervals: n/a (fewer than 2 tasks)")
    headline = intervals[0] if intervals else None
    return MetricReport(name=name, value=float(arr.mean()), n=int(arr.size), headline=headline,
                        intervals=tuple(intervals), notes=tuple(notes))


def _score_name(kinds: set[str]) -> str:
    if kinds == {"codegen"}:
        return "accepted rate"
    if kinds == {"choice"}:
        return "exact-match accuracy"
    if "choice" in kinds:
        return "score (resolved or exact match)"
    return "resolved rate"


def _k_values(k: int) -> list[int]:
    ks = {k} | {2**i for i in range(1, int(math.log2(k)) + 1)} if k > 1 else set()
    return sorted(x for x in ks if 1 < x <= k)


def task_scores(system: SystemRun) -> np.ndarray:
    """The primary per-task score: the single attempt's 0/1, or Avg@k over k attempts."""
    rows = [[a.score for a in system.attempts[i]] for i in system.task_ids()]
    if system.k == 1:
        return np.array([row[0] for row in rows], dtype=np.float64)
    return avg_at_k_per_task(rows)


def system_metrics(system: SystemRun, settings: ReportSettings) -> tuple[MetricReport, ...]:
    ids = system.task_ids()
    repos = [system.tasks[i].repo for i in ids]
    kinds = {system.tasks[i].kind for i in ids}
    name = _score_name(kinds)
    primary = task_scores(system)
    k = system.k
    first = name if k == 1 else f"Avg@{k} {name} (= pass@1)"
    if kinds == {"codegen"} and k == 1:
        first = "Pass@1 (accepted on every hidden test)"
    out = [metric_report(first, primary, repos, settings)]
    counts = np.array([sum(a.resolved for a in system.attempts[i]) for i in ids], dtype=np.int64)
    for kk in _k_values(k):
        out.append(metric_report(f"pass@{kk}", pass_at_k_per_task(k, counts, kk), repos, settings))
    if len(kinds) > 1 and "choice" in kinds:
        for label, pick in (("resolved rate (issue/codegen tasks)", lambda t: t.kind != "choice"),
                            ("exact-match accuracy (choice tasks)", lambda t: t.kind == "choice")):
            mask = np.array([pick(system.tasks[i]) for i in ids])
            out.append(metric_report(label, primary[mask], [r for r, m in zip(repos, mask) if m], settings))
    from swegauge.report.kinds import kind_metrics  # codegen Pass@1/pass@k, money earned on choice tasks

    out += kind_metrics(system, primary, settings)
    return tuple(out)


def group_estimate(scores: np.ndarray, settings: ReportSettings) -> Estimate | None:
    """Wilson for 0/1 scores, else the seeded bootstrap (needs 2+ tasks)."""
    if is_binary(scores):
        return wilson_interval(int(scores.sum()), int(scores.size), confidence=settings.confidence)
    if scores.size >= 2:
        return bootstrap_interval(scores, confidence=settings.confidence, n_resamples=settings.n_resamples,
                                  seed=settings.seed)
    return None


def _breakdown(dimension: str, key: Callable[[TaskMeta], str], system: SystemRun, scores: np.ndarray,
               settings: ReportSettings, order: Sequence[str] = ()) -> Breakdown:
    ids = system.task_ids()
    groups: dict[str, list[float]] = {}
    for task_id, score in zip(ids, scores):
        groups.setdefault(key(system.tasks[task_id]), []).append(float(score))
    rank = {k: i for i, k in enumerate(order)}
    keys = sorted(groups, key=lambda g: (rank.get(g, len(rank)), g))
    out = []
    for g in keys:
        arr = np.asarray(groups[g], dtype=np.float64)
        out.append(GroupScore(key=g, n=int(arr.size), value=float(arr.mean()), estimate=group_estimate(arr, settings)))
    return Breakdown(dimension=dimension, groups=tuple(out))


def _unpaired_difference(after: np.ndarray, before: np.ndarray, settings: ReportSettings) -> Estimate | None:
    """Mean(after) - mean(before), unpaired (exact stand-in when a side is constant); None below 2 a side."""
    if after.size < 2 or before.size < 2:
        return None
    return unpaired_difference_interval(after, before, confidence=settings.confidence)


def cutoff_breakdown(system: SystemRun, scores: np.ndarray, settings: ReportSettings) -> Breakdown | None:
    """Split tasks by created_at before / on-or-after the cutoff: a drop after it hints at contamination."""
    cutoff = settings.cutoff
    if cutoff is None:
        return None
    before, after = f"before {cutoff.isoformat()}", f"on/after {cutoff.isoformat()}"

    def window(task: TaskMeta) -> str:
        if task.created_at is None:
            return "no date"
        return before if task.created_at.date() < cutoff else after

    base = _breakdown(f"created_at vs cutoff {cutoff.isoformat()}", window, system, scores, settings,
                      order=(before, after, "no date"))
    ids = system.task_ids()
    pick = {w: np.array([s for i, s in zip(ids, scores) if window(system.tasks[i]) == w]) for w in (before, after)}
    diff = _unpaired_difference(pick[after], pick[before], settings)
    if diff is None:
        note = "too few tasks on one side of the cutoff to estimate the difference"
    else:
        note = (f"after − before: {diff.value * 100:+.1f} points ({diff.method}: {diff.lower * 100:+.1f}.."
                f"{diff.upper * 100:+.1f})")
    return Breakdown(dimension=base.dimension, groups=base.groups, difference=diff, note=note)


def system_breakdowns(system: SystemRun, settings: ReportSettings) -> tuple[Breakdown, ...]:
    scores = task_scores(system)
    dims: list[tuple[str, Callable[[TaskMeta], str], Sequence[str]]] = [
        ("language", lambda t: t.language, ()),
        ("repository", lambda t: t.repo, ()),
        ("task kind", lambda t: t.kind, ("issue", "codegen", "choice")),
        ("gold patch size (changed lines)", lambda t: t.size_bucket, SIZE_ORDER),
        ("files touched by the gold patch", lambda t: t.files_bucket, FILES_ORDER),
    ]
    out = [_breakdown(name, key, system, scores, settings, order) for name, key, order in dims]
    cut = cutoff_breakdown(system, scores, settings)
    if cut is not None:
        out.append(cut)
    return tuple(out)


def _counts(system: SystemRun) -> dict[str, int]:
    attempts = [a for i in system.task_ids() for a in system.attempts[i]]
    counts = {o: sum(a.outcome == o for a in attempts) for o in ("resolved", "unresolved", "error", MISSING)}
    counts.update(tasks=len(system.tasks), graded_tasks=sum(system.graded(i) for i in system.task_ids()),
                  attempts=len(attempts), flaky=sum(a.flaky for a in attempts))
    return counts


def _notes(counts: dict[str, int]) -> tuple[str, ...]:
    notes = [SCORING_NOTE]
    if counts[MISSING]:
        notes.append(f"{counts[MISSING]} of {counts['attempts']} attempts have no graded result (counted unresolved)")
    if counts["error"]:
        notes.append(f"{counts['error']} attempts ended in an environment/harness error (counted unresolved)")
    if counts["flaky"]:
        notes.append(f"{counts['flaky']} attempts changed outcome between grading repeats (counted unresolved)")
    return tuple(notes)


def summarize_system(system: SystemRun, settings: ReportSettings, *, name: str | None = None) -> SystemSummary:
    if not system.tasks:
        raise ValueError(f"{system.run_dir}: the run holds no tasks")
    counts = _counts(system)
    return SystemSummary(
        name=name or system.name, system=system, metrics=system_metrics(system, settings),
        breakdowns=system_breakdowns(system, settings), cost=summarize_cost(system), counts=counts,
        notes=_notes(counts),
    )


def summarize_systems(systems: Sequence[SystemRun], settings: ReportSettings) -> list[SystemSummary]:
    """One summary per system; names get the run directory added where they would clash."""
    names = display_names(list(systems))
    return [summarize_system(s, settings, name=n) for s, n in zip(systems, names)]
