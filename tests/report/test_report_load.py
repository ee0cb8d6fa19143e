"""Reading run directories: systems per label, attempts, scoring rules, costs."""

from __future__ import annotations

import pytest

from swegauge.report import RunDirError, load_run, select_system
from swegauge.report.load import display_names
from swegauge.store import ResultRow, Store
from tests.report.support import STARTER_LIKE, RunSpec, fake_patch, make_run, outcomes, patch_hash, verdict

IDS = [t.instance_id for t in STARTER_LIKE]


def test_a_run_has_one_candidate_system_named_by_model_and_solver(tmp_path):
    run = load_run(make_run(tmp_path / "r", RunSpec(outcomes(set(IDS[:3])))))
    assert [s.name for s in run.systems] == ["local / agentless"]
    system = run.systems[0]
    assert (system.kind, system.suite, system.k, system.label) == ("run", "starter", 1, "candidate")
    assert list(system.tasks) == sorted(IDS)
    assert sum(a.score for i in IDS for a in system.attempts[i]) == 3
    t = system.tasks["starter__rmbfmt-1"]
    assert (t.repo, t.language, t.lines_changed, t.files_changed, t.size_bucket, t.files_bucket) == (
        "starter/rmbfmt", "rust", 130, 5, ">100", "4+ files")
    cost = system.attempts["starter__rmbfmt-1"][0].cost
    assert cost is not None and cost.prompt_tokens == 1200 and cost.latencies == (0.8, 1.6)
    assert system.attempts["starter__rmbfmt-1"][0].detail["trajectory"][0]["role"] == "user"


def test_missing_and_error_attempts_score_zero_and_are_labelled(tmp_path):
    spec = RunSpec({IDS[0]: ["resolved", None, "error"], IDS[1]: ["unresolved", "resolved", "resolved"]})
    system = load_run(make_run(tmp_path / "r", spec)).systems[0]
    assert system.k == 3
    assert [a.outcome for a in system.attempts[IDS[0]]] == ["resolved", "missing", "error"]
    assert [a.score for a in system.attempts[IDS[0]]] == [1.0, 0.0, 0.0]
    # tasks of the run with no result at all are still there, every attempt "missing"
    assert all(a.outcome == "missing" for a in system.attempts[IDS[5]])
    assert not system.graded(IDS[5]) and system.graded(IDS[0])


def _result(store: Store, instance_id: str, label: str, outcome: str, *, repeat: int = 0, patch: str = "p") -> None:
    store.add_result(ResultRow(instance_id=instance_id, label=label, attempt=0, repeat=repeat,
                               patch_hash=patch_hash(patch), patch=patch, verdict=verdict(instance_id, patch, outcome)))


def test_validation_run_has_gold_then_empty_and_flaky_repeats_do_not_count(tmp_path):
    store = Store(tmp_path / "v")
    store.set_meta("kind", "validate")
    store.set_meta("suite", "starter")
    _result(store, "a", "gold", "resolved", repeat=0)
    _result(store, "a", "gold", "unresolved", repeat=1)  # flaky: not a pass
    _result(store, "b", "gold", "resolved", repeat=0)
    _result(store, "b", "gold", "resolved", repeat=1)
    _result(store, "a", "empty", "unresolved", patch="")
    store.close()
    run = load_run(tmp_path / "v")
    assert [s.label for s in run.systems] == ["gold", "empty"]
    gold = run.systems[0]
    a, b = gold.attempts["a"][0], gold.attempts["b"][0]
    assert (a.outcome, a.flaky, a.repeats) == ("unresolved", True, 2)
    assert (b.outcome, b.flaky, b.repeats) == ("resolved", False, 2)
    assert select_system(run).label == "gold"
    assert select_system(run, "empty").label == "empty"
    with pytest.raises(RunDirError, match="labels: gold, empty"):
        select_system(run, "nope")


def test_the_attempt_patch_picks_its_result_when_a_rerun_graded_another_patch(tmp_path):
    run_dir = make_run(tmp_path / "r", RunSpec({IDS[0]: ["unresolved"]}, tasks=STARTER_LIKE[:1]))
    store = Store(run_dir)
    other = "diff --git a/other b/other\n"  # a stale candidate graded earlier for the same attempt
    store.add_result(ResultRow(instance_id=IDS[0], label="candidate", attempt=0, repeat=0,
                               patch_hash=patch_hash(other), patch=other, verdict=verdict(IDS[0], other, "resolved")))
    store.close()
    attempt = load_run(run_dir).systems[0].attempts[IDS[0]][0]
    assert attempt.patch == fake_patch(IDS[0], 0) and attempt.outcome == "unresolved"


def test_not_a_run_directory_is_a_clear_error(tmp_path):
    with pytest.raises(RunDirError, match="not a run directory"):
        load_run(tmp_path)
    assert not (tmp_path / "results.sqlite").exists()  # reading never creates a store


def test_display_names_disambiguate_same_model_runs(tmp_path):
    a = load_run(make_run(tmp_path / "first", RunSpec(outcomes(set())))).systems[0]
    b = load_run(make_run(tmp_path / "second", RunSpec(outcomes(set())))).systems[0]
    assert display_names([a, b]) == ["local / agentless (first)", "local / agentless (second)"]


def test_a_baseline_run_without_a_model_is_named_by_its_solver(tmp_path):
    run = load_run(make_run(tmp_path / "r", RunSpec(outcomes(set()), model="none", solver="gold")))
    assert run.systems[0].name == "gold"
