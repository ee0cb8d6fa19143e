"""Regenerate the starter projects whose tests run in swegauge's own sandboxes (Go, Rust, any language).

    .venv/bin/python scripts/starter/build_sandboxed.py              # rebuild every project here
    .venv/bin/python scripts/starter/build_sandboxed.py bytesize     # rebuild some
    .venv/bin/python scripts/starter/build_sandboxed.py --check      # exit 1 if the artifacts differ

Source form, in scripts/starter/sandboxed/<project>/ (the same as build.py's, plus a recipe)::

    recipe.json                               the recipe's "*" entry (language, install, test_command,
                                              parser, ...); written to recipes/<project>.json
    history/NNNN-<slug>/commit.json, files/   one commit each, as for build.py
    tasks/<n>/task.json, issue.md, files/     one task each, as for build.py

Output goes where build.py's goes (src/swegauge/tasks/starter/). The difference is how FAIL_TO_PASS and
PASS_TO_PASS are found: the environment is built from the recipe by swegauge's EnvironmentBuilder, and
the empty and gold patches are graded by swegauge's Grader in the bubblewrap sandbox, network off, so
the test names are exactly the ones the recipe's parser reports. FAIL_TO_PASS: passes with the gold
patch, does not pass without it; PASS_TO_PASS: passes with both. Every test must pass with the gold patch.

Test files (the test patch) are: files under a tests/, test/ or testdata/ directory, Go's *_test.go,
and Rust's tests.rs modules; every other changed file is part of the gold patch.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path, PurePosixPath

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
sys.path.insert(0, str(REPO_ROOT / "src"))
sys.path.insert(0, str(HERE))

import build as plain  # noqa: E402  (build.py beside this file: history and patch helpers)

from swegauge.envs import EnvironmentBuilder  # noqa: E402
from swegauge.envs.recipe import Recipe, RecipeFile  # noqa: E402
from swegauge.grading.grader import Grader  # noqa: E402
from swegauge.grading.parsers import TestStatus  # noqa: E402
from swegauge.sandbox import BwrapSandbox  # noqa: E402
from swegauge.tasks.schema import Task  # noqa: E402
from swegauge.tasks.starter import PROJECTS_DIR, RECIPES_DIR, TASKS_DIR, git_env, run_git  # noqa: E402

SOURCE_DIR = HERE / "sandboxed"
TEST_DIRS = ("tests", "test", "testdata")


class BuildError(Exception):
    pass


def is_test_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    name = parts[-1]
    return any(p in TEST_DIRS for p in parts[:-1]) or name.endswith("_test.go") or name == "tests.rs"


def load_recipe(project: str) -> Recipe:
    data = json.loads((SOURCE_DIR / project / "recipe.json").read_text(encoding="utf-8"))
    return Recipe.model_validate(data)


def recipe_file(project: str, recipe: Recipe) -> dict:
    entry = recipe.model_dump(exclude_defaults=True)
    entry["language"] = recipe.language
    record = {"repo": f"starter/{project}", "versions": {"*": entry}}
    RecipeFile.model_validate(record)
    return record


def split_fix(project: str, number: str, base_repo: Path, work: Path, home: str) -> tuple[str, str]:
    """The task's files over the base: (gold patch of non-test files, test patch of test files)."""
    task_dir = SOURCE_DIR / project / "tasks" / number
    fixed = work / "fixed" / f"{project}-{number}"
    shutil.copytree(base_repo, fixed)
    plain.copy_overlay(task_dir / "files", fixed)
    env = git_env(home)
    run_git(["add", "-A"], fixed, env)
    changed = run_git(["diff", "--cached", "--no-renames", "--name-only"], fixed, env).split()
    src_files = [p for p in changed if not is_test_path(p)]
    test_files = [p for p in changed if is_test_path(p)]
    if not src_files or not test_files:
        raise BuildError(f"{project}-{number}: the fix must change both source files and test files")
    diff = ["diff", "--cached", "--no-renames", "--no-color", "--"]
    return run_git([*diff, *src_files], fixed, env), run_git([*diff, *test_files], fixed, env)


class SandboxRunner:
    """Grades patches on a project's history repository with the recipe, in real sandboxes."""

    def __init__(self, project: str, recipe: Recipe, repo: Path, head: str, recipes_dir: Path) -> None:
        self.project, self.repo, self.head = project, repo, head
        name = f"starter-gen/{project}"
        path = recipes_dir / f"{project}.json"
        path.write_text(json.dumps({"repo": name, "versions": {"*": recipe.model_dump()}}), encoding="utf-8")
        os.environ["SWEGAUGE_RECIPES"] = os.pathsep.join(
            p for p in (str(recipes_dir), os.environ.get("SWEGAUGE_RECIPES", "")) if p)
        self.name = name
        sandbox = BwrapSandbox()
        self.grader = Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))

    def statuses(self, label: str, gold: str, test_patch: str) -> dict[str, TestStatus]:
        task = Task(instance_id=f"gen-{self.project}", repo=self.name, repo_source=str(self.repo),
                    base_commit=self.head, version=self.head[:12], recipe=self.name, patch=gold,
                    test_patch=test_patch)
        verdict = self.grader.grade(task, gold)
        if verdict.outcome == "error" and not verdict.tests:
            raise BuildError(f"{self.project} ({label}): {verdict.reason}\n{verdict.log_tail}")
        print(f"    {label}: {len(verdict.tests)} tests in {verdict.test_seconds:.1f}s")
        return dict(verdict.tests)


