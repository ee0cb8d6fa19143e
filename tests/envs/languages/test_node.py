"""JavaScript and TypeScript environments: auto inference on package.json variants, the toolchain's
build/test settings, the node_modules helper, and a real npm build graded in the sandbox (a package from
the npm registry downloaded at build time, used from the read-only /env at test time, network off)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from swegauge.envs import EnvironmentBuilder
from swegauge.envs.auto import infer_recipe, rungs_of
from swegauge.envs.languages import node
from swegauge.envs.languages.node_infer import infer_node
from swegauge.envs.recipe import Recipe, RecipeError
from swegauge.envs.toolchain_mounts import toolchain_for
from swegauge.grading.grader import Grader
from swegauge.sandbox import BwrapSandbox, fresh_workspace
from swegauge.tasks import Task
from tests.helpers import diff_for, head, make_repo

needs_node = pytest.mark.skipif(shutil.which("bwrap") is None or shutil.which("node") is None
                                or shutil.which("npm") is None, reason="needs bubblewrap, node and npm")


def _tree(root: Path, package: dict | None, files: dict[str, str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if package is not None:
        (root / "package.json").write_text(json.dumps(package))
    for rel, text in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


# -- auto inference ---------------------------------------------------------------------------------


def test_jest_script_with_lockfile_uses_npm_ci_and_a_json_report(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {"scripts": {"test": "jest --coverage src"}, "devDependencies": {"jest": "^29"}},
                 {"package-lock.json": "{}"})
    recipe = infer_recipe(tree, language="javascript")
    assert recipe.language == "javascript" and recipe.parser == "jest"
    assert rungs_of(recipe.install[0]) == ["lockfile", "legacy peer deps", "no install scripts"]
    assert recipe.install[0].startswith("{ echo 'auto rung 1/3 (lockfile)'; npm ci; } || ")
    assert recipe.install[1] == node.SAVE_LINE
    assert recipe.pre_test == (node.LINK_LINE,)
    assert recipe.test_command == ("jest --ci --json --outputFile=/report/jest.json --coverage=false src {tests}")
    assert recipe.env["CI"] == "true"


def test_vitest_from_dev_dependencies_without_lockfile_is_typescript(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {"devDependencies": {"vitest": "^3.2.0"}}, {"tsconfig.json": "{}"})
    recipe = infer_recipe(tree, language="typescript")
    assert recipe.language == "typescript" and recipe.parser == "vitest"
    assert rungs_of(recipe.install[0])[0] == "resolve" and "npm install;" in recipe.install[0]
    assert "--before" not in recipe.install[0]  # no task date: nothing to bound by
    assert recipe.test_command.startswith("vitest run --reporter=default --reporter=json "
                                          "--outputFile.json=/report/vitest.json")
    assert recipe.test_command.endswith("{tests}")


def test_vitest_watch_reporter_and_coverage_flags_are_replaced(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {"scripts": {"test": "vitest --reporter verbose --coverage.enabled --root ."}})
    command = infer_node(tree).test_command  # type: ignore[union-attr]
    assert "verbose" not in command and "--coverage.enabled " not in command
    assert command.count(" run ") == 1 and "--root ." in command


def test_mocha_keeps_its_own_arguments_and_the_script_environment(tmp_path: Path) -> None:
    script = "cross-env NODE_ENV=test TZ=Europe/Paris nyc mocha -r ts-node/register 'test/**/*.ts' --reporter spec"
    recipe = infer_node(_tree(tmp_path, {"scripts": {"test": script}, "devDependencies": {"typescript": "5"}}))
    assert recipe is not None and recipe.parser == "mocha" and recipe.language == "typescript"
    assert recipe.test_command == ("mocha --reporter json --reporter-option output=/report/mocha.json "
                                   "-r ts-node/register 'test/**/*.ts' {tests}")
    assert recipe.env["NODE_ENV"] == "test" and recipe.env["TZ"] == "Europe/Paris"


def test_mocha_wrapper_program_is_kept(tmp_path: Path) -> None:
    recipe = infer_node(_tree(tmp_path, {"scripts": {"test": "ts-mocha -p tsconfig.json test/*.ts -R dot"}}))
    assert recipe is not None
    assert recipe.test_command.startswith("ts-mocha --reporter json ")
    assert "-R" not in recipe.test_command and "dot" not in recipe.test_command


def test_node_test_after_a_build_step_runs_the_build_output(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {"scripts": {"test": "tsc -p tsconfig.json && node --test dist/test/*.test.js"},
                            "devDependencies": {"typescript": "~5.9.0"}}, {"package-lock.json": "{}"})
    recipe = infer_recipe(tree, language="typescript")
    assert recipe.parser == "node-test" and recipe.language == "typescript"
    assert recipe.pre_test == (node.LINK_LINE, "tsc -p tsconfig.json")
    assert "--test-reporter=junit --test-reporter-destination=/report/node-test.xml" in recipe.test_command
    assert recipe.test_command.endswith(" dist/test/*.test.js") and "{tests}" not in recipe.test_command


def test_npm_run_is_followed_and_a_building_pretest_is_kept(tmp_path: Path) -> None:
    scripts = {"test": "npm run test:unit", "test:unit": "node --experimental-vm-modules node_modules/.bin/jest -i",
               "pretest": "npm run build", "build": "tsc"}
    recipe = infer_node(_tree(tmp_path, {"scripts": scripts}))
    assert recipe is not None and recipe.parser == "jest"
    assert recipe.test_command.startswith("node --experimental-vm-modules node_modules/.bin/jest --ci --json")
    assert recipe.pre_test == (node.LINK_LINE, "npm run pretest")


@pytest.mark.parametrize("script", ["jest && eslint .", "eslint . && jest"])
def test_linting_steps_and_pretest_are_left_out(script: str, tmp_path: Path) -> None:
    recipe = infer_node(_tree(tmp_path, {"scripts": {"test": script, "pretest": "eslint src"}}))
    assert recipe is not None and recipe.pre_test == (node.LINK_LINE,)
    assert "eslint" not in recipe.test_command and recipe.test_command.endswith("{tests}")


def test_node_test_found_from_an_import_when_there_is_no_script(tmp_path: Path) -> None:
    tree = _tree(tmp_path, {"name": "x", "scripts": {"test": "echo \"Error: no test specified\" && exit 1"}},
                 {"test/unit/a.js": "import test from 'node:test';\n", "node_modules/x/a.test.js": "node:test"})
    recipe = infer_node(tree)
    assert recipe is not None and recipe.parser == "node-test" and recipe.test_command.endswith("{tests}")


def test_a_package_json_without_a_runner_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RecipeError, match="names no test runner"):
        infer_node(_tree(tmp_path, {"scripts": {"test": "make check"}}))


def test_broken_package_json_is_named(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text("{ nope")
    with pytest.raises(RecipeError, match="package.json is not valid JSON"):
        infer_node(tmp_path)


def test_no_package_json_leaves_the_tree_to_other_languages(tmp_path: Path) -> None:
    assert infer_node(_tree(tmp_path, None, {"main.py": "x = 1\n"})) is None
    assert infer_recipe(tmp_path, language="javascript").language == "python"


# -- toolchain --------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_toolchain_is_offline_at_test_time_and_caches_only_while_building() -> None:
    chain = toolchain_for(Recipe(language="typescript", test_command="true"))
    targets = {m.target: m for m in chain.mounts}
    helper = targets[f"/opt/swegauge/bin/{node.HELPER_NAME}"]
    assert not helper.writable and os.access(helper.source, os.X_OK)
    assert chain.variables["NPM_CONFIG_OFFLINE"] == "true"
    assert chain.variables["PATH"].startswith("/workspace/node_modules/.bin:")
    assert chain.build_variables["NPM_CONFIG_OFFLINE"] == "false"
    assert [m.target for m in chain.build_mounts] == ["/cache/npm"] and chain.build_mounts[0].writable
    assert chain.build_variables["NPM_CONFIG_CACHE"] == "/cache/npm"
    assert chain.variables["NPM_CONFIG_CAFILE"] == node.CA_FILE


# -- the node_modules helper, outside a sandbox ------------------------------------------------------


def _helper(command: str, env_dir: Path, workspace: Path) -> subprocess.CompletedProcess[str]:
    variables = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SWEGAUGE_ENV": str(env_dir),
                 "SWEGAUGE_WORKSPACE": str(workspace)}
    return subprocess.run(["sh", str(node.HELPER_SOURCE), command], env=variables, capture_output=True,
                          text=True, check=True)


def test_helper_saves_every_node_modules_and_links_them_back_writable(tmp_path: Path) -> None:
    build, env_dir, fresh = tmp_path / "build", tmp_path / "env", tmp_path / "fresh"
    _tree(build, {"name": "mono"}, {
        "node_modules/dep/index.js": "module.exports = 1;\n",
        "node_modules/@scope/lib/index.js": "module.exports = 2;\n",
        "node_modules/.cache/junk": "x",
        "packages/app/index.js": "module.exports = 3;\n",
        "packages/app/node_modules/old-dep/index.js": "module.exports = 4;\n",
    })
    (build / "node_modules/.bin").mkdir()
    (build / "node_modules/.bin/dep").symlink_to("../dep/index.js")
    (build / "node_modules/app").symlink_to("../packages/app")  # an npm workspace link
    env_dir.mkdir()
    assert "saved 2 node_modules" in _helper("save", env_dir, build).stdout
    assert (env_dir / "node_modules.list").read_text().split() == ["node_modules", "packages/app/node_modules"]
    shutil.copytree(build, fresh, symlinks=True, ignore=shutil.ignore_patterns("node_modules"))
    _helper("link", env_dir, fresh)
    modules = fresh / "node_modules"
    assert modules.is_dir() and not modules.is_symlink()
    assert (modules / "dep").resolve() == (env_dir / "node_modules/dep").resolve()
    assert (modules / "@scope").is_dir() and (modules / "@scope/lib").is_symlink()
    assert (modules / "app").resolve() == (fresh / "packages/app").resolve()
    assert (modules / ".bin/dep").resolve() == (env_dir / "node_modules/dep/index.js").resolve()
    assert not (modules / ".cache").exists()
    nested = fresh / "packages/app/node_modules/old-dep/index.js"
    assert nested.resolve() == (env_dir / "nested/packages/app/node_modules/old-dep/index.js").resolve()
    _helper("link", env_dir, fresh)  # twice is harmless


# -- a real build and grade in the sandbox ------------------------------------------------------------

PACKAGE = {"name": "pretty-wait", "version": "1.0.0", "type": "module", "scripts": {"test": "node --test"},
           "dependencies": {"ms": "2.1.3"}}
SOURCE = "import ms from 'ms';\n\nexport function describe(delay) {\n  return ms(delay);\n}\n"
FIXED = SOURCE.replace("return ms(delay);", "return ms(delay, { long: true });")
BASE_TEST = ("import { test } from 'node:test';\nimport assert from 'node:assert/strict';\n"
             "import { describe } from '../src/wait.js';\n\n"
             "test('short form below a second', () => assert.equal(describe(500), '500ms'));\n")
NEW_TEST = BASE_TEST.replace("'500ms'", "'500 ms'").replace("short form below", "long form below") + (
    "test('long form for minutes', () => assert.equal(describe(120000), '2 minutes'));\n"
    "test('ms is loaded from node_modules', async () => {\n"
    "  const { createRequire } = await import('node:module');\n"
    "  const path = createRequire(import.meta.url).resolve('ms');\n"
    "  assert.ok(path.startsWith('/env/node_modules/ms/'), path);\n});\n")
PROBE = """set +e
npm view ms version >/dev/null 2>&1; echo "offline=$?"
NPM_CONFIG_OFFLINE=false npm view ms version --fetch-retries=0 --fetch-timeout=5000 >/dev/null 2>&1; echo "online=$?"
touch /env/node_modules/x 2>/dev/null; echo "env_write=$?"
swegauge-node link && mkdir -p node_modules/.cache/tool && echo "cache_write=$?"
"""


@pytest.fixture(scope="module")
def wait_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Task, Grader]:
    root = tmp_path_factory.mktemp("node-wait")
    repo = make_repo(root / "repo", {"package.json": json.dumps(PACKAGE, indent=2), "src/wait.js": SOURCE,
                                     "test/wait.test.js": BASE_TEST, ".gitignore": "node_modules/\n"})
    task = Task(instance_id="wait-1", repo="local/pretty-wait", repo_source=str(repo), base_commit=head(repo),
                language="javascript", patch=diff_for(repo, {"src/wait.js": FIXED}),
                test_patch=diff_for(repo, {"test/wait.test.js": NEW_TEST}),
                FAIL_TO_PASS=["long form below a second", "long form for minutes"],
                PASS_TO_PASS=["ms is loaded from node_modules"])
    sandbox = BwrapSandbox()
    return task, Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))


@pytest.mark.integration
@needs_node
def test_auto_recipe_builds_with_npm_and_grades_offline(wait_project: tuple[Task, Grader]) -> None:
    task, grader = wait_project
    env, error = grader.environment(task)
    assert env is not None, error
    assert env.recipe.parser == "node-test" and env.recipe.install[1] == node.SAVE_LINE
    # the task's date (2000: the test repository's fixed commit dates) bounds the first rung, which finds
    # nothing that old; the next rung, announced in the log, resolves
    assert re.search(r"auto rung \d/\d \(resolve\)", env.log_path.read_text())
    assert (env.path / "node_modules/ms/package.json").is_file()
    gold = grader.grade(task, task.patch)
    assert gold.outcome == "resolved", (gold.reason, gold.log_tail)
    assert gold.structured and gold.fail_to_pass == {n: "PASSED" for n in task.FAIL_TO_PASS}
    empty = grader.grade(task, "")
    assert empty.outcome == "unresolved"
    assert empty.fail_to_pass == {n: "FAILED" for n in task.FAIL_TO_PASS}
    assert empty.pass_to_pass == {"ms is loaded from node_modules": "PASSED"}


@pytest.mark.integration
@needs_node
def test_npm_cannot_reach_the_registry_and_env_is_read_only_at_test_time(
        wait_project: tuple[Task, Grader]) -> None:
    task, grader = wait_project
    env, error = grader.environment(task)
    assert env is not None, error
    assert task.repo_source is not None
    with fresh_workspace(Path(task.repo_source)) as workspace:
        result = grader.run_in_env(env, workspace, PROBE)
    lines = dict(line.split("=", 1) for line in result.stdout.split() if "=" in line)
    assert lines["offline"] != "0" and lines["online"] != "0", result.stdout + result.stderr
    assert lines["env_write"] != "0" and lines["cache_write"] == "0", result.stdout + result.stderr
