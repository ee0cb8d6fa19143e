"""The report as one JSON document (schema "swegauge.report/1"): every number carries its method and bounds."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from swegauge.metrics import Estimate
from swegauge.report.compare import RunComparison, SuiteComparison
from swegauge.report.cost import CostSummary
from swegauge.report.fmt import estimate_text
from swegauge.report.load import AttemptScore, SystemRun
from swegauge.report.settings import ReportSettings
from swegauge.report.summary import Breakdown, MetricReport, SystemSummary, task_scores

SCHEMA = "swegauge.report/1"


def estimate_dict(est: Estimate | None) -> dict[str, Any] | None:
    if est is None:
        return None
    return est.to_dict() | {"text": estimate_text(est)}


def metric_dict(m: MetricReport) -> dict[str, Any]:
    return {
        "name": m.name, "value": m.value, "n": m.n, "text": estimate_text(m.headline, m.value),
        "headline": estimate_dict(m.headline), "intervals": [estimate_dict(e) for e in m.intervals],
        "notes": list(m.notes),
    }


def breakdown_dict(b: Breakdown) -> dict[str, Any]:
    return {
        "dimension": b.dimension, "note": b.note, "difference": estimate_dict(b.difference),
        "groups": [{"key": g.key, "n": g.n, "value": g.value, "estimate": estimate_dict(g.estimate)}
                   for g in b.groups],
    }


def cost_dict(c: CostSummary) -> dict[str, Any]:
    out = asdict(c)
    out["notes"] = list(c.notes)
    return out


def _attempt_dict(a: AttemptScore) -> dict[str, Any]:
    v = a.verdict
    out: dict[str, Any] = {"attempt": a.attempt, "outcome": a.outcome, "repeats": a.repeats, "flaky": a.flaky,
                           "reason": v.reason if v else None, "patch_hash": v.patch_hash if v else None}
    if a.cost is not None:
        out |= {"prompt_tokens": a.cost.prompt_tokens, "completion_tokens": a.cost.completion_tokens,
                "cost_usd": a.cost.cost_usd, "wall_seconds": a.cost.wall_seconds}
    return out


def _tasks(system: SystemRun) -> list[dict[str, Any]]:
    scores = task_scores(system)
    out = []
    for task_id, score in zip(system.task_ids(), scores.tolist()):
        t = system.tasks[task_id]
        out.append({
            "instance_id": task_id, "repo": t.repo, "language": t.language, "kind": t.kind, "suite": t.suite,
            "created_at": t.created_at.isoformat() if t.created_at else None,
            "lines_changed": t.lines_changed, "files_changed": t.files_changed, "score": score,
            "attempts": [_attempt_dict(a) for a in system.attempts[task_id]],
        })
    return out


def system_dict(s: SystemSummary, *, with_tasks: bool = True) -> dict[str, Any]:
    sys_ = s.system
    out: dict[str, Any] = {
        "name": s.name, "label": sys_.label, "run_dir": str(sys_.run_dir), "kind": sys_.kind, "suite": sys_.suite,
        "model": sys_.model, "solver": sys_.solver, "k": sys_.k, "settings": dict(sys_.settings),
        "started_at": sys_.started_at, "counts": dict(s.counts), "notes": list(s.notes),
        "primary": metric_dict(s.primary), "metrics": [metric_dict(m) for m in s.metrics],
        "breakdowns": [breakdown_dict(b) for b in s.breakdowns], "cost": cost_dict(s.cost),
    }
    if with_tasks:
        out["tasks"] = _tasks(sys_)
    return out


def _suite_comparison_dict(sc: SuiteComparison) -> dict[str, Any]:
    return {
        "suite": sc.suite, "n_shared": sc.n_shared, "sentence": sc.sentence, "sample_note": sc.sample_note,
        "var_diff": sc.var_diff, "plan": [{"difference": d, "tasks_needed": n} for d, n in sc.plan],
        "paired": sc.paired.to_dict() if sc.paired else None,
        "clustered_by_repository": sc.clustered.to_dict() if sc.clustered else None,
    }


def comparison_dict(c: RunComparison) -> dict[str, Any]:
    return {
        "a": c.name_a, "b": c.name_b, "run_a": c.run_a, "run_b": c.run_b, "metric": c.metric,
        "only_a": c.only_a, "only_b": c.only_b, "notes": list(c.notes),
        "suites": [_suite_comparison_dict(sc) for sc in c.suites],
    }


def settings_dict(settings: ReportSettings) -> dict[str, Any]:
    out = asdict(settings)
    out["cutoff"] = settings.cutoff.isoformat() if settings.cutoff else None
    out["plan_deltas"] = list(settings.plan_deltas)
    return out


def report_document(summaries: Sequence[SystemSummary], comparisons: Sequence[RunComparison],
                    settings: ReportSettings) -> dict[str, Any]:
    return {
        "schema": SCHEMA, "settings": settings_dict(settings),
        "runs": [system_dict(s) for s in summaries],
        "comparisons": [comparison_dict(c) for c in comparisons],
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, default=str, allow_nan=False), encoding="utf-8")
