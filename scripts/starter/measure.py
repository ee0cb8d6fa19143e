"""Re-measure the starter tasks' FAIL_TO_PASS / PASS_TO_PASS by really running their tests.

    .venv/bin/python scripts/starter/measure.py                 # every task; rewrite lists that changed
    .venv/bin/python scripts/starter/measure.py cadence vercmp  # the tasks of some projects
    .venv/bin/python scripts/starter/measure.py --check         # exit 1 when a stored list is not what runs

The suite has one source form, in src/swegauge/tasks/starter/ (see its docstring): each project's history
as a patch series, each task as a Task record. To add a task, commit the fix in a checkout of the built
repository, write its record with `git diff` of the source files as `patch` and of the test files as
`test_patch`, and run this script: it grades the empty and the gold patch with swegauge's own Grader in
the bubblewrap sandbox (network off), from the task's recipe, so the test names are exactly what the
recipe's parser reports. FAIL_TO_PASS: passes with the gold patch, not without it; PASS_TO_PASS: passes
with both. Every test must pass (or be skipped) with the gold patch.
"""

from __future__ import annotations

import argparse
import json
import sys

from swegauge.envs import EnvironmentBuilder
from swegauge.grading.grader import Grader
from swegauge.grading.parsers import TestStatus
from swegauge.grading.sentinel import is_sentinel
from swegauge.sandbox import BwrapSandbox
from swegauge.tasks import Task
from swegauge.tasks.starter import TASKS_DIR, load_task


class MeasureError(Exception):
    pass


def test_lists(instance_id: str, before: dict[str, TestStatus], after: dict[str, TestStatus]) -> tuple[list, list]:
    """(FAIL_TO_PASS, PASS_TO_PASS) from the statuses without and with the gold patch."""
    broken = sorted(t for t, status in after.items() if status not in (TestStatus.PASSED, TestStatus.SKIPPED))
    if not after or broken:
        raise MeasureError(f"{instance_id}: with the gold patch these tests do not pass: {broken or 'none ran'}")
    passed = [t for t, status in after.items() if status == TestStatus.PASSED]
    fail_to_pass = sorted(t for t in passed if before.get(t) != TestStatus.PASSED)
    if not fail_to_pass:
        raise MeasureError(f"{instance_id}: no test fails before the gold patch")
    return fail_to_pass, sorted(t for t in passed if before.get(t) == TestStatus.PASSED)


def measure(grader: Grader, task: Task) -> tuple[list[str], list[str]]:
    unlisted = task.model_copy(update={"FAIL_TO_PASS": [], "PASS_TO_PASS": []})  # run every test the patch names
    runs = {}
    for label, patch in (("empty", ""), ("gold", task.patch)):
        verdict = grader.grade(unlisted, patch)
        if verdict.outcome == "error" and not verdict.tests:
            raise MeasureError(f"{task.instance_id} ({label}): {verdict.reason}\n{verdict.log_tail}")
        # the harness's own must-fail test (node runners) is no task test
        runs[label] = {name: status for name, status in verdict.tests.items() if not is_sentinel(name)}
    return test_lists(task.instance_id, runs["empty"], runs["gold"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", nargs="*", help="projects to measure (default: all)")
    parser.add_argument("--check", action="store_true", help="only compare with the stored lists")
    args = parser.parse_args(argv)
    sandbox = BwrapSandbox()
    grader = Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))
    differences = []
    for path in sorted(TASKS_DIR.glob("*.json")):
        task = load_task(path)
        if args.projects and task.repo.split("/", 1)[-1] not in args.projects:
            continue
        fail_to_pass, pass_to_pass = measure(grader, task)
        print(f"{task.instance_id}: {len(fail_to_pass)} fail-to-pass, {len(pass_to_pass)} pass-to-pass")
        if (set(fail_to_pass), set(pass_to_pass)) == (set(task.FAIL_TO_PASS), set(task.PASS_TO_PASS)):
            continue
        differences.append(path.name)
        if not args.check:
            record = json.loads(path.read_text(encoding="utf-8"))
            record.update(FAIL_TO_PASS=fail_to_pass, PASS_TO_PASS=pass_to_pass)
            path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in differences:
        print(f"{'differs' if args.check else 'wrote'}: {name}")
    return 1 if args.check and differences else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except MeasureError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
