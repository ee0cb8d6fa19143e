"""The Task record: field-compatible with SWE-bench instances, plus swegauge's own fields."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from swegauge.tasks.codegen import CodegenSpec
from swegauge.tasks.difficulty import Difficulty, measure_patch

TaskKind = Literal["issue", "codegen", "choice"]


def _decode_list(value: Any) -> Any:
    """SWE-bench on the Hugging Face hub stores test lists as JSON-encoded strings; accept both."""
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        decoded = json.loads(text)
        if not isinstance(decoded, list):
            raise ValueError("expected a JSON list of test names")
        return decoded
    return value


class Task(BaseModel):
    """One unit of work. For `issue` tasks: a repo at base_commit plus an issue; graded by tests."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    instance_id: str = Field(min_length=1)
    repo: str = Field(min_length=1)
    base_commit: str = Field(min_length=4)
    patch: str = ""
    test_patch: str = ""
    problem_statement: str = ""
    hints_text: str = ""
    created_at: datetime | None = None
    version: str = ""
    environment_setup_commit: str = ""
    FAIL_TO_PASS: list[str] = Field(default_factory=list)
    PASS_TO_PASS: list[str] = Field(default_factory=list)

    # swegauge's own fields
    kind: TaskKind = "issue"
    language: str = "python"
    recipe: str = "auto"
    source: str = ""
    repo_source: str | None = None
    difficulty: Difficulty | None = None
    tags: list[str] = Field(default_factory=list)
    # `choice` tasks (SWE-Lancer Manager style): the proposals shown to the solver, each {"id", "text"},
    # and the id of the right one (hidden from solvers: not in ProblemView; graded by exact match).
    proposals: list[dict[str, Any]] = Field(default_factory=list)
    correct_proposal: str | None = None
    price: float | None = None
    """What the task pays (SWE-Lancer's price, USD): `report` sums it into money earned of money available."""
    # `codegen` tasks: hidden tests, limits, checker (see tasks/codegen.py); the reference program is `patch`.
    codegen: CodegenSpec | None = None

    @field_validator("FAIL_TO_PASS", "PASS_TO_PASS", mode="before")
    @classmethod
    def _lists_from_json(cls, value: Any) -> Any:
        return _decode_list(value)

    @field_validator("created_at", mode="before")
    @classmethod
    def _empty_date_is_none(cls, value: Any) -> Any:
        if value in ("", None):
            return None
        return value

    @field_validator("correct_proposal", mode="before")
    @classmethod
    def _proposal_id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        return "" if value is None else str(value)

    @model_validator(mode="after")
    def _fill_difficulty(self) -> Task:
        if self.kind == "codegen" and self.codegen is None:
            raise ValueError("a codegen task needs its `codegen` spec (tests, limits, checker)")
        if self.difficulty is None and self.patch and self.kind != "codegen":
            object.__setattr__(self, "difficulty", measure_patch(self.patch))
        return self

    @property
    def env_key(self) -> str:
        """Which environment this task runs in: repo plus version (or the environment commit).

        A task with neither (a Multi-SWE-bench record) falls back to its base commit here, one environment
        per instance; `swegauge.envs.auto.environment_key(task)` keys it by the dependency manifests at that
        commit instead, so instances whose manifests agree share one (it needs the tree, hence not here)."""
        pin = self.version or self.environment_setup_commit or self.base_commit
        return f"{self.repo}@{pin}"
