"""Rich tables for the terminal: headline metrics, breakdowns, cost, paired comparisons."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from swegauge.metrics import Estimate
from swegauge.metrics.estimators import confidence_label
from swegauge.report.compare import RunComparison
from swegauge.report.fmt import bounds, estimate_short, estimate_text, mean_text, pct, seconds, stand_in, tokens, usd
from swegauge.report.summary import Breakdown, GroupScore, MetricReport, SystemSummary, find_interval


def _interval_cell(metric: MetricReport, kind: str) -> str:
    est = find_interval(metric, kind)
    if est is None:
        return "[dim]n/a[/dim]"
    cell = escape(f"{estimate_short(est)} [{bounds(est)}]")
    why = stand_in(est)
    return cell if why is None else f"{cell} [dim]{escape(est.method.split(' (')[0])}: {escape(why)}[/dim]"


def headline_table(summaries: Sequence[SystemSummary]) -> Table:
    table = Table(title="headline metrics (± = half-width of the interval named beside it)", title_justify="left")
    boot = next((e for s in summaries for m in s.metrics if (e := find_interval(m, "bootstrap"))), None)
    level = confidence_label(boot.confidence) if boot else ""
    if boot is not None:
        table.caption, table.caption_justify = f"bootstrap: {boot.method}", "left"
    for col in ("run", "suite", "tasks", "k", "metric", "value (method: bounds)", f"bootstrap {level}",
                f"CLT {level}", f"CLT {level} clustered by repo"):
        table.add_column(col, overflow="fold")
    for s in summaries:
        for i, m in enumerate(s.metrics):
            first = i == 0
            table.add_row(
                f"[bold]{escape(s.name)}[/bold]" if first else "", escape(s.system.suite) if first else "",
                str(s.counts["tasks"]) if first else "", str(s.system.k) if first else "", m.name,
                estimate_text(m.headline, m.value), _interval_cell(m, "bootstrap"), _interval_cell(m, "clt"),
                _interval_cell(m, "clustered"),
            )
    return table


def _methods(groups: Sequence[Sequence[GroupScore]]) -> str:
    methods = sorted({g.estimate.method for gs in groups for g in gs if g.estimate is not None})
    return ", ".join(methods) or "no interval"


def _group_cell(group: GroupScore | None) -> str:
    if group is None:
        return "[dim]-[/dim]"
    if group.estimate is None:
        return f"{pct(group.value)} (n={group.n})"
    return f"{estimate_short(group.estimate)} (n={group.n})"


def breakdown_table(dimension: str, summaries: Sequence[SystemSummary]) -> tuple[Table, list[str]]:
    """The breakdown as a table (rows: groups, columns: runs) and its notes."""
    per_system: list[dict[str, GroupScore]] = []
    notes: list[str] = []
    keys: list[str] = []
    for s in summaries:
        found: Breakdown | None = next((b for b in s.breakdowns if b.dimension == dimension), None)
        groups = {g.key: g for g in found.groups} if found else {}
        per_system.append(groups)
        keys += [k for k in groups if k not in keys]
        if found and found.note:
            notes.append(f"{s.name}: {found.note}")
    title = f"by {dimension} (primary metric; ± from {_methods([list(g.values()) for g in per_system])})"
    table = Table(title=title, title_justify="left")
    table.add_column(dimension)
    for s in summaries:
        table.add_column(s.name, overflow="fold")
    for key in keys:
        table.add_row(escape(str(key)), *[_group_cell(groups.get(key)) for groups in per_system])
    return table, notes


def cost_table(summaries: Sequence[SystemSummary]) -> Table:
    table = Table(title="cost (per task: mean over tasks ± CLT standard error)", title_justify="left")
    table.add_column("")
    for s in summaries:
        table.add_column(s.name, overflow="fold")
    rows: list[tuple[str, list[str]]] = [
        ("tokens in / out", [f"{tokens(s.cost.prompt_tokens)} / {tokens(s.cost.completion_tokens)}"
                             if s.cost.recorded else "n/a" for s in summaries]),
        ("USD total", [usd(s.cost.usd_total) for s in summaries]),
        ("USD per task", [mean_text(s.cost.usd_per_task) for s in summaries]),
        ("USD per resolved", [f"{usd(s.cost.usd_per_resolved)} per {s.cost.per_resolved_unit}"
                              if s.cost.usd_per_resolved is not None else "n/a" for s in summaries]),
        ("wall time per task", [mean_text(s.cost.wall_per_task, "seconds") for s in summaries]),
        ("model latency (mean / p50 / p90)", [
            f"{seconds(s.cost.latency_mean)} / {seconds(s.cost.latency_p50)} / {seconds(s.cost.latency_p90)} "
            f"({s.cost.calls} calls)" if s.cost.latency_mean is not None else "n/a" for s in summaries]),
        ("grading test time (total)", [seconds(s.cost.test_seconds_total) for s in summaries]),
    ]
    for label, cells in rows:
        table.add_row(label, *cells)
    notes = [f"{s.name}: {n}" for s in summaries for n in s.cost.notes]
    if notes:
        table.caption, table.caption_justify = "\n".join(notes), "left"
    return table


def _diff(est: Estimate) -> str:
    return f"{100 * est.value:+.1f} pts [{100 * est.lower:+.1f}, {100 * est.upper:+.1f}]"


def comparison_table(cmp: RunComparison) -> Table:
    title = f"paired comparison: A = {cmp.name_a}  vs  B = {cmp.name_b}  ({cmp.metric})"
    table = Table(title=title, title_justify="left")
    for col in ("suite", "shared tasks", "A", "B", "A − B (paired bootstrap)", "p (test)", "clustered by repo"):
        table.add_column(col, overflow="fold")
    for sc in cmp.suites:
        p = sc.paired
        if p is None:
            table.add_row(escape(sc.suite), str(sc.n_shared), "-", "-", escape(sc.sentence), "-", "-")
            continue
        test = "McNemar exact" if p.mcnemar is not None else p.test.split(",")[0].removeprefix("two-sided ")
        clustered = _diff(sc.clustered.clt) + f" (p={sc.clustered.p_value:.3f})" if sc.clustered else "n/a"
        table.add_row(escape(sc.suite), str(sc.n_shared), pct(p.mean_a), pct(p.mean_b), _diff(p.difference),
                      f"{p.p_value:.3f} ({test})", clustered)
    return table


def print_comparison(console: Console, cmp: RunComparison) -> None:
    console.print(comparison_table(cmp))
    for sc in cmp.suites:
        console.print(f"[bold]{sc.suite}:[/bold] {sc.sentence}", highlight=False)
        if sc.sample_note:
            console.print(f"  [dim]{sc.sample_note}[/dim]", highlight=False)
    for note in cmp.notes:
        console.print(f"[yellow]note: {note}[/yellow]", highlight=False)


def print_report(console: Console, summaries: Sequence[SystemSummary],
                 comparisons: Sequence[RunComparison] = ()) -> None:
    console.print(headline_table(summaries))
    for s in summaries:
        for note in s.notes[1:]:
            console.print(f"[yellow]{s.name}: {note}[/yellow]", highlight=False)
    console.print(f"[dim]scoring: {summaries[0].notes[0]}[/dim]" if summaries else "", highlight=False)
    dimensions: list[str] = []
    for s in summaries:
        dimensions += [b.dimension for b in s.breakdowns if b.dimension not in dimensions]
    for dimension in dimensions:
        table, notes = breakdown_table(dimension, summaries)
        console.print(table)
        for note in notes:
            console.print(f"  {note}", highlight=False)
        if dimension.startswith("created_at") and notes:
            console.print("  [dim]a score clearly higher before the training cutoff than after it hints at "
                          "contamination[/dim]", highlight=False)
    console.print(cost_table(summaries))
    for cmp in comparisons:
        print_comparison(console, cmp)
