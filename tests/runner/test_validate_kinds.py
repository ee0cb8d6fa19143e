"""`swegauge validate` on the bundled codegen and choice suites: references accepted, empty answers rejected."""

from __future__ import annotations

import json

from rich.console import Console

from swegauge.runner.commands import ValidateSettings, validate
from swegauge.store import Store


def run_validate(tmp_path, suite: str, **options) -> dict:
    out = tmp_path / "validation.json"
    settings = ValidateSettings(suite=suite, run_dir=tmp_path / "run", json_out=out, **options)
    code = validate(settings, console=Console(file=open(tmp_path / "log.txt", "w"), width=200))
    return {"code": code, **json.loads(out.read_text())}


def test_codegen_references_accepted_and_empty_programs_rejected(tmp_path):
    report = run_validate(tmp_path, "starter-codegen", language="python", limit=3)
    assert report["code"] == 0 and len(report["tasks"]) == 3
    for task in report["tasks"]:
        assert task["gold_resolved"] and not task["empty_resolved"] and task["sound"], task
    reasons = [r.verdict.reason for r in Store(tmp_path / "run").results(label="empty")]
    assert len(reasons) == 3 and all(r == "compile error: the program is empty" for r in reasons)


def test_choice_right_answers_accepted_and_no_answer_rejected(tmp_path):
    report = run_validate(tmp_path, "starter-choice")
    assert report["code"] == 0 and len(report["tasks"]) == 12
    assert all(t["sound"] for t in report["tasks"])
    reasons = [r.verdict.reason for r in Store(tmp_path / "run").results(label="empty")]
    assert len(reasons) == 12 and all(r.startswith("no proposal chosen") for r in reasons)
