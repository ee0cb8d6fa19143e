"""Headline metrics, breakdowns, the cutoff split and cost, on run directories with known outcomes."""

from __future__ import annotations

from datetime import date
from math import comb

import pytest

from swegauge.metrics import wilson_interval
from swegauge.report import ReportSettings, load_run, summarize_system
from swegauge.report.fmt import estimate_text
from swegauge.report.summary import find_interval
from tests.report.support import STARTER_LIKE, FakeTask, RunSpec, make_run, outcomes

IDS = [t.instance_id for t in STARTER_LIKE]
SIX = set(IDS[:6])  # every task but the two rmbfmt ones
FAST = ReportSettings(n_resamples=2_000)


def _summary(tmp_path, spec: RunSpec, settings: ReportSettings = FAST):
    return summarize_system(load_run(make_run(tmp_path / "run", spec)).systems[0], settings)


def _groups(summary, prefix: str) -> dict[str, tuple[int, float]]:
    b = next(b for b in summary.breakdowns if b.dimension.startswith(prefix))
    return {g.key: (g.n, g.value) for g in b.groups}


def test_headline_is_the_resolved_rate_with_wilson_and_every_other_interval(tmp_path):
    s = _summary(tmp_path, RunSpec(outcomes(SIX)))
    m = s.primary
    assert (m.name, m.value, m.n) == ("resolved rate", 0.75, 8)
    assert m.headline == wilson_interval(6, 8)
    assert estimate_text(m.headline) == "75.0% ± 26.0 (Wilson 95%: 40.9–92.9)"
    boot, clt, clustered = (find_interval(m, k) for k in ("bootstrap", "clt", "clustered"))
    assert boot is not None and boot.method == "bootstrap 95% (2,000 resamples, seed 0)"
    assert clt is not None and clt.method == "CLT normal 95%"
    # 8 tasks from 5 repositories: too few clusters, the exact interval stands in and says why
    assert clustered is not None and clustered.method == (
        "Clopper-Pearson exact 95% (clustered by repository n/a: 5 clusters, fewer than 10; clustering ignored)")
    assert (clustered.lower, clustered.upper) == pytest.approx((0.3491442, 0.9681460), abs=1e-6)
    assert s.counts == {"resolved": 6, "unresolved": 2, "error": 0, "missing": 0, "tasks": 8, "graded_tasks": 8,
                        "attempts": 8, "flaky": 0}


def test_breakdowns_by_language_repo_kind_size_and_files(tmp_path):
    s = _summary(tmp_path, RunSpec(outcomes(SIX)))
    assert _groups(s, "language") == {"go": (1, 1.0), "python": (4, 1.0), "rust": (2, 0.0), "typescript": (1, 1.0)}
    assert _groups(s, "repository")["starter/cadence"] == (3, 1.0)
    assert _groups(s, "task kind") == {"issue": (8, 0.75)}
    size = _groups(s, "gold patch size")
    assert list(size) == ["<5", "5-20", "20-100", ">100"]
    assert size == {"<5": (2, 1.0), "5-20": (3, 2 / 3), "20-100": (2, 1.0), ">100": (1, 0.0)}
    assert _groups(s, "files touched") == {"1 file": (4, 1.0), "2-3 files": (3, 2 / 3), "4+ files": (1, 0.0)}
    python = next(b for b in s.breakdowns if b.dimension == "language").groups[1]
    assert python.estimate == wilson_interval(4, 4)


def test_cutoff_splits_tasks_by_created_at_and_estimates_the_difference(tmp_path):
    undated = FakeTask("starter__undated-1", "starter/undated", "python", "", 4, 1)
    spec = RunSpec({**outcomes(SIX), undated.instance_id: ["resolved"]}, tasks=STARTER_LIKE + (undated,))
    s = _summary(tmp_path, spec, ReportSettings(n_resamples=2_000, cutoff=date(2024, 6, 1)))
    cut = next(b for b in s.breakdowns if b.dimension.startswith("created_at"))
    assert cut.dimension == "created_at vs cutoff 2024-06-01"
    assert {g.key: (g.n, g.value) for g in cut.groups} == {
        "before 2024-06-01": (5, 0.8), "on/after 2024-06-01": (3, 2 / 3), "no date": (1, 1.0)}
    assert cut.difference is not None and cut.difference.value == pytest.approx(2 / 3 - 0.8)
    assert cut.difference.method == "unpaired CLT 95%" and cut.difference.lower < cut.difference.value
    assert "after − before: -13.3 points" in cut.note


def test_no_cutoff_no_time_split(tmp_path):
    s = _summary(tmp_path, RunSpec(outcomes(SIX)))
    assert not any(b.dimension.startswith("created_at") for b in s.breakdowns)


def test_cost_per_task_and_per_resolved_task(tmp_path):
    c = _summary(tmp_path, RunSpec(outcomes(SIX), usd_per_attempt=0.002)).cost
    assert c.recorded and c.attempts == 8
    assert (c.prompt_tokens, c.completion_tokens) == (9600, 1600)
    assert c.usd_total == pytest.approx(0.016)
    assert c.usd_per_task is not None and c.usd_per_task.value == pytest.approx(0.002) and c.usd_per_task.n == 8
    assert c.usd_per_resolved == pytest.approx(0.016 / 6) and c.per_resolved_unit == "resolved task"
    assert c.wall_per_task is not None and c.wall_per_task.value == pytest.approx(3.0)
    assert (c.latency_mean, c.latency_p50, c.latency_p90) == pytest.approx((1.2, 1.2, 1.6))
    assert c.test_seconds_total == pytest.approx(4.0)


