"""The table `swegauge run` prints: per task, attempts resolved, tokens and cost."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from rich.markup import escape
from rich.table import Table

from swegauge.money import usd
from swegauge.store import CANDIDATE, Store, total_cost
from swegauge.tasks import Task

class RunRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    instance_id: str
    language: str
    attempts: int
    resolved: int
    errors: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None
    wall_seconds: float
    first_reason: str | None = None


def run_rows(tasks: list[Task], store: Store) -> list[RunRow]:
    verdicts = {(r.instance_id, r.attempt): r.verdict for r in store.results(label=CANDIDATE)}
    rows = []
    for task in tasks:
        attempts = store.attempts(instance_id=task.instance_id)
        graded = [verdicts.get((task.instance_id, a.attempt)) for a in attempts]
        costs = [a.cost_usd for a in attempts]
        reason = next((a.error for a in attempts if a.error), None) or next(
            (v.reason for v in graded if v is not None and not v.resolved), None)
        rows.append(RunRow(
            instance_id=task.instance_id, language=task.language, attempts=len(attempts),
            resolved=sum(1 for v in graded if v is not None and v.resolved),
            errors=sum(1 for a in attempts if a.error) + sum(1 for v in graded if v is not None and v.outcome == "error"),
            prompt_tokens=sum(a.prompt_tokens for a in attempts),
            completion_tokens=sum(a.completion_tokens for a in attempts),
            cost_usd=total_cost(costs),
            wall_seconds=sum(a.wall_seconds for a in attempts), first_reason=reason))
    return rows


def run_table(rows: list[RunRow], *, title: str) -> Table:
    table = Table(title=escape(title))
    for column in ("task", "language", "resolved", "tokens in", "tokens out", "cost", "seconds", "why not"):
        table.add_column(column)
    for row in rows:
        resolved = f"{row.resolved}/{row.attempts}"
        table.add_row(escape(row.instance_id), escape(row.language),
                      f"[green]{resolved}[/green]" if row.resolved else resolved,
                      str(row.prompt_tokens), str(row.completion_tokens), usd(row.cost_usd),
                      f"{row.wall_seconds:.1f}", escape((row.first_reason or "-")[:70]))
    return table


def run_totals(rows: list[RunRow]) -> str:
    attempts = sum(r.attempts for r in rows)
    resolved = sum(r.resolved for r in rows)
    costs = [r.cost_usd for r in rows]
    cost = total_cost(costs)
    return (f"resolved {resolved}/{attempts} attempts on {len(rows)} tasks; tokens in "
            f"{sum(r.prompt_tokens for r in rows)}, out {sum(r.completion_tokens for r in rows)}; "
            f"cost {usd(cost)}; errors {sum(r.errors for r in rows)}")
