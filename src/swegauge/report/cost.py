"""Cost of a run: tokens, dollars per task and per resolved task, wall time and model latency.

Read from the attempts and model_calls tables (runs made by `swegauge run`); validation and evaluation runs
record no model cost, only grading time. Per-task numbers are means over tasks with a CLT standard error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from swegauge.metrics import standard_error
from swegauge.report.fmt import MeanStat
from swegauge.report.load import AttemptScore, SystemRun


@dataclass(frozen=True)
class CostSummary:
    recorded: bool
    """Whether the run stored any solver attempt (validate/evaluate runs do not)."""
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    usd_total: float | None = None
    """Sum over attempts whose cost is known (model in the price table); None when none is known."""
    usd_known: int = 0
    usd_per_task: MeanStat | None = None
    usd_per_resolved: float | None = None
    """usd_total / resolved_count."""
    resolved_count: int = 0
    per_resolved_unit: str = "resolved task"
    tokens_in_per_task: MeanStat | None = None
    tokens_out_per_task: MeanStat | None = None
    wall_seconds_total: float = 0.0
    wall_per_task: MeanStat | None = None
    model_seconds_total: float = 0.0
    calls: int = 0
    latency_mean: float | None = None
    latency_p50: float | None = None
    latency_p90: float | None = None
    test_seconds_total: float = 0.0
    """Time the grader spent running tests (from the verdicts), whatever the run kind."""
    notes: tuple[str, ...] = ()


def mean_stat(values: list[float]) -> MeanStat | None:
    if not values:
        return None
    arr = np.asarray(values, dtype=np.float64)
    se = standard_error(arr) if arr.size >= 2 else None
    return MeanStat(value=float(arr.mean()), stderr=se, n=int(arr.size))


def _latency(attempts: list[AttemptScore]) -> tuple[float | None, float | None, float | None]:
    lat = np.asarray([x for a in attempts if a.cost for x in a.cost.latencies], dtype=np.float64)
    if lat.size == 0:
        return None, None, None
    p50, p90 = np.quantile(lat, [0.5, 0.9])
    return float(lat.mean()), float(p50), float(p90)


def _per_task(system: SystemRun, field: str) -> list[float]:
    """Per task: the sum of `field` over its attempts that recorded it."""
    out = []
    for task_id in system.task_ids():
        costs = [a.cost for a in system.attempts[task_id] if a.cost is not None]
        values = [getattr(c, field) for c in costs if getattr(c, field) is not None]
        if costs and values:
            out.append(float(sum(values)))
    return out


def _usd(system: SystemRun, with_cost: list[AttemptScore]) -> tuple[float | None, int, list[str]]:
    known = [a.cost.cost_usd for a in with_cost if a.cost is not None and a.cost.cost_usd is not None]
    notes = []
    if len(known) < len(with_cost):
        notes.append(f"USD known for {len(known)} of {len(with_cost)} attempts (model not in the price table)")
    return (float(sum(known)) if known else None), len(known), notes


def summarize_cost(system: SystemRun) -> CostSummary:
    attempts = [a for i in system.task_ids() for a in system.attempts[i]]
    with_cost = [a for a in attempts if a.cost is not None]
    test_seconds = float(sum(a.verdict.test_seconds for a in attempts if a.verdict is not None))
    if not with_cost:
        note = f"no model cost recorded (a {system.kind} run stores grading only)"
        return CostSummary(recorded=False, test_seconds_total=test_seconds, notes=(note,))
    usd_total, usd_known, notes = _usd(system, with_cost)
    resolved = sum(a.resolved for a in attempts)
    unit = "resolved task" if system.k == 1 else "resolved attempt"
    per_resolved = usd_total / resolved if usd_total is not None and resolved else None
    if not resolved:
        notes.append(f"nothing resolved: USD per {unit} is undefined")
    mean_lat, p50, p90 = _latency(with_cost)
    return CostSummary(
        recorded=True, attempts=len(with_cost),
        prompt_tokens=sum(a.cost.prompt_tokens for a in with_cost if a.cost),
        completion_tokens=sum(a.cost.completion_tokens for a in with_cost if a.cost),
        usd_total=usd_total, usd_known=usd_known, usd_per_task=mean_stat(_per_task(system, "cost_usd")),
        usd_per_resolved=per_resolved, resolved_count=resolved, per_resolved_unit=unit,
        tokens_in_per_task=mean_stat(_per_task(system, "prompt_tokens")),
        tokens_out_per_task=mean_stat(_per_task(system, "completion_tokens")),
        wall_seconds_total=float(sum(a.cost.wall_seconds for a in with_cost if a.cost)),
        wall_per_task=mean_stat(_per_task(system, "wall_seconds")),
        model_seconds_total=float(sum(a.cost.model_seconds for a in with_cost if a.cost)),
        calls=sum(len(a.cost.latencies) or a.cost.calls for a in with_cost if a.cost),
        latency_mean=mean_lat, latency_p50=p50, latency_p90=p90, test_seconds_total=test_seconds,
        notes=tuple(notes),
    )
