"""What the CLI commands do, each taking one frozen settings object."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shlex
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.markup import escape

from swegauge.envs import EnvironmentBuilder, load_recipe_file
from swegauge.models import ModelSettings, open_model
from swegauge.envs.repos import RepoError, git, prepared_base
from swegauge.mining import ChangeJudge, MineSettings
from swegauge.mining import mine as mine_history
from swegauge.mining.describe import describe
from swegauge.paths import cache_subdir
from swegauge.grading.apply import apply_patch
from swegauge.grading.grader import Grader, protect_tests
from swegauge.runner.executors import ExecutorSettings, open_executor
from swegauge.runner.evaluate import evaluation_jobs, load_predictions, swebench_report
from swegauge.runner.grading_jobs import run_grading_jobs
from swegauge.runner.run import RunEngine, RunSettings, export_predictions, record_run_meta
from swegauge.runner.run_summary import run_rows, run_table, run_totals
from swegauge.store import Store
from swegauge.runner.validate import summarize, validation_jobs
from swegauge.runner.views import funnel_table, print_load_errors, suites_table, validation_table
from swegauge.sandbox import BwrapSandbox, ExecResult, fresh_workspace
from swegauge.tasks import Task, filter_tasks, list_suites, load_suite


class CommandError(Exception):
    """A command cannot go on (unknown task, nothing to do); the message says why."""


class ValidateSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    suite: str
    repeat: int = 1
    workers: int = 2
    json_out: Path | None = None
    language: str | None = None
    run_dir: Path
    limit: int | None = None
    executor: ExecutorSettings = ExecutorSettings()


class EvaluateSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    suite: str
    predictions: Path
    json_out: Path | None = None
    workers: int = 2
    run_dir: Path
    executor: ExecutorSettings = ExecutorSettings()


def make_grader() -> Grader:
    sandbox = BwrapSandbox()
    return Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))


def load_tasks(suite: str, *, console: Console, language: str | None = None, limit: int | None = None) -> list[Task]:
    report = load_suite(suite)
    print_load_errors(console, report)
    return filter_tasks(report.tasks, language=language, limit=limit)


def _open_store(run_dir: Path, *, kind: str, suite: str, tasks: list[Task]) -> Store:
    store = Store(run_dir)
    store.set_meta("kind", kind)
    store.set_meta("suite", suite)
    store.save_tasks({t.instance_id: t.model_dump_json() for t in tasks})
    return store


def validate(settings: ValidateSettings, *, console: Console) -> int:
    tasks = load_tasks(settings.suite, console=console, language=settings.language, limit=settings.limit)
    if not tasks:
        console.print("[red]no tasks to validate[/red]")
        return 1
    store = _open_store(settings.run_dir, kind="validate", suite=settings.suite, tasks=tasks)
    store.set_meta("repeat", settings.repeat)
    with open_executor(settings.executor) as (grader, executor):
        run_grading_jobs(validation_jobs(tasks, repeat=settings.repeat), grader=grader, store=store,
                         workers=settings.workers, executor=executor)
    summary = summarize(tasks, store.results())
    console.print(validation_table(summary, title=f"validate {settings.suite}  ({settings.run_dir})"))
    sound = sum(s.sound for s in summary)
    console.print(f"{sound}/{len(summary)} tasks sound: gold resolves, empty does not, no flaky test, no error, "
                  "no listed test missing")
    if settings.json_out:
        payload = {"suite": settings.suite, "run_dir": str(settings.run_dir), "repeat": settings.repeat,
                   "tasks": [s.model_dump() | {"sound": s.sound} for s in summary]}
        settings.json_out.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    store.close()
    return 0 if sound == len(summary) else 1


def evaluate(settings: EvaluateSettings, *, console: Console) -> int:
    tasks = load_tasks(settings.suite, console=console)
    predictions, errors = load_predictions(settings.predictions)
    for error in errors:
        console.print(f"[yellow]skipped: {escape(str(error))}[/yellow]")
    jobs, unknown = evaluation_jobs(tasks, predictions)
    for instance_id in unknown:
        console.print(f"[yellow]skipped: {escape(str(settings.predictions))}: instance_id {escape(repr(instance_id))} is not in suite "
                      f"{settings.suite}[/yellow]")
    store = _open_store(settings.run_dir, kind="evaluate", suite=settings.suite, tasks=tasks)
    with open_executor(settings.executor) as (grader, executor):
        run_grading_jobs(jobs, grader=grader, store=store, workers=settings.workers, executor=executor)
    report = swebench_report(tasks, predictions, store.results())
    report["skipped_predictions"] = [str(e) for e in errors] + [f"unknown instance_id {u}" for u in unknown]
    console.print(f"resolved {report['resolved_instances']}/{report['submitted_instances']} submitted "
                  f"({report['total_instances']} in suite); errors {report['error_instances']}, "
                  f"empty patches {report['empty_patch_instances']}")
    if settings.json_out:
        settings.json_out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    store.close()
    return 0


def show_suites(console: Console, *, language: str | None = None) -> None:
    console.print(suites_table(list_suites(), language=language))
    if language:
        for info in list_suites():
            if info.error or not info.tasks:
                continue
            for task in filter_tasks(load_suite(info.name).tasks, language=language):
                console.print(f"  {info.name}: {task.instance_id} ({task.language})", markup=False)


def exec_in_task(*, suite: str, task_id: str, patch: Path | None, with_test_patch: bool, command: list[str],
                 console: Console) -> ExecResult:
    tasks = {t.instance_id: t for t in load_tasks(suite, console=console)}
    if task_id not in tasks:
        raise CommandError(f"no task {task_id!r} in suite {suite}")
    task = tasks[task_id]
    grader = make_grader()
    env, error = grader.environment(task)
    if env is None:
        raise CommandError(f"environment error: {error}")
    try:
        tree = prepared_base(task.repo, task.repo_source, task.base_commit)
    except RepoError as err:
        raise CommandError(str(err)) from None
    with fresh_workspace(tree) as workspace:
        if patch is not None:
            applied = apply_patch(workspace, patch.read_text(encoding="utf-8"))
            if not applied.applied:
                raise CommandError(f"{patch}: patch did not apply: {applied.error}")
        if with_test_patch:
            problem = protect_tests(workspace, task.test_patch)
            if problem:
                raise CommandError(problem)
        return grader.run_in_env(env, workspace, shlex.join(command))


def run(settings: RunSettings, *, console: Console, executor: ExecutorSettings | None = None) -> int:
    """Generate, grade and store every attempt; print the table; export predictions if asked. Gradings go to
    `executor` (default local); generation stays here."""
    tasks = load_tasks(settings.suite, console=console, language=settings.language, limit=settings.limit)
    if not tasks:
        raise CommandError(f"no tasks in suite {settings.suite} (after filters)")
    store = _open_store(settings.run_dir, kind="run", suite=settings.suite, tasks=tasks)
    record_run_meta(store, settings)
    with open_executor(executor) as (grader, _):
        engine = RunEngine(settings, tasks=tasks, store=store, grader=grader)
        asyncio.run(engine.run_all(Console(stderr=True)))
    rows = run_rows(tasks, store)
    console.print(run_table(rows, title=f"run {settings.suite}: {settings.solver} x {settings.model_name}  "
                                        f"({settings.run_dir})"))
    console.print(run_totals(rows))
    for where, message in store.errors():
        console.print(f"[yellow]error at {escape(str(where))}: {escape(str(message))}[/yellow]", highlight=False)
    if settings.predictions_out:
        label = settings.model_name if settings.model else settings.solver
        count = export_predictions(store, settings.predictions_out, model_name=label)
        console.print(f"wrote {count} predictions to {settings.predictions_out}")
    if settings.json_out:
        payload = {"run_dir": str(settings.run_dir), "settings": settings.model_dump(mode="json"),
                   "tasks": [r.model_dump() for r in rows]}
        settings.json_out.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    store.close()
    return 0


def model_settings(name: str | None, **overrides: object) -> ModelSettings | None:
    """ModelSettings from the CLI's flags (None when no model was named)."""
    if name is None:
        return None
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return ModelSettings(name=name, **given)
    except ValueError as err:
        raise CommandError(f"model settings: {err}") from None


