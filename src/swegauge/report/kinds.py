"""Per-kind headline numbers beside the run's own: codegen's Pass@1 / Avg@k / pass@k over its codegen tasks,
and choice tasks' exact-match accuracy with the money earned out of the money available.

They are MetricReports like the others, so the terminal table, the JSON and the HTML page show them; the
money line's value is the share earned (its name carries the dollars).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from swegauge.metrics import pass_at_k_per_task
from swegauge.metrics.money import MoneySummary, money_earned
from swegauge.money import usd
from swegauge.report.load import SystemRun
from swegauge.report.settings import ReportSettings
from swegauge.store import Store
from swegauge.tasks import Task


@lru_cache(maxsize=32)
def task_prices(run_dir: Path) -> dict[str, float | None]:
    """Each stored task's price (SWE-Lancer's), read from the run's store."""
    store = Store(run_dir)
    try:
        return {task_id: Task.model_validate_json(text).price for task_id, text in store.tasks().items()}
    finally:
        store.close()


def money_summary(system: SystemRun, scores: np.ndarray, settings: ReportSettings) -> MoneySummary | None:
    """Money earned on the system's choice tasks (None when none of them is priced)."""
    prices = task_prices(system.run_dir)
    ids = [i for i in system.task_ids() if system.tasks[i].kind == "choice"]
    index = {task_id: n for n, task_id in enumerate(system.task_ids())}
    summary = money_earned([prices.get(i) for i in ids], [float(scores[index[i]]) for i in ids],
                           confidence=settings.confidence, n_resamples=settings.n_resamples, seed=settings.seed)
    return summary if summary.n_priced else None


def kind_metrics(system: SystemRun, scores: np.ndarray, settings: ReportSettings) -> list:
    """Extra MetricReports for runs holding codegen or priced choice tasks (`scores`: the primary per-task)."""
    from swegauge.report.summary import _k_values, metric_report  # noqa: PLC0415 - summary calls this lazily

    ids = system.task_ids()
    kinds = {system.tasks[i].kind for i in ids}
    out = []
    codegen = np.array([system.tasks[i].kind == "codegen" for i in ids])
    if codegen.any() and len(kinds) > 1:
        repos = [system.tasks[i].repo for i, m in zip(ids, codegen) if m]
        label = "Pass@1 (codegen tasks)" if system.k == 1 else f"Avg@{system.k} (codegen tasks, = pass@1)"
        out.append(metric_report(label, scores[codegen], repos, settings))
        counts = np.array([sum(a.outcome == "resolved" for a in system.attempts[i]) for i, m in zip(ids, codegen) if m])
        for kk in _k_values(system.k):
            out.append(metric_report(f"pass@{kk} (codegen tasks)", pass_at_k_per_task(system.k, counts, kk), repos,
                                     settings))
    money = money_summary(system, scores, settings) if "choice" in kinds else None
    if money is not None and money.share is not None:
        name = f"money earned (choice tasks): {usd(money.earned)} of {usd(money.available)}"
        if money.n_unpriced:
            name += f", {money.n_unpriced} unpriced left out"
        out.append(_share_report(name, money))
    return out


def _share_report(name: str, money: MoneySummary):
    from swegauge.report.summary import MetricReport  # noqa: PLC0415

    assert money.share is not None
    return MetricReport(name=name, value=money.share.value, n=money.n_priced, headline=money.share,
                        intervals=(money.share,), notes=("share of the money available on priced choice tasks",))


def kind_notes(a: SystemRun, b: SystemRun, shared: list[str], names: tuple[str, str], sa: dict[str, float],
               sb: dict[str, float], settings: ReportSettings) -> list[str]:
    """compare's lines for codegen and choice tasks among the shared ones: each run's mean score per kind
    (Pass@1, or Avg@k with k attempts) and, for priced choice tasks, the money each earned."""
    notes = []
    for kind, label in (("codegen", "codegen Pass@1" if a.k == b.k == 1 else "codegen Avg@k"),
                        ("choice", "choice exact-match accuracy")):
        ids = [i for i in shared if a.tasks[i].kind == kind]
        if ids and len(ids) < len(shared) or (ids and kind == "choice"):
            mean_a, mean_b = (float(np.mean([s[i] for i in ids])) for s in (sa, sb))
            notes.append(f"{label} on {len(ids)} shared tasks: {names[0]} {mean_a:.1%}, {names[1]} {mean_b:.1%}")
    ids = [i for i in shared if a.tasks[i].kind == "choice"]
    prices = task_prices(a.run_dir)
    if ids and any(prices.get(i) is not None for i in ids):
        parts = []
        for name, scores in zip(names, (sa, sb)):
            money = money_earned([prices.get(i) for i in ids], [scores[i] for i in ids], confidence=settings.confidence,
                                 n_resamples=settings.n_resamples, seed=settings.seed)
            parts.append(f"{name} {usd(money.earned)}")
        notes.append(f"money earned on {len(ids)} shared choice tasks (of {usd(money.available)}): " + ", ".join(parts))
    return notes
