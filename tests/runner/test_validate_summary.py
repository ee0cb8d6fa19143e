from __future__ import annotations

from swegauge.grading.parsers import TestStatus
from swegauge.grading.verdict import Verdict
from swegauge.runner.store import ResultRow
from swegauge.runner.validate import flaky_tests, summarize, validation_jobs
from swegauge.tasks import Task

P, F = TestStatus.PASSED, TestStatus.FAILED


def _row(label, repeat, outcome, tests, reason=None):
    verdict = Verdict(instance_id="t", patch_hash="h", outcome=outcome, tests=tests, reason=reason)
    return ResultRow(instance_id="t", label=label, attempt=0, repeat=repeat, patch_hash="h", patch="", verdict=verdict)


def test_jobs_cover_gold_and_empty_for_each_repeat():
    task = Task(instance_id="t", repo="o/r", base_commit="abcd", patch="p")
    jobs = validation_jobs([task], repeat=3)
    assert sorted((j.label, j.repeat) for j in jobs) == sorted([(l, r) for l in ("gold", "empty") for r in range(3)])


def test_a_test_that_flips_between_repeats_is_flaky():
    rows = [_row("gold", 0, "resolved", {"a": P, "b": P}), _row("gold", 1, "resolved", {"a": P, "b": F})]
    assert flaky_tests(rows) == ["b"]


def test_summary_marks_sound_and_unsound_tasks():
    task = Task(instance_id="t", repo="o/r", base_commit="abcd", patch="p")
    good = [_row("gold", 0, "resolved", {"a": P}), _row("empty", 0, "unresolved", {"a": F})]
    assert summarize([task], good)[0].sound
    broken = [_row("gold", 0, "error", {}, reason="environment error: x"), _row("empty", 0, "unresolved", {"a": F})]
    summary = summarize([task], broken)[0]
    assert not summary.sound and not summary.gold_resolved and "environment error" in summary.errors[0]
