"""`swegauge report RUN... [--json] [--html] [--cutoff]` end to end on stored runs."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from swegauge.report.cli import register
from tests.report.support import STARTER_LIKE, RunSpec, make_run, outcomes

IDS = [t.instance_id for t in STARTER_LIKE]


def _invoke(*args: str):
    app = typer.Typer()
    register(app)
    return CliRunner().invoke(app, list(args))


def _two_runs(tmp_path):
    a = make_run(tmp_path / "kimi", RunSpec(outcomes(set(IDS[:6])), model="kimi", usd_per_attempt=0.004))
    b = make_run(tmp_path / "local", RunSpec(outcomes(set(IDS[:2])), model="local", usd_per_attempt=None))
    return a, b


def test_report_prints_tables_with_methods_and_splits_by_cutoff(tmp_path):
    a, b = _two_runs(tmp_path)
    result = _invoke("report", str(a), str(b), "--cutoff", "2024-06-01")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "75.0% ± 26.0 (Wilson 95%: 40.9–92.9)" in out
    assert "25.0% ± 26.0 (Wilson 95%: 7.1–59.1)" in out
    for title in ("by language", "by repository", "by task kind", "by gold patch size (changed lines)",
                  "by files touched by the gold patch", "by created_at vs cutoff 2024-06-01"):
        assert title in out
    assert "before 2024-06-01" in out and "on/after 2024-06-01" in out
    assert "$0.0053 per resolved task" in out  # 8 x $0.004 / 6 resolved
    assert "USD known for 0 of 8 attempts" in out
    assert "paired comparison: A = kimi / agentless vs B = local / agentless" in out


def test_report_json_document_shape(tmp_path):
    a, b = _two_runs(tmp_path)
    out = tmp_path / "report.json"
    result = _invoke("report", str(a), str(b), "--json", str(out), "--cutoff", "2024-06-01")
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["schema"] == "swegauge.report/1"
    assert doc["settings"]["cutoff"] == "2024-06-01" and doc["settings"]["confidence"] == 0.95
    run = doc["runs"][0]
    assert {"name", "kind", "suite", "model", "solver", "k", "counts", "primary", "metrics", "breakdowns", "cost",
            "tasks", "notes"} <= set(run)
    assert run["primary"]["text"] == "75.0% ± 26.0 (Wilson 95%: 40.9–92.9)"
    assert run["primary"]["headline"]["method"] == "Wilson 95%"
    assert [i["method"].split(" ")[0] for i in run["primary"]["intervals"]] == ["Wilson", "bootstrap", "CLT",
                                                                                "Clopper-Pearson"]
    dims = [b["dimension"] for b in run["breakdowns"]]
    assert dims[-1] == "created_at vs cutoff 2024-06-01"
    cut = run["breakdowns"][-1]
    assert [(g["key"], g["n"]) for g in cut["groups"]] == [("before 2024-06-01", 5), ("on/after 2024-06-01", 3)]
    assert cut["difference"]["method"] == "unpaired CLT 95%"
    assert run["cost"]["usd_per_resolved"] == pytest.approx(0.032 / 6)
    assert run["cost"]["usd_per_task"]["value"] == pytest.approx(0.004)
    assert len(run["tasks"]) == 8 and run["tasks"][0]["attempts"][0]["outcome"] in ("resolved", "unresolved")
    assert doc["runs"][1]["cost"]["usd_total"] is None
    [cmp] = doc["comparisons"]
    assert cmp["a"] == "kimi / agentless" and cmp["suites"][0]["paired"]["p_value"] == 0.125


def test_report_writes_a_self_contained_html_page(tmp_path):
    a, b = _two_runs(tmp_path)
    page = tmp_path / "out" / "report.html"
    result = _invoke("report", str(a), str(b), "--html", str(page))
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert html.startswith("<!doctype html>")
    assert "Content-Security-Policy" in html and "<script" not in html
    assert "<link" not in html and "src=" not in html
    assert html.count("<svg") >= 7  # score + 5 breakdowns + cost scatter
    assert "Wilson 95%: 40.9–92.9" in html


def test_report_rejects_a_bad_cutoff_and_a_missing_run(tmp_path):
    a, _ = _two_runs(tmp_path)
    bad = _invoke("report", str(a), "--cutoff", "June 2024")
    assert bad.exit_code == 2 and "2024-06-01" in bad.output
    missing = _invoke("report", str(tmp_path / "nope"))
    assert missing.exit_code == 2 and "not a run directory" in missing.output


def test_register_adds_both_commands_with_their_options():
    result = _invoke("--help")
    assert result.exit_code == 0 and "report" in result.output and "compare" in result.output
    report_help = " ".join(_invoke("report", "--help").output.split())
    for option in ("--json", "--html", "--cutoff", "--confidence", "--seed"):
        assert option in report_help
    compare_help = " ".join(_invoke("compare", "--help").output.split())
    for option in ("--json", "--label-a", "--label-b"):
        assert option in compare_help
