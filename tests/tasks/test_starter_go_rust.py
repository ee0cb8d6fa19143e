"""The Go and Rust starter tasks through the real Grader: environments built from their recipes (modules
from the Go module proxy, crates from crates.io), tests run in the sandbox with the network off; the gold
patch resolves every task and the empty patch none. Environments are shared through the test cache."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import PurePosixPath

import pytest

from swegauge.envs import EnvironmentBuilder, resolve_recipe
from swegauge.envs.repos import bare_cache, git_env
from swegauge.grading.apply import touched_paths
from swegauge.grading.grader import Grader
from swegauge.sandbox import BwrapSandbox
from swegauge.tasks import Task
from swegauge.tasks.suites import load_suite

LANGUAGES = ("go", "rust")
TASKS = {task.instance_id: task for task in load_suite("starter").tasks if task.language in LANGUAGES}
IDS = sorted(TASKS)
TOOLS = {"go": "go", "rust": "cargo"}


def _missing_tool(task: Task) -> str | None:
    tool = TOOLS[task.language]
    if shutil.which("bwrap") is None:
        return "bubblewrap"
    if shutil.which(tool) is None and not (tool == "go" and shutil.which("go", path="/usr/local/go/bin")):
        return tool
    return None


def _is_test_file(path: str, language: str) -> bool:
    parts = PurePosixPath(path).parts
    if language == "go":
        return parts[-1].endswith("_test.go") or "testdata" in parts[:-1]
    return parts[0] == "tests" or parts[-1] == "tests.rs"


def _read(task: Task, path: str) -> str:
    repo = bare_cache(task.repo, task.repo_source, task.base_commit)  # the series, built like any source
    return subprocess.run(["git", "show", f"{task.base_commit}:{path}"], cwd=repo, env=git_env(),
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def grader() -> Grader:
    sandbox = BwrapSandbox()
    return Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))


def test_at_least_two_tasks_per_language_with_a_registry_dependency() -> None:
    for language in LANGUAGES:
        mine = [task for task in TASKS.values() if task.language == language]
        assert len(mine) >= 2, language
        assert len({task.repo for task in mine}) >= 2, language
    manifests = {task.repo: _read(task, "go.mod" if task.language == "go" else "Cargo.toml")
                 for task in TASKS.values()}
    assert any("github.com/google/go-cmp" in text for text in manifests.values()), "a module from the proxy"
    assert any(re.search(r"^itoa = ", text, re.M) for text in manifests.values()), "a crate from crates.io"
    recipes = {task.repo: resolve_recipe(task) for task in TASKS.values()}
    assert {recipe.language for recipe in recipes.values()} == set(LANGUAGES)


@pytest.mark.parametrize("instance_id", IDS)
def test_patches_split_into_source_and_test_files(instance_id: str) -> None:
    task = TASKS[instance_id]
    gold, tests = touched_paths(task.patch), touched_paths(task.test_patch)
    assert gold and tests
    assert not [p for p in gold if _is_test_file(p, task.language)]
    assert all(_is_test_file(p, task.language) for p in tests)
    for name in task.FAIL_TO_PASS + task.PASS_TO_PASS:
        if task.language == "go":  # go's parser names tests "<import path>/<Test>"
            assert re.fullmatch(r"example\.com/[\w/.-]+/Test\w+(/\S+)?", name), name
        else:  # libtest's paths; integration tests in tests/*.rs are bare function names
            assert re.fullmatch(r"(\w+::)*\w+", name), name


@pytest.mark.integration
@pytest.mark.parametrize("instance_id", IDS)
def test_gold_resolves_and_empty_does_not(instance_id: str, grader: Grader) -> None:
    task = TASKS[instance_id]
    missing = _missing_tool(task)
    if missing:
        pytest.skip(f"needs {missing}")
    gold = grader.grade(task, task.patch)
    assert gold.outcome == "resolved", (gold.reason, gold.log_tail)
    assert gold.structured == (task.language == "go")
    empty = grader.grade(task, "")
    assert empty.outcome == "unresolved", (empty.reason, empty.log_tail)
    assert all(status == "PASSED" for status in empty.pass_to_pass.values()), empty.pass_to_pass
    assert all(status != "PASSED" for status in empty.fail_to_pass.values()), empty.fail_to_pass
