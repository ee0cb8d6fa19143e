"""The swegauge command line: suites, validate, evaluate, exec."""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from swegauge.report.cli import register as register_report
from swegauge.report.html import write_html
from swegauge.report.load import RunDirError, load_run
from swegauge.report.settings import ReportSettings
from swegauge.report.summary import summarize_systems
from swegauge.runner import commands
from swegauge.runner.executors import ExecutorError
from swegauge.envs.repos import RepoError
from swegauge.models import ModelError
from swegauge.solvers import SolverError
from swegauge.tasks import SuiteError

def _fail(message: str, code: int = 2) -> typer.Exit:
    err_console.print(f"[red]swegauge: {escape(str(message))}[/red]", highlight=False)
    return typer.Exit(code)


app = typer.Typer(add_completion=False, no_args_is_help=True, help="A straight measuring stick for coding models.")
console = Console(width=None if sys.stdout.isatty() else 200)
err_console = Console(stderr=True)

register_report(app)

SuiteArg = Annotated[str, typer.Argument(help="A suite name (e.g. starter), a file, or hf:NAME[:split].")]
JsonOpt = Annotated[Optional[Path], typer.Option("--json", help="Write the results as JSON to this file.")]
WorkersOpt = Annotated[int, typer.Option("--workers", min=1, help="Tasks graded at once.")]
LanguageOpt = Annotated[Optional[str], typer.Option("--language", help="Only tasks in this language.")]
RunDirOpt = Annotated[Optional[Path], typer.Option("--run-dir", help="Where results are stored (resumable).")]
ExecutorOpt = Annotated[str, typer.Option("--executor", help="Where gradings run: local, or ray (a Ray cluster).")]
AddressOpt = Annotated[Optional[str], typer.Option("--address", help="Ray: the cluster's address (host:port, "
                                                   "ray://host:10001, auto); none starts Ray here.")]


def _executor(kind: str, address: str | None, workers: int) -> commands.ExecutorSettings:
    if kind not in ("local", "ray"):
        raise _fail(f"--executor {kind!r}: expected local or ray")
    if address and kind != "ray":
        raise _fail("--address needs --executor ray")
    return commands.ExecutorSettings(kind=kind, address=address, workers=workers)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:60] or "suite"


@app.command()
def suites(language: LanguageOpt = None) -> None:
    """List the known suites and their tasks."""
    commands.show_suites(console, language=language)


@app.command()
def validate(
    suite: SuiteArg,
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="Runs per patch, to find flaky tests.")] = 1,
    workers: WorkersOpt = 2,
    json_out: JsonOpt = None,
    language: LanguageOpt = None,
    run_dir: RunDirOpt = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1)] = None,
    executor: ExecutorOpt = "local",
    address: AddressOpt = None,
) -> None:
    """Run gold and empty patches on every task: gold must resolve, empty must not."""
    run_dir = run_dir or Path("runs") / f"validate-{_slug(suite)}"
    settings = commands.ValidateSettings(suite=suite, repeat=repeat, workers=workers, json_out=json_out,
                                         language=language, run_dir=run_dir, limit=limit,
                                         executor=_executor(executor, address, workers))
    try:
        code = commands.validate(settings, console=console)
    except (SuiteError, commands.CommandError, ExecutorError) as err:
        raise _fail(str(err)) from None
    raise typer.Exit(code)