def parse_options(items: list[str]) -> dict[str, object]:
    """KEY=VALUE pairs; VALUE is read as JSON when it parses (numbers, true/false), else kept as text."""
    options: dict[str, object] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CommandError(f"--option {item!r}: expected KEY=VALUE")
        try:
            options[key] = json.loads(value)
        except json.JSONDecodeError:
            options[key] = value
    return options


def mine(settings: MineSettings, *, console: Console, describe_with: str | None = None,
         recipe_file: Path | None = None, executor: ExecutorSettings | None = None) -> int:
    """Mine a repository's history into a suite file; print the funnel. Gradings go to `executor`."""
    settings = _with_recipe(settings, recipe_file)
    with contextlib.ExitStack() as stack:
        grader, _ = stack.enter_context(open_executor(executor))
        judge = ChangeJudge(grader=grader, repo_name=settings.repo_name, repo_path=settings.repo,
                            recipe=settings.recipe, repeat=settings.repeat, language=settings.language)
        describer = None
        if describe_with:
            model = stack.enter_context(open_model(describe_with))

            def describer(task: Task, message: str, log: str) -> str:
                return asyncio.run(describe(model, task, message=message, failure_log=log))

        counts, kept = mine_history(settings, judge=judge, console=Console(stderr=True), describer=describer)
    console.print(funnel_table(counts))
    console.print(f"wrote {kept} tasks to {settings.out}")
    return 0


def _with_recipe(settings: MineSettings, recipe_file: Path | None) -> MineSettings:
    if recipe_file is None:
        return settings
    recipe = load_recipe_file(recipe_file)
    extra = os.environ.get("SWEGAUGE_RECIPES", "")
    os.environ["SWEGAUGE_RECIPES"] = os.pathsep.join(p for p in (str(recipe_file.parent.resolve()), extra) if p)
    return settings.model_copy(update={"recipe": recipe.repo})


def local_repo(repo: str) -> str:
    """A local path for REPO: itself when it is a directory, else a mirror clone in the cache."""
    if Path(repo).is_dir():
        return str(Path(repo).resolve())
    target = cache_subdir("mined") / (re.sub(r"[^A-Za-z0-9._-]+", "_", repo) + ".git")
    if not target.exists():
        git("clone", "--quiet", "--mirror", repo, str(target))
    else:
        git("fetch", "--quiet", "--prune", "origin", "+refs/*:refs/*", cwd=target)
    return str(target)
