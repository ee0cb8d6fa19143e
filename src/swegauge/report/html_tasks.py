"""Per-task drill-down data for the HTML page: outcome per run, patch, test statuses, trajectory."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from swegauge.report import svg
from swegauge.report.fmt import seconds, usd
from swegauge.report.load import AttemptScore, SystemRun, TaskMeta
from swegauge.report.settings import ReportSettings
from swegauge.report.summary import SystemSummary

OUTCOME_CLASS = {"resolved": "ok", "unresolved": "bad", "error": "err", "missing": "miss"}


def _cut(text: str, limit: int) -> tuple[str, bool]:
    if len(text) <= limit:
        return text, False
    return text[:limit], True


def _status_class(status: object) -> str:
    text = str(getattr(status, "value", status))
    return {"PASSED": "ok", "FAILED": "bad", "ERROR": "err"}.get(text, "miss")


def _tests(a: AttemptScore) -> list[dict[str, str]]:
    v = a.verdict
    if v is None:
        return []
    out = []
    for group, statuses in (("FAIL_TO_PASS", v.fail_to_pass), ("PASS_TO_PASS", v.pass_to_pass)):
        for name, status in statuses.items():
            text = "did not run" if status is None else str(getattr(status, "value", status))
            out.append({"group": group, "name": name, "status": text, "cls": _status_class(status)})
    for name, kind in v.test_verdicts.items():  # codegen: each judged test's verdict (accepted, wrong_answer, ...)
        out.append({"group": "hidden tests", "name": name, "status": kind.replace("_", " "),
                    "cls": "ok" if kind == "accepted" else "bad"})
    return out


def _messages(detail: Mapping[str, Any], limit: int) -> tuple[list[dict[str, str]], str | None]:
    """A chat trajectory as role/content pairs; anything else as indented JSON (both cut at `limit`)."""
    traj = detail.get("trajectory")
    if isinstance(traj, list) and traj and all(isinstance(m, dict) and "role" in m for m in traj):
        out, used = [], 0
        for m in traj:
            content = m.get("content")
            text = content if isinstance(content, str) else json.dumps(content, indent=1, default=str)
            for key in ("tool_calls", "name"):
                if m.get(key):
                    text += f"\n[{key}] {json.dumps(m[key], default=str)}"
            text, _ = _cut(text, max(0, limit - used))
            used += len(text)
            out.append({"role": str(m["role"]), "content": text})
            if used >= limit:
                out.append({"role": "note", "content": "(trajectory cut here; the store holds it whole)"})
                break
        return out, None
    if not detail:
        return [], None
    raw, cut = _cut(json.dumps(dict(detail), indent=2, default=str), limit)
    return [], raw + ("\n… (cut; the store holds it whole)" if cut else "")


def _cost_line(a: AttemptScore) -> str:
    c = a.cost
    if c is None:
        return ""
    parts = [f"{c.prompt_tokens:,} tokens in / {c.completion_tokens:,} out", usd(c.cost_usd),
             f"{c.calls} model calls", f"model {seconds(c.model_seconds)}", f"wall {seconds(c.wall_seconds)}"]
    if c.error:
        parts.append(f"solver error: {c.error}")
    return " · ".join(parts)


def _attempt(a: AttemptScore, settings: ReportSettings) -> dict[str, Any]:
    patch, patch_cut = _cut(a.patch, settings.max_patch_chars)
    messages, raw = _messages(a.detail, settings.max_trajectory_chars)
    v = a.verdict
    return {
        "n": a.attempt, "outcome": a.outcome, "cls": OUTCOME_CLASS.get(a.outcome, "miss"),
        "reason": (v.reason if v else None) or ("no graded result stored" if a.outcome == "missing" else ""),
        "repeats": a.repeats, "flaky": a.flaky, "tests": _tests(a), "patch": patch, "patch_cut": patch_cut,
        "empty_patch": not a.patch.strip(), "messages": messages, "trajectory_raw": raw, "cost": _cost_line(a),
        "log_tail": (v.log_tail[-4000:] if v else ""),
    }


def _badge(system: SystemRun, task_id: str) -> dict[str, str]:
    attempts = system.attempts[task_id]
    if system.k == 1:
        outcome = attempts[0].outcome
        return {"text": outcome, "cls": OUTCOME_CLASS.get(outcome, "miss")}
    solved = sum(a.resolved for a in attempts)
    cls = "ok" if solved == len(attempts) else "part" if solved else "bad"
    return {"text": f"{solved}/{len(attempts)} resolved", "cls": cls}


def _describe(t: TaskMeta) -> dict[str, str]:
    size = "unknown size" if t.lines_changed is None else (
        f"{t.size_bucket} ({t.lines_changed} lines, {t.files_changed} file{'s' if t.files_changed != 1 else ''})")
    return {"id": t.instance_id, "repo": t.repo, "language": t.language, "kind": t.kind, "size": size,
            "created": t.created_at.date().isoformat() if t.created_at else "no date"}


def drilldown(summaries: Sequence[SystemSummary], settings: ReportSettings) -> list[dict[str, Any]]:
    """One entry per task of any run, in instance_id order, with every run's attempts on it."""
    ids: list[str] = sorted({i for s in summaries for i in s.system.task_ids()})
    out = []
    for task_id in ids:
        meta = next(s.system.tasks[task_id] for s in summaries if task_id in s.system.tasks)
        cells, runs = [], []
        for i, s in enumerate(summaries):
            if task_id not in s.system.tasks:
                cells.append({"text": "not in run", "cls": "miss", "color": svg.color(i)})
                continue
            cells.append(_badge(s.system, task_id) | {"color": svg.color(i)})
            runs.append({"name": s.name, "color": svg.color(i),
                         "attempts": [_attempt(a, settings) for a in s.system.attempts[task_id]]})
        out.append(_describe(meta) | {"cells": cells, "runs": runs})
    return out
