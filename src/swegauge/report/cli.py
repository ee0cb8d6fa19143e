"""The `report` and `compare` commands. Call `register(app)` from swegauge.cli to add them."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from swegauge.report.compare import RunComparison, compare_systems
from swegauge.report.html import write_html
from swegauge.report.json_out import comparison_dict, report_document, system_dict, write_json
from swegauge.report.load import RunDirError, SystemRun, load_run, select_system
from swegauge.report.settings import ReportSettings
from swegauge.report.summary import summarize_systems
from swegauge.report.terminal import headline_table, print_comparison, print_report

MAX_REPORT_COMPARISONS = 8


@dataclass(frozen=True)
class ReportJob:
    """What `swegauge report` does: which runs, which outputs, with which statistical settings."""

    runs: tuple[Path, ...]
    json_out: Path | None = None
    html_out: Path | None = None
    settings: ReportSettings = field(default_factory=ReportSettings)


@dataclass(frozen=True)
class CompareJob:
    run_a: Path
    run_b: Path
    label_a: str | None = None
    label_b: str | None = None
    json_out: Path | None = None
    settings: ReportSettings = field(default_factory=ReportSettings)


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 200)


def _shares_tasks(a: SystemRun, b: SystemRun) -> bool:
    return sum(1 for i in a.task_ids() if i in b.tasks and a.graded(i) and b.graded(i)) >= 2


def report_comparisons(systems: list[SystemRun], settings: ReportSettings) -> list[RunComparison]:
    """Each later system against the first one, where they share at least 2 graded tasks."""
    if len(systems) < 2:
        return []
    base = systems[0]
    pairs = [s for s in systems[1:] if _shares_tasks(base, s)][:MAX_REPORT_COMPARISONS]
    return [compare_systems(base, other, settings) for other in pairs]


def run_report(job: ReportJob, console: Console) -> int:
    systems = [system for path in job.runs for system in load_run(path).systems]
    if not systems:
        raise RunDirError("no graded results in " + ", ".join(str(p) for p in job.runs))
    summaries = summarize_systems(systems, job.settings)
    comparisons = report_comparisons(systems, job.settings)
    print_report(console, summaries, comparisons)
    if job.json_out:
        write_json(job.json_out, report_document(summaries, comparisons, job.settings))
        console.print(f"JSON report: {job.json_out}")
    if job.html_out:
        write_html(job.html_out, summaries, comparisons, job.settings)
        console.print(f"HTML report: {job.html_out}")
    return 0


def run_compare(job: CompareJob, console: Console) -> int:
    a = select_system(load_run(job.run_a), job.label_a)
    b = select_system(load_run(job.run_b), job.label_b)
    summaries = summarize_systems([a, b], job.settings)
    comparison = compare_systems(a, b, job.settings)
    console.print(headline_table(summaries))
    print_comparison(console, comparison)
    if job.json_out:
        document = {"schema": "swegauge.compare/1", "runs": [system_dict(s, with_tasks=False) for s in summaries],
                    "comparison": comparison_dict(comparison)}
        write_json(job.json_out, document)
        console.print(f"JSON comparison: {job.json_out}")
    return 0


def _cutoff(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date like 2024-06-01, got {value!r}", param_hint="--cutoff") from None


def _fail(message: str) -> typer.Exit:
    Console(stderr=True, soft_wrap=True).print(f"[red]swegauge: {message}[/red]", highlight=False)
    return typer.Exit(2)


RunsArg = Annotated[list[Path], typer.Argument(help="Run directories (each holds results.sqlite).")]
ConfidenceOpt = Annotated[float, typer.Option("--confidence", min=0.5, max=0.999, help="Interval level.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Bootstrap seed (same seed, same intervals).")]


def report(
    runs: RunsArg,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the report as JSON here.")] = None,
    html_out: Annotated[Optional[Path], typer.Option("--html", help="Write a self-contained HTML page here.")] = None,
    cutoff: Annotated[Optional[str], typer.Option("--cutoff", help="A model's training cutoff (YYYY-MM-DD): "
                                                  "split tasks by created_at before/after it.")] = None,
    confidence: ConfidenceOpt = 0.95,
    seed: SeedOpt = 0,
) -> None:
    """Metrics with uncertainty, breakdowns and cost for one or more runs: terminal, JSON, HTML."""
    settings = ReportSettings(confidence=confidence, seed=seed, cutoff=_cutoff(cutoff))
    job = ReportJob(runs=tuple(runs), json_out=json_out, html_out=html_out, settings=settings)
    try:
        code = run_report(job, _console())
    except (RunDirError, ValueError) as err:
        raise _fail(str(err)) from None
    raise typer.Exit(code)


def compare(
    run_a: Annotated[Path, typer.Argument(help="Run directory A.")],
    run_b: Annotated[Path, typer.Argument(help="Run directory B.")],
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Write the comparison as JSON here.")] = None,
    label_a: Annotated[Optional[str], typer.Option("--label-a", help="Which results of A (default: first).")] = None,
    label_b: Annotated[Optional[str], typer.Option("--label-b", help="Which results of B (default: first).")] = None,
    confidence: ConfidenceOpt = 0.95,
    seed: SeedOpt = 0,
) -> None:
    """Paired comparison of two runs on the tasks both graded, per suite: difference, CI, p, sample size."""
    settings = ReportSettings(confidence=confidence, seed=seed)
    job = CompareJob(run_a=run_a, run_b=run_b, label_a=label_a, label_b=label_b, json_out=json_out,
                     settings=settings)
    try:
        code = run_compare(job, _console())
    except (RunDirError, ValueError) as err:
        raise _fail(str(err)) from None
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add `swegauge report` and `swegauge compare` to the CLI app."""
    app.command(name="report")(report)
    app.command(name="compare")(compare)
