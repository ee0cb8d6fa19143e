from __future__ import annotations

from pathlib import Path

from swegauge.grading.parsers import ParsedTests, TestStatus
from swegauge.grading.verdict import Verdict, decide
from swegauge.sandbox import ExecResult

P, F = TestStatus.PASSED, TestStatus.FAILED


def _result(code: int | None, ended_by: str = "exit") -> ExecResult:
    return ExecResult(exit_code=code, stdout="", stderr="", duration_s=0.1, ended_by=ended_by)


def _decide(statuses, code=0, **kw):
    parsed = ParsedTests(statuses=statuses, structured=True)
    return decide(expected_f2p=["t.py::f2p"], expected_p2p=["t.py::p2p"], parsed=parsed, result=_result(code), **kw)


def test_all_listed_pass_is_resolved():
    outcome, reason, f2p, p2p = _decide({"t.py::f2p": P, "t.py::p2p": P, "t.py::other": P})
    assert outcome == "resolved" and reason is None
    assert f2p == {"t.py::f2p": P} and p2p == {"t.py::p2p": P}


def test_unlisted_failure_does_not_matter_but_listed_failure_does():
    outcome, *_ = _decide({"t.py::f2p": P, "t.py::p2p": P, "t.py::other": F}, code=1)
    assert outcome == "resolved"
    outcome, reason, *_ = _decide({"t.py::f2p": P, "t.py::p2p": F}, code=1)
    assert outcome == "unresolved" and "t.py::p2p" in reason


def test_listed_test_that_did_not_run_counts_as_failed():
    outcome, reason, f2p, _ = _decide({"t.py::p2p": P})
    assert outcome == "unresolved" and f2p == {"t.py::f2p": None} and "did not run" in reason


def test_no_results_is_the_candidates_fault_unless_the_command_cannot_run():
    outcome, reason, *_ = _decide({}, code=4)
    assert outcome == "unresolved" and "no test results" in reason
    outcome, reason, *_ = _decide({}, code=127)
    assert outcome == "error" and "could not run" in reason


def test_report_that_disagrees_with_exit_status_is_not_trusted_even_with_the_check_off():
    outcome, reason, *_ = _decide({"t.py::f2p": P, "t.py::p2p": P}, code=1)
    assert outcome == "unresolved" and "untrusted" in reason
    outcome, reason, *_ = _decide({"t.py::f2p": P, "t.py::p2p": P}, code=1, check_exit_status=False)
    assert outcome == "unresolved" and "untrusted" in reason


def test_a_unit_that_failed_as_a_whole_explains_a_nonzero_exit():
    parsed = ParsedTests(statuses={"t.py::f2p": P, "t.py::p2p": P}, structured=True, failed_units=["pkg/other"])
    outcome, *_ = decide(expected_f2p=["t.py::f2p"], expected_p2p=["t.py::p2p"], parsed=parsed, result=_result(1))
    assert outcome == "resolved"


def test_the_runners_own_exit_status_must_match_the_process():
    parsed = ParsedTests(statuses={"t.py::f2p": P, "t.py::p2p": P}, structured=True, runner_exit=1,
                         started=True, finished=True)
    outcome, reason, *_ = decide(expected_f2p=["t.py::f2p"], expected_p2p=["t.py::p2p"], parsed=parsed,
                                 result=_result(0))
    assert outcome == "unresolved" and "computed exit status 1" in reason


def test_a_run_that_did_not_finish_or_never_started():
    unfinished = ParsedTests(statuses={"t.py::f2p": P, "t.py::p2p": P}, structured=True, started=True, finished=False)
    outcome, reason, *_ = decide(expected_f2p=["t.py::f2p"], expected_p2p=[], parsed=unfinished, result=_result(0))
    assert outcome == "unresolved" and "did not finish" in reason
    silent = ParsedTests(statuses={}, structured=True, started=False, finished=False)
    outcome, reason, *_ = decide(expected_f2p=["t.py::f2p"], expected_p2p=[], parsed=silent, result=_result(1))
    assert outcome == "error" and "never started" in reason


def test_limits_are_the_candidates_fault_and_a_sandbox_that_cannot_start_is_ours():
    parsed = ParsedTests(statuses={"t.py::f2p": P, "t.py::p2p": P}, structured=True)
    for ended_by, words in (("timeout", "in time"), ("memory", "memory"), ("disk_limit", "disk"),
                            ("output_limit", "output"), ("signal", "signal")):
        outcome, reason, *_ = decide(expected_f2p=["t.py::f2p"], expected_p2p=[], parsed=parsed,
                                     result=_result(None, ended_by))
        assert outcome == "unresolved" and words in reason
    outcome, reason, *_ = decide(expected_f2p=["t.py::f2p"], expected_p2p=[], parsed=parsed,
                                 result=_result(None, "start_error"))
    assert outcome == "error"


def test_timeout_with_partial_results_is_unresolved():
    parsed = ParsedTests(statuses={"t.py::p2p": P}, structured=True)
    outcome, *_ = decide(expected_f2p=["t.py::f2p"], expected_p2p=["t.py::p2p"], parsed=parsed,
                         result=_result(None, "timeout"))
    assert outcome == "unresolved"


def test_a_progress_marker_listed_as_a_test_is_not_a_test():
    parsed = ParsedTests(statuses={"t.py::f2p": P}, structured=True)
    outcome, _, f2p, _ = decide(expected_f2p=["t.py::f2p", "[100%]"], expected_p2p=[], parsed=parsed,
                                result=_result(0))
    assert outcome == "resolved" and list(f2p) == ["t.py::f2p"]


def test_one_binary_score_rule_for_verdicts_and_stored_outcomes():
    from swegauge.grading.verdict import is_resolved, reward_of

    assert [reward_of(o) for o in ("resolved", "unresolved", "error", "missing")] == [1.0, 0.0, 0.0, 0.0]
    assert is_resolved("resolved") and not is_resolved("Resolved")
    for outcome in ("resolved", "unresolved", "error"):
        verdict = Verdict(instance_id="t", patch_hash="h", outcome=outcome)
        assert (verdict.resolved, verdict.reward) == (is_resolved(outcome), reward_of(outcome))
