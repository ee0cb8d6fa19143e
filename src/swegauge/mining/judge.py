"""The expensive judgement of one screened change: split it into gold and test patches, build the
environment, run the tests before and after the fix (repeated), and derive FAIL_TO_PASS / PASS_TO_PASS.

A test is FAIL_TO_PASS when it passes after the fix on every repeat and passed on no repeat before it
(failing, erroring or absent: a new test counts); PASS_TO_PASS when it passes on every repeat of both.
A test whose status differs between repeats of the same side is flaky and never reaches a suite.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from swegauge.envs.auto import dependency_key
from swegauge.envs.repos import RepoError, git
from swegauge.grading.grader import Grader
from swegauge.grading.parsers import TestStatus
from swegauge.grading.verdict import Verdict
from swegauge.mining.classify import Screened
from swegauge.mining.history import Change
from swegauge.tasks import Task

REFACTOR_LINES = 100


def dependency_fingerprint(repo: str, commit: str) -> str:
    """A version key from the dependency manifests at `commit` (envs.auto.dependency_key): changes that leave
    them alone share an environment, and one that edits them gets its own. The same key a version-less
    suite task gets from `envs.auto.environment_key`."""
    return dependency_key(repo, commit)


class Judgement(BaseModel):
    model_config = ConfigDict(frozen=True)

    change_id: str
    stage: str
    """How far it got: repository (patches unreadable), environment (build failed), tests (no
    fail-to-pass), flaky, error (the harness failed on it), kept."""
    kept: bool
    reason: str | None = None
    task: Task | None = None
    flaky: list[str] = []
    failure_log: str = ""
    """The tail of the before-fix run's output, used to describe the problem (never the gold patch)."""


def split_patches(repo: str, change: Change, screened: Screened) -> tuple[str, str]:
    """Gold patch = every non-test file; test patch = the test files."""
    gold_files = [*screened.source_files, *screened.other_files]
    gold = git("diff", "--binary", "--no-color", change.base, change.head, "--", *gold_files, cwd=repo)  # type: ignore[arg-type]
    tests = git("diff", "--binary", "--no-color", change.base, change.head, "--", *screened.test_files, cwd=repo)  # type: ignore[arg-type]
    return gold, tests


def _statuses(verdicts: list[Verdict]) -> list[dict[str, TestStatus]]:
    return [v.tests for v in verdicts]


def _stable(runs: list[dict[str, TestStatus]]) -> tuple[dict[str, TestStatus | None], set[str]]:
    """Per test: its status when identical on every run (None = absent on all); and the flaky names."""
    names = set().union(*runs) if runs else set()
    stable: dict[str, TestStatus | None] = {}
    flaky: set[str] = set()
    for name in names:
        seen = {run.get(name) for run in runs}
        if len(seen) > 1:
            flaky.add(name)
        else:
            stable[name] = seen.pop()
    return stable, flaky


def derive_lists(before: list[dict[str, TestStatus]], after: list[dict[str, TestStatus]]) -> tuple[list[str], list[str], list[str]]:
    """FAIL_TO_PASS, PASS_TO_PASS and flaky test names from repeated runs before and after the fix."""
    stable_before, flaky_before = _stable(before)
    stable_after, flaky_after = _stable(after)
    flaky = flaky_before | flaky_after
    passed = TestStatus.PASSED
    f2p = sorted(n for n, s in stable_after.items()
                 if s == passed and n not in flaky and stable_before.get(n) != passed)
    p2p = sorted(n for n, s in stable_after.items()
                 if s == passed and n not in flaky and stable_before.get(n) == passed)
    return f2p, p2p, sorted(flaky)


def _short(err: Exception) -> str:
    """The last line of git's complaint, object ids left out (one funnel reason, not one per object)."""
    text = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
    return re.sub(r"\b[0-9a-f]{40}\b", "<object>", text.rsplit("fatal: ", 1)[-1])


class ChangeJudge:
    """Judges screened changes of one repository with a grader (sandbox + environment builder)."""

    def __init__(self, *, grader: Grader, repo_name: str, repo_path: str, recipe: str = "auto", repeat: int = 3,
                 language: str = "python") -> None:
        self.grader = grader
        self.repo_name = repo_name
        self.repo_path = repo_path
        self.recipe = recipe
        self.repeat = repeat
        self.language = language

    def draft_task(self, change: Change, screened: Screened, problem: str) -> Task:
        gold, tests = split_patches(self.repo_path, change, screened)
        short = change.change_id.replace("pull/", "pr").replace("/", "-")[:12]
        draft = Task(instance_id=f"{self.repo_name.replace('/', '__')}-{short}", repo=self.repo_name,
                     repo_source=self.repo_path, base_commit=change.base, patch=gold, test_patch=tests,
                     problem_statement=problem, created_at=change.author_date, language=self.language,
                     recipe=self.recipe, source="mined", version=dependency_fingerprint(self.repo_path, change.base))
        tags = ["mined", change.kind]
        if draft.difficulty and draft.difficulty.lines_changed > REFACTOR_LINES:
            tags.append("refactor")
        if draft.difficulty and draft.difficulty.files_changed > 1:
            tags.append("multi-file")
        return draft.model_copy(update={"tags": tags})

    def judge(self, change: Change, screened: Screened, problem: str) -> Judgement:
        try:
            task = self.draft_task(change, screened, problem)
        except RepoError as err:  # an object the patches need is missing from the mirror
            return Judgement(change_id=change.change_id, stage="repository", kept=False,
                             reason=f"patches unreadable: {_short(err)}")
        env, error = self.grader.environment(task)
        if env is None:
            return Judgement(change_id=change.change_id, stage="environment", kept=False,
                             reason=f"environment error: {error}")
        before = [self.grader.grade(task, "") for _ in range(self.repeat)]
        after = [self.grader.grade(task, task.patch) for _ in range(self.repeat)]
        if not any(v.tests for v in after):
            reason = next((v.reason for v in after if v.reason), "no test results after the fix")
            return Judgement(change_id=change.change_id, stage="tests", kept=False, reason=reason)
        f2p, p2p, flaky = derive_lists(_statuses(before), _statuses(after))
        log = before[0].log_tail if before else ""
        if not f2p:
            stage, why = ("flaky", "only flaky tests change") if flaky else ("tests", "no test goes from failing to passing")
            return Judgement(change_id=change.change_id, stage=stage, kept=False, reason=why, flaky=flaky)
        kept = task.model_copy(update={"FAIL_TO_PASS": f2p, "PASS_TO_PASS": p2p})
        return Judgement(change_id=change.change_id, stage="kept", kept=True, task=kept, flaky=flaky, failure_log=log)
