"""Evaluate SWE-bench style predictions (instance_id, model_name_or_path, model_patch) on a suite."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from swegauge.grading.grader import patch_hash
from swegauge.runner.grading_jobs import GradingJob
from swegauge.store import ResultRow
from swegauge.tasks import Task


class Prediction(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    instance_id: str
    model_name_or_path: str = "unknown"
    model_patch: str | None = ""


class PredictionError(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: record {self.record}: field {self.field}: {self.message}"


def _raw_records(path: Path) -> list[tuple[str, object]]:
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("["):
        return [(f"#{i}", rec) for i, rec in enumerate(json.loads(text))]
    if stripped.startswith("{") and not path.suffix == ".jsonl":
        try:  # a dict keyed by instance_id, as some SWE-bench tools write
            data = json.loads(text)
            return [(f"{k}", v) for k, v in data.items()]
        except json.JSONDecodeError:
            pass
    records: list[tuple[str, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                records.append((f"line {number}", json.loads(line)))
            except json.JSONDecodeError as err:
                records.append((f"line {number}", err))
    return records


def load_predictions(path: Path) -> tuple[list[Prediction], list[PredictionError]]:
    """Read a JSON list, a JSON dict or JSONL of predictions; bad records are reported, the rest kept."""
    predictions, errors = [], []
    for where, record in _raw_records(path):
        if isinstance(record, json.JSONDecodeError):
            errors.append(PredictionError(file=str(path), record=where, field="-", message=f"invalid JSON: {record}"))
            continue
        try:
            predictions.append(Prediction.model_validate(record))
        except ValidationError as err:
            first = err.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "-"
            errors.append(PredictionError(file=str(path), record=where, field=field, message=first["msg"]))
    return predictions, errors


def evaluation_jobs(tasks: list[Task], predictions: list[Prediction]) -> tuple[list[GradingJob], list[str]]:
    """One job per prediction whose task is in the suite; returns the ids not found in the suite."""
    by_id = {t.instance_id: t for t in tasks}
    jobs, unknown = [], []
    for p in predictions:
        task = by_id.get(p.instance_id)
        if task is None:
            unknown.append(p.instance_id)
            continue
        jobs.append(GradingJob(task=task, label=p.model_name_or_path, patch=p.model_patch or ""))
    return jobs, unknown


def swebench_report(tasks: list[Task], predictions: list[Prediction], rows: list[ResultRow]) -> dict:
    """SWE-bench's report keys, plus swegauge's per-test detail under "instances"."""
    submitted = sorted({p.instance_id for p in predictions if p.instance_id in {t.instance_id for t in tasks}})
    # The verdict of the patch in this predictions file (a store keeps earlier patches' rows too; the last
    # prediction for an instance is the one that counts).
    wanted = {p.instance_id: (p.model_name_or_path, patch_hash(p.model_patch or "")) for p in predictions}
    latest = {r.instance_id: r for r in rows if wanted.get(r.instance_id) == (r.label, r.patch_hash)}
    empty = sorted(i for i, r in latest.items() if r.verdict.empty_patch)
    resolved = sorted(i for i, r in latest.items() if r.verdict.resolved)
    errors = sorted(i for i, r in latest.items() if r.verdict.outcome == "error" and not r.verdict.empty_patch)
    unresolved = sorted(i for i, r in latest.items() if r.verdict.outcome == "unresolved" and not r.verdict.empty_patch)
    completed = sorted(set(resolved) | set(unresolved))
    return {
        "total_instances": len(tasks),
        "submitted_instances": len(submitted),
        "completed_instances": len(completed),
        "resolved_instances": len(resolved),
        "unresolved_instances": len(unresolved),
        "empty_patch_instances": len(empty),
        "error_instances": len(errors),
        "completed_ids": completed,
        "incomplete_ids": sorted(set(submitted) - set(latest)),
        "empty_patch_ids": empty,
        "submitted_ids": submitted,
        "resolved_ids": resolved,
        "unresolved_ids": unresolved,
        "error_ids": errors,
        "schema_version": 2,
        "instances": {i: r.verdict.model_dump(mode="json", exclude={"log_tail"}) for i, r in sorted(latest.items())},
    }
