from __future__ import annotations

from pathlib import Path

from swegauge.grading.parsers import ParsedTests, TestStatus
from swegauge.grading.verdict import decide
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


def test_no_results_at_all_is_an_error_not_a_model_failure():
    outcome, reason, *_ = _decide({}, code=4)
    assert outcome == "error" and "no test results" in reason


def test_report_that_disagrees_with_exit_status_is_not_trusted():
    outcome, reason, *_ = _decide({"t.py::f2p": P, "t.py::p2p": P}, code=1)
    assert outcome == "unresolved" and "untrusted" in reason
    outcome, *_ = _decide({"t.py::f2p": P, "t.py::p2p": P}, code=1, check_exit_status=False)
    assert outcome == "resolved"


def test_timeout_with_partial_results_is_unresolved():
    parsed = ParsedTests(statuses={"t.py::p2p": P}, structured=True)
    outcome, *_ = decide(expected_f2p=["t.py::f2p"], expected_p2p=["t.py::p2p"], parsed=parsed,
                         result=_result(None, "timeout"))
    assert outcome == "unresolved"
