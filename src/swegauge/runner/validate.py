"""Validate a suite: gold and empty patches on every task, repeated to find flaky tests.

A sound task has gold resolved on every repeat, empty resolved on none, no flaky listed test, no
environment error, and no missing listed test: a FAIL_TO_PASS or PASS_TO_PASS name that no graded gold or
empty run reported at all (neither passed nor failed) is a dataset defect (misspelled, or a test that does
not exist at that commit), apart from the tests that failed, which exist.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, ConfigDict

from swegauge.runner.grading_jobs import GradingJob
from swegauge.store import ResultRow
from swegauge.tasks import Task


class TaskValidation(BaseModel):
    model_config = ConfigDict(frozen=True)

    instance_id: str
    language: str
    repo: str
    gold_resolved: bool
    empty_resolved: bool
    flaky_tests: list[str]
    errors: list[str]
    gold_reason: str | None = None
    empty_reason: str | None = None
    missing_tests: list[str] = []
    """Listed tests that no graded gold or empty run reported (a dataset defect)."""

    @property
    def sound(self) -> bool:
        return (self.gold_resolved and not self.empty_resolved and not self.flaky_tests and not self.errors
                and not self.missing_tests)


def validation_jobs(tasks: list[Task], *, repeat: int) -> list[GradingJob]:
    jobs = []
    for task in tasks:
        for index in range(repeat):
            gold = task.correct_proposal or "" if task.kind == "choice" else task.patch  # a choice: the right id
            jobs.append(GradingJob(task=task, label="gold", patch=gold, repeat=index))
            jobs.append(GradingJob(task=task, label="empty", patch="", repeat=index))
    return jobs


def flaky_tests(rows: list[ResultRow]) -> list[str]:
    """Tests whose status differs between repeats of the same patch (errored runs are left out)."""
    seen: dict[tuple[str, str], set] = defaultdict(set)
    for row in rows:
        if row.verdict.outcome == "error":
            continue
        for name, status in row.verdict.tests.items():
            seen[(row.label, name)].add(status)
        listed = {**row.verdict.fail_to_pass, **row.verdict.pass_to_pass}
        for name, status in listed.items():
            seen[(row.label, name)].add(status)
    return sorted({name for (label, name), statuses in seen.items() if len(statuses) > 1})


def missing_tests(task: Task, rows: list[ResultRow]) -> list[str]:
    """Listed tests (in the task's order) with no status in any gold or empty run that produced test results.

    Runs that errored or produced no test results (a patch that did not apply) say nothing either way;
    with no such run at all nothing is reported missing.
    """
    graded = [r for r in rows if r.label in ("gold", "empty") and r.verdict.outcome != "error" and r.verdict.tests]
    if not graded:
        return []
    seen: set[str] = set()
    for row in graded:
        listed = {**row.verdict.fail_to_pass, **row.verdict.pass_to_pass}
        seen.update(name for name, status in listed.items() if status is not None)
    return [name for name in dict.fromkeys([*task.FAIL_TO_PASS, *task.PASS_TO_PASS]) if name not in seen]


def summarize(tasks: list[Task], rows: list[ResultRow]) -> list[TaskValidation]:
    by_task: dict[str, list[ResultRow]] = defaultdict(list)
    for row in rows:
        if row.label in ("gold", "empty"):
            by_task[row.instance_id].append(row)
    summary = []
    for task in tasks:
        mine = by_task.get(task.instance_id, [])
        gold = [r for r in mine if r.label == "gold"]
        empty = [r for r in mine if r.label == "empty"]
        errors = sorted({f"{r.label}: {r.verdict.reason}" for r in mine if r.verdict.outcome == "error"})
        if not gold or not empty:
            errors.append("not graded yet")
        summary.append(TaskValidation(
            instance_id=task.instance_id, language=task.language, repo=task.repo,
            gold_resolved=bool(gold) and all(r.verdict.resolved for r in gold),
            empty_resolved=any(r.verdict.resolved for r in empty),
            flaky_tests=flaky_tests(mine), errors=errors,
            gold_reason=next((r.verdict.reason for r in gold if not r.verdict.resolved), None),
            empty_reason=next((r.verdict.reason for r in empty if r.verdict.resolved), None),
            missing_tests=missing_tests(task, mine),
        ))
    return summary
