"""Rich tables for the terminal."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from swegauge.runner.validate import TaskValidation
from swegauge.tasks import LoadReport, SuiteInfo

YES, NO = "[green]yes[/green]", "[red]no[/red]"


def print_load_errors(console: Console, report: LoadReport, *, show: int = 20) -> None:
    for error in report.errors[:show]:
        console.print(f"[yellow]skipped record: {escape(str(error))}[/yellow]", highlight=False)
    if len(report.errors) > show:
        console.print(f"[yellow]... and {len(report.errors) - show} more record errors[/yellow]")
    if report.skipped:
        console.print(f"[yellow]{escape(report.summary())}[/yellow]")


def validation_table(rows: list[TaskValidation], *, title: str) -> Table:
    """One row per task; every dataset string is escaped (a test id like "test_x[/path]" is not markup)."""
    table = Table(title=escape(title))
    for column in ("task", "language", "gold resolved", "empty resolved", "flaky tests", "dataset defects",
                   "env/harness errors"):
        table.add_column(column)
    for row in rows:
        gold = YES if row.gold_resolved else NO
        empty = "[red]yes[/red]" if row.empty_resolved else "[green]no[/green]"
        flaky = ", ".join(row.flaky_tests[:3]) + (" ..." if len(row.flaky_tests) > 3 else "") or "-"
        errors = "; ".join(row.errors)[:160] or "-"
        if not row.gold_resolved and row.gold_reason and not row.errors:
            errors = f"gold: {row.gold_reason}"[:160]
        table.add_row(escape(row.instance_id), escape(row.language), gold, empty, escape(flaky),
                      _defects(row), escape(errors))
    return table


def _defects(row: TaskValidation) -> str:
    if not row.missing_tests:
        return "-"
    shown = ", ".join(row.missing_tests[:3]) + (" ..." if len(row.missing_tests) > 3 else "")
    return f"[yellow]{len(row.missing_tests)} listed tests never ran:[/yellow] {escape(shown)}"


def suites_table(infos: list[SuiteInfo], *, language: str | None = None) -> Table:
    table = Table(title="suites")
    for column in ("suite", "tasks", "languages", "source"):
        table.add_column(column)
    for info in infos:
        if language and info.languages and language.lower() not in [lang.lower() for lang in info.languages]:
            continue
        count = "?" if info.tasks is None else str(info.tasks)
        if info.error:
            count = f"[red]error: {info.error}[/red]"
        table.add_row(escape(info.name), count, escape(", ".join(info.languages) or "-"), escape(info.source))
    return table


def funnel_table(counts: Counter) -> Table:
    """The mining funnel, then every rejection reason with its count."""
    from swegauge.mining import FUNNEL

    table = Table(title="mining funnel")
    table.add_column("stage")
    table.add_column("changes", justify="right")
    for stage in FUNNEL:
        table.add_row(stage, str(counts.get(stage, 0)))
    for reason, count in sorted(((k, v) for k, v in counts.items() if k not in FUNNEL), key=lambda kv: -kv[1]):
        table.add_row(f"[dim]{escape(str(reason))}[/dim]", f"[dim]{count}[/dim]")
    return table