@app.command()
def evaluate(
    suite: Annotated[str, typer.Option("--suite", help="Suite the predictions are for.")],
    predictions: Annotated[Path, typer.Option("--predictions", exists=True, dir_okay=False,
                                              help="SWE-bench predictions: JSON or JSONL.")],
    json_out: JsonOpt = None,
    workers: WorkersOpt = 2,
    run_dir: RunDirOpt = None,
    executor: ExecutorOpt = "local",
    address: AddressOpt = None,
) -> None:
    """Grade SWE-bench style predictions; the JSON report carries SWE-bench's keys."""
    run_dir = run_dir or Path("runs") / f"evaluate-{_slug(suite)}-{_slug(predictions.stem)}"
    settings = commands.EvaluateSettings(suite=suite, predictions=predictions, json_out=json_out,
                                         workers=workers, run_dir=run_dir,
                                         executor=_executor(executor, address, workers))
    try:
        code = commands.evaluate(settings, console=console)
    except (SuiteError, commands.CommandError, ExecutorError) as err:
        raise _fail(str(err)) from None
    raise typer.Exit(code)


@app.command(name="run")
def run_(
    suite: SuiteArg,
    solver: Annotated[str, typer.Option("--solver", help="gold, empty, agentless, testwriter, selfplay, agent, choice")],
    model: Annotated[Optional[str], typer.Option("--model", help="local, moonshot/..., openrouter/..., openai/..., "
                                                  "vllm/..., ollama/...")] = None,
    attempts: Annotated[int, typer.Option("--attempts", min=1, help="Attempts per task (pass@k, Avg@k).")] = 1,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1)] = None,
    workers: WorkersOpt = 2,
    run_dir: RunDirOpt = None,
    json_out: JsonOpt = None,
    predictions: Annotated[Optional[Path], typer.Option("--predictions-out", help="Export SWE-bench predictions JSONL.")] = None,
    language: LanguageOpt = None,
    temperature: Annotated[Optional[float], typer.Option("--temperature", min=0.0, max=2.0)] = None,
    top_p: Annotated[Optional[float], typer.Option("--top-p")] = None,
    max_tokens: Annotated[Optional[int], typer.Option("--max-tokens", min=1)] = None,
    seed: Annotated[Optional[int], typer.Option("--seed")] = None,
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="Override the endpoint's base URL.")] = None,
    select: Annotated[str, typer.Option("--select", help="none, or verifier: pick one of k with self-play tests")] = "none",
    option: Annotated[Optional[list[str]], typer.Option("--option", "-o", help="Solver option KEY=VALUE (JSON value).")] = None,
    executor: ExecutorOpt = "local",
    address: AddressOpt = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Where the HTML report goes "
                                                 "(default RUN_DIR/report.html).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Call the model even when the response cache "
                                           "holds the answer (bench/main_job.py measures that way).")] = False,
) -> None:
    """Generate candidates with a solver and a model, grade every attempt, store everything (resumable); end
    with the summary, the HTML report's path and the command that compares this run with another."""
    try:
        model_settings = commands.model_settings(model, temperature=temperature, top_p=top_p, max_tokens=max_tokens,
                                                 seed=seed, base_url=base_url, use_cache=False if no_cache else None)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        default_dir = Path("runs") / f"{_slug(suite)}-{_slug(model or 'none')}-{_slug(solver)}-{stamp}"
        settings = commands.RunSettings(
            suite=suite, solver=solver, model=model_settings, attempts=attempts, limit=limit, language=language,
            workers=workers, run_dir=run_dir or default_dir, json_out=json_out, predictions_out=predictions,
            select=select, options=commands.parse_options(option or []))
        code = commands.run(settings, console=console, executor=_executor(executor, address, workers))
    except (SuiteError, commands.CommandError, ModelError, SolverError, ExecutorError, ValueError) as err:
        raise _fail(str(err)) from None
    _point_at_results(settings.run_dir, html or settings.run_dir / "report.html")
    raise typer.Exit(code)


def _point_at_results(run_dir: Path, html: Path) -> None:
    """After a run's summary: its HTML report (written here), then how to compare it with a second run."""
    try:
        systems = load_run(run_dir).systems
        report_settings = ReportSettings()
        write_html(html, summarize_systems(systems, report_settings), [], report_settings)
        console.print(f"HTML report: {escape(str(html))}", highlight=False, soft_wrap=True)
    except (RunDirError, ValueError, OSError) as err:
        console.print(f"[yellow]no HTML report: {escape(str(err))}[/yellow]", highlight=False)
    console.print(f"compare with a second run: swegauge compare {escape(str(run_dir))} RUN_B", highlight=False,
                  soft_wrap=True)


