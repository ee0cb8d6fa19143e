"""The sandbox workbench solvers use: the base tree, and running scripts in the task's environment."""

from __future__ import annotations

from pathlib import Path

from swegauge.envs import Environment
from swegauge.envs.repos import prepared_base
from swegauge.grading.apply import apply_patch
from swegauge.grading.grader import Grader, test_script
from swegauge.grading.parsers import REPORT_DIR, TestRun, get_parser
from swegauge.sandbox import ExecResult, Limits, Mount, fresh_workspace
from swegauge.tasks import Task


class WorkbenchError(Exception):
    """The task's environment or repository is not available."""


class SandboxWorkbench:
    """Implements solvers.base.Workbench over the grader's environments and sandbox."""

    def __init__(self, grader: Grader, task: Task) -> None:
        self._grader = grader
        self._task = task
        self._env: Environment | None = None
        self._tree: Path | None = None

    @property
    def tree(self) -> Path:
        if self._tree is None:
            self._tree = prepared_base(self._task.repo, self._task.repo_source, self._task.base_commit)
        return self._tree

    def environment(self) -> Environment:
        if self._env is None:
            env, error = self._grader.environment(self._task)
            if env is None:
                raise WorkbenchError(f"environment error: {error}")
            self._env = env
        return self._env

    def run(self, script: str, *, patches: tuple[str, ...] = (), timeout_s: float = 600.0,
            report_dir: Path | None = None) -> ExecResult:
        env = self.environment()
        with fresh_workspace(self.tree) as workspace:
            for index, patch in enumerate(patches):
                applied = apply_patch(workspace, patch, fallbacks=index == 0)
                if not applied.applied:
                    return ExecResult(exit_code=None, stdout="", stderr=f"patch {index} did not apply: {applied.error}",
                                      duration_s=0.0, ended_by="start_error")
            mounts = (Mount(source=report_dir, target=REPORT_DIR, writable=True),) if report_dir else ()
            limits = Limits(wall_seconds=timeout_s, memory_mb=env.recipe.memory_mb)
            return self._grader.run_in_env(env, workspace, script, extra_mounts=mounts, limits=limits)

    def test_command(self, files: list[str]) -> str:
        recipe = self.environment().recipe
        return test_script(recipe.pre_test, recipe.test_command, files)

    def parse(self, run: ExecResult, report_dir: Path) -> dict[str, str]:
        parser = get_parser(self.environment().recipe.parser)
        parsed = parser(TestRun(report_dir=report_dir, stdout=run.stdout, stderr=run.stderr, exit_code=run.exit_code))
        return {name: status.value for name, status in parsed.statuses.items()}
