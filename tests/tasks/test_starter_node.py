"""The JavaScript and TypeScript starter tasks through the real Grader: environments built from their
recipes (mocha, vitest, typescript and @types/node from the npm registry), tests run in the sandbox with
the network off; the gold patch resolves every task and the empty patch none. Environments are shared
through the test cache."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import PurePosixPath

import pytest

from swegauge.envs import EnvironmentBuilder, resolve_recipe
from swegauge.envs.auto import first_rung
from swegauge.envs.languages.node import LINK_LINE, SAVE_LINE
from swegauge.envs.languages.node_infer import infer_node
from swegauge.envs.repos import bare_cache, git_env, prepared_base
from swegauge.grading.apply import touched_paths
from swegauge.grading.grader import Grader
from swegauge.sandbox import BwrapSandbox
from swegauge.tasks import Task
from swegauge.tasks.suites import load_suite

LANGUAGES = ("javascript", "typescript")
TASKS = {task.instance_id: task for task in load_suite("starter").tasks if task.language in LANGUAGES}
IDS = sorted(TASKS)
PARSER_NAMES = {
    # file > describe ... > title (mocha joins the describe levels with spaces), or the file alone
    "mocha": re.compile(r"test/[\w.-]+\.[jt]s( > .+)?"),
    "vitest": re.compile(r"test/[\w.-]+\.[jt]s( > .+)*"),
    "jest": re.compile(r"test/[\w.-]+\.[jt]s( > .+)*"),
    # describe > title, no file (node's reports do not name it)
    "node-test": re.compile(r"[^/>]+( > [^>]+)*"),
}


def _read(task: Task, path: str) -> str:
    repo = bare_cache(task.repo, task.repo_source, task.base_commit)  # the series, built like any source
    return subprocess.run(["git", "show", f"{task.base_commit}:{path}"], cwd=repo, env=git_env(),
                          capture_output=True, text=True, check=True).stdout


def _dependencies(task: Task) -> set[str]:
    package = json.loads(_read(task, "package.json"))
    return set(package.get("dependencies", {})) | set(package.get("devDependencies", {}))


@pytest.fixture(scope="module")
def grader() -> Grader:
    sandbox = BwrapSandbox()
    return Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))


def test_at_least_two_tasks_per_language_with_a_registry_dependency() -> None:
    for language in LANGUAGES:
        mine = [task for task in TASKS.values() if task.language == language]
        assert len(mine) >= 2, language
        assert len({task.repo for task in mine}) >= 2, language
        assert any(_dependencies(task) for task in mine), f"a {language} task with an npm dependency"
    parsers = {resolve_recipe(task).parser for task in TASKS.values()}
    assert {"mocha", "vitest", "node-test"} <= parsers


@pytest.mark.parametrize("instance_id", IDS)
def test_recipe_keeps_node_modules_and_names_tests_as_its_parser_does(instance_id: str) -> None:
    task = TASKS[instance_id]
    recipe = resolve_recipe(task)
    assert recipe.language == task.language and recipe.install[-1] == SAVE_LINE
    assert recipe.pre_test[0] == LINK_LINE and "/report/" in recipe.test_command
    if (_dependencies(task)):
        assert recipe.install[0] == "npm ci" and _read(task, "package-lock.json")
    pattern = PARSER_NAMES[recipe.parser]
    for name in task.FAIL_TO_PASS + task.PASS_TO_PASS:
        assert pattern.fullmatch(name), (recipe.parser, name)


@pytest.mark.parametrize("instance_id", IDS)
def test_auto_recipe_agrees_with_the_bundled_one(instance_id: str) -> None:
    task = TASKS[instance_id]
    assert task.repo_source is not None
    bundled = resolve_recipe(task)
    inferred = infer_node(prepared_base(task.repo, task.repo_source, task.base_commit))
    assert inferred is not None
    assert (inferred.language, inferred.parser) == (bundled.language, bundled.parser)
    first_rungs = tuple(first_rung(line) for line in inferred.install)  # auto's install lines are ladders
    assert (first_rungs, inferred.pre_test, inferred.env) == (bundled.install, bundled.pre_test, bundled.env)
    assert inferred.test_command.replace(" --coverage.enabled=false", "") == bundled.test_command


@pytest.mark.parametrize("instance_id", IDS)
def test_patches_split_into_source_and_test_files(instance_id: str) -> None:
    task = TASKS[instance_id]
    gold, tests = touched_paths(task.patch), touched_paths(task.test_patch)
    assert gold and tests
    assert not [p for p in gold if PurePosixPath(p).parts[0] == "test"]
    assert all(PurePosixPath(p).parts[0] == "test" for p in tests)
    assert task.FAIL_TO_PASS and task.PASS_TO_PASS
    assert task.problem_statement.strip() and task.created_at is not None


@pytest.mark.integration
@pytest.mark.skipif(shutil.which("bwrap") is None or shutil.which("node") is None or shutil.which("npm") is None,
                    reason="needs bubblewrap, node and npm")
@pytest.mark.parametrize("instance_id", IDS)
def test_gold_resolves_and_empty_does_not(instance_id: str, grader: Grader) -> None:
    task = TASKS[instance_id]
    gold = grader.grade(task, task.patch)
    assert gold.outcome == "resolved", (gold.reason, gold.log_tail)
    assert gold.structured
    empty = grader.grade(task, "")
    assert empty.outcome == "unresolved", (empty.reason, empty.log_tail)
    assert all(status == "PASSED" for status in empty.pass_to_pass.values()), empty.pass_to_pass
    assert all(status != "PASSED" for status in empty.fail_to_pass.values()), empty.fail_to_pass
