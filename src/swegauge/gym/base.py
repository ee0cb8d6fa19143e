"""What both environments share: the tasks they draw from, reset, the observation, and the reward.

The reward is the grader's verdict and nothing else: the diff of the workspace against base goes through
the same `Grader.grade` as every other candidate (protected files put back, the test patch applied, results
over the harness's channel, the tamper scan). 1.0 when resolved, else 0.0; an `error` verdict (ours or the
environment's) also gives 0.0, with info["outcome"] == "error" so a trainer can drop the sample."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gymnasium as gym

from swegauge.envs.repos import prepared_base
from swegauge.grading.grader import Grader
from swegauge.grading.verdict import Verdict
from swegauge.gym.observation import file_tree, observation
from swegauge.gym.settings import GymSettings
from swegauge.gym.spaces import action_space, issue_observation_space
from swegauge.runner.executors import make_local_grader
from swegauge.tasks import Task, filter_tasks, load_suite


_shared: Grader | None = None
_shared_lock = threading.Lock()


def shared_grader() -> Grader:
    """One local grader per process for environments made without one (gym.make deep-copies its keyword
    arguments, so a grader cannot be passed through it): one environment builder, one cache."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = make_local_grader()
        return _shared


class GymError(Exception):
    """The environment cannot be set up or resumed as asked (no tasks, unknown task, foreign snapshot)."""


def issue_tasks(settings: GymSettings, tasks: Sequence[Task] | None = None) -> list[Task]:
    """The issue tasks an environment draws from: `tasks` if given, else the settings' suite."""
    found = list(tasks) if tasks is not None else load_suite(settings.suite).tasks
    found = [t for t in filter_tasks(found, language=settings.language) if t.kind == "issue"]
    if settings.instance_ids:
        known = {t.instance_id for t in found}
        missing = [i for i in settings.instance_ids if i not in known]
        if missing:
            raise GymError(f"suite {settings.suite}: no issue task {', '.join(missing)}")
        found = [t for t in found if t.instance_id in set(settings.instance_ids)]
    if not found:
        raise GymError(f"suite {settings.suite}: no issue tasks (language={settings.language})")
    return found


def verdict_info(verdict: Verdict) -> dict[str, Any]:
    """The verdict as step info: outcome, reason, per-test statuses."""
    status = lambda tests: {name: (s.value if s is not None else None) for name, s in tests.items()}  # noqa: E731
    return {"outcome": verdict.outcome, "reason": verdict.reason or "", "resolved": verdict.resolved,
            "tests": status(verdict.tests), "fail_to_pass": status(verdict.fail_to_pass),
            "pass_to_pass": status(verdict.pass_to_pass), "reverted": list(verdict.reverted),
            "signals": list(verdict.signals), "patch_hash": verdict.patch_hash}


class TaskEnv(gym.Env[dict[str, str], str]):
    """Base of Issue-v0 and Patch-v0: picks a task on reset (options["instance_id"], else at random by the
    seeded generator), shows its observation, grades a patch into the reward."""

    metadata = {"render_modes": []}
    env_id = ""

    def __init__(self, settings: GymSettings | None = None, *, tasks: Sequence[Task] | None = None,
                 grader: Grader | None = None) -> None:
        self.settings = settings or GymSettings()
        self.tasks = issue_tasks(self.settings, tasks)
        self._by_id = {t.instance_id: t for t in self.tasks}
        self._grader = grader
        self.observation_space = issue_observation_space()
        self.action_space = action_space()
        self.task: Task | None = None
        self._trees: dict[str, Path] = {}

    @property
    def grader(self) -> Grader:
        if self._grader is None:
            self._grader = shared_grader()
        return self._grader

    def tree(self, task: Task) -> Path:
        if task.instance_id not in self._trees:
            self._trees[task.instance_id] = prepared_base(task.repo, task.repo_source, task.base_commit)
        return self._trees[task.instance_id]

    def prepare(self) -> dict[str, str]:
        """Build (or find cached) every task's base tree and environment, so that resets and first steps
        cost milliseconds; returns {instance_id: error} for the tasks whose environment failed."""
        errors = {}
        for task in self.tasks:
            file_tree(self.tree(task), max_files=self.settings.max_files)
            env, error = self.grader.environment(task)
            if env is None:
                errors[task.instance_id] = error or "unknown"
        return errors

    def choose(self, options: dict[str, Any] | None) -> Task:
        wanted = (options or {}).get("instance_id")
        if wanted is not None:
            if wanted not in self._by_id:
                raise GymError(f"no issue task {wanted!r} in this environment")
            return self._by_id[wanted]
        return self.tasks[int(self.np_random.integers(len(self.tasks)))]

    def observe(self, *, output: str = "", diff: str = "") -> dict[str, str]:
        assert self.task is not None
        return observation(self.task, self.tree(self.task), output=output, diff=diff,
                           max_files=self.settings.max_files)

    def grade(self, patch: str) -> tuple[float, dict[str, Any]]:
        """(reward, info) for `patch` on the current task: exactly the grader's verdict."""
        assert self.task is not None
        verdict = self.grader.grade(self.task, patch)
        return verdict.reward, verdict_info(verdict)
