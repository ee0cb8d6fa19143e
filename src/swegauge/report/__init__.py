"""swegauge.report: honest numbers from a run's results store: terminal tables, JSON, one static HTML page.

    runs = [load_run(path) for path in paths]                # store -> RunData (systems, tasks, costs)
    summaries = summarize_systems([s for r in runs for s in r.systems], ReportSettings(cutoff=...))
    comparison = compare_systems(system_a, system_b, settings)  # paired, per suite, in plain words
"""

from swegauge.report.compare import RunComparison, SuiteComparison, compare_systems
from swegauge.report.html import render_html, write_html
from swegauge.report.json_out import report_document, write_json
from swegauge.report.load import RunData, RunDirError, SystemRun, TaskMeta, load_run, select_system
from swegauge.report.settings import ReportSettings
from swegauge.report.summary import SystemSummary, summarize_system, summarize_systems
from swegauge.report.terminal import print_comparison, print_report

__all__ = [
    "ReportSettings",
    "RunComparison",
    "RunData",
    "RunDirError",
    "SuiteComparison",
    "SystemRun",
    "SystemSummary",
    "TaskMeta",
    "compare_systems",
    "load_run",
    "print_comparison",
    "print_report",
    "render_html",
    "report_document",
    "select_system",
    "summarize_system",
    "summarize_systems",
    "write_html",
    "write_json",
]