def build_task(project: str, number: str, runner: SandboxRunner, head_date: datetime, work: Path,
               home: str, language: str) -> dict:
    task_dir = SOURCE_DIR / project / "tasks" / number
    meta = json.loads((task_dir / "task.json").read_text(encoding="utf-8"))
    instance_id = f"starter__{project}-{number}"
    gold, test_patch = split_fix(project, number, runner.repo, work, home)
    before = runner.statuses("empty", "", test_patch)
    after = runner.statuses("gold", gold, test_patch)
    broken = [t for t, status in after.items() if status != TestStatus.PASSED and status != TestStatus.SKIPPED]
    if not after or broken:
        raise BuildError(f"{instance_id}: with the gold patch these tests do not pass: {broken}")
    passed = [t for t, status in after.items() if status == TestStatus.PASSED]
    fail_to_pass = [t for t in passed if before.get(t) != TestStatus.PASSED]
    pass_to_pass = [t for t in passed if before.get(t) == TestStatus.PASSED]
    if not fail_to_pass:
        raise BuildError(f"{instance_id}: no test fails before the gold patch")
    created = datetime.fromisoformat(meta["created_at"].replace("Z", "+00:00"))
    if created <= head_date:
        raise BuildError(f"{instance_id}: created_at must come after the base commit")
    record = {
        "instance_id": instance_id, "repo": f"starter/{project}", "base_commit": runner.head,
        "patch": gold, "test_patch": test_patch,
        "problem_statement": (task_dir / "issue.md").read_text(encoding="utf-8").strip() + "\n",
        "hints_text": "", "created_at": meta["created_at"], "version": "1.0",
        "FAIL_TO_PASS": sorted(fail_to_pass), "PASS_TO_PASS": sorted(pass_to_pass),
        "kind": "issue", "language": language, "recipe": f"starter/{project}", "source": "starter",
        "tags": meta.get("tags", []),
    }
    Task.model_validate(record)
    return record


def build_project(project: str, work: Path, home: str) -> dict[Path, bytes]:
    """Everything the project contributes to the output tree, as {path: content}."""
    recipe = load_recipe(project)
    plain.SOURCE_DIR = SOURCE_DIR  # build.py's history builder reads its steps from here
    repo, series, head = plain.build_history(project, work, home)
    steps = sorted(p for p in (SOURCE_DIR / project / "history").iterdir() if p.is_dir())
    head_date = datetime.fromisoformat(json.loads((steps[-1] / "commit.json").read_text())["date"])
    out: dict[Path, bytes] = {PROJECTS_DIR / project / "commits" / p.name: p.read_bytes() for p in series}
    recipes_dir = work / "recipes"
    recipes_dir.mkdir()
    runner = SandboxRunner(project, recipe, repo, head, recipes_dir)
    tasks_root = SOURCE_DIR / project / "tasks"
    for number in sorted((p.name for p in tasks_root.iterdir() if p.is_dir()), key=int):
        print(f"  task {number}:")
        record = build_task(project, number, runner, head_date, work, home, recipe.language)
        out[TASKS_DIR / f"{record['instance_id']}.json"] = plain.dumps(record).encode("utf-8")
        print(f"  {record['instance_id']}: {len(record['FAIL_TO_PASS'])} fail-to-pass, "
              f"{len(record['PASS_TO_PASS'])} pass-to-pass")
    out[RECIPES_DIR / f"{project}.json"] = plain.dumps(recipe_file(project, recipe)).encode("utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", nargs="*", help="projects to rebuild (default: all)")
    parser.add_argument("--check", action="store_true", help="compare with the committed artifacts")
    args = parser.parse_args(argv)
    names = args.projects or sorted(p.name for p in SOURCE_DIR.iterdir() if (p / "history").is_dir())
    differences: list[str] = []
    with tempfile.TemporaryDirectory(prefix="starter-build-") as tmp:
        home = os.path.join(tmp, "home")
        os.mkdir(home)
        for project in names:
            print(f"{project}:")
            wanted = build_project(project, Path(tmp) / project, home)
            stale = [p for p in plain.owned_by(project) if p not in wanted]
            for path, content in wanted.items():
                if path.exists() and path.read_bytes() == content:
                    continue
                differences.append(str(path.relative_to(REPO_ROOT)))
                if not args.check:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(content)
            for path in stale:
                differences.append(f"{path.relative_to(REPO_ROOT)} (stale)")
                if not args.check:
                    path.unlink()
    for line in differences:
        print(f"{'differs' if args.check else 'wrote'}: {line}")
    return 1 if args.check and differences else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BuildError, plain.BuildError) as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
