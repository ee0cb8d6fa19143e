"""The bundled SWE-bench recipes, checked without the network: every (repo, version) of Verified and Lite
resolves, every recipe names a known parser, selector and Python, and test selection turns real test
patches into the arguments SWE-bench's runners take."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from swegauge.envs.catalog import BUNDLED, recipe_index
from swegauge.envs.recipe import Recipe, RecipeError, load_recipe_file
from swegauge.envs.selectors import SelectorError, select_tests, selector_names
from swegauge.envs.toolchains import find_python
from swegauge.grading.apply import touched_paths

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SUITES = ("swebench_verified.jsonl", "swebench_lite_test.jsonl", "swebench_lite_dev.jsonl")
PARSERS = {"pytest", "django", "sympy"}
PYTHONS = {"3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"}
SWEBENCH_REPOS = {
    "astropy/astropy", "django/django", "matplotlib/matplotlib", "mwaskom/seaborn", "pallets/flask",
    "psf/requests", "pydata/xarray", "pylint-dev/pylint", "pytest-dev/pytest", "scikit-learn/scikit-learn",
    "sphinx-doc/sphinx", "sympy/sympy", "marshmallow-code/marshmallow", "pvlib/pvlib-python",
    "pydicom/pydicom", "pylint-dev/astroid", "pyvista/pyvista", "sqlfluff/sqlfluff",
}


@lru_cache(maxsize=None)
def instances(name: str) -> tuple[dict, ...]:
    path = DATA / name
    if not path.is_file():
        pytest.skip(f"{path} is not here (shared/ sits beside the checkout on developer machines and CI)")
    return tuple(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def bundled_recipes() -> list[tuple[str, str, Recipe]]:
    found = []
    for path in sorted(BUNDLED.glob("*.json")):
        recipe_file = load_recipe_file(path)
        found += [(recipe_file.repo, version, recipe) for version, recipe in recipe_file.versions.items()]
    return found


@pytest.mark.parametrize("suite", SUITES)
def test_every_repo_version_of_the_suite_has_a_recipe(suite: str) -> None:
    index = recipe_index()
    pairs = sorted({(row["repo"], row["version"]) for row in instances(suite)})
    missing = []
    for repo, version in pairs:
        try:
            index[repo].for_version(version)
        except (KeyError, RecipeError) as err:
            missing.append(f"{repo}@{version}: {err}")
    assert not missing, missing
    assert len(pairs) > 10


def test_every_swebench_repository_has_a_bundled_file_named_after_it() -> None:
    names = {path.stem for path in BUNDLED.glob("*.json")}
    assert {repo.replace("/", "__") for repo in SWEBENCH_REPOS} <= names
    for path in BUNDLED.glob("*.json"):
        assert load_recipe_file(path).repo.replace("/", "__") == path.stem, path.name


def test_recipes_name_known_parsers_selectors_and_pythons() -> None:
    recipes = bundled_recipes()
    assert len(recipes) > 150
    for repo, version, recipe in recipes:
        where = f"{repo}@{version}"
        assert recipe.language == "python", where
        assert recipe.parser in PARSERS, where
        assert recipe.test_selector in selector_names(), where
        assert recipe.python in PYTHONS, where
        assert "{tests}" in recipe.test_command, where
        if recipe.parser == "pytest":
            assert "--junitxml=/report/junit.xml" in recipe.test_command and "-rA" in recipe.test_command, where


def test_repository_conventions() -> None:
    for repo, version, recipe in bundled_recipes():
        where = f"{repo}@{version}"
        if repo == "django/django":
            assert (recipe.parser, recipe.test_selector) == ("django", "django_labels"), where
            assert "tests/runtests.py" in recipe.test_command and "--settings=test_sqlite" in recipe.test_command
        elif repo == "sympy/sympy":
            assert (recipe.parser, recipe.test_selector) == ("sympy", "paths"), where
            assert "bin/test" in recipe.test_command, where
        else:
            assert (recipe.parser, recipe.test_selector) == ("pytest", "paths"), where


def test_in_tree_build_outputs_are_saved_at_build_and_restored_before_tests() -> None:
    """The build workspace is thrown away: what the install left in it (extension modules, generated
    _version.py, egg-info) goes to /env/inplace.tar and comes back over the fresh workspace at test time."""
    for repo, version, recipe in bundled_recipes():
        where = f"{repo}@{version}"
        assert recipe.install[0].startswith("find . "), where
        assert "/env/inplace.tar" in recipe.install[-1] and "tar -cf" in recipe.install[-1], where
        assert recipe.pre_test[0] == "tar -xf /env/inplace.tar -C /workspace --skip-old-files", where


def test_old_pythons_use_pip_for_editable_installs() -> None:
    """On 3.6 the venv is made by `python -m venv` (see toolchains.uv_manages) and legacy editable installs
    need pip: no 3.6 recipe asks uv for an editable install."""
    for repo, version, recipe in bundled_recipes():
        if recipe.python == "3.6":
            assert not any(re.search(r"uv pip install .*-e ", line) for line in recipe.install), f"{repo}@{version}"


def test_dated_installs_use_iso_dates() -> None:
    for repo, version, recipe in bundled_recipes():
        for line in recipe.install:
            for date in re.findall(r"--exclude-newer(?:-package \S+=| )(\S+)", line):
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", date), (repo, version, line)


def test_python_versions_resolve_where_installed() -> None:
    """find_python understands every version the recipes name (skipped for interpreters this machine lacks)."""
    for version in sorted({recipe.python for _, _, recipe in bundled_recipes()}):
        try:
            assert find_python(version).name.startswith("python")
        except Exception as err:  # noqa: BLE001 - a missing interpreter is allowed here
            assert "no Python" in str(err), err


# -- selectors ------------------------------------------------------------------------------------


def test_django_labels_from_paths() -> None:
    files = ["tests/auth_tests/test_validators.py", "tests/model_fields/tests.py", "tests/i18n/sampleproject/x.py",
             "tests/utils_tests/__init__.py", "django/contrib/auth/validators.py", "docs/ref/settings.txt",
             "tests/model_fields/tests.py"]
    assert select_tests("django_labels", files) == [
        "auth_tests.test_validators", "model_fields.tests", "i18n.sampleproject.x", "utils_tests"]


def test_paths_are_passed_through_once_in_order() -> None:
    files = ["sympy/core/tests/test_basic.py", "sympy/printing/tests/test_latex.py", "sympy/core/tests/test_basic.py"]
    assert select_tests("paths", files) == files[:2]


def test_python_modules_selector() -> None:
    assert select_tests("python_modules", ["pkg/tests/test_a.py", "README.rst"]) == ["pkg.tests.test_a"]


def test_unknown_selector_names_the_known_ones() -> None:
    with pytest.raises(SelectorError, match="unknown test selector 'labels'.*django_labels"):
        select_tests("labels", ["a.py"])


@pytest.mark.parametrize("instance_id,expected", [
    ("django__django-11099", ["auth_tests.test_validators"]),
    ("django__django-11133", ["httpwrappers.tests"]),
])
def test_django_labels_from_real_test_patches(instance_id: str, expected: list[str]) -> None:
    row = next((r for r in instances("swebench_verified.jsonl") if r["instance_id"] == instance_id), None)
    assert row is not None, instance_id
    assert select_tests("django_labels", touched_paths(row["test_patch"])) == expected


def test_every_django_test_patch_yields_labels() -> None:
    """SWE-bench's own rule (strip tests/ and .py, slashes to dots) gives the same labels on every Verified
    Django instance whose test patch only touches tests/."""
    checked = 0
    for row in instances("swebench_verified.jsonl"):
        if row["repo"] != "django/django":
            continue
        paths = [p for p in touched_paths(row["test_patch"]) if p.endswith(".py")]
        if not all(p.startswith("tests/") for p in paths):
            continue
        expected = list(dict.fromkeys(p[len("tests/"):-len(".py")].replace("/", ".") for p in paths))
        expected = [e for e in expected if e != "runtests"]  # the runner itself, which SWE-bench passes too
        expected = [e[: -len(".__init__")] if e.endswith(".__init__") else e for e in expected]
        assert select_tests("django_labels", paths) == expected, row["instance_id"]
        checked += 1
    assert checked > 200
