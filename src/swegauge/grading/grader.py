"""Candidate patch -> verdict: apply it, protect the tests, run them in a sandbox, parse, decide."""

from __future__ import annotations

import hashlib
import secrets
import shlex
import tempfile
from pathlib import Path

from swegauge.envs import Environment, EnvironmentBuilder, Recipe, resolve_recipe
from swegauge.envs.auto import environment_key
from swegauge.envs.repos import RepoError, prepared_base
from swegauge.envs.selectors import select_tests
from swegauge.grading.apply import apply_patch, touched_paths
from swegauge.grading.codegen.judge import CodegenJudge
from swegauge.grading.harness import has_reporter, reporter_setup
from swegauge.grading.parsers import REPORT_DIR, TestRun, get_parser
from swegauge.grading.protect import protect_workspace, read_inside
from swegauge.grading.scope import test_targets
from swegauge.grading.sentinel import judge, plant, without_sentinels
from swegauge.grading.tamper import scan
from swegauge.grading.verdict import Verdict, decide
from swegauge.sandbox import ExecResult, Limits, Mount, Sandbox, SandboxSpec, fresh_workspace
from swegauge.tasks import Task

LOG_TAIL_CHARS = 4000


def patch_hash(patch: str) -> str:
    return hashlib.sha256(patch.encode("utf-8")).hexdigest()[:16]


