"""The Python toolchain: uv for the interpreters it manages, `python -m venv` + pip below that, one /env/venv
layout either way; a real Python 3.6 environment built, mounted read-only and graded in the sandbox."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from swegauge.envs import EnvironmentBuilder, Recipe
from swegauge.envs.repos import prepared_base
from swegauge.envs.toolchain_mounts import toolchain_for
from swegauge.envs.toolchains import ToolchainError, available_pythons, find_python, uv_manages
from swegauge.grading.grader import Grader
from swegauge.sandbox import BwrapSandbox, fresh_workspace
from swegauge.tasks import Task
from tests.helpers import git, head, make_repo

needs_36 = pytest.mark.skipif(shutil.which("bwrap") is None or "3.6" not in available_pythons(),
                              reason="needs bubblewrap and a Python 3.6 interpreter")

SNAPSHOT = "find . -path ./.git -prune -o -type f -print | sort > /tmp/before"
SAVE = ("find . -path ./.git -prune -o -type f -print | sort | comm -13 /tmp/before - > /tmp/new && "
        "tar -cf /env/inplace.tar -T /tmp/new")
RESTORE = "tar -xf /env/inplace.tar -C /workspace --skip-old-files"
SETUP_PY = "from setuptools import setup\nsetup(name='tinypkg', version='1.2.3', packages=['tinypkg'])\n"
SOURCE = "def double(x):\n    return x + x if isinstance(x, int) else None\n"
FIXED = "def double(x):\n    return x * 2\n"
TEST = "from tinypkg import double\n\n\ndef test_int():\n    assert double(2) == 4\n"
NEW_TEST = TEST + "\n\ndef test_float():\n    assert double(1.5) == 3.0\n"


def diff_for(repo: Path, files: dict[str, str]) -> str:
    """The diff that writing `files` would make (the working tree is restored afterwards)."""
    originals = {rel: (repo / rel).read_text() for rel in files}
    for rel, text in files.items():
        (repo / rel).write_text(text)
    patch = git(repo, "diff", "--no-color", "--no-ext-diff")
    for rel, text in originals.items():
        (repo / rel).write_text(text)
    return patch


def test_uv_floor() -> None:
    assert not uv_manages((3, 6)) and not uv_manages((2, 7))
    assert uv_manages((3, 7)) and uv_manages((3, 13))


def test_uv_managed_interpreter_gets_a_uv_venv() -> None:
    chain = toolchain_for(Recipe(python=None, test_command="true"))
    assert chain.setup[0].startswith("uv venv ") and chain.setup[0].endswith(" /env/venv")
    assert "--clear" in chain.setup[0]  # a retried build replaces a half-made venv
    assert chain.variables["PATH"].startswith("/env/venv/bin:")
    assert chain.build_variables["UV_LINK_MODE"] in ("copy", "hardlink")


@pytest.mark.skipif("3.6" not in available_pythons(), reason="no Python 3.6 interpreter")
def test_old_interpreter_gets_venv_and_pip() -> None:
    chain = toolchain_for(Recipe(python="3.6", test_command="true"))
    interpreter = str(find_python("3.6"))
    assert chain.setup[0] == f"{interpreter} -m venv --clear /env/venv"
    assert "-m pip install" in chain.setup[1] and "pip" in chain.setup[1].split()[-1]
    assert chain.build_variables["PIP_CACHE_DIR"] == "/cache/pip"
    assert any(m.target == "/cache/pip" and m.writable for m in chain.build_mounts)
    assert not any(m.writable for m in chain.mounts)  # nothing the tests see is writable


@pytest.mark.skipif("2.7" not in available_pythons(), reason="no Python 2.7 interpreter")
def test_python_without_venv_is_a_clear_error() -> None:
    with pytest.raises(ToolchainError, match=r"Python 2\.7 .*no venv module"):
        toolchain_for(Recipe(python="2.7", test_command="true"))


def _recipe() -> dict:
    return {"language": "python", "python": "3.6",
            "install": [SNAPSHOT, "uv pip install 'pytest<7.1'", "python -m pip install -e .", SAVE],
            "pre_test": [RESTORE],
            "test_command": "pytest -rA -p no:cacheprovider --junitxml=/report/junit.xml {tests}",
            "parser": "pytest"}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Task, Grader]:
    recipes = tmp_path_factory.mktemp("recipes")
    (recipes / "tiny.json").write_text(json.dumps({"repo": "local/tinypkg36", "versions": {"*": _recipe()}}))
    files = {"setup.py": SETUP_PY, "tinypkg/__init__.py": SOURCE, "tests/test_tiny.py": TEST}
    repo = make_repo(tmp_path_factory.mktemp("tiny36") / "repo", files)
    task = Task(instance_id="tiny36-1", repo="local/tinypkg36", repo_source=str(repo), base_commit=head(repo),
                patch=diff_for(repo, {"tinypkg/__init__.py": FIXED}),
                test_patch=diff_for(repo, {"tests/test_tiny.py": NEW_TEST}), language="python",
                recipe="local/tinypkg36", FAIL_TO_PASS=["tests/test_tiny.py::test_float"],
                PASS_TO_PASS=["tests/test_tiny.py::test_int"])
    mp = pytest.MonkeyPatch()
    mp.setenv("SWEGAUGE_RECIPES", str(recipes))
    sandbox = BwrapSandbox()
    yield task, Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))
    mp.undo()


@pytest.mark.integration
@needs_36
def test_a_python_36_environment_builds_and_grades(tiny: tuple[Task, Grader]) -> None:
    task, grader = tiny
    gold = grader.grade(task, task.patch)
    assert gold.outcome == "resolved", (gold.reason, gold.log_tail)
    empty = grader.grade(task, "")
    assert empty.outcome == "unresolved", (empty.reason, empty.log_tail)
    assert empty.fail_to_pass == {"tests/test_tiny.py::test_float": "FAILED"}


@pytest.mark.integration
@needs_36
def test_editable_install_and_its_metadata_survive_the_thrown_away_build_workspace(tiny: tuple[Task, Grader]) -> None:
    task, grader = tiny
    env, error = grader.environment(task)
    assert env is not None, error
    assert (env.path / "venv" / "bin" / "pip").exists() and (env.path / "inplace.tar").is_file()
    script = "\n".join([
        *env.recipe.pre_test,
        "python -c 'import sys; print(\"version\", *sys.version_info[:2])'",
        "python -c 'import tinypkg; print(\"from\", tinypkg.__file__)'",
        "python -c 'import pkg_resources as p; print(\"dist\", p.get_distribution(\"tinypkg\").version)'",
        "test -w /env/venv || echo env-read-only",
    ])
    with fresh_workspace(prepared_base(task.repo, task.repo_source, task.base_commit)) as workspace:
        result = grader.run_in_env(env, workspace, script)
    assert "version 3 6" in result.stdout, (result.stdout, result.stderr)
    assert "from /workspace/tinypkg/__init__.py" in result.stdout
    assert "dist 1.2.3" in result.stdout, result.stderr  # egg-info came back from /env/inplace.tar
    assert "env-read-only" in result.stdout
    assert Path(env.path / "venv" / "pyvenv.cfg").read_text().count("3.6") >= 1


def test_symlink_mode_mounts_uv_cache_read_only_for_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWEGAUGE_UV_LINK_MODE", "symlink")
    chain = toolchain_for(Recipe(python=None, test_command="true"))
    assert chain.build_variables["UV_LINK_MODE"] == "symlink"
    cache = [m for m in chain.mounts if m.target == "/cache/uv"]
    assert len(cache) == 1 and not cache[0].writable
    monkeypatch.setenv("SWEGAUGE_UV_LINK_MODE", "reflink")
    with pytest.raises(ToolchainError, match="SWEGAUGE_UV_LINK_MODE must be one of copy, hardlink, symlink"):
        toolchain_for(Recipe(python=None, test_command="true"))


def test_copy_mode_keeps_the_uv_cache_out_of_test_sandboxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SWEGAUGE_UV_LINK_MODE", raising=False)
    chain = toolchain_for(Recipe(python=None, test_command="true"))
    assert chain.build_variables["UV_LINK_MODE"] == "copy"
    assert not any(m.target == "/cache/uv" for m in chain.mounts)
