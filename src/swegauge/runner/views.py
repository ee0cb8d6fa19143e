"""Rich tables for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from swegauge.runner.validate import TaskValidation
from swegauge.tasks import LoadReport, SuiteInfo

YES, NO = "[green]yes[/green]", "[red]no[/red]"


def print_load_errors(console: Console, report: LoadReport, *, show: int = 20) -> None:
    for error in report.errors[:show]:
        console.print(f"[yellow]skipped record: {error}[/yellow]", highlight=False)
    if len(report.errors) > show:
        console.print(f"[yellow]... and {len(report.errors) - show} more record errors[/yellow]")
    if report.skipped:
        console.print(f"[yellow]{report.summary()}[/yellow]")


def validation_table(rows: list[TaskValidation], *, title: str) -> Table:
    table = Table(title=title)
    for column in ("task", "language", "gold resolved", "empty resolved", "flaky tests", "env/harness errors"):
        table.add_column(column)
    for row in rows:
        gold = YES if row.gold_resolved else NO
        empty = "[red]yes[/red]" if row.empty_resolved else "[green]no[/green]"
        flaky = ", ".join(row.flaky_tests[:3]) + (" ..." if len(row.flaky_tests) > 3 else "") or "-"
        errors = "; ".join(row.errors)[:160] or "-"
        if not row.gold_resolved and row.gold_reason and not row.errors:
            errors = f"gold: {row.gold_reason}"[:160]
        table.add_row(row.instance_id, row.language, gold, empty, flaky, errors)
    return table


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
        table.add_row(info.name, count, ", ".join(info.languages) or "-", info.source)
    return table
