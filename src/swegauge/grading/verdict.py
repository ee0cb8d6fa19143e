"""From per-test statuses and the runner's exit status to a verdict, as SWE-bench decides it.

Resolved iff every FAIL_TO_PASS and every PASS_TO_PASS test passed. A listed test that did not run counts
as failed. A run that produced no test results at all is an error (the environment or harness failed),
not a failure of the model. A structured report that disagrees with the runner's own exit status is not
trusted: printed or forged "PASSED" lines do not make a failing run pass.
"""

from __future__ import annotations

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

    @property
    def resolved(self) -> bool:
        return self.outcome == "resolved"

    @property
    def reward(self) -> float:
        return 1.0 if self.resolved else 0.0


def _exit_disagrees(parsed: ParsedTests, result: ExecResult) -> str | None:
    """Runners exit 0 exactly when nothing failed; a report that says otherwise was tampered with."""
    if result.ended_by != "exit" or result.exit_code is None:
        return None
    failed = [n for n, s in parsed.statuses.items() if s in (TestStatus.FAILED, TestStatus.ERROR)]
    if result.exit_code == 0 and failed:
        return f"report lists {len(failed)} failing tests but the runner exited 0"
    if result.exit_code != 0 and not failed:
        return f"report lists no failing test but the runner exited {result.exit_code}"
    return None


def decide(
    *, expected_f2p: list[str], expected_p2p: list[str], parsed: ParsedTests, result: ExecResult,
    check_exit_status: bool = True,
) -> tuple[Outcome, str | None, dict[str, TestStatus | None], dict[str, TestStatus | None]]:
    """The outcome and its reason, with the status of every listed test (None: did not run)."""
    f2p = match_test_names(expected_f2p, parsed.statuses)
    p2p = match_test_names(expected_p2p, parsed.statuses)
    if not parsed.statuses:
        why = f"no test results (runner ended by {result.ended_by}, exit {result.exit_code})"
        return "error", why, f2p, p2p
    if check_exit_status:
        disagreement = _exit_disagrees(parsed, result)
        if disagreement:
            return "unresolved", f"untrusted test report: {disagreement}", f2p, p2p
    not_ok = [n for n, s in {**f2p, **p2p}.items() if s not in PASSING]
    if not_ok:
        missing = [n for n in not_ok if {**f2p, **p2p}[n] is None]
        why = f"{len(not_ok)} listed tests did not pass ({len(missing)} did not run): {', '.join(not_ok[:5])}"
        return "unresolved", why, f2p, p2p
    return "resolved", None, f2p, p2p
