"""Regenerate the bundled starter suite from its readable source form.

    .venv/bin/python scripts/starter/build.py            # rebuild every project
    .venv/bin/python scripts/starter/build.py tinyconf   # rebuild some
    .venv/bin/python scripts/starter/build.py --check    # exit 1 if the committed artifacts differ

Source form, beside this script::

    projects/<project>/history/NNNN-<slug>/commit.json   {"author": "Name <email>", "date": ISO-8601,
                                                          "subject": ..., "body": ..., "delete": [paths]}
    projects/<project>/history/NNNN-<slug>/files/...     the files this commit adds or changes (whole files)
    projects/<project>/tasks/<n>/task.json               {"created_at": ..., "tags": [...]}
    projects/<project>/tasks/<n>/issue.md                the issue as filed: a title line, a blank line, a body
    projects/<project>/tasks/<n>/files/...               the fixed files, source and tests alike (whole files)

Output, under src/swegauge/tasks/starter/ (these committed artifacts are what the product uses)::

    projects/<project>/commits/NNNN-*.patch   the history, `git format-patch` of commits made with fixed
                                              author, committer and dates, so the SHAs are the same anywhere
    tasks/starter__<project>-<n>.json         one Task each; the task's files are split into the gold patch
                                              (non-test files) and the test patch (test files), and
                                              FAIL_TO_PASS / PASS_TO_PASS come from really running pytest
    recipes/<project>.json                    how to build and test the project

Tests are run with the interpreter in $STARTER_PYTHON, else /root/.pyenv/versions/3.11.7/bin/python,
else this one; it needs pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path, PurePosixPath

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
sys.path.insert(0, str(REPO_ROOT / "src"))

from swegauge.tasks.schema import Task  # noqa: E402
from swegauge.tasks.starter import (  # noqa: E402
    PROJECTS_DIR,
    RECIPES_DIR,
    TASKS_DIR,
    apply_series,
    git_env,
    run_git,
)

SOURCE_DIR = HERE / "projects"
PYTEST_PIN = "pytest==8.3.5"
RECIPE_PYTHON = "3.11"
TEST_COMMAND = "python -m pytest -rA -p no:cacheprovider --junitxml=/report/junit.xml {tests}"
_AUTHOR = re.compile(r"^(?P<name>[^<>]+?)\s*<(?P<email>[^<>]+)>$")


class BuildError(Exception):
    pass


def is_test_path(path: str) -> bool:
    parts = PurePosixPath(path).parts
    name = parts[-1]
    in_test_dir = any(part in ("tests", "test", "testing") for part in parts[:-1])
    return in_test_dir or name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def test_python() -> str:
    for candidate in (os.environ.get("STARTER_PYTHON"), "/root/.pyenv/versions/3.11.7/bin/python"):
        if candidate and Path(candidate).exists():
            return candidate
    return sys.executable


# -- history -----------------------------------------------------------------------------------


def copy_overlay(files: Path, repo: Path) -> None:
    if not files.is_dir():
        return
    for src in sorted(files.rglob("*")):
        if src.is_file():
            dst = repo / src.relative_to(files)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)


def commit_step(step: Path, repo: Path, home: str) -> None:
    meta = json.loads((step / "commit.json").read_text(encoding="utf-8"))
    match = _AUTHOR.match(meta["author"])
    if match is None:
        raise BuildError(f"{step}: author must look like 'Name <email>'")
    date = datetime.fromisoformat(meta["date"])
    if date.tzinfo is None:
        raise BuildError(f"{step}: date needs a UTC offset")
    git_date = date.strftime("%Y-%m-%dT%H:%M:%S%z")
    copy_overlay(step / "files", repo)
    for rel in meta.get("delete", []):
        (repo / rel).unlink()
    env = git_env(
        home,
        {
            "GIT_AUTHOR_NAME": match["name"],
            "GIT_AUTHOR_EMAIL": match["email"],
            "GIT_AUTHOR_DATE": git_date,
            "GIT_COMMITTER_DATE": git_date,
        },
    )
    message = meta["subject"].strip() + "\n"
    if meta.get("body", "").strip():
        message += "\n" + meta["body"].strip() + "\n"
    run_git(["add", "-A"], repo, env)
    run_git(["commit", "-q", "--no-verify", "-F", "-"], repo, env, input=message)


def build_history(project: str, work: Path, home: str) -> tuple[Path, list[Path], str]:
    """Commit the source steps in a fresh repo; return it, its format-patch series and HEAD."""
    steps = sorted(p for p in (SOURCE_DIR / project / "history").iterdir() if p.is_dir())
    if not steps:
        raise BuildError(f"{project}: no history steps")
    repo = work / "history" / project
    repo.mkdir(parents=True)
    env = git_env(home)
    run_git(["init", "-q", "--template=", "--initial-branch=main", str(repo)], repo.parent, env)
    for step in steps:
        commit_step(step, repo, home)
    head = run_git(["rev-parse", "HEAD"], repo, env).strip()
    out = work / "patches" / project
    run_git(["format-patch", "-q", "--root", "--no-signature", "-o", str(out), "HEAD"], repo, env)
    series = sorted(out.glob("*.patch"))
    if len(series) != len(steps):
        raise BuildError(f"{project}: {len(steps)} steps gave {len(series)} patches")
    # The series must rebuild to the very same SHA with the product's own code path.
    check = work / "check" / project
    check.mkdir(parents=True)
    rebuilt = apply_series(check, series, env)
    if rebuilt != head:
        raise BuildError(f"{project}: patch series rebuilds to {rebuilt}, built {head}")
    return repo, series, head


# -- tasks -------------------------------------------------------------------------------------


def junit_statuses(xml_path: Path, repo: Path) -> dict[str, str]:
    """Test statuses from pytest's JUnit XML, keyed `path/to/test_x.py::[Class::]name`."""
    statuses: dict[str, str] = {}
    if not xml_path.exists():
        return statuses
    for case in ET.parse(xml_path).getroot().iter("testcase"):
        node = nodeid(case.get("classname", ""), case.get("name", ""), repo)
        if case.find("failure") is not None:
            status = "failed"
        elif case.find("error") is not None:
            status = "error"
        elif case.find("skipped") is not None:
            status = "skipped"
        else:
            status = "passed"
        if statuses.get(node, "passed") == "passed":
            statuses[node] = status
    return statuses


