from __future__ import annotations

from swegauge.grading.parsers import TestStatus
from swegauge.grading.verdict import Verdict
from swegauge.store import ResultRow
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


def _graded(label, outcome, f2p, p2p, tests=None, repeat=0):
    verdict = Verdict(instance_id="t", patch_hash="h", outcome=outcome, fail_to_pass=f2p, pass_to_pass=p2p,
                      tests=tests if tests is not None else {"tests/test_a.py::test_other": P})
    return ResultRow(instance_id="t", label=label, attempt=0, repeat=repeat, patch_hash="h", patch="", verdict=verdict)


LISTED = Task(instance_id="t", repo="o/r", base_commit="abcd", patch="p",
              FAIL_TO_PASS=["test_new", "test_gone[/path]"], PASS_TO_PASS=["test_old", "test_broken", "test_typo"])


def test_listed_tests_no_run_reported_are_a_dataset_defect():
    rows = [
        _graded("gold", "unresolved", {"test_new": P, "test_gone[/path]": None},
                {"test_old": P, "test_broken": F, "test_typo": None}),
        _graded("empty", "unresolved", {"test_new": F, "test_gone[/path]": None},
                {"test_old": P, "test_broken": None, "test_typo": None}),
    ]
    summary = summarize([LISTED], rows)[0]
    # test_broken failed in the gold run: it exists, so it is not a defect
    assert summary.missing_tests == ["test_gone[/path]", "test_typo"]
    assert not summary.sound


def test_runs_without_results_say_nothing_about_missing_tests():
    errored = _graded("gold", "error", {}, {}, tests={})
    not_applied = _graded("empty", "unresolved", {}, {}, tests={})
    assert summarize([LISTED], [errored, not_applied])[0].missing_tests == []
    # a repeat that saw the test clears it
    rows = [_graded("gold", "resolved", {"test_new": None}, {}, repeat=0),
            _graded("gold", "resolved", {"test_new": P}, {}, repeat=1)]
    assert "test_new" not in summarize([LISTED], rows)[0].missing_tests


def test_validation_table_escapes_dataset_text_and_shows_defects():
    from rich.console import Console

    from swegauge.runner.views import validation_table

    task = Task(instance_id="org__repo-[b]1", repo="o/r", base_commit="abcd", patch="p",
                FAIL_TO_PASS=["test_x[/tmp/a]"], PASS_TO_PASS=["test_y[/bold]"])
    rows = [_graded("gold", "unresolved", {"test_x[/tmp/a]": None}, {"test_y[/bold]": F}),
            _graded("empty", "unresolved", {"test_x[/tmp/a]": None}, {"test_y[/bold]": F})]
    rows = [r.model_copy(update={"instance_id": task.instance_id}) for r in rows]
    summary = summarize([task], rows)
    summary = [summary[0].model_copy(update={"flaky_tests": ["test_f[/i]"], "errors": ["gold: [/red] oops"]})]
    console = Console(width=400, record=True)
    console.print(validation_table(summary, title="validate [x]"))  # raised MarkupError before escaping
    text = console.export_text()
    for shown in ("org__repo-[b]1", "1 listed tests never ran:", "test_x[/tmp/a]", "test_f[/i]", "gold: [/red] oops",
                  "validate [x]"):
        assert shown in text


def test_run_table_prints_dataset_text_that_looks_like_markup():
    from rich.console import Console

    from swegauge.runner.run_summary import RunRow, run_table

    console = Console(record=True, width=200)
    row = RunRow(instance_id="x__y-[/bold]", language="python", attempts=1, resolved=0, errors=0, prompt_tokens=0,
                 completion_tokens=0, cost_usd=None, wall_seconds=0.0, first_reason="test_x[/path] failed")
    console.print(run_table([row], title="run [/red]"))
    text = console.export_text()
    assert "x__y-[/bold]" in text and "test_x[/path]" in text