@app.command()
def mine(
    repo: Annotated[str, typer.Argument(help="A local repository path or a git URL.")],
    out: Annotated[Path, typer.Option("--out", help="The suite file to write (JSONL).")] = Path("mined.jsonl"),
    since: Annotated[Optional[str], typer.Option("--since", help="Only changes after this date.")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="Only changes before this date.")] = None,
    max_tasks: Annotated[Optional[int], typer.Option("--max", min=1, help="Stop after this many tasks.")] = None,
    max_judged: Annotated[Optional[int], typer.Option("--max-judged", min=1,
                                                      help="Stop after judging this many changes.")] = None,
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="Test runs per side, to drop flaky tests.")] = 3,
    name: Annotated[Optional[str], typer.Option("--name", help="Repository name in task ids (default local/DIR).")] = None,
    language: Annotated[str, typer.Option("--language", help="The repository's main language.")] = "python",
    recipe: Annotated[Optional[Path], typer.Option("--recipe", exists=True, dir_okay=False,
                                                   help="A recipe file (default: the auto recipe).")] = None,
    issues: Annotated[Optional[Path], typer.Option("--issues", exists=True, dir_okay=False,
                                                   help="Issues JSON export: [{number, title, body}].")] = None,
    describe_with: Annotated[Optional[str], typer.Option("--describe-with", help="A model that writes "
                                                         "issue-style descriptions (never shown the fix).")] = None,
    executor: ExecutorOpt = "local",
    address: AddressOpt = None,
) -> None:
    """Mine a repository's history into a validated suite: tasks whose tests fail before and pass after."""
    try:
        path = commands.local_repo(repo)
        settings = commands.MineSettings(
            repo=path, repo_name=name or f"local/{Path(repo.rstrip('/')).name.removesuffix('.git')}", out=out,
            since=since, until=until, max_tasks=max_tasks, max_judged=max_judged, repeat=repeat, language=language,
            issues=issues)
        code = commands.mine(settings, console=console, describe_with=describe_with, recipe_file=recipe,
                             executor=_executor(executor, address, 2))
    except (commands.CommandError, ExecutorError, ValueError, RepoError) as err:
        raise _fail(str(err)) from None
    raise typer.Exit(code)


@app.command(name="exec", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def exec_(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(help="The task's instance_id.")],
    suite: Annotated[str, typer.Option("--suite", help="Suite holding the task.")] = "starter",
    patch: Annotated[Optional[Path], typer.Option("--patch", exists=True, dir_okay=False,
                                                  help="Apply this patch first.")] = None,
    test_patch: Annotated[bool, typer.Option("--with-test-patch", help="Also apply the task's test patch.")] = False,
) -> None:
    """Run a command in a task's sandbox (network off), as `docker exec` would: swegauge exec ID -- CMD..."""
    command = list(ctx.args)
    if not command:
        err_console.print("[red]give a command after --, e.g. swegauge exec ID -- python -m pytest[/red]")
        raise typer.Exit(2)
    try:
        result = commands.exec_in_task(suite=suite, task_id=task_id, patch=patch, with_test_patch=test_patch,
                                       command=command, console=err_console)
    except (SuiteError, commands.CommandError) as err:
        raise _fail(str(err)) from None
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.ended_by != "exit":
        err_console.print(f"[yellow]swegauge: command ended by {result.ended_by}[/yellow]")
    raise typer.Exit(result.exit_code if result.exit_code is not None else 124)


def main() -> None:  # pragma: no cover - console entry point
    app()


__all__ = ["app", "main"]


if __name__ == "__main__":  # pragma: no cover
    main()
