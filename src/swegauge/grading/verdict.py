"""From per-test statuses and the runner's exit status to a verdict, as SWE-bench decides it.

Resolved iff every FAIL_TO_PASS and every PASS_TO_PASS test passed. A listed test that did not run counts
as failed. `unresolved` is the candidate's doing, always with a reason: listed tests failing, a hang or a
limit hit, a run that ended before the runner finished, no results because the code did not build or load,
a report that disagrees with the runner's own exit status (printed or forged "PASSED" lines do not make a
failing run pass), tampering. `error` is ours or the environment's: the sandbox could not start, the
runner never started, the test command does not exist (and, in the grader, environment builds,
repositories, test patches that do not apply to a clean base).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from swegauge.grading.parsers import ParsedTests, TestStatus
from swegauge.grading.parsers.names import match_test_names
from swegauge.sandbox import ExecResult

Outcome = Literal["resolved", "unresolved", "error"]
PASSING = {TestStatus.PASSED}


class Verdict(BaseModel):
    """The grader's word on one candidate patch for one task."""

    model_config = ConfigDict(frozen=True)

    instance_id: str
    patch_hash: str
    outcome: Outcome
    reason: str | None = None
    empty_patch: bool = False
    applied: bool = True
    apply_method: str | None = None
    fail_to_pass: dict[str, TestStatus | None] = {}
    pass_to_pass: dict[str, TestStatus | None] = {}
    tests: dict[str, TestStatus] = {}
    structured: bool = False
    exit_code: int | None = None
    ended_by: str | None = None
    test_seconds: float = 0.0
    log_tail: str = ""
    reverted: list[str] = []
    """Evidence: files the candidate changed that judge it, put back before the run (with the rule)."""
    signals: list[str] = []
    """Evidence: tamper signals found in the candidate's patch."""
    test_verdicts: dict[str, str] = {}
    """codegen tasks: each judged test's verdict (accepted, wrong_answer, time_limit, memory_limit,
    runtime_error, compile_error), in test order; judging stops at the first failure."""
    judgement: str | None = None
    """codegen tasks: the task's verdict (accepted, or the first failing test's verdict)."""

    @property
    def resolved(self) -> bool:
        return is_resolved(self.outcome)

    @property
    def reward(self) -> float:
        return reward_of(self.outcome)


def is_resolved(outcome: str) -> bool:
    """The one binary-score rule: an outcome counts as solved only when it is "resolved"."""
    return outcome == "resolved"


def reward_of(outcome: str) -> float:
    """An outcome's 0/1 score (the gym's reward, the report's per-attempt score): 1.0 iff resolved."""
    return 1.0 if is_resolved(outcome) else 0.0


LIMIT_REASONS = {
    "timeout": "the tests did not finish in time (hang or timeout)",
    "cpu": "the tests used up their CPU time",
    "memory": "the tests hit the memory limit",
    "output_limit": "the tests printed more than the output limit",
    "disk_limit": "the tests wrote more than the workspace's disk quota",
    "signal": "the test process was killed by a signal (crash)",
}
NOT_FOUND_EXITS = (126, 127)
"""Shell statuses for a command that cannot run: the environment's fault, not the candidate's."""

PROGRESS_MARKER = re.compile(r"^\[\s*\d+%\]$")
"""pytest's progress column ("[100%]"), listed as a test in a few SWE-bench records by its log parser."""


def real_names(names: list[str]) -> list[str]:
    """The listed names that can name a test (progress markers are left out)."""
    return [name for name in names if not PROGRESS_MARKER.match(name.strip())]


Decision = tuple[Outcome, str | None, dict[str, TestStatus | None], dict[str, TestStatus | None]]


def _exit_disagrees(parsed: ParsedTests, result: ExecResult) -> str | None:
    """Runners exit 0 exactly when nothing failed; a report that says otherwise was tampered with."""
    if result.ended_by != "exit" or result.exit_code is None:
        return None
    if parsed.runner_exit is not None and parsed.runner_exit != result.exit_code:
        return f"the runner computed exit status {parsed.runner_exit} but the process exited {result.exit_code}"
    failed = [n for n, s in parsed.statuses.items() if s in (TestStatus.FAILED, TestStatus.ERROR)]
    if result.exit_code == 0 and failed:
        return f"report lists {len(failed)} failing tests but the runner exited 0"
    if result.exit_code != 0 and not failed and not parsed.failed_units:
        return f"report lists no failing test but the runner exited {result.exit_code}"
    return None


def _trouble(parsed: ParsedTests, result: ExecResult) -> tuple[Outcome, str] | None:
    """How a run that cannot be read test by test ended, as (outcome, reason); None when it can be."""
    if result.ended_by == "start_error":
        return "error", f"sandbox could not start: {result.stderr.strip()[-300:]}"
    if result.ended_by in LIMIT_REASONS:
        return "unresolved", LIMIT_REASONS[result.ended_by]
    if parsed.untrusted:
        return "unresolved", "untrusted test report: " + "; ".join(parsed.untrusted)
    if parsed.started is False:
        return "error", (f"the test runner never started (exit {result.exit_code}); "
                         f"stderr: {result.stderr.strip()[-300:]}")
    if parsed.finished is False:
        return "unresolved", (f"the test run did not finish: the process ended (exit {result.exit_code}) before "
                              f"the runner's session did, after {len(parsed.statuses)} results")
    if not parsed.statuses:
        if result.exit_code in NOT_FOUND_EXITS:
            return "error", f"the test command could not run (exit {result.exit_code}): {result.stderr.strip()[-300:]}"
        return "unresolved", f"no test results: the tests did not build, load or run (exit {result.exit_code})"
    return None


def decide(*, expected_f2p: list[str], expected_p2p: list[str], parsed: ParsedTests, result: ExecResult,
           check_exit_status: bool = True) -> Decision:
    """The outcome and its reason, with the status of every listed test (None: did not run).

    `check_exit_status` is kept for old recipes and ignored: the exit status is always checked, and a
    parser explains a non-zero exit without failing tests through `failed_units` (a Go package that does
    not build), never by turning the check off.
    """
    f2p = match_test_names(real_names(expected_f2p), parsed.statuses)
    p2p = match_test_names(real_names(expected_p2p), parsed.statuses)
    trouble = _trouble(parsed, result)
    if trouble:
        return trouble[0], trouble[1], f2p, p2p
    disagreement = _exit_disagrees(parsed, result)
    if disagreement:
        return "unresolved", f"untrusted test report: {disagreement}", f2p, p2p
    not_ok = [n for n, s in {**f2p, **p2p}.items() if s not in PASSING]
    if not_ok:
        missing = [n for n in not_ok if {**f2p, **p2p}[n] is None]
        why = f"{len(not_ok)} listed tests did not pass ({len(missing)} did not run): {', '.join(not_ok[:5])}"
        return "unresolved", why, f2p, p2p
    return "resolved", None, f2p, p2p
