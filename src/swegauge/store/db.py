"""The results store: one SQLite file per run directory. Every finished unit of work is one row.

A row is written in one transaction when its work is done, keyed by (task, label, attempt, repeat, patch
hash), so a run killed at any point loses only the work in flight, and a rerun skips what is stored and
duplicates nothing. Metrics and reports read only this store.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from swegauge.grading.verdict import Verdict

DB_NAME = "results.sqlite"
CANDIDATE = "candidate"
"""The results label of `swegauge run` attempts (validate uses gold/empty, evaluate the model's name)."""
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tasks (
    instance_id TEXT PRIMARY KEY, task_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    id INTEGER PRIMARY KEY,
    instance_id TEXT NOT NULL,
    label TEXT NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 0,
    repeat INTEGER NOT NULL DEFAULT 0,
    patch_hash TEXT NOT NULL,
    patch TEXT NOT NULL,
    outcome TEXT NOT NULL,
    verdict_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (instance_id, label, attempt, repeat, patch_hash)
);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    instance_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    solver TEXT NOT NULL,
    model TEXT NOT NULL,
    patch TEXT NOT NULL,
    error TEXT,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL,
    model_seconds REAL NOT NULL DEFAULT 0,
    wall_seconds REAL NOT NULL DEFAULT 0,
    calls INTEGER NOT NULL DEFAULT 0,
    detail_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    UNIQUE (instance_id, attempt)
);
CREATE TABLE IF NOT EXISTS model_calls (
    id INTEGER PRIMARY KEY,
    instance_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    stage TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL,
    latency_s REAL NOT NULL DEFAULT 0,
    cached INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS errors (
    id INTEGER PRIMARY KEY, where_ TEXT NOT NULL, message TEXT NOT NULL, created_at TEXT NOT NULL
);
"""


class ResultRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    instance_id: str
    label: str
    attempt: int
    repeat: int
    patch_hash: str
    patch: str
    verdict: Verdict


class AttemptRow(BaseModel):
    """One solver attempt on one task: the candidate patch and what producing it cost."""

    model_config = ConfigDict(frozen=True)

    instance_id: str
    attempt: int
    solver: str
    model: str
    patch: str
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    model_seconds: float = 0.0
    wall_seconds: float = 0.0
    calls: int = 0
    detail: dict[str, Any] = {}
    """Solver-specific record: trajectory, stages, self-play matrix, selected candidate."""


class ModelCallRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    instance_id: str
    attempt: int
    stage: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    latency_s: float = 0.0
    cached: bool = False
    error: str | None = None


def total_cost(costs: Iterable[float | None]) -> float | None:
    """The sum of some costs, or None when any of them is unknown (unknown is never counted as 0)."""
    values = list(costs)
    return None if any(c is None for c in values) else float(sum(values))  # type: ignore[arg-type]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A run directory's SQLite store. Safe to share between threads (one connection, one lock)."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        run_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(run_dir / DB_NAME, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._lock = threading.Lock()
        self._db.executescript(_SCHEMA)
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def set_meta(self, key: str, value: Any) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value, default=str)))

    def meta(self) -> dict[str, Any]:
        with self._lock:
            rows = self._db.execute("SELECT key, value FROM meta").fetchall()
        return {k: json.loads(v) for k, v in rows}

    def save_tasks(self, tasks_json: dict[str, str]) -> None:
        with self._transaction() as db:
            db.executemany("INSERT OR REPLACE INTO tasks VALUES (?, ?)", list(tasks_json.items()))

    def has(self, *, instance_id: str, label: str, attempt: int, repeat: int, patch_hash: str) -> bool:
        """Whether this work is done. Results whose outcome is "error" (environment or harness trouble, not
        the candidate's) do not count, so a rerun retries them."""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM results WHERE instance_id=? AND label=? AND attempt=? AND repeat=? AND patch_hash=?"
                " AND outcome != 'error'",
                (instance_id, label, attempt, repeat, patch_hash),
            ).fetchone()
        return row is not None

    def add_result(self, row: ResultRow) -> bool:
        """Store one finished result, replacing an earlier "error" result for the same key (never duplicating)."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT OR REPLACE INTO results (instance_id, label, attempt, repeat, patch_hash, patch, outcome,"
                " verdict_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row.instance_id, row.label, row.attempt, row.repeat, row.patch_hash, row.patch,
                 row.verdict.outcome, row.verdict.model_dump_json(), _now()),
            )
        return cursor.rowcount >= 1

    def add_error(self, where: str, message: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT INTO errors (where_, message, created_at) VALUES (?, ?, ?)", (where, message, _now()))

    def errors(self) -> list[tuple[str, str]]:
        with self._lock:
            return self._db.execute("SELECT where_, message FROM errors ORDER BY id").fetchall()

    def results(self, *, label: str | None = None) -> list[ResultRow]:
        query = "SELECT instance_id, label, attempt, repeat, patch_hash, patch, verdict_json FROM results"
        args: tuple = ()
        if label is not None:
            query, args = query + " WHERE label=?", (label,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY instance_id, label, attempt, repeat, id", args).fetchall()
        return [
            ResultRow(instance_id=r[0], label=r[1], attempt=r[2], repeat=r[3], patch_hash=r[4], patch=r[5],
                      verdict=Verdict.model_validate_json(r[6]))
            for r in rows
        ]

    def has_attempt(self, instance_id: str, attempt: int) -> bool:
        with self._lock:
            row = self._db.execute("SELECT 1 FROM attempts WHERE instance_id=? AND attempt=?",
                                   (instance_id, attempt)).fetchone()
        return row is not None

    def add_attempt(self, row: AttemptRow, calls: list[ModelCallRow]) -> None:
        """Store an attempt and its model calls together (one transaction: both or neither)."""
        with self._transaction() as db:
            db.execute("DELETE FROM model_calls WHERE instance_id=? AND attempt=?", (row.instance_id, row.attempt))
            db.execute(
                "INSERT OR REPLACE INTO attempts (instance_id, attempt, solver, model, patch, error, prompt_tokens,"
                " completion_tokens, cost_usd, model_seconds, wall_seconds, calls, detail_json, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row.instance_id, row.attempt, row.solver, row.model, row.patch, row.error, row.prompt_tokens,
                 row.completion_tokens, row.cost_usd, row.model_seconds, row.wall_seconds, row.calls,
                 json.dumps(row.detail, default=str), _now()),
            )
            db.executemany(
                "INSERT INTO model_calls (instance_id, attempt, stage, model, prompt_tokens, completion_tokens,"
                " cost_usd, latency_s, cached, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(c.instance_id, c.attempt, c.stage, c.model, c.prompt_tokens, c.completion_tokens, c.cost_usd,
                  c.latency_s, int(c.cached), c.error, _now()) for c in calls],
            )

    def attempts(self, *, instance_id: str | None = None) -> list[AttemptRow]:
        where, args = ("WHERE instance_id=?", (instance_id,)) if instance_id is not None else ("", ())
        with self._lock:
            rows = self._db.execute(
                "SELECT instance_id, attempt, solver, model, patch, error, prompt_tokens, completion_tokens, cost_usd,"
                f" model_seconds, wall_seconds, calls, detail_json FROM attempts {where} ORDER BY instance_id, attempt",
                args,
            ).fetchall()
        keys = ("instance_id", "attempt", "solver", "model", "patch", "error", "prompt_tokens", "completion_tokens",
                "cost_usd", "model_seconds", "wall_seconds", "calls")
        return [AttemptRow(**dict(zip(keys, r[:12])), detail=json.loads(r[12])) for r in rows]

    def model_calls(self) -> list[ModelCallRow]:
        with self._lock:
            rows = self._db.execute(
                "SELECT instance_id, attempt, stage, model, prompt_tokens, completion_tokens, cost_usd, latency_s,"
                " cached, error FROM model_calls ORDER BY id"
            ).fetchall()
        keys = ("instance_id", "attempt", "stage", "model", "prompt_tokens", "completion_tokens", "cost_usd",
                "latency_s", "cached", "error")
        return [ModelCallRow(**dict(zip(keys, r))) for r in rows]

    def tasks(self) -> dict[str, str]:
        """instance_id -> the task record (JSON) as it was when the run started."""
        with self._lock:
            return dict(self._db.execute("SELECT instance_id, task_json FROM tasks").fetchall())
