"""Read a run directory's results store into plain frozen records: tasks, per-task per-attempt scores, costs.

Only the store is read (`Store` read methods). One run directory may hold several scored systems, one per
result label: a validation run holds "gold" and "empty", an evaluation run one label per model_name_or_path,
and a `swegauge run` holds "candidate" with attempts 0..k-1.

Scoring rules (stated again in every report):
- An attempt is resolved when every stored grading repeat of its patch resolved (a flaky pass is not a pass).
- An attempt whose grading ended in "error" (environment or harness trouble) scores 0 and is counted apart.
- A task with no stored result for an attempt scores 0 for it ("missing"), as SWE-bench counts resolved over
  all tasks; reports show how many were missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from swegauge.grading.verdict import Verdict, is_resolved, reward_of
from swegauge.store import CANDIDATE, DB_NAME, AttemptRow, ResultRow, Store
from swegauge.tasks import Task
from swegauge.tasks.difficulty import lines_bucket

MISSING = "missing"


class RunDirError(Exception):
    """The path is not a run directory with a results store."""


@dataclass(frozen=True)
class TaskMeta:
    """What a report needs to know about a task: where it comes from, how big its gold patch is, when."""

    instance_id: str
    repo: str
    language: str
    kind: str
    suite: str
    created_at: datetime | None = None
    lines_changed: int | None = None
    files_changed: int | None = None

    @property
    def size_bucket(self) -> str:
        """Gold patch size in changed lines: <5, 5-20, 20-100, >100 (unknown without a gold patch)."""
        n = self.lines_changed
        if n is None:
            return "unknown"
        return lines_bucket(n)

    @property
    def files_bucket(self) -> str:
        n = self.files_changed
        if n is None:
            return "unknown"
        return "1 file" if n <= 1 else "2-3 files" if n <= 3 else "4+ files"


@dataclass(frozen=True)
class AttemptCost:
    """What producing one candidate cost (from the attempts and model_calls tables)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    model_seconds: float = 0.0
    wall_seconds: float = 0.0
    calls: int = 0
    latencies: tuple[float, ...] = ()
    """Latency of each model call of the attempt, seconds."""
    error: str | None = None


@dataclass(frozen=True)
class AttemptScore:
    """One attempt on one task: its graded outcome, patch, verdict and cost."""

    attempt: int
    outcome: str
    """resolved | unresolved | error | missing."""
    repeats: int = 0
    flaky: bool = False
    patch: str = ""
    verdict: Verdict | None = None
    cost: AttemptCost | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)
    """The solver's record of the attempt (trajectory, stages), when the run stored one."""

    @property
    def resolved(self) -> bool:
        return is_resolved(self.outcome)

    @property
    def score(self) -> float:
        return reward_of(self.outcome)


@dataclass(frozen=True)
class SystemRun:
    """One scored system in one run directory: a label's results over the run's tasks, k attempts each."""

    name: str
    label: str
    run_dir: Path
    kind: str
    suite: str
    k: int
    tasks: Mapping[str, TaskMeta]
    attempts: Mapping[str, tuple[AttemptScore, ...]]
    """instance_id -> exactly k attempts in attempt order (missing ones filled in as "missing")."""
    model: str | None = None
    solver: str | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    started_at: str | None = None

    def task_ids(self) -> list[str]:
        return list(self.tasks)

    def graded(self, instance_id: str) -> bool:
        return any(a.outcome != MISSING for a in self.attempts[instance_id])


@dataclass(frozen=True)
class RunData:
    run_dir: Path
    meta: Mapping[str, Any]
    tasks: Mapping[str, TaskMeta]
    systems: tuple[SystemRun, ...]


def _task_meta(instance_id: str, task_json: str, suite: str) -> TaskMeta:
    try:
        task = Task.model_validate_json(task_json)
    except ValidationError:
        return TaskMeta(instance_id=instance_id, repo="unknown", language="unknown", kind="issue", suite=suite)
    diff = task.difficulty
    return TaskMeta(
        instance_id=instance_id, repo=task.repo, language=task.language, kind=task.kind,
        suite=task.source or suite, created_at=task.created_at,
        lines_changed=diff.lines_changed if diff else None, files_changed=diff.files_changed if diff else None,
    )


def _cost_of(row: AttemptRow, latencies: tuple[float, ...]) -> AttemptCost:
    return AttemptCost(
        prompt_tokens=row.prompt_tokens, completion_tokens=row.completion_tokens, cost_usd=row.cost_usd,
        model_seconds=row.model_seconds, wall_seconds=row.wall_seconds, calls=row.calls, latencies=latencies,
        error=row.error,
    )


def _pick_patch(rows: list[ResultRow], wanted: str | None) -> list[ResultRow]:
    """The repeats of one patch: the attempt's own patch when known, else the one stored last (rows come
    in storage order, so a later evaluation of another patch wins over an earlier one)."""
    by_hash: dict[str, list[ResultRow]] = defaultdict(list)
    for row in rows:
        by_hash[row.patch_hash].append(row)
    for group in by_hash.values():
        if wanted is not None and group[0].patch == wanted:
            return group
    return by_hash[rows[-1].patch_hash]


def _outcome(rows: list[ResultRow]) -> tuple[str, bool]:
    outcomes = {r.verdict.outcome for r in rows}
    if outcomes == {"resolved"}:
        return "resolved", False
    if outcomes == {"error"}:
        return "error", False
    return "unresolved", len(outcomes - {"error"}) > 1


@dataclass(frozen=True)
class _StoreRows:
    meta: Mapping[str, Any]
    results: list[ResultRow]
    attempts: dict[tuple[str, int], AttemptRow]
    latencies: dict[tuple[str, int], tuple[float, ...]]