def nodeid(classname: str, name: str, repo: Path) -> str:
    parts = classname.split(".")
    for cut in range(len(parts), 0, -1):
        path = "/".join(parts[:cut]) + ".py"
        if (repo / path).is_file():
            return "::".join([path, *parts[cut:], name])
    return f"{classname}::{name}"


def run_tests(repo: Path, test_files: list[str], report: Path) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(report.parent),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
    }
    cmd = [test_python(), "-m", "pytest", "-rA", "-p", "no:cacheprovider", f"--junitxml={report}"]
    subprocess.run(
        [*cmd, *test_files], cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    return junit_statuses(report, repo)


def apply_patch(repo: Path, patch: str, home: str) -> None:
    run_git(["apply", "--whitespace=nowarn", "-"], repo, git_env(home), input=patch)


def build_task(
    project: str, number: str, base_repo: Path, head: str, head_date: datetime, work: Path, home: str
) -> dict:
    task_dir = SOURCE_DIR / project / "tasks" / number
    meta = json.loads((task_dir / "task.json").read_text(encoding="utf-8"))
    instance_id = f"starter__{project}-{number}"
    env = git_env(home)

    fixed = work / "fixed" / instance_id
    shutil.copytree(base_repo, fixed)
    copy_overlay(task_dir / "files", fixed)
    run_git(["add", "-A"], fixed, env)
    changed = run_git(["diff", "--cached", "--no-renames", "--name-only"], fixed, env).split()
    src_files = [p for p in changed if not is_test_path(p)]
    test_files = [p for p in changed if is_test_path(p)]
    if not src_files or not test_files:
        raise BuildError(f"{instance_id}: the fix must change both source files and test files")
    diff = ["diff", "--cached", "--no-renames", "--no-color", "--"]
    gold = run_git([*diff, *src_files], fixed, env)
    test_patch = run_git([*diff, *test_files], fixed, env)

    runs = work / "runs" / instance_id
    before_repo, after_repo = runs / "before" / project, runs / "after" / project
    shutil.copytree(base_repo, before_repo, ignore=shutil.ignore_patterns(".git"))
    apply_patch(before_repo, test_patch, home)
    shutil.copytree(before_repo, after_repo)
    apply_patch(after_repo, gold, home)
    before = run_tests(before_repo, test_files, runs / "before.xml")
    after = run_tests(after_repo, test_files, runs / "after.xml")
    broken = [t for t, status in after.items() if status != "passed"]
    if not after or broken:
        raise BuildError(f"{instance_id}: with the gold patch these tests do not pass: {broken}")
    fail_to_pass = [t for t in after if before.get(t) != "passed"]
    pass_to_pass = [t for t in after if before.get(t) == "passed"]
    if not fail_to_pass:
        raise BuildError(f"{instance_id}: no test fails before the gold patch")

    created = datetime.fromisoformat(meta["created_at"].replace("Z", "+00:00"))
    if created <= head_date:
        raise BuildError(f"{instance_id}: created_at must come after the base commit")
    problem = (task_dir / "issue.md").read_text(encoding="utf-8").strip() + "\n"
    record = {
        "instance_id": instance_id,
        "repo": f"starter/{project}",
        "base_commit": head,
        "patch": gold,
        "test_patch": test_patch,
        "problem_statement": problem,
        "hints_text": "",
        "created_at": meta["created_at"],
        "version": "1.0",
        "FAIL_TO_PASS": fail_to_pass,
        "PASS_TO_PASS": pass_to_pass,
        "kind": "issue",
        "language": "python",
        "recipe": f"starter/{project}",
        "source": "starter",
        "tags": meta.get("tags", []),
    }
    Task.model_validate(record)
    return record


def recipe_for(project: str) -> dict:
    recipe = {
        "repo": f"starter/{project}",
        "versions": {
            "*": {
                "language": "python",
                "python": RECIPE_PYTHON,
                "install": [f"uv pip install --python /env/venv/bin/python {PYTEST_PIN}"],
                "test_command": TEST_COMMAND,
                "parser": "pytest",
            }
        },
    }
    try:  # the envs package imports much of swegauge; validate when it imports cleanly
        from swegauge.envs.recipe import RecipeFile
    except ImportError as err:
        print(f"  warning: recipe not validated ({err})", file=sys.stderr)
    else:
        RecipeFile.model_validate(recipe)
    return recipe


# -- driver ------------------------------------------------------------------------------------


def dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def build_project(project: str, work: Path, home: str) -> dict[Path, bytes]:
    """Everything the project contributes to the output tree, as {path: content}."""
    repo, series, head = build_history(project, work, home)
    last = json.loads((sorted((SOURCE_DIR / project / "history").iterdir())[-1] / "commit.json").read_text())
    head_date = datetime.fromisoformat(last["date"])
    out: dict[Path, bytes] = {}
    for patch in series:
        out[PROJECTS_DIR / project / "commits" / patch.name] = patch.read_bytes()
    tasks_root = SOURCE_DIR / project / "tasks"
    numbers = sorted((p.name for p in tasks_root.iterdir() if p.is_dir()), key=int) if tasks_root.is_dir() else []
    for number in numbers:
        record = build_task(project, number, repo, head, head_date, work, home)
        out[TASKS_DIR / f"{record['instance_id']}.json"] = dumps(record).encode("utf-8")
        print(
            f"  {record['instance_id']}: {len(record['FAIL_TO_PASS'])} fail-to-pass, "
            f"{len(record['PASS_TO_PASS'])} pass-to-pass"
        )
    out[RECIPES_DIR / f"{project}.json"] = dumps(recipe_for(project)).encode("utf-8")
    return out


def owned_by(project: str) -> list[Path]:
    """Output files currently on disk that belong to the project."""
    owned = list((PROJECTS_DIR / project / "commits").glob("*.patch"))
    owned += list(TASKS_DIR.glob(f"starter__{project}-*.json"))
    owned += [p for p in [RECIPES_DIR / f"{project}.json"] if p.exists()]
    return owned


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
            work = Path(tmp) / project
            wanted = build_project(project, work, home)
            stale = [p for p in owned_by(project) if p not in wanted]
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
    if args.check:
        for line in differences:
            print(f"differs: {line}")
        return 1 if differences else 0
    for line in differences:
        print(f"wrote: {line}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
