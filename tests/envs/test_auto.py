from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime, timezone

import pytest

from swegauge.envs.auto import (AutoContext, dependency_key, environment_key, first_rung, infer_recipe, ladder,
                                rungs_of)
from swegauge.envs.languages.python import pick_python
from swegauge.envs.recipe import RecipeError
from swegauge.envs.toolchains import ToolchainError
from swegauge.tasks import Task
from tests.helpers import commit_files, head, make_repo

INSTALLED = ["3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]


def _write(root, files):
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _rungs(line: str) -> list[str]:
    return re.split(r" \|\| (?=\{ echo 'auto rung)", line)


def _install(recipe) -> str:
    assert len(recipe.install) == 2 and recipe.install[0].startswith("printf 'setuptools<81")
    return recipe.install[1]


# -- the ladder ------------------------------------------------------------------------------------


def test_ladder_runs_the_next_rung_only_after_a_failure_and_logs_each(tmp_path):
    line = ladder([("first", ["echo one > a", "false"]), ("second", ["echo two > b"]), ("third", ["echo three > c"])])
    out = subprocess.run(["bash", "-c", "set -e\n" + line], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0
    assert "auto rung 1/3 (first)" in out.stdout and "auto rung 2/3 (second)" in out.stdout
    assert "rung 3/3" not in out.stdout and not (tmp_path / "c").exists() and (tmp_path / "b").exists()
    assert rungs_of(line) == ["first", "second", "third"]
    assert first_rung(line) == "echo one > a && false" and first_rung("npm ci") == "npm ci"


def test_ladder_fails_when_every_rung_fails(tmp_path):
    line = ladder([("a", ["false"]), ("b", ["exit 3"])])
    out = subprocess.run(["bash", "-c", "set -e\n" + line + "\necho after"], capture_output=True, text=True)
    assert out.returncode != 0 and "after" not in out.stdout and "auto rung 2/2 (b)" in out.stdout


def test_cutoff_is_the_first_day_of_the_next_month():
    assert AutoContext(created_at=datetime(2021, 3, 15, tzinfo=timezone.utc)).cutoff == date(2021, 4, 1)
    assert AutoContext(created_at=datetime(2019, 12, 31)).cutoff == date(2020, 1, 1)
    assert AutoContext().cutoff is None


# -- interpreters ------------------------------------------------------------------------------------


def test_interpreter_is_the_newest_released_before_the_task():
    assert pick_python(requires=None, newest_listed=None, when=date(2020, 1, 10), installed=INSTALLED) == "3.8"
    assert pick_python(requires=None, newest_listed=None, when=date(2023, 6, 1), installed=INSTALLED) == "3.11"


def test_interpreter_honours_requires_python_and_classifiers():
    # nothing fitting was released before the task: the oldest fitting one
    assert pick_python(requires=">=3.9", newest_listed=None, when=date(2019, 5, 1), installed=INSTALLED) == "3.9"
    assert pick_python(requires="<3.8,>=3.6", newest_listed=None, when=date(2023, 1, 1), installed=INSTALLED) == "3.7"
    assert pick_python(requires=None, newest_listed="3.10", when=None, installed=INSTALLED) == "3.10"
    assert pick_python(requires=None, newest_listed=None, when=None, installed=INSTALLED) is None
    with pytest.raises(ToolchainError, match="requires-python '>=3.20'"):
        pick_python(requires=">=3.20", newest_listed=None, when=None, installed=INSTALLED)


def test_setup_py_python_requires_and_date_pick_the_interpreter(tmp_path):
    tree = _write(tmp_path, {"setup.py": "from setuptools import setup\nsetup(name='x', python_requires='>=3.7')\n"})
    recipe = infer_recipe(tree, created_at=datetime(2020, 2, 1))
    assert recipe.python == "3.8"


# -- Python dependencies ----------------------------------------------------------------------------


def test_pyproject_test_extra_is_installed_date_bounded_with_fallbacks(tmp_path):
    tree = _write(tmp_path, {"pyproject.toml": '[build-system]\nrequires=["hatchling"]\n[project]\nname="x"\n'
                             'requires-python=">=3.9"\n[project.optional-dependencies]\ntest=["pytest"]\n'})
    line = _install(infer_recipe(tree, created_at=datetime(2024, 5, 20)))
    assert "uv pip install --exclude-newer 2024-06-01 --exclude-newer-package setuptools=2099-12-31 " in line
    assert "-b /tmp/swegauge-build-constraints.txt" in _rungs(line)[2]  # also without the date bound
    assert "-e '.[test]' pytest 'setuptools<81'" in _rungs(line)[0]
    assert rungs_of(line) == ["test requirements", "package without extras", "no date bound", "package not installed",
                              "test requirements, unchecked"]
    assert infer_recipe(tree).parser == "pytest"


def test_setup_py_tests_require_extras_and_pytest_plugins_are_installed(tmp_path):
    tree = _write(tmp_path, {
        "setup.py": "from setuptools import setup\nsetup(name='x', install_requires=['six'],\n"
                    "      tests_require=['mock>=2'], extras_require={'testing': ['hypothesis']})\n",
        "setup.cfg": "[tool:pytest]\naddopts = --cov=x -n 2\n",
    })
    line = _install(infer_recipe(tree))
    first = _rungs(line)[0]
    assert "-e '.[testing]'" in first and "'mock>=2'" in first
    assert "pytest-cov" in first and "pytest-xdist" in first
    assert "six" in _rungs(line)[-2]  # the last checked rung installs the package's own dependencies


def test_requirements_tox_deps_and_tox_named_files_are_installed(tmp_path):
    tree = _write(tmp_path, {"requirements.txt": "attrs==19.1\n", "ci/test-reqs.txt": "pytest\n",
                             "tox.ini": "[testenv]\ndeps =\n    hypothesis\n    -r{toxinidir}/ci/test-reqs.txt\n",
                             "mod.py": "x = 1\n"})
    recipe = infer_recipe(tree)
    line = _install(recipe)
    assert "-r requirements.txt -r ci/test-reqs.txt hypothesis pytest 'setuptools<81'" in line
    assert "requirements unpinned" in rungs_of(line) and " -e ." not in line
    assert recipe.env["PYTHONPATH"] == "/workspace"


def test_unpinning_rung_drops_pins_from_requirement_files(tmp_path):
    _write(tmp_path, {"requirements.txt": "attrs==19.1.0\nsix<=1.2 ; python_version<'3'\nclick>=7\n"})
    step = next(s for s in infer_recipe(tmp_path).install[1].replace(" && ", "; ").split("; ") if s.startswith("sed"))
    subprocess.run(["bash", "-c", step.replace("/tmp/", f"{tmp_path}/")], cwd=tmp_path, check=True)
    assert (tmp_path / "unpinned-0.txt").read_text().splitlines() == ["attrs", "six; python_version<'3'", "click>=7"]


def test_unpinning_drops_comments_and_hashes(tmp_path):
    _write(tmp_path, {"requirements.txt": "attrs==19.1.0  # via pytest\ncffi==1.14.0 \\\n    --hash=sha256:abc\n"})
    step = next(s for s in infer_recipe(tmp_path).install[1].replace(" && ", "; ").split("; ") if s.startswith("sed"))
    subprocess.run(["bash", "-c", step.replace("/tmp/", f"{tmp_path}/")], cwd=tmp_path, check=True)
    assert (tmp_path / "unpinned-0.txt").read_text().splitlines() == ["attrs", "cffi"]


def test_factor_and_url_deps_of_tox_are_left_out(tmp_path):
    tree = _write(tmp_path, {"tox.ini": "[testenv]\ndeps =\n    hypothesis\n    pytestmain: git+https://github.com/x/y.git@main\n"
                             "    py38: mock\n", "mod.py": ""})
    line = _install(infer_recipe(tree))
    assert "hypothesis" in line and "git+" not in line and "mock" not in line


def test_src_layout_without_packaging_gets_src_on_path(tmp_path):
    tree = _write(tmp_path, {"src/pkg/__init__.py": "", "tests/test_a.py": "def test_a(): pass\n"})
    assert infer_recipe(tree).env["PYTHONPATH"] == "/workspace/src:/workspace"


def test_nothing_recognizable_is_a_clear_error(tmp_path):
    _write(tmp_path, {"notes.txt": "hello"})
    with pytest.raises(RecipeError, match="nothing in .* tells how to build"):
        infer_recipe(tmp_path)


def test_broken_pyproject_names_the_file(tmp_path):
    _write(tmp_path, {"pyproject.toml": "[project\nname="})
    with pytest.raises(RecipeError, match="pyproject.toml is not valid TOML"):
        infer_recipe(tmp_path)


# -- environment keys ---------------------------------------------------------------------------------


def test_dependency_key_follows_manifests_only(tmp_path):
    repo = make_repo(tmp_path / "r", {"package.json": '{"name": "a"}', "src/a.js": "1", "pkg/b/go.mod": "module b\n"})
    first = head(repo)
    commit_files(repo, {"src/a.js": "2", "test/a.test.js": "t"}, "code only")
    second = head(repo)
    commit_files(repo, {"pkg/b/go.mod": "module b\n\ngo 1.21\n"}, "nested manifest")
    third = head(repo)
    keys = [dependency_key(repo, c) for c in (first, second, third)]
    assert keys[0] == keys[1] != keys[2] and keys[0].startswith("deps-")
    # the same manifests in another repository give the same key (blob ids, not history)
    other = make_repo(tmp_path / "o", {"package.json": '{"name": "a"}', "pkg/b/go.mod": "module b\n", "x.txt": "x"})
    assert dependency_key(other) == keys[0]


def test_environment_key_shares_version_less_tasks_with_equal_manifests(tmp_path):
    repo = make_repo(tmp_path / "r", {"Cargo.toml": "[package]\nname='a'\n", "src/lib.rs": "//1"})
    first = head(repo)
    commit_files(repo, {"src/lib.rs": "//2"}, "code")
    second = head(repo)

    def task(commit: str, **extra) -> Task:
        return Task(instance_id=f"o__a-{commit[:6]}", repo="o/a", repo_source=str(repo), base_commit=commit, **extra)

    assert environment_key(task(first)) == environment_key(task(second))
    assert environment_key(task(first)).startswith("o/a@deps-")
    assert environment_key(task(first, version="1.2")) == "o/a@1.2"


def test_extras_named_through_a_variable_or_by_tox_are_found(tmp_path):
    tree = _write(tmp_path, {
        "setup.py": "from setuptools import setup\nEXTRAS = {'docs': ['sphinx'], 'tests_no_zope': ['hypothesis'],"
                    " 'tests': ['hypothesis', 'zope.interface']}\nsetup(name='attrs', extras_require=EXTRAS)\n",
        "tox.ini": "[testenv]\nextras = {env:TOX_AP_TEST_EXTRAS:tests}\n",
    })
    assert "-e '.[tests]'" in _rungs(_install(infer_recipe(tree)))[0]
    (tmp_path / "tox.ini").unlink()
    assert "-e '.[tests]'" in _rungs(_install(infer_recipe(tree)))[0]


def test_a_rung_counts_only_when_pytest_can_collect(tmp_path):
    from swegauge.envs.languages.python_deps import CHECK

    def check(conftest: str) -> subprocess.CompletedProcess:
        _write(tmp_path, {"conftest.py": conftest, "test_a.py": "def test_a():\n    pass\n", "test_b.py": "import nope\n"})
        return subprocess.run(["bash", "-c", CHECK.replace("python -m pytest", f"{sys.executable} -m pytest")],
                              cwd=tmp_path, capture_output=True, text=True)

    assert check("").returncode == 0  # one test file that cannot import is that file's problem
    broken = check("import hypothesis_not_installed\n")
    assert broken.returncode != 0 and "collection check failed (exit 4)" in broken.stdout


def test_era_is_the_last_manifest_change_so_tasks_with_equal_manifests_agree(tmp_path):
    from swegauge.envs.auto import commit_date
    from swegauge.envs.repos import git_env

    repo = tmp_path / "r"
    repo.mkdir()

    def commit(files: dict[str, str], when: str) -> str:
        for rel, text in files.items():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            (repo / rel).write_text(text)
        env = {**git_env(), "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
        for args in (["add", "-A"], ["commit", "-q", "-m", when]):
            subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()

    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    commit({"package.json": '{"name": "a"}', "src/a.js": "1"}, "2020-03-05T10:00:00+00:00")
    may = commit({"src/a.js": "2"}, "2020-05-10T10:00:00+00:00")
    sep = commit({"src/a.js": "3"}, "2020-09-10T10:00:00+00:00")
    nov = commit({"package.json": '{"name": "a", "version": "2"}'}, "2020-11-02T10:00:00+00:00")

    def task(sha: str) -> Task:
        return Task(instance_id=f"o__a-{sha[:6]}", repo="o/a", repo_source=str(repo), base_commit=sha)

    assert commit_date(task(may)) == commit_date(task(sep)) == datetime(2020, 3, 5, 10, tzinfo=timezone.utc)
    assert commit_date(task(nov)) == datetime(2020, 11, 2, 10, tzinfo=timezone.utc)
    # never later than the task's own date
    early = task(sep).model_copy(update={"created_at": datetime(2020, 1, 1, tzinfo=timezone.utc)})
    assert commit_date(early) == datetime(2020, 1, 1, tzinfo=timezone.utc)
