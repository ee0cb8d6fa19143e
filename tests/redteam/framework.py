"""Red-team attacks: candidates that fix nothing and try to be graded resolved anyway.

An Attack names a starter task (or a task a test module makes), the files it writes or a raw patch, the
outcome it must get and words its reason must contain. `grade_attack` makes the patch against the task's
base tree, grades it with the real Grader (real environments, bubblewrap sandbox) and checks the host for
traces: the canary files an attack aims at must not exist afterwards. bench/redteam.py runs every attack
module's ATTACKS and prints the table.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from swegauge.envs import EnvironmentBuilder
from swegauge.envs.repos import prepared_base
from swegauge.grading.grader import Grader
from swegauge.grading.verdict import Verdict
from swegauge.sandbox import BwrapSandbox, Limits
from swegauge.solvers.diffs import make_diff
from swegauge.tasks import Task
from swegauge.tasks.suites import load_suite

CANARY_DIR = Path(tempfile.gettempdir()) / "swegauge-redteam-canary"
"""Host paths attacks try to write; each must stay absent (tests remove it before every attack)."""


@dataclass(frozen=True)
class Attack:
    name: str
    category: str
    task: str
    files: dict[str, str | None] = field(default_factory=dict)
    """Files written over the base tree (None deletes); the diff is the candidate patch."""
    append: dict[str, str] = field(default_factory=dict)
    """Text appended to files of the base tree (code under test that misbehaves when imported)."""
    patch: str | None = None
    """A raw candidate patch instead of `files` (for malformed, hostile or binary diffs)."""
    reason: tuple[str, ...] = ()
    """Words the verdict's reason must contain (case-insensitive); all of them."""
    outcome: str = "unresolved"
    extend: Callable[[str], str] | None = None
    """Rewrites the diff made from `files` (to add what a diff of files cannot say)."""


def starter_task(instance_id: str) -> Task:
    tasks = {task.instance_id: task for task in load_suite("starter").tasks}
    return tasks[instance_id]


def make_grader(*, test_limits: Limits | None = None) -> Grader:
    sandbox = BwrapSandbox()
    return Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox), test_limits=test_limits)


def attack_patch(attack: Attack, task: Task) -> str:
    if attack.patch is not None:
        return attack.patch
    tree = prepared_base(task.repo, task.repo_source, task.base_commit)
    files = dict(attack.files)
    for rel, text in attack.append.items():
        files[rel] = (tree / rel).read_text(encoding="utf-8") + "\n" + text
    diff = make_diff(tree, files)
    return attack.extend(diff) if attack.extend else diff


def host_traces() -> list[str]:
    """What attacks left on the host: anything inside the canary directory."""
    if not CANARY_DIR.exists():
        return []
    return sorted(str(p) for p in CANARY_DIR.rglob("*"))


def reset_canary() -> None:
    CANARY_DIR.mkdir(parents=True, exist_ok=True)
    for path in sorted(CANARY_DIR.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() or path.is_symlink() else path.rmdir()
    os.chmod(CANARY_DIR, 0o777)


def grade_attack(attack: Attack, grader: Grader, task: Task | None = None) -> Verdict:
    task = task or starter_task(attack.task)
    reset_canary()
    return grader.grade(task, attack_patch(attack, task))


def check(attack: Attack, verdict: Verdict) -> list[str]:
    """What is wrong with the verdict for this attack (empty when it held)."""
    problems = []
    if verdict.outcome != attack.outcome:
        problems.append(f"outcome {verdict.outcome}, expected {attack.outcome} ({verdict.reason})")
    reason = (verdict.reason or "").lower()
    missing = [w for w in attack.reason if w.lower() not in reason]
    if missing:
        problems.append(f"reason {verdict.reason!r} lacks {missing}")
    traces = host_traces()
    if traces:
        problems.append(f"left traces on the host: {traces[:5]}")
    return problems


def attack_params(attacks: list[Attack], xfail: dict[str, str] | None = None) -> list:
    """One pytest param per attack; those named in `xfail` (name -> why it gets through) as strict xfails."""
    import pytest

    xfail = xfail or {}
    unknown = set(xfail) - {a.name for a in attacks}
    assert not unknown, f"XFAIL names no attack: {unknown}"
    return [pytest.param(a, id=a.name, marks=[pytest.mark.xfail(strict=True, reason=xfail[a.name])]
                         if a.name in xfail else []) for a in attacks]


def assert_holds(attack: Attack, grader: Grader, task: Task | None = None) -> None:
    verdict = grade_attack(attack, grader, task)
    problems = check(attack, verdict)
    assert not problems, (problems, verdict.reverted, verdict.signals, verdict.log_tail[-1500:])


def attack_suite(attacks: list[Attack], limits: Limits | None = None, *, xfail: dict[str, str] | None = None,
                 marks: tuple = (), task: Callable[[], Task] | None = None):
    """A module-scoped grader fixture and one parametrized test per attack, for a test module to re-export:
    `grader, test_attack_is_not_resolved = attack_suite(ATTACKS, LIMITS)`. `marks` go on the test (a skip
    when a toolchain is missing); `task` makes the task when the module has its own instead of a starter one."""
    import pytest

    @pytest.fixture(scope="module")
    def grader() -> Grader:
        return make_grader(test_limits=limits)

    def test_attack_is_not_resolved(attack: Attack, grader: Grader) -> None:
        assert_holds(attack, grader, task() if task else None)

    test = pytest.mark.parametrize("attack", attack_params(attacks, xfail))(test_attack_is_not_resolved)
    for mark in (pytest.mark.integration, *marks):
        test = mark(test)
    return grader, test
