"""The model-card table of the HTML page: rows = suites and metrics, columns = runs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from swegauge.report import svg
from swegauge.report.fmt import bounds, estimate_short
from swegauge.report.summary import GroupScore, MetricReport, SystemSummary

Cell = dict[str, str]
Row = dict[str, Any]
NONE = {"main": "—", "sub": ""}


def _cell(main: str, sub: str = "") -> Cell:
    return {"main": main, "sub": sub}


def _metric_cell(m: MetricReport | None, prefix: str = "") -> Cell:
    if m is None:
        return NONE
    method = f"{m.headline.method}: {bounds(m.headline)}" if m.headline else "no interval (too few tasks)"
    return _cell(estimate_short(m.headline, m.value), prefix + method)


def _group_cell(g: GroupScore | None) -> Cell:
    if g is None:
        return NONE
    method = g.estimate.method.split(" (")[0] if g.estimate else ""
    return _cell(estimate_short(g.estimate, g.value), f"n={g.n} · {method}" if method else f"n={g.n}")


def _row(label: str, cells: list[Cell], metric: bool = False) -> Row:
    return {"label": label, "cells": cells, "metric": metric}


def _metric_rows(mine: Sequence[SystemSummary | None]) -> list[Row]:
    rows = [_row("primary score", [_metric_cell(s.primary, f"{s.primary.name} · ") if s else NONE for s in mine],
                 metric=True)]
    names: list[str] = []
    for s in mine:
        names += [m.name for m in (s.metrics[1:] if s else ()) if m.name not in names]
    for name in names:
        cells = [_metric_cell(next((m for m in s.metrics[1:] if m.name == name), None)) if s else NONE
                 for s in mine]
        rows.append(_row(name, cells, metric=True))
    return rows


def _groups(s: SystemSummary | None, prefix: str) -> dict[str, GroupScore]:
    if s is None:
        return {}
    found = next((b for b in s.breakdowns if b.dimension.startswith(prefix)), None)
    return {g.key: g for g in found.groups} if found else {}


def _breakdown_rows(mine: Sequence[SystemSummary | None], prefix: str, label: str) -> list[Row]:
    per_run = [_groups(s, prefix) for s in mine]
    keys: list[str] = []
    for groups in per_run:
        keys += [k for k in groups if k not in keys]
    return [_row(f"{label}: {key}", [_group_cell(groups.get(key)) for groups in per_run]) for key in keys]


def _suite_rows(suite: str, summaries: Sequence[SystemSummary]) -> list[Row]:
    mine = [s if s.system.suite == suite else None for s in summaries]
    rows = [
        _row("tasks (graded)", [_cell(f"{s.counts['tasks']} ({s.counts['graded_tasks']})") if s else NONE
                                for s in mine]),
        _row("attempts per task (k)", [_cell(str(s.system.k)) if s else NONE for s in mine]),
        *_metric_rows(mine),
        *_breakdown_rows(mine, "language", "language"),
        *_breakdown_rows(mine, "created_at", "created"),
    ]
    rows.append(_row("attempts not graded cleanly", [
        _cell(f"{s.counts['error']} errors, {s.counts['missing']} missing") if s else NONE for s in mine]))
    return rows


def model_card(summaries: Sequence[SystemSummary], cost_rows: Sequence[Row]) -> dict[str, Any]:
    """Columns (run name and colour) and sections (one per suite, then cost) of rows of cells."""
    suites: list[str] = []
    for s in summaries:
        if s.system.suite not in suites:
            suites.append(s.system.suite)
    sections = [{"title": f"suite: {suite}", "rows": _suite_rows(suite, summaries)} for suite in suites]
    sections.append({"title": "cost", "rows": [_row(r["label"], [_cell(c) for c in r["cells"]]) for r in cost_rows]})
    return {"columns": [{"name": s.name, "color": svg.color(i)} for i, s in enumerate(summaries)],
            "sections": sections}
