"""Paired comparison of two runs: shared tasks, per suite, plain-words sentence, sample-size note, CLI."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import typer
from typer.testing import CliRunner

from swegauge.metrics import tasks_needed
from swegauge.report import ReportSettings, compare_systems, load_run
from swegauge.report.cli import register
from tests.report.support import STARTER_LIKE, FakeTask, RunSpec, make_run, outcomes

IDS = [t.instance_id for t in STARTER_LIKE]
FAST = ReportSettings(n_resamples=2_000)


def _system(path, spec):
    return load_run(make_run(path, spec)).systems[0]


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_paired_result_on_the_eight_starter_like_tasks(tmp_path):
    a = _system(tmp_path / "a", RunSpec(outcomes(set(IDS[:6])), model="kimi"))
    b = _system(tmp_path / "b", RunSpec(outcomes(set(IDS[:2])), model="local"))
    cmp = compare_systems(a, b, FAST)
    assert (cmp.name_a, cmp.name_b, cmp.only_a, cmp.only_b) == ("kimi / agentless", "local / agentless", 0, 0)
    [suite] = cmp.suites
    assert suite.suite == "starter" and suite.n_shared == 8
    p = suite.paired
    assert p is not None and p.mcnemar is not None and (p.mcnemar.b, p.mcnemar.c) == (4, 0)
    assert p.p_value == pytest.approx(2 / 16)  # exact two-sided binomial, 4 of 4 discordant
    assert p.difference.value == pytest.approx(0.5) and p.difference.method.startswith("paired bootstrap 95%")
    assert not p.significant
    assert suite.sentence.startswith("no detectable difference between kimi / agentless and local / agentless "
                                     "at this sample size")
    var_d = 4 * 0.5**2 / 7 + 4 * 0.5**2 / 7  # d is 1 on four tasks, 0 on four: var = 2/7
    assert suite.var_diff == pytest.approx(var_d)
    assert suite.plan == tuple((d, tasks_needed(d, var_d, power=0.8, alpha=0.05)) for d in (0.03, 0.05, 0.10))
    assert f"{suite.plan[0][1]:,} tasks" in suite.sample_note
    assert suite.clustered is not None and "clustered by repository" in suite.clustered.clt.method


def test_a_clear_win_is_named_with_its_interval_and_p_value(tmp_path):
    tasks = tuple(FakeTask(f"t-{i}", f"o/r{i % 4}", "python", "2024-01-01T00:00:00Z", 5, 1) for i in range(24))
    a = _system(tmp_path / "a", RunSpec(outcomes({t.instance_id for t in tasks}, tasks), tasks=tasks, model="big"))
    b = _system(tmp_path / "b", RunSpec(outcomes({t.instance_id for t in tasks[:4]}, tasks), tasks=tasks,
                                        model="small"))
    sentence = compare_systems(a, b, FAST).suites[0].sentence
    assert sentence.startswith("big / agentless beats small / agentless by 83.3 points (95% CI ")
    assert "p<0.001, n=24 tasks" in sentence


def test_identical_runs_say_there_is_nothing_to_plan_from(tmp_path):
    a = _system(tmp_path / "a", RunSpec(outcomes(set(IDS[:3]))))
    b = _system(tmp_path / "b", RunSpec(outcomes(set(IDS[:3]))))
    suite = compare_systems(a, b, FAST).suites[0]
    assert suite.paired is not None and suite.paired.difference.value == 0.0 and suite.plan == ()
    assert "same on every one of the 8 shared tasks" in suite.sample_note


def test_a_constant_difference_is_not_called_the_same_score(tmp_path):
    a = _system(tmp_path / "a", RunSpec(outcomes(set(IDS))))
    b = _system(tmp_path / "b", RunSpec(outcomes(set()), model="m2"))
    note = compare_systems(a, b, FAST).suites[0].sample_note
    assert "differ by the same +100.0 points on each of the 8 shared tasks" in note


def test_only_tasks_graded_by_both_runs_are_paired(tmp_path):
    a = _system(tmp_path / "a", RunSpec(outcomes(set(IDS[:6]))))
    partial = {i: v for i, v in outcomes(set(IDS[:2])).items() if i not in IDS[6:]}  # B never graded two
    b = _system(tmp_path / "b", RunSpec(partial))
    cmp = compare_systems(a, b, FAST)
    assert cmp.suites[0].n_shared == 6 and (cmp.only_a, cmp.only_b) == (2, 0)
    assert any("2 tasks graded only in" in n for n in cmp.notes)


def test_each_suite_is_compared_and_so_are_all_shared_tasks(tmp_path):
    tasks = tuple(replace(t, suite="starter" if i < 4 else "mined") for i, t in enumerate(STARTER_LIKE))
    a = _system(tmp_path / "a", RunSpec(outcomes(set(IDS[:6]), tasks), tasks=tasks))
    b = _system(tmp_path / "b", RunSpec(outcomes(set(IDS[:2]), tasks), tasks=tasks, model="m2"))
    names = [(s.suite, s.n_shared) for s in compare_systems(a, b, FAST).suites]
    assert names == [("all shared tasks", 8), ("mined", 4), ("starter", 4)]


def test_k_attempt_runs_compare_avg_at_k_with_a_paired_t_test(tmp_path):
    a = _system(tmp_path / "a", RunSpec({i: ["resolved", "unresolved"] for i in IDS}))
    b = _system(tmp_path / "b", RunSpec(outcomes(set(IDS[:2]))))
    cmp = compare_systems(a, b, FAST)
    assert cmp.metric == "Avg@k per task (mean over attempts)"
    assert any("Avg@2 for A and Avg@1 for B" in n for n in cmp.notes)
    p = cmp.suites[0].paired
    assert p is not None and p.mcnemar is None and p.test == "two-sided paired t-test, t(7 df)"


def test_compare_command_prints_the_paired_result_and_writes_json(tmp_path):
    run_a = make_run(tmp_path / "a", RunSpec(outcomes(set(IDS[:6])), model="kimi"))
    run_b = make_run(tmp_path / "b", RunSpec(outcomes(set(IDS[:2])), model="local"))
    out = tmp_path / "cmp.json"
    result = CliRunner().invoke(_cli(), ["compare", str(run_a), str(run_b), "--json", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "paired comparison: A = kimi / agentless vs B = local / agentless" in text
    assert "McNemar exact" in text and "+50.0 pts" in text
    assert "starter: no detectable difference between kimi / agentless and local / agentless" in text
    assert "Sample size (Miller 2024" in text
    doc = json.loads(out.read_text())
    assert doc["schema"] == "swegauge.compare/1" and [r["name"] for r in doc["runs"]] == [
        "kimi / agentless", "local / agentless"]
    suite = doc["comparison"]["suites"][0]
    assert suite["paired"]["mcnemar"]["b"] == 4 and suite["paired"]["mcnemar"]["c"] == 0
    assert suite["sentence"].startswith("no detectable difference")
    assert [p["difference"] for p in suite["plan"]] == [0.03, 0.05, 0.1]


def test_compare_command_rejects_a_directory_without_a_store(tmp_path):
    run_a = make_run(tmp_path / "a", RunSpec(outcomes(set(IDS[:6]))))
    result = CliRunner().invoke(_cli(), ["compare", str(run_a), str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "not a run directory" in result.output
