"""Paired comparison of two runs on the tasks both graded, per suite, in plain words.

Pairing by task removes the difficulty both runs share (Miller 2024, "Adding error bars to evals", sec. 4):
the difference gets a paired bootstrap interval and McNemar's exact test (0/1 scores), and the sample-size
note says how many tasks would detect a given difference, from the observed variance of the differences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from swegauge.metrics import PairedComparison, compare_paired, tasks_needed
from swegauge.report.load import SystemRun, display_names
from swegauge.report.settings import ReportSettings
from swegauge.report.summary import task_scores

ALL_SHARED = "all shared tasks"


@dataclass(frozen=True)
class SuiteComparison:
    suite: str
    n_shared: int
    paired: PairedComparison | None
    """McNemar exact + paired bootstrap (0/1 scores), or z-test + paired bootstrap (Avg@k scores)."""
    clustered: PairedComparison | None
    """The same comparison with tasks clustered by repository (None with fewer than 2 repositories)."""
    var_diff: float | None
    plan: tuple[tuple[float, int], ...]
    """(true difference as a fraction, tasks needed to detect it at the settings' power)."""
    sentence: str
    sample_note: str


@dataclass(frozen=True)
class RunComparison:
    name_a: str
    name_b: str
    run_a: str
    run_b: str
    metric: str
    only_a: int
    """Tasks graded in A only (left out of the pairing)."""
    only_b: int
    suites: tuple[SuiteComparison, ...]
    notes: tuple[str, ...] = ()


def _metric(a: SystemRun, b: SystemRun) -> tuple[str, tuple[str, ...]]:
    if a.k == 1 and b.k == 1:
        return "resolved (0/1 per task)", ()
    notes = () if a.k == b.k else (f"per-task scores are Avg@{a.k} for A and Avg@{b.k} for B",)
    return "Avg@k per task (mean over attempts)", notes


def _sample_note(cmp: PairedComparison, var_diff: float, plan: tuple[tuple[float, int], ...],
                 settings: ReportSettings) -> str:
    alpha = 1.0 - settings.confidence
    if var_diff <= 0.0:
        d = cmp.difference.value
        same = "score the same on every one" if d == 0 else f"differ by the same {100 * d:+.1f} points on each"
        return (f"The two runs {same} of the {cmp.n} shared tasks, so there is no variance of paired differences "
                "to plan a sample size from.")
    needs = ", ".join(f"{100 * d:g} points: {n:,} tasks" for d, n in plan)
    return (f"Sample size (Miller 2024, from var(d) = {var_diff:.3f} of the paired differences): to detect a true "
            f"difference with {settings.power:.0%} power at α = {alpha:g} (two-sided) needs about {needs}. "
            f"These {cmp.n} tasks detect about {100 * cmp.min_detectable_effect:.1f} points.")


def _compare_group(name: str, ids: list[str], sa: dict[str, float], sb: dict[str, float], repos: dict[str, str],
                   names: tuple[str, str], settings: ReportSettings) -> SuiteComparison:
    if len(ids) < 2:
        sentence = f"too few shared graded tasks to compare ({len(ids)}; need at least 2)"
        return SuiteComparison(name, len(ids), None, None, None, (), sentence, "")
    a = np.array([sa[i] for i in ids])
    b = np.array([sb[i] for i in ids])
    def run(clusters: list[str] | None) -> PairedComparison:
        return compare_paired(a, b, name_a=names[0], name_b=names[1], confidence=settings.confidence,
                              n_resamples=settings.n_resamples, seed=settings.seed, power=settings.power,
                              clusters=clusters, cluster_name="repository")

    paired = run(None)
    groups = [repos[i] for i in ids]
    clustered = run(groups) if len(set(groups)) >= 2 else None
    var_diff = float(np.var(a - b, ddof=1))
    alpha = 1.0 - settings.confidence
    plan = tuple((d, tasks_needed(d, var_diff, power=settings.power, alpha=alpha))
                 for d in settings.plan_deltas) if var_diff > 0 else ()
    return SuiteComparison(name, len(ids), paired, clustered, var_diff, plan, paired.summary,
                           _sample_note(paired, var_diff, plan, settings))


def compare_systems(a: SystemRun, b: SystemRun, settings: ReportSettings) -> RunComparison:
    """Compare A with B on the tasks both graded: overall (when there are several suites) and per suite."""
    name_a, name_b = display_names([a, b])
    shared = [i for i in a.task_ids() if i in b.tasks and a.graded(i) and b.graded(i)]
    only_a = sum(1 for i in a.task_ids() if a.graded(i) and i not in shared)
    only_b = sum(1 for i in b.task_ids() if b.graded(i) and i not in shared)
    sa = dict(zip(a.task_ids(), task_scores(a).tolist()))
    sb = dict(zip(b.task_ids(), task_scores(b).tolist()))
    repos = {i: a.tasks[i].repo for i in shared}
    by_suite: dict[str, list[str]] = {}
    for i in shared:
        by_suite.setdefault(a.tasks[i].suite, []).append(i)
    groups = [(ALL_SHARED, shared)] if len(by_suite) != 1 else []
    groups += sorted(by_suite.items())
    suites = tuple(_compare_group(g, ids, sa, sb, repos, (name_a, name_b), settings) for g, ids in groups)
    metric, notes = _metric(a, b)
    extra = []
    if only_a or only_b:
        extra.append(f"left out of the pairing: {only_a} tasks graded only in {name_a}, "
                     f"{only_b} only in {name_b}")
    from swegauge.report.kinds import kind_notes  # per-kind scores and money earned on the shared tasks

    extra += kind_notes(a, b, shared, (name_a, name_b), sa, sb, settings)
    return RunComparison(name_a=name_a, name_b=name_b, run_a=str(a.run_dir), run_b=str(b.run_dir), metric=metric,
                         only_a=only_a, only_b=only_b, suites=suites, notes=notes + tuple(extra))
