"""Build run directories with the real Store API and hand-made verdicts (no grading, no models)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from swegauge.grading.parsers import TestStatus
from swegauge.grading.verdict import Verdict
from swegauge.store import AttemptRow, ModelCallRow, ResultRow, Store
from swegauge.tasks import Difficulty, Task

P, F = TestStatus.PASSED, TestStatus.FAILED


def patch_hash(patch: str) -> str:
    return hashlib.sha256(patch.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class FakeTask:
    instance_id: str
    repo: str
    language: str
    created_at: str
    lines: int
    files: int
    kind: str = "issue"
    suite: str | None = None
    """The suite the task came from (Task.source), when not the run's suite."""


# Eight tasks shaped like the starter suite: five small repositories, four languages, 2023..2025.
STARTER_LIKE: tuple[FakeTask, ...] = (
    FakeTask("starter__cadence-1", "starter/cadence", "python", "2024-03-29T08:47:00Z", 3, 1),
    FakeTask("starter__cadence-2", "starter/cadence", "python", "2025-01-07T10:15:00Z", 14, 1),
    FakeTask("starter__cadence-3", "starter/cadence", "python", "2025-02-11T09:00:00Z", 42, 2),
    FakeTask("starter__tinyconf-1", "starter/tinyconf", "python", "2023-05-08T14:22:00Z", 2, 1),
    FakeTask("starter__termtable-1", "starter/termtable", "typescript", "2023-09-12T07:58:00Z", 9, 1),
    FakeTask("starter__kvline-1", "starter/kvline", "go", "2024-04-02T13:05:00Z", 35, 3),
    FakeTask("starter__rmbfmt-1", "starter/rmbfmt", "rust", "2024-03-18T02:40:00Z", 130, 5),
    FakeTask("starter__rmbfmt-2", "starter/rmbfmt", "rust", "2025-03-01T12:00:00Z", 18, 2),
)


def task_json(t: FakeTask, suite: str = "starter") -> str:
    task = Task(
        instance_id=t.instance_id, repo=t.repo, base_commit="abcdef12", language=t.language, kind=t.kind,
        created_at=t.created_at, source=t.suite or suite, FAIL_TO_PASS=["tests/test_x.py::test_fix"],
        PASS_TO_PASS=["tests/test_x.py::test_old"],
        difficulty=Difficulty(lines_changed=t.lines, files_changed=t.files, hunks=t.files),
    )
    return task.model_dump_json()


def fake_patch(instance_id: str, attempt: int) -> str:
    return (f"diff --git a/src/{instance_id}.py b/src/{instance_id}.py\n--- a/src/{instance_id}.py\n"
            f"+++ b/src/{instance_id}.py\n@@ -1 +1 @@\n-old = {attempt}\n+new = {attempt + 1}\n")


def verdict(instance_id: str, patch: str, outcome: str) -> Verdict:
    ok = outcome == "resolved"
    f2p = {"tests/test_x.py::test_fix": P if ok else F} if outcome != "error" else {"tests/test_x.py::test_fix": None}
    p2p = {"tests/test_x.py::test_old": P} if outcome != "error" else {"tests/test_x.py::test_old": None}
    reason = None if ok else ("environment error: build failed" if outcome == "error" else
                              "1 listed tests did not pass (0 did not run): tests/test_x.py::test_fix")
    tests = {k: v for k, v in {**f2p, **p2p}.items() if v is not None}
    log = "collected 2 items\n" + ("2 passed" if ok else "1 failed")
    return Verdict(instance_id=instance_id, patch_hash=patch_hash(patch), outcome=outcome, reason=reason,
                   fail_to_pass=f2p, pass_to_pass=p2p, tests=tests, structured=True, exit_code=0 if ok else 1,
                   ended_by="exit", test_seconds=0.5, log_tail=log)


@dataclass(frozen=True)
class RunSpec:
    """What to write: outcomes[instance_id] = one outcome per attempt ("resolved", "unresolved", "error",
    or None for no stored result)."""

    outcomes: dict[str, list[str | None]]
    kind: str = "run"
    suite: str = "starter"
    model: str = "local"
    solver: str = "agentless"
    label: str = "candidate"
    usd_per_attempt: float | None = 0.002
    tasks: tuple[FakeTask, ...] = STARTER_LIKE


def _attempt(instance_id: str, attempt: int, patch: str, spec: RunSpec) -> tuple[AttemptRow, list[ModelCallRow]]:
    traj = [{"role": "user", "content": f"Fix the issue in {instance_id}"},
            {"role": "assistant", "content": "<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE"}]
    half = None if spec.usd_per_attempt is None else spec.usd_per_attempt / 2
    calls = [ModelCallRow(instance_id=instance_id, attempt=attempt, stage=stage, model=spec.model, prompt_tokens=600,
                          completion_tokens=100, cost_usd=half, latency_s=latency)
             for stage, latency in (("localize", 0.8), ("repair", 1.6))]
    row = AttemptRow(instance_id=instance_id, attempt=attempt, solver=spec.solver, model=spec.model, patch=patch,
                     prompt_tokens=1200, completion_tokens=200, cost_usd=spec.usd_per_attempt, model_seconds=2.4,
                     wall_seconds=3.0 + attempt, calls=2, detail={"trajectory": traj, "stages": ["localize", "repair"]})
    return row, calls


def make_run(run_dir: Path, spec: RunSpec) -> Path:
    store = Store(run_dir)
    store.set_meta("kind", spec.kind)
    store.set_meta("suite", spec.suite)
    attempts = max(len(v) for v in spec.outcomes.values())
    if spec.kind == "run":
        store.set_meta("model", spec.model)
        store.set_meta("solver", spec.solver)
        store.set_meta("settings", {"attempts": attempts, "temperature": 0.0, "max_tokens": 8192})
        store.set_meta("started_at", "2025-06-01T12:00:00+00:00")
    store.save_tasks({t.instance_id: task_json(t, spec.suite) for t in spec.tasks})
    for instance_id, outcomes in spec.outcomes.items():
        for attempt, outcome in enumerate(outcomes):
            patch = fake_patch(instance_id, attempt)
            if spec.kind == "run":
                store.add_attempt(*_attempt(instance_id, attempt, patch, spec))
            if outcome is None:
                continue
            store.add_result(ResultRow(instance_id=instance_id, label=spec.label, attempt=attempt, repeat=0,
                                       patch_hash=patch_hash(patch), patch=patch,
                                       verdict=verdict(instance_id, patch, outcome)))
    store.close()
    return run_dir


def outcomes(resolved: set[str], tasks: tuple[FakeTask, ...] = STARTER_LIKE) -> dict[str, list[str | None]]:
    return {t.instance_id: ["resolved" if t.instance_id in resolved else "unresolved"] for t in tasks}