def _read_store(run_dir: Path) -> tuple[_StoreRows, dict[str, str]]:
    if not (run_dir / DB_NAME).is_file():
        raise RunDirError(f"{run_dir}: not a run directory (no {DB_NAME})")
    store = Store(run_dir)
    try:
        calls = store.model_calls()
        lat: dict[tuple[str, int], list[float]] = defaultdict(list)
        for call in calls:
            lat[(call.instance_id, call.attempt)].append(call.latency_s)
        rows = _StoreRows(
            meta=store.meta(), results=store.results(),
            attempts={(r.instance_id, r.attempt): r for r in store.attempts()},
            latencies={key: tuple(v) for key, v in lat.items()},
        )
        return rows, store.tasks()
    finally:
        store.close()


def _attempt_score(
    attempt: int, results: list[ResultRow], row: AttemptRow | None, latencies: tuple[float, ...]
) -> AttemptScore:
    cost = _cost_of(row, latencies) if row is not None else None
    detail = dict(row.detail) if row is not None else {}
    if not results:
        return AttemptScore(attempt=attempt, outcome=MISSING, patch=row.patch if row else "", cost=cost, detail=detail)
    chosen = _pick_patch(results, row.patch if row is not None else None)
    outcome, flaky = _outcome(chosen)
    return AttemptScore(attempt=attempt, outcome=outcome, repeats=len(chosen), flaky=flaky, patch=chosen[-1].patch,
                        verdict=chosen[-1].verdict, cost=cost, detail=detail)


def _system_name(label: str, meta: Mapping[str, Any]) -> str:
    if meta.get("kind") == "run" and label == CANDIDATE:
        parts = [str(meta[key]) for key in ("model", "solver") if meta.get(key) not in (None, "", "none")]
        return " / ".join(parts) or label
    return label


def _attempt_count(label: str, rows: _StoreRows, results: list[ResultRow]) -> int:
    seen = max((r.attempt for r in results), default=0) + 1
    if rows.meta.get("kind") == "run" and label == CANDIDATE:
        planned = (rows.meta.get("settings") or {}).get("attempts")
        stored = max((a for _, a in rows.attempts), default=-1) + 1
        return max(seen, stored, int(planned or 1))
    return seen


def _system(label: str, rows: _StoreRows, tasks: Mapping[str, TaskMeta], run_dir: Path) -> SystemRun:
    mine = [r for r in rows.results if r.label == label]
    k = _attempt_count(label, rows, mine)
    grouped: dict[tuple[str, int], list[ResultRow]] = defaultdict(list)
    for row in mine:
        grouped[(row.instance_id, row.attempt)].append(row)
    use_attempts = rows.meta.get("kind") == "run" and label == CANDIDATE
    attempts: dict[str, tuple[AttemptScore, ...]] = {}
    for instance_id in tasks:
        attempts[instance_id] = tuple(
            _attempt_score(
                a, grouped.get((instance_id, a), []),
                rows.attempts.get((instance_id, a)) if use_attempts else None,
                rows.latencies.get((instance_id, a), ()),
            )
            for a in range(k)
        )
    meta = rows.meta
    return SystemRun(
        name=_system_name(label, meta), label=label, run_dir=run_dir, kind=str(meta.get("kind", "unknown")),
        suite=str(meta.get("suite", "unknown")), k=k, tasks=tasks, attempts=attempts,
        model=meta.get("model"), solver=meta.get("solver"), settings=dict(meta.get("settings") or {}),
        started_at=meta.get("started_at"),
    )


def _labels(rows: _StoreRows) -> list[str]:
    labels = sorted({r.label for r in rows.results}, key=lambda s: ({"gold": 0, "empty": 1}.get(s, 2), s))
    if not labels and rows.meta.get("kind") == "run":
        labels = [CANDIDATE]
    return labels


def load_run(run_dir: Path) -> RunData:
    """Read one run directory. Raises RunDirError when there is no results store."""
    run_dir = Path(run_dir)
    rows, task_json = _read_store(run_dir)
    suite = str(rows.meta.get("suite", "unknown"))
    tasks = {i: _task_meta(i, text, suite) for i, text in sorted(task_json.items())}
    for r in rows.results:  # results for tasks the run did not record still count
        tasks.setdefault(r.instance_id, TaskMeta(instance_id=r.instance_id, repo="unknown", language="unknown",
                                                 kind="issue", suite=suite))
    systems = tuple(_system(label, rows, tasks, run_dir) for label in _labels(rows))
    return RunData(run_dir=run_dir, meta=rows.meta, tasks=tasks, systems=systems)


def select_system(run: RunData, label: str | None = None) -> SystemRun:
    """The system to compare: the given label, else the run's only (or first non-"empty") system."""
    if not run.systems:
        raise RunDirError(f"{run.run_dir}: no graded results")
    if label is not None:
        for system in run.systems:
            if label in (system.label, system.name):
                return system
        names = ", ".join(s.label for s in run.systems)
        raise RunDirError(f"{run.run_dir}: no results labelled {label!r} (labels: {names})")
    return run.systems[0]


def display_names(systems: list[SystemRun]) -> list[str]:
    """System names, with the run directory added where two systems would otherwise share a name."""
    counts: dict[str, int] = defaultdict(int)
    for system in systems:
        counts[system.name] += 1
    names = [f"{s.name} ({s.run_dir.name})" if counts[s.name] > 1 else s.name for s in systems]
    if len(set(names)) < len(names):
        names = [f"{name} #{i + 1}" for i, name in enumerate(names)]
    return names