class Grader:
    """Grades candidates for issue tasks. Knows nothing of where candidates came from."""

    def __init__(self, *, sandbox: Sandbox, builder: EnvironmentBuilder, test_limits: Limits | None = None) -> None:
        """`test_limits` replaces the recipes' own limits for test runs (None: each recipe's)."""
        self._sandbox = sandbox
        self._builder = builder
        self._test_limits = test_limits
        self._recipes: dict[tuple, Recipe] = {}
        self.codegen = CodegenJudge(sandbox=sandbox)

    def environment(self, task: Task) -> tuple[Environment | None, str | None]:
        """The built environment for a task, or the reason it could not be built."""
        commit = task.environment_setup_commit or task.base_commit
        memo = (task.repo, task.repo_source, task.recipe, task.version, task.language, commit)
        try:
            recipe = self._recipes.get(memo) or self._recipes.setdefault(memo, resolve_recipe(task))
        except Exception as err:  # noqa: BLE001 - recipe problems are environment errors
            return None, f"recipe: {err}"
        outcome = self._builder.get(
            key=environment_key(task), recipe=recipe, repo=task.repo, repo_source=task.repo_source, commit=commit
        )
        return outcome.environment, outcome.error

    def grade(self, task: Task, patch: str) -> Verdict:
        """The verdict on `patch`: for a codegen task the patch is the program, judged by its hidden tests;
        for a choice task the chosen proposal id."""
        if task.kind == "codegen":
            return self.codegen.grade(task, patch)
        if task.kind == "choice":
            from swegauge.grading.choice import grade_choice  # it imports patch_hash from here

            return grade_choice(task, patch.strip() or None, patch=patch)
        base = {"instance_id": task.instance_id, "patch_hash": patch_hash(patch), "empty_patch": not patch.strip()}
        env, error = self.environment(task)
        if env is None:
            return Verdict(**base, outcome="error", reason=f"environment error: {error}")
        try:
            tree = prepared_base(task.repo, task.repo_source, task.base_commit)
        except RepoError as err:
            return Verdict(**base, outcome="error", reason=f"repository error: {err}")
        with fresh_workspace(tree) as workspace:
            applied = apply_patch(workspace, patch)
            if not applied.applied:
                return Verdict(**base, outcome="unresolved", applied=False, reason=f"patch did not apply: {applied.error}")
            base["apply_method"] = applied.method
            protection = protect_workspace(workspace, candidate_patch=patch, test_patch=task.test_patch,
                                           language=task.language)
            if protection.error:
                return Verdict(**base, outcome="error", reason=protection.error)
            base["reverted"] = protection.evidence
            signals = scan(patch, language=task.language, base_has=lambda p: (tree / p).exists(),
                           file_text=lambda p: read_inside(workspace, p), skip=frozenset(protection.reverted))
            if signals:
                return Verdict(**base, outcome="unresolved", signals=[str(s) for s in signals],
                               reason="tampering: " + "; ".join(str(s) for s in signals))
            return self._run_tests(task, env, workspace, base)

    def _run_tests(self, task: Task, env: Environment, workspace: Path, base: dict) -> Verdict:
        recipe = env.recipe
        secret = secrets.token_hex(16)
        reporter = has_reporter(recipe.parser)
        mounts, variables = reporter_setup(recipe.parser, {**env.variables})
        with (tempfile.TemporaryDirectory(prefix="swegauge-report-") as report,
              tempfile.TemporaryDirectory(prefix="swegauge-sentinel-") as scratch):
            scope = test_targets(task, workspace, test_files(workspace, task.test_patch))
            targets = select_tests(recipe.test_selector, scope or [])  # None/[]: the whole suite
            sentinel = plant(workspace, parser=recipe.parser, test_command=recipe.test_command, targets=targets,
                             secret=secret, scratch=Path(scratch), env={**env.variables, **variables})
            if sentinel:
                mounts, variables = (*mounts, *sentinel.mounts), {**variables, **sentinel.variables}
            script = test_script(recipe.pre_test, sentinel.command if sentinel else recipe.test_command,
                                 [*targets, *(sentinel.files if sentinel else [])])
            result = self.run_in_env(env, workspace, script, secret=secret if reporter else None, variables=variables,
                                     limits=self._test_limits,
                                     extra_mounts=(Mount(source=Path(report), target=REPORT_DIR, writable=True), *mounts))
            run = TestRun(report_dir=Path(report), stdout=result.stdout, stderr=result.stderr,
                          exit_code=result.exit_code, channel=result.channel, secret=secret if reporter else None)
            parsed = get_parser(recipe.parser)(run)
            if sentinel:
                parsed = judge(parsed, secret=secret, planted=sentinel, run=run)
        outcome, reason, f2p, p2p = decide(
            expected_f2p=task.FAIL_TO_PASS, expected_p2p=task.PASS_TO_PASS, parsed=parsed, result=result,
        )
        tail = (result.stdout[-LOG_TAIL_CHARS // 2 :] + "\n--- stderr ---\n" + result.stderr[-LOG_TAIL_CHARS // 2 :])
        return Verdict(
            **base, outcome=outcome, reason=reason, fail_to_pass=f2p, pass_to_pass=p2p,
            tests=without_sentinels(parsed.statuses),
            structured=parsed.structured, exit_code=result.exit_code, ended_by=result.ended_by,
            test_seconds=result.duration_s, log_tail=tail,
        )

    def run_in_env(self, env: Environment, workspace: Path, script: str, *, extra_mounts: tuple[Mount, ...] = (),
                   limits: Limits | None = None, secret: str | None = None,
                   variables: dict[str, str] | None = None) -> ExecResult:
        """Run a shell script over `workspace` in `env`, network off, /env read-only. With a `secret`, the
        script gets the result channel and the secret (the harness's reporter uses them)."""
        recipe = env.recipe
        limits = limits or Limits(wall_seconds=recipe.test_timeout_s, memory_mb=recipe.memory_mb)
        spec = SandboxSpec(workspace=workspace, mounts=(*env.mounts, *extra_mounts),
                           env={**env.variables, **(variables or {})}, limits=limits,
                           channel=secret is not None, secret=secret)
        return self._sandbox.run(spec, ["bash", "-c", script])


CODE_SUFFIXES = frozenset({
    ".py", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".go", ".rs", ".java", ".kt", ".scala",
    ".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".rb", ".php", ".cs", ".swift",
})


def test_files(workspace: Path, test_patch: str) -> list[str]:
    """The code files the test patch touches that exist once it is applied (its data files, fixtures and
    snapshots are not test entry points: a runner given `data.json` refuses it)."""
    return [p for p in touched_paths(test_patch)
            if Path(p).suffix.lower() in CODE_SUFFIXES and (workspace / p).is_file()]


def test_script(pre_test: tuple[str, ...], test_command: str, files: list[str]) -> str:
    """The shell script of one test run: pre-test lines, then the test command on the test files."""
    command = test_command.replace("{tests}", " ".join(shlex.quote(f) for f in files))
    return "\n".join([*pre_test, command])


def protect_tests(workspace: Path, test_patch: str) -> str | None:
    """Reset every file the test patch touches to base, then apply the test patch (no candidate rules:
    for scratch runs of solvers; grading uses protect_workspace). Returns an error message, or None."""
    return protect_workspace(workspace, candidate_patch="", test_patch=test_patch, language="").error
