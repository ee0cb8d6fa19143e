"""The local executor and ExecutorGrader: gradings go where the executor sends them, verdicts come back."""

from __future__ import annotations

from concurrent.futures import Future

from swegauge.grading.verdict import Verdict
from swegauge.runner.executors import ExecutorGrader, ExecutorSettings, LocalExecutor
from swegauge.runner.grading_jobs import GradingJob, run_grading_jobs
from swegauge.store import Store
from swegauge.tasks import Task

TASK = Task(instance_id="t-1", repo="acme/x", base_commit="abcd1234")


class FakeGrader:
    """Implements Grader.grade/environment/run_in_env; records what it was asked."""

    def __init__(self) -> None:
        self.graded: list[str] = []
        self.ran: list[str] = []

    def grade(self, task: Task, patch: str) -> Verdict:
        self.graded.append(patch)
        return Verdict(instance_id=task.instance_id, patch_hash=patch or "empty",
                       outcome="resolved" if patch == "fix" else "unresolved", reason=None if patch == "fix" else "no")

    def environment(self, task: Task):
        return None, "fake: no environment"

    def run_in_env(self, env, workspace, script, **kwargs):
        self.ran.append(script)
        return "ran"


class FakeExecutor:
    """Implements Executor: grades with its own grader, counts submissions."""

    def __init__(self, grader: FakeGrader) -> None:
        self.grader, self.submitted, self.closed = grader, 0, False

    def submit(self, task: Task, patch: str) -> Future:
        self.submitted += 1
        future: Future = Future()
        future.set_result(self.grader.grade(task, patch))
        return future

    def close(self) -> None:
        self.closed = True


def test_local_executor_grades_in_threads():
    grader = FakeGrader()
    executor = LocalExecutor(grader, workers=3)
    futures = [executor.submit(TASK, p) for p in ("fix", "", "x")]
    assert [f.result().outcome for f in futures] == ["resolved", "unresolved", "unresolved"]
    executor.close()
    assert sorted(grader.graded) == ["", "fix", "x"]


def test_executor_grader_sends_grades_away_and_keeps_sandbox_runs_local():
    local, remote = FakeGrader(), FakeGrader()
    executor = FakeExecutor(remote)
    grader = ExecutorGrader(local, executor)
    assert grader.grade(TASK, "fix").resolved
    assert grader.environment(TASK) == (None, "fake: no environment")
    assert grader.run_in_env(None, None, "echo") == "ran"
    assert (remote.graded, local.graded, local.ran, executor.submitted) == (["fix"], [], ["echo"], 1)


def test_grading_jobs_store_each_verdict_once_and_skip_stored_ones(tmp_path):
    grader = FakeGrader()
    executor = FakeExecutor(grader)
    jobs = [GradingJob(task=TASK, label="gold", patch="fix"), GradingJob(task=TASK, label="empty", patch="")]
    store = Store(tmp_path)
    assert run_grading_jobs(jobs, grader=grader, store=store, executor=executor) == (2, 0)
    assert run_grading_jobs(jobs, grader=grader, store=store, executor=executor) == (0, 2)
    assert executor.submitted == 2 and not executor.closed  # the caller's executor is the caller's to close
    assert sorted(r.label for r in store.results()) == ["empty", "gold"]
    store.close()


def test_cli_refuses_unknown_executors_and_an_address_without_ray():
    from typer.testing import CliRunner

    from swegauge.cli import app

    bad = CliRunner().invoke(app, ["validate", "starter", "--executor", "dask"])
    assert bad.exit_code == 2 and "expected local or ray" in bad.output
    stray = CliRunner().invoke(app, ["evaluate", "--suite", "starter", "--predictions", __file__,
                                     "--address", "10.0.0.1:6379"])
    assert stray.exit_code == 2 and "--address needs --executor ray" in stray.output


def test_executor_settings_default_to_local():
    settings = ExecutorSettings()
    assert (settings.kind, settings.address, settings.max_retries) == ("local", None, 3)
