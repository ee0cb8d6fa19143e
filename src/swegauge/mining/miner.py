"""`swegauge mine`: a repository's history -> a validated private suite, with the funnel printed.

Every judged change is kept in a state file beside the output (`<out>.state.sqlite`), so a rerun skips
changes already judged and the suite file is rewritten from the state: nothing is lost or duplicated.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from pathlib import Path
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from swegauge.mining.classify import Screened, screen
from swegauge.mining.history import Change, main_line_changes, pull_request_changes
from swegauge.mining.judge import ChangeJudge, Judgement
from swegauge.tasks import Task

ISSUE_REF = re.compile(r"(?:(?:fix(?:e[sd])?|close[sd]?|resolve[sd]?)\s*:?\s*)?(?:GH-|#)(\d+)", re.IGNORECASE)
FUNNEL = ("changes seen", "passed the cheap filter", "environment built", "validated", "flaky dropped", "kept")


class MineSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    repo: str
    repo_name: str
    out: Path
    since: str | None = None
    until: str | None = None
    max_tasks: int | None = None
    max_judged: int | None = None
    """Stop after judging this many changes that passed the cheap filter (each costs an environment and
    2 x repeat test runs)."""
    repeat: int = 3
    recipe: str = "auto"
    language: str = "python"
    issues: Path | None = None


class MiningState:
    """Judgements by change id, in SQLite (committed one by one)."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("CREATE TABLE IF NOT EXISTS judged (change_id TEXT PRIMARY KEY, stage TEXT NOT NULL,"
                         " kept INTEGER NOT NULL, judgement_json TEXT NOT NULL)")

    def get(self, change_id: str) -> Judgement | None:
        row = self._db.execute("SELECT judgement_json FROM judged WHERE change_id=?", (change_id,)).fetchone()
        return Judgement.model_validate_json(row[0]) if row else None

    def put(self, judgement: Judgement) -> None:
        self._db.execute("INSERT OR REPLACE INTO judged VALUES (?, ?, ?, ?)",
                         (judgement.change_id, judgement.stage, int(judgement.kept), judgement.model_dump_json()))

    def close(self) -> None:
        self._db.close()


def load_issues(path: Path | None) -> dict[str, dict[str, Any]]:
    """A JSON export of issues (a list of {number, title, body}), keyed by number."""
    if path is None:
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data.get("issues", data) if isinstance(data, dict) else data
    return {str(item["number"]): item for item in items if isinstance(item, dict) and "number" in item}


def problem_statement(change: Change, issues: dict[str, dict[str, Any]]) -> str:
    """The linked issue's text when the message names one we have; otherwise the change's own message."""
    numbers = ISSUE_REF.findall(f"{change.subject}\n{change.body}")
    for number in numbers:
        issue = issues.get(number)
        if issue:
            return f"{issue.get('title', '').strip()}\n\n{(issue.get('body') or '').strip()}".strip()
    return _message(change)


def _message(change: Change) -> str:
    return f"{change.subject}\n\n{change.body}".strip()


def _in_window(change: Change, settings: MineSettings) -> bool:
    """--since/--until apply to pull requests too (by author date; the main line's git log filters itself)."""
    day = change.author_date.date().isoformat()
    return (not settings.since or day >= settings.since[:10]) and (not settings.until or day <= settings.until[:10])


def _changes(settings: MineSettings) -> list[Change]:
    changes = list(main_line_changes(settings.repo, since=settings.since, until=settings.until))
    seen = {c.head for c in changes}
    changes += [c for c in pull_request_changes(settings.repo) if c.head not in seen and _in_window(c, settings)]
    return changes


def write_suite(state_rows: list[Judgement], out: Path) -> int:
    kept = sorted((j.task for j in state_rows if j.kept and j.task), key=lambda t: t.instance_id)
    text = "".join(t.model_dump_json() + "\n" for t in kept)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    return len(kept)


def funnel(screens: list[Screened], judgements: list[Judgement]) -> Counter:
    counts: Counter = Counter()
    counts["changes seen"] = len(screens)
    counts["passed the cheap filter"] = sum(s.kept for s in screens)
    counts["environment built"] = sum(j.stage not in ("repository", "environment", "error") for j in judgements)
    counts["validated"] = sum(j.stage in ("kept", "flaky") for j in judgements)
    counts["flaky dropped"] = sum(len(j.flaky) > 0 for j in judgements)
    counts["kept"] = sum(j.kept for j in judgements)
    for s in screens:
        if not s.kept:
            counts[f"rejected: {s.reason}"] += 1
    for j in judgements:
        if not j.kept:
            counts[f"rejected at {j.stage}: {(j.reason or '')[:80]}"] += 1
    return counts


Describer = Callable[[Task, str, str], str]
"""(task, change message, failure log) -> an issue-style problem statement."""


def _judge_one(judge: ChangeJudge, change: Change, screened: Screened, problem: str) -> Judgement:
    """The judge's word on one change; a harness failure on it is that change's judgement, not the run's."""
    try:
        return judge.judge(change, screened, problem)
    except Exception as err:  # noqa: BLE001 - one change must never stop the run
        detail = (str(err).strip().splitlines() or [type(err).__name__])[-1][:200]
        return Judgement(change_id=change.change_id, stage="error", kept=False, reason=f"{type(err).__name__}: {detail}")


def mine(settings: MineSettings, *, judge: ChangeJudge, console: Console,
         describer: Describer | None = None) -> tuple[Counter, int]:
    state = MiningState(settings.out.with_suffix(settings.out.suffix + ".state.sqlite"))
    issues = load_issues(settings.issues)
    changes = _changes(settings)
    screens = [screen(c) for c in changes]
    judgements: list[Judgement] = []
    candidates = [(c, s) for c, s in zip(changes, screens) if s.kept]
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=console) as progress:
            bar = progress.add_task("judging changes", total=len(candidates))
            for change, screened in candidates:
                if settings.max_tasks is not None and sum(j.kept for j in judgements) >= settings.max_tasks:
                    break
                if settings.max_judged is not None and len(judgements) >= settings.max_judged:
                    break
                judgement = state.get(change.change_id)
                if judgement is None:
                    judgement = _judged(judge, change, screened, issues, describer)
                    if judgement.stage != "error":  # a harness error is retried by the next run
                        state.put(judgement)
                judgements.append(judgement)
                progress.update(bar, advance=1, description=f"judging {change.change_id[:12]}")
    finally:
        kept = write_suite(judgements, settings.out)
        state.close()
    return funnel(screens, judgements), kept


def _judged(judge: ChangeJudge, change: Change, screened: Screened,
            issues: dict[str, dict[str, Any]], describer: Describer | None) -> Judgement:
    problem = problem_statement(change, issues)
    judgement = _judge_one(judge, change, screened, problem)
    if judgement.kept and judgement.task and describer and problem == _message(change):
        text = describer(judgement.task, problem, judgement.failure_log)
        task = judgement.task.model_copy(update={"problem_statement": text, "tags": [
            *judgement.task.tags, "described-by-model"]})
        judgement = judgement.model_copy(update={"task": task})
    return judgement
