"""The CLI end to end on the bundled starter suite: real sandboxes, real environments."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from swegauge.cli import app
from swegauge.tasks import load_suite

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")]

runner = CliRunner()


@pytest.fixture(scope="module")
def python_task():
    tasks = [t for t in load_suite("starter").tasks if t.language == "python"]
    assert tasks, "the starter suite has Python tasks"
    return tasks[0]


def test_suites_lists_the_starter_suite():
    result = runner.invoke(app, ["suites"])
    assert result.exit_code == 0, result.output
    assert "starter" in result.output and "python" in result.output


def test_validate_json_agrees_with_the_table(tmp_path, python_task):
    out = tmp_path / "v.json"
    result = runner.invoke(app, ["validate", "starter", "--language", "python", "--limit", "1",
                                 "--run-dir", str(tmp_path / "run"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    [row] = data["tasks"]
    assert row["instance_id"] == python_task.instance_id
    assert row["gold_resolved"] and not row["empty_resolved"] and row["sound"]
    assert "1/1 tasks sound" in result.output


def test_evaluate_reports_swebench_keys(tmp_path, python_task):
    predictions = tmp_path / "preds.jsonl"
    records = [{"instance_id": python_task.instance_id, "model_name_or_path": "gold", "model_patch": python_task.patch},
               {"instance_id": "no-such-task", "model_name_or_path": "gold", "model_patch": "x"},
               "not a record"]
    predictions.write_text("\n".join(json.dumps(r) for r in records))
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["evaluate", "--suite", "starter", "--predictions", str(predictions),
                                 "--run-dir", str(tmp_path / "run"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["resolved_ids"] == [python_task.instance_id]
    assert "line 3" in " ".join(report["skipped_predictions"]) and "no-such-task" in result.output
    detail = report["instances"][python_task.instance_id]
    assert all(status == "PASSED" for status in detail["fail_to_pass"].values())


def test_exec_runs_in_the_task_sandbox_and_passes_the_exit_code(python_task, monkeypatch):
    monkeypatch.setenv("SWEGAUGE_SECRET_PROBE", "hunter2")
    result = runner.invoke(app, ["exec", python_task.instance_id, "--", "bash", "-c",
                                 "ls /workspace >/dev/null && echo in-sandbox $SWEGAUGE_SECRET_PROBE; exit 3"])
    assert result.exit_code == 3
    assert "in-sandbox" in result.output and "hunter2" not in result.output


def test_unknown_task_is_a_clear_error():
    result = runner.invoke(app, ["exec", "nope", "--", "true"])
    assert result.exit_code == 2 and "no task 'nope'" in result.output


def _results(run_dir: Path) -> list[tuple]:
    db = sqlite3.connect(run_dir / "results.sqlite")
    try:
        return db.execute("SELECT instance_id, label, repeat FROM results").fetchall()
    except sqlite3.OperationalError:  # the file exists but its tables are not made yet
        return []
    finally:
        db.close()


def test_kill_9_mid_run_then_rerun_loses_and_duplicates_nothing(tmp_path):
    run_dir = tmp_path / "run"
    cmd = [sys.executable, "-m", "swegauge.cli", "validate", "starter", "--language", "python",
           "--repeat", "2", "--workers", "1", "--run-dir", str(run_dir)]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if (run_dir / "results.sqlite").exists() and len(_results(run_dir)) >= 2:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stored_before = len(_results(run_dir))
    assert stored_before >= 2
    done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    rows = _results(run_dir)
    expected = 2 * 2 * len([t for t in load_suite("starter").tasks if t.language == "python"])
    assert len(rows) == len(set(rows)) == expected, done.stdout + done.stderr
    assert f"{stored_before} of {expected} results already stored" in done.stderr


def test_run_with_a_missing_key_or_unknown_solver_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("MOONSHOT_API_KEY", raising=False)
    result = runner.invoke(app, ["run", "starter", "--model", "moonshot/kimi-k2-0711-preview", "--solver", "agentless",
                                 "--limit", "1", "--run-dir", str(tmp_path / "a")])
    assert result.exit_code == 2 and "MOONSHOT_API_KEY" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["run", "starter", "--solver", "nosuch", "--limit", "1", "--run-dir", str(tmp_path / "b")])
    assert result.exit_code == 2 and "unknown solver 'nosuch'" in result.output


def test_the_command_line_loads_without_scipy_stats_or_openai():
    """Both cost seconds to import and most commands never use them: they load on first use."""
    probe = "import sys, swegauge.cli; print(sorted(m for m in ('scipy.stats', 'openai') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
