"""One self-contained static HTML page: inline CSS, inline SVG plots, no scripts, no external assets.

The page's Content-Security-Policy forbids every external load, so it reads the same offline as online.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from swegauge.report import svg
from swegauge.report.compare import RunComparison
from swegauge.report.fmt import (
    bounds,
    estimate_text,
    mean_text,
    pct,
    seconds,
    tokens,
    usd,
)
from swegauge.report.html_card import model_card
from swegauge.report.html_tasks import drilldown
from swegauge.report.settings import ReportSettings
from swegauge.report.summary import Breakdown, GroupScore, SystemSummary

TEMPLATE = "report.html.j2"
METHODS = (
    ("Wilson 95%", "Wilson score interval for a proportion (Wilson 1927; Newcombe 1998); the headline for 0/1 "
                   "scores, well behaved at 0/n and n/n."),
    ("bootstrap 95%", "Seeded percentile bootstrap over tasks (Efron & Tibshirani 1993); the headline for Avg@k."),
    ("CLT normal 95%", "Mean ± z·SE with SE = sqrt(s²/n) (Miller 2024, 'Adding error bars to evals')."),
    ("clustered by repository", "CLT interval whose SE allows tasks of one repository to be correlated "
                                "(Miller 2024, sec. 2.2); wider when a few repositories dominate."),
    ("pass@k", "Unbiased estimator 1 − C(n−c, k)/C(n, k) per task, averaged (Chen et al. 2021)."),
    ("Avg@k", "Success averaged over k attempts, then over tasks (Kimi K2 report); equals pass@1."),
    ("paired comparison", "Paired bootstrap interval of A − B over shared tasks and McNemar's exact test "
                          "(McNemar 1947); sample sizes from the variance of paired differences (Miller 2024)."),
)


def diff_markup(patch: str) -> Markup:
    """A unified diff with added, removed and hunk-header lines marked for colouring (text escaped)."""
    out = []
    for line in patch.splitlines():
        text = escape(line)
        if line.startswith("+") and not line.startswith("+++"):
            out.append(f'<span class="add">{text}</span>')
        elif line.startswith("-") and not line.startswith("---"):
            out.append(f'<span class="del">{text}</span>')
        elif line.startswith("@@"):
            out.append(f'<span class="hunk">{text}</span>')
        else:
            out.append(str(text))
    return Markup("\n".join(out))


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["diff"] = diff_markup
    return env


def _card(s: SystemSummary, i: int) -> dict[str, Any]:
    m = s.primary
    est = m.headline
    sys_ = s.system
    return {
        "name": s.name, "color": svg.color(i), "run_dir": str(sys_.run_dir), "kind": sys_.kind, "suite": sys_.suite,
        "run": " · ".join(x for x in (sys_.kind, sys_.solver, sys_.model) if x and x != "none")
               + ("" if sys_.kind == "run" else f" · label {sys_.label}"),
        "k": sys_.k, "metric": m.name,
        "value": pct(m.value), "pm": f"± {100 * est.half_width:.1f}" if est else "",
        "method": f"{est.method}: {bounds(est)}" if est else "no interval (too few tasks)",
        "tasks": s.counts["tasks"], "graded": s.counts["graded_tasks"],
        "cost": mean_text(s.cost.usd_per_task) if s.cost.recorded else "no model cost recorded",
        "notes": list(s.notes[1:]),
    }


def _bar(label: str, value: float, est: Any, color: str, note: str = "") -> svg.Bar:
    if est is None:
        return svg.Bar(label, value, value, value, color, note, "no interval")
    return svg.Bar(label, value, est.lower, est.upper, color, note, estimate_text(est))


def _score_svg(summaries: Sequence[SystemSummary]) -> Markup:
    bars = [_bar(s.name, s.primary.value, s.primary.headline, svg.color(i), f"n={s.primary.n}")
            for i, s in enumerate(summaries)]
    return Markup(svg.score_chart(bars))


def _group_bar(g: GroupScore, color: str, name: str) -> svg.Bar:
    return _bar(f"{name}: {g.key}", g.value, g.estimate, color, f"n={g.n}")


def _breakdowns(summaries: Sequence[SystemSummary]) -> list[dict[str, Any]]:
    dims: list[str] = []
    for s in summaries:
        dims += [b.dimension for b in s.breakdowns if b.dimension not in dims]
    out = []
    for dim in dims:
        series, keys, notes, methods = [], [], [], set()
        for i, s in enumerate(summaries):
            found: Breakdown | None = next((b for b in s.breakdowns if b.dimension == dim), None)
            if found is None:
                continue
            keys += [g.key for g in found.groups if g.key not in keys]
            methods |= {g.estimate.method for g in found.groups if g.estimate is not None}
            series.append(svg.Series(s.name, svg.color(i), {g.key: _group_bar(g, svg.color(i), s.name)
                                                             for g in found.groups}))
            if found.note:
                notes.append(f"{s.name}: {found.note}")
        out.append({"dimension": dim, "svg": Markup(svg.grouped_chart(keys, series, title=f"by {dim}")),
                    "method": ", ".join(sorted(methods)) or "no interval", "notes": notes,
                    "cutoff": dim.startswith("created_at")})
    return out


def _cost_svg(summaries: Sequence[SystemSummary]) -> Markup | None:
    points = []
    for i, s in enumerate(summaries):
        per_task = s.cost.usd_per_task
        if per_task is None:
            continue
        est = s.primary.headline
        lo, hi = (est.lower, est.upper) if est else (s.primary.value, s.primary.value)
        title = f"{s.name}: {pct(s.primary.value)} at {usd(per_task.value)} per task"
        points.append(svg.Point(s.name, per_task.value, s.primary.value, lo, hi, svg.color(i), title))
    if not points:
        return None
    return Markup(svg.scatter(points, x_label="USD per task (mean over tasks)"))


def _cost_rows(summaries: Sequence[SystemSummary]) -> list[dict[str, Any]]:
    c = [s.cost for s in summaries]
    rows = [
        ("tokens in / out (total)", [f"{tokens(x.prompt_tokens)} / {tokens(x.completion_tokens)}" if x.recorded
                                     else "—" for x in c]),
        ("tokens in per task", [mean_text(x.tokens_in_per_task, "tokens") for x in c]),
        ("tokens out per task", [mean_text(x.tokens_out_per_task, "tokens") for x in c]),
        ("USD total", [usd(x.usd_total) for x in c]),
        ("USD per task", [mean_text(x.usd_per_task) for x in c]),
        ("USD per resolved", [f"{usd(x.usd_per_resolved)} per {x.per_resolved_unit}" if x.usd_per_resolved
                              is not None else "n/a" for x in c]),
        ("wall time per task", [mean_text(x.wall_per_task, "seconds") for x in c]),
        ("model latency mean / p50 / p90", [f"{seconds(x.latency_mean)} / {seconds(x.latency_p50)} / "
                                            f"{seconds(x.latency_p90)}" if x.latency_mean is not None else "n/a"
                                            for x in c]),
        ("grading test time (total)", [seconds(x.test_seconds_total) for x in c]),
    ]
    return [{"label": label, "cells": cells} for label, cells in rows]


def _comparisons(comparisons: Sequence[RunComparison]) -> list[dict[str, Any]]:
    out = []
    for c in comparisons:
        rows = []
        for sc in c.suites:
            p = sc.paired
            rows.append({
                "suite": sc.suite, "n": sc.n_shared, "sentence": sc.sentence, "note": sc.sample_note,
                "a": pct(p.mean_a) if p else "—", "b": pct(p.mean_b) if p else "—",
                "diff": f"{100 * p.difference.value:+.1f} [{100 * p.difference.lower:+.1f}, "
                        f"{100 * p.difference.upper:+.1f}]" if p else "—",
                "diff_method": p.difference.method if p else "",
                "p": f"{p.p_value:.3f}" if p else "—", "test": p.test if p else "",
                "significant": bool(p and p.significant),
                "clustered": f"{100 * sc.clustered.clt.value:+.1f} [{100 * sc.clustered.clt.lower:+.1f}, "
                             f"{100 * sc.clustered.clt.upper:+.1f}], p={sc.clustered.p_value:.3f}"
                             if sc.clustered else "n/a (one repository)",
            })
        out.append({"a": c.name_a, "b": c.name_b, "metric": c.metric, "rows": rows, "notes": list(c.notes)})
    return out


def _settings(settings: ReportSettings) -> list[tuple[str, str]]:
    return [
        ("confidence", pct(settings.confidence, 0)),
        ("bootstrap", f"{settings.n_resamples:,} resamples, seed {settings.seed}"),
        ("training cutoff", settings.cutoff.isoformat() if settings.cutoff else "not set (--cutoff DATE)"),
        ("power for sample sizes", pct(settings.power, 0)),
    ]


def render_html(summaries: Sequence[SystemSummary], comparisons: Sequence[RunComparison],
                settings: ReportSettings) -> str:
    """The whole report page as one string."""
    context = {
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "settings": _settings(settings), "cards": [_card(s, i) for i, s in enumerate(summaries)],
        "score_svg": _score_svg(summaries), "model_card": model_card(summaries, _cost_rows(summaries)[3:7]),
        "comparisons": _comparisons(comparisons), "breakdowns": _breakdowns(summaries),
        "cost_svg": _cost_svg(summaries), "cost_rows": _cost_rows(summaries),
        "runs": [{"name": s.name, "color": svg.color(i)} for i, s in enumerate(summaries)],
        "tasks": drilldown(summaries, settings), "methods": METHODS,
        "scoring": summaries[0].notes[0] if summaries else "",
    }
    return _environment().get_template(TEMPLATE).render(**context)


def write_html(path: Path, summaries: Sequence[SystemSummary], comparisons: Sequence[RunComparison],
               settings: ReportSettings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(summaries, comparisons, settings), encoding="utf-8")