def test_unknown_prices_and_nothing_resolved_are_said_not_guessed(tmp_path):
    c = _summary(tmp_path, RunSpec(outcomes(set()), usd_per_attempt=None)).cost
    assert c.usd_total is None and c.usd_per_resolved is None and c.usd_per_task is None
    assert any("USD known for 0 of 8 attempts" in n for n in c.notes)
    assert any("nothing resolved" in n for n in c.notes)


def test_validation_runs_record_no_model_cost(tmp_path):
    s = _summary(tmp_path, RunSpec(outcomes(SIX), kind="validate", label="gold"))
    assert s.name == "gold" and not s.cost.recorded
    assert "no model cost recorded" in s.cost.notes[0]


def _pass_at(n: int, c: int, k: int) -> float:
    return 1.0 - comb(n - c, k) / comb(n, k)


def test_k_attempts_give_avg_at_k_and_unbiased_pass_at_k(tmp_path):
    per_task = {i: (["resolved"] * c + ["unresolved"] * (4 - c)) for i, c in zip(IDS, [0, 1, 2, 3, 4, 0, 1, 0])}
    s = _summary(tmp_path, RunSpec(per_task))
    names = [m.name for m in s.metrics]
    assert names == ["Avg@4 resolved rate (= pass@1)", "pass@2", "pass@4"]
    counts = [0, 1, 2, 3, 4, 0, 1, 0]
    assert s.primary.value == pytest.approx(sum(counts) / 32)
    assert s.primary.headline is not None and s.primary.headline.method.startswith("bootstrap")
    assert s.metrics[1].value == pytest.approx(sum(_pass_at(4, c, 2) for c in counts) / 8)
    assert s.metrics[2].value == pytest.approx(5 / 8)
    assert s.metrics[2].headline == wilson_interval(5, 8)  # pass@n is 0/1 per task
    assert s.cost.per_resolved_unit == "resolved attempt"
    assert s.cost.usd_per_resolved == pytest.approx(32 * 0.002 / 11)


def test_choice_tasks_report_exact_match_accuracy(tmp_path):
    tasks = tuple(FakeTask(f"lancer-{i}", f"org/app{i % 3}", "javascript", "2025-01-01T00:00:00Z", 10, 1,
                           kind="choice") for i in range(5))
    s = _summary(tmp_path, RunSpec({t.instance_id: ["resolved" if i < 2 else "unresolved"]
                                    for i, t in enumerate(tasks)}, tasks=tasks))
    assert s.primary.name == "exact-match accuracy" and s.primary.value == pytest.approx(0.4)


def test_mixed_kinds_get_a_metric_per_kind(tmp_path):
    choice = FakeTask("lancer-1", "org/app", "javascript", "2025-01-01T00:00:00Z", 10, 1, kind="choice")
    s = _summary(tmp_path, RunSpec({**outcomes(SIX), "lancer-1": ["resolved"]}, tasks=STARTER_LIKE + (choice,)))
    by_name = {m.name: m.value for m in s.metrics}
    assert by_name["score (resolved or exact match)"] == pytest.approx(7 / 9)
    assert by_name["resolved rate (issue/codegen tasks)"] == pytest.approx(0.75)
    assert by_name["exact-match accuracy (choice tasks)"] == 1.0


def test_one_repository_says_why_there_is_no_clustered_interval(tmp_path):
    tasks = STARTER_LIKE[:3]  # all starter/cadence
    s = _summary(tmp_path, RunSpec(outcomes(SIX, tasks), tasks=tasks))
    assert find_interval(s.primary, "clustered") is None
    assert any("one repository" in n for n in s.primary.notes)


def test_same_seed_same_intervals(tmp_path):
    spec = RunSpec({i: ["resolved", "unresolved"] for i in IDS[:4]} | {i: ["unresolved"] * 2 for i in IDS[4:]})
    system = load_run(make_run(tmp_path / "run", spec)).systems[0]
    a, b = (summarize_system(system, FAST).primary.headline for _ in range(2))
    assert a == b


def test_a_run_that_solves_nothing_prints_no_zero_width_interval(tmp_path):
    from rich.console import Console

    from swegauge.report.terminal import headline_table

    s = _summary(tmp_path, RunSpec(outcomes(set())), ReportSettings(n_resamples=2_000, cutoff=date(2024, 6, 1)))
    m = s.primary
    assert m.value == 0.0 and len(m.intervals) == 4
    for est in m.intervals:
        assert est.lower == 0.0 and est.upper > 0.3, est.method  # Wilson 0/8: 0.324; Clopper-Pearson: 0.369
    assert [est.method for est in m.intervals[1:]] == [
        "Clopper-Pearson exact 95% (bootstrap n/a: every score is 0)",
        "Clopper-Pearson exact 95% (CLT n/a: every score is 0)",
        "Clopper-Pearson exact 95% (clustered by repository n/a: every score is 0)"]
    cut = next(b for b in s.breakdowns if b.dimension.startswith("created_at"))
    assert cut.difference is not None and cut.difference.lower < 0.0 < cut.difference.upper
    assert "CLT n/a: in one group every score is 0" in cut.difference.method
    console = Console(record=True, width=400)
    console.print(headline_table([s]))
    text = console.export_text()
    assert "0.0–0.0" not in text and "[0.0–36.9]" in text and "bootstrap n/a: every score is 0" in text
