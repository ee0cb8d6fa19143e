from __future__ import annotations

import pytest

from swegauge.envs.auto import infer_recipe
from swegauge.envs.recipe import RecipeError


def _write(root, files):
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_pyproject_with_test_extra_installs_editable_with_extra(tmp_path):
    tree = _write(tmp_path, {"pyproject.toml": '[build-system]\nrequires=["hatchling"]\n[project]\nname="x"\n'
                             'requires-python=">=3.9"\n[project.optional-dependencies]\ntest=["pytest"]\n'})
    recipe = infer_recipe(tree)
    assert "uv pip install -e '.[test]'" in recipe.install
    assert recipe.parser == "pytest" and "--junitxml=/report/" in recipe.test_command
    assert recipe.python == "3.11"


def test_requirements_and_tox_deps_are_installed(tmp_path):
    tree = _write(tmp_path, {"requirements.txt": "attrs\n", "tox.ini": "[testenv]\ndeps =\n    hypothesis\n    -rrequirements.txt\n",
                             "mod.py": "x = 1\n"})
    recipe = infer_recipe(tree)
    assert "uv pip install -r requirements.txt" in recipe.install
    assert any("'hypothesis'" in line for line in recipe.install)
    assert not any("-e" in line for line in recipe.install)
    assert recipe.env["PYTHONPATH"] == "/workspace"


def test_src_layout_without_packaging_gets_src_on_path(tmp_path):
    tree = _write(tmp_path, {"src/pkg/__init__.py": "", "tests/test_a.py": "def test_a(): pass\n"})
    assert infer_recipe(tree).env["PYTHONPATH"] == "/workspace/src:/workspace"


def test_old_python_pin_picks_an_installed_old_interpreter(tmp_path):
    from swegauge.envs.toolchains import available_pythons

    if "3.9" not in available_pythons():
        pytest.skip("no Python 3.9 on this machine")
    tree = _write(tmp_path, {"pyproject.toml": '[build-system]\nrequires=["setuptools"]\n[project]\nname="x"\n'
                             'requires-python=">=3.7,<3.10"\n'})
    assert infer_recipe(tree).python == "3.9"


def test_nothing_recognizable_is_a_clear_error(tmp_path):
    _write(tmp_path, {"notes.txt": "hello"})
    with pytest.raises(RecipeError, match="nothing in .* tells how to build"):
        infer_recipe(tmp_path)


def test_broken_pyproject_names_the_file(tmp_path):
    _write(tmp_path, {"pyproject.toml": "[project\nname="})
    with pytest.raises(RecipeError, match="pyproject.toml is not valid TOML"):
        infer_recipe(tmp_path)
