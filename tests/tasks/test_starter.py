"""The bundled starter suite, for real: deterministic repositories, clean patches, and tests that
really fail before the gold patch and pass after it (pytest run in temporary copies, results read
from its JUnit XML)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
from unidiff import PatchSet

from swegauge.envs.catalog import BUNDLED
from swegauge.envs.git import git_env
from swegauge.envs.series import materialize_series, series_head
from swegauge.tasks.schema import Task
from swegauge.tasks.starter import STARTER_DIR, StarterError, patch_series, projects, series_dir, starter_tasks
from swegauge.tasks.testpaths import is_test_path

PYENV_PYTHON = Path("/root/.pyenv/versions/3.11.7/bin/python")
TEST_PYTHON = str(PYENV_PYTHON) if PYENV_PYTHON.exists() else sys.executable
TASKS = starter_tasks()
BY_ID = {task.instance_id: task for task in TASKS}
IDS = sorted(BY_ID)
# The Python tasks are checked here down to their test runs; other languages' starter tasks get the
# checks that hold for every task (their toolchains are exercised by their own tests).
PY_TASKS = [task for task in TASKS if task.language == "python"]
PY_IDS = sorted(task.instance_id for task in PY_TASKS)
PY_PROJECTS = sorted({task.repo.split("/", 1)[1] for task in PY_TASKS})


def project_of(task: Task) -> str:
    return task.repo.split("/", 1)[1]


RECIPES = BUNDLED / "starter"


def materialize(project: str, root: Path) -> Path:
    return materialize_series(series_dir(project), root / project)


def expected_head(project: str) -> str:
    return series_head(series_dir(project))


def git(args: list[str], cwd: Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=git_env(), input=input, capture_output=True, text=True,
                          check=False)


def head_of(repo: Path) -> str:
    proc = git(["rev-parse", "HEAD"], repo)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


# -- pytest runs ---------------------------------------------------------------------------------


def junit_statuses(xml_path: Path, repo: Path) -> dict[str, str]:
    """{node id: passed|failed|error|skipped}; node ids as `file::name` or `file::Class::name`."""
    statuses: dict[str, str] = {}
    for case in ET.parse(xml_path).getroot().iter("testcase"):
        parts = case.get("classname", "").split(".")
        node = None
        for cut in range(len(parts), 0, -1):
            path = "/".join(parts[:cut]) + ".py"
            if (repo / path).is_file():
                node = "::".join([path, *parts[cut:], case.get("name", "")])
                break
        assert node is not None, f"cannot map {case.get('classname')!r} to a test file"
        if case.find("failure") is not None:
            status = "failed"
        elif case.find("error") is not None:
            status = "error"
        elif case.find("skipped") is not None:
            status = "skipped"
        else:
            status = "passed"
        if statuses.get(node, "passed") == "passed":  # a teardown error after a pass counts
            statuses[node] = status
    return statuses


def run_pytest(repo: Path, test_files: list[str]) -> dict[str, str]:
    report = repo.parent / f"{repo.name}-junit.xml"
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(repo.parent),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "LC_ALL": "C.UTF-8",
    }
    cmd = [TEST_PYTHON, "-m", "pytest", "-rA", "-p", "no:cacheprovider", f"--junitxml={report}", *test_files]
    proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert report.exists(), f"pytest wrote no report:\n{proc.stdout}\n{proc.stderr}"
    return junit_statuses(report, repo)


def touched(patch: str) -> list[str]:
    return [f.path for f in PatchSet(patch)]


def apply(repo: Path, patch: str) -> None:
    proc = git(["apply", "--whitespace=nowarn", "-"], repo, input=patch)
    assert proc.returncode == 0, proc.stderr


def before_and_after(task: Task, base: Path, work: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Statuses with the test patch only, and with the test patch plus the gold patch."""
    tests = touched(task.test_patch)
    before = work / task.instance_id / "before" / base.name
    after = work / task.instance_id / "after" / base.name
    shutil.copytree(base, before, ignore=shutil.ignore_patterns(".git"))
    apply(before, task.test_patch)
    shutil.copytree(before, after)
    apply(after, task.patch)
    return run_pytest(before, tests), run_pytest(after, tests)


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def starter_roots(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Every starter project materialized twice, into two separate roots."""
    first, second = tmp_path_factory.mktemp("starter-a"), tmp_path_factory.mktemp("starter-b")
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda args: materialize(*args), [(p, r) for r in (first, second) for p in projects()]))
    return first, second


@pytest.fixture(scope="session")
def runs(
    starter_roots: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """For every task: pytest statuses before and after the gold patch (the test patch applied)."""
    root, work = starter_roots[0], tmp_path_factory.mktemp("starter-runs")
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        futures = {
            task.instance_id: pool.submit(before_and_after, task, root / project_of(task), work)
            for task in PY_TASKS
        }
        return {instance_id: future.result() for instance_id, future in futures.items()}


# -- the suite as a whole ------------------------------------------------------------------------


def test_python_suite_size_and_variety():
    assert len(PY_TASKS) >= 6
    assert len(PY_PROJECTS) >= 6
    sizes = [t.difficulty for t in PY_TASKS]
    assert all(size is not None for size in sizes)
    assert any(s.lines_changed <= 2 for s in sizes), "a one-line fix"
    assert any(s.files_changed >= 2 for s in sizes), "a multi-file fix"
    assert any(s.lines_changed > 100 for s in sizes), "a refactor-sized fix"
    chinese = [t for t in PY_TASKS if len(re.findall(r"[\u4e00-\u9fff]", t.problem_statement)) > 200]
    assert chinese, "an issue written in Chinese"


def test_every_project_has_tasks_and_a_recipe():
    assert sorted({project_of(t) for t in TASKS}) == projects()
    for project in projects():
        assert (RECIPES / f"{project}.json").is_file()


def test_unknown_project_is_an_error(tmp_path: Path):
    with pytest.raises(StarterError, match="unknown starter project"):
        materialize("no-such-project", tmp_path)


def test_every_task_names_its_series_as_repo_source():
    for task in TASKS:
        assert task.repo_source == str(series_dir(project_of(task)))
        assert (Path(task.repo_source) / "series.json").is_file()


def test_the_repository_cache_builds_a_starter_task_like_any_other_source(cache_root):
    from swegauge.envs.repos import prepared_base

    task = BY_ID[IDS[0]]
    tree = prepared_base(task.repo, task.repo_source, task.base_commit)
    assert git(["status", "--porcelain"], tree).stdout == ""
    files = git(["ls-files"], tree).stdout.split()
    assert files and all((tree / name).exists() for name in files)


def test_task_files_are_named_after_their_ids():
    for path in (STARTER_DIR / "tasks").glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["instance_id"] == path.stem


def test_recipes_load():
    from swegauge.envs.recipe import load_recipe_file

    for project in projects():
        recipe_file = load_recipe_file(RECIPES / f"{project}.json")
        assert recipe_file.repo == f"starter/{project}"
    for project in PY_PROJECTS:
        recipe = load_recipe_file(RECIPES / f"{project}.json").for_version("1.0")
        assert recipe.language == "python" and recipe.python == "3.11" and recipe.parser == "pytest"
        assert re.fullmatch(r"uv pip install --python /env/venv/bin/python pytest==\d+\.\d+\.\d+", recipe.install[0])
        assert "--junitxml=/report/junit.xml" in recipe.test_command and "{tests}" in recipe.test_command


def test_materialize_is_idempotent(starter_roots: tuple[Path, Path]):
    root = starter_roots[0]
    for project in projects():
        repo = root / project
        marker = repo / ".git" / "swegauge-test-marker"
        marker.write_text("kept")
        assert materialize(project, root) == repo
        assert marker.exists(), "an intact repository is reused, not rebuilt"
        marker.unlink()


def test_materialize_replaces_a_damaged_repository(tmp_path: Path):
    project = PY_PROJECTS[0]
    repo = materialize(project, tmp_path)
    tracked = next(p for p in sorted(repo.rglob("*.py")) if ".git" not in p.parts)
    tracked.write_text("damaged\n")
    assert materialize(project, tmp_path) == repo
    assert head_of(repo) == expected_head(project)
    assert git(["status", "--porcelain"], repo).stdout == ""
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no leftovers beside it"


def test_materialize_from_two_processes_at_once(tmp_path: Path):
    project = projects()[0]
    code = "import sys; from pathlib import Path; from swegauge.envs.series import materialize_series; " \
           "from swegauge.tasks.starter import series_dir; " \
           "print(materialize_series(series_dir(sys.argv[1]), Path(sys.argv[2]) / sys.argv[1]))"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, project, str(tmp_path)], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [proc.communicate(timeout=120)[0].strip() for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0]
    assert set(outputs) == {str(tmp_path / project)}
    assert head_of(tmp_path / project) == expected_head(project)
    assert [p.name for p in tmp_path.iterdir()] == [project]


def test_patch_series_are_format_patch_files():
    for project in projects():
        for patch in patch_series(project):
            text = patch.read_text(encoding="utf-8")
            assert re.match(r"From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\nFrom: .+ <.+>\nDate: ", text), patch
            assert re.fullmatch(r"\d{4}-[\w.-]+\.patch", patch.name)
    for project in PY_PROJECTS:
        assert 3 <= len(patch_series(project)) <= 6


# -- every task ----------------------------------------------------------------------------------


@pytest.mark.parametrize("instance_id", IDS)
def test_task_record(instance_id: str):
    task = BY_ID[instance_id]
    project = project_of(task)
    assert re.fullmatch(rf"starter__{re.escape(project)}-\d+", task.instance_id)
    assert task.repo == f"starter/{project}" and task.recipe == f"starter/{project}"
    assert (task.kind, task.source, task.version, task.hints_text) == ("issue", "starter", "1.0", "")
    assert task.base_commit == expected_head(project)
    assert len(task.problem_statement.strip().splitlines()) >= 5
    assert task.FAIL_TO_PASS and task.PASS_TO_PASS
    assert not set(task.FAIL_TO_PASS) & set(task.PASS_TO_PASS)
    if task.language == "python":
        for node in task.FAIL_TO_PASS + task.PASS_TO_PASS:
            assert re.fullmatch(r"tests/[\w/]+\.py(::[A-Z]\w*)?::\w+(\[[\w.-]+\])?", node), node
    last_commit = patch_series(project)[-1].read_text(encoding="utf-8")
    date_line = re.search(r"^Date: (.+)$", last_commit, re.M)
    assert date_line is not None and task.created_at is not None
    base_date = datetime.strptime(date_line.group(1), "%a, %d %b %Y %H:%M:%S %z")
    assert task.created_at > base_date


@pytest.mark.parametrize("instance_id", IDS)
def test_materialized_twice_at_the_base_commit(instance_id: str, starter_roots: tuple[Path, Path]):
    task = BY_ID[instance_id]
    heads = [head_of(root / project_of(task)) for root in starter_roots]
    assert heads == [task.base_commit, task.base_commit]
    log = git(["log", "--format=%H %an <%ae> %cn", task.base_commit], starter_roots[0] / project_of(task))
    assert len(log.stdout.splitlines()) == len(patch_series(project_of(task)))


@pytest.mark.parametrize("instance_id", IDS)
def test_patches_apply_cleanly_at_base(instance_id: str, starter_roots: tuple[Path, Path]):
    task = BY_ID[instance_id]
    repo = starter_roots[0] / project_of(task)
    for patch in (task.patch, task.test_patch):
        proc = git(["apply", "--check", "-"], repo, input=patch)
        assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("instance_id", IDS)
def test_gold_and_test_patches_split_by_test_files(instance_id: str):
    task = BY_ID[instance_id]
    gold, tests = touched(task.patch), touched(task.test_patch)
    assert gold and tests
    assert not [path for path in gold if is_test_path(path)]
    assert all(is_test_path(path) for path in tests)
    for node in task.FAIL_TO_PASS + task.PASS_TO_PASS if task.language == "python" else []:
        assert node.split("::")[0] in tests, "listed tests live in the files the test patch touches"


@pytest.mark.parametrize("instance_id", PY_IDS)
def test_fail_to_pass_fails_and_pass_to_pass_passes_before_the_fix(instance_id: str, runs):
    task = BY_ID[instance_id]
    before, _ = runs[instance_id]
    not_failing = {t: before.get(t, "missing") for t in task.FAIL_TO_PASS if before.get(t) not in ("failed", "error")}
    assert not_failing == {}, "every FAIL_TO_PASS test runs and fails with the test patch alone"
    not_passing = {t: before.get(t, "missing") for t in task.PASS_TO_PASS if before.get(t) != "passed"}
    assert not_passing == {}, "every PASS_TO_PASS test already passes"


@pytest.mark.parametrize("instance_id", PY_IDS)
def test_everything_passes_after_the_fix(instance_id: str, runs):
    task = BY_ID[instance_id]
    _, after = runs[instance_id]
    listed = task.FAIL_TO_PASS + task.PASS_TO_PASS
    not_passing = {t: after.get(t, "missing") for t in listed if after.get(t) != "passed"}
    assert not_passing == {}, "with the gold patch every listed test passes"
    assert sorted(after) == sorted(listed), "every test in the touched files is listed"
