"""The `auto` recipe: infer install and test commands from a repository's own files.

Python: pyproject.toml / setup.py / setup.cfg (editable install, with a test extra when declared),
requirements*.txt, tox.ini's [testenv] deps, and pytest with JUnit XML. Other languages register an
inference function with `register_inference`.
"""

from __future__ import annotations

import configparser
import tomllib
from collections.abc import Callable
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from swegauge.envs.recipe import Recipe, RecipeError
from swegauge.envs.toolchains import ToolchainError, available_pythons

PYTEST_COMMAND = "python -m pytest -rA -p no:cacheprovider --junitxml=/report/junit.xml {tests}"
REQUIREMENT_FILES = (
    "requirements.txt", "requirements-dev.txt", "requirements-test.txt", "requirements_dev.txt",
    "requirements_test.txt", "test-requirements.txt", "dev-requirements.txt", "requirements/test.txt",
    "requirements/dev.txt", "requirements/testing.txt",
)
TEST_EXTRAS = ("test", "tests", "testing", "dev")

Inference = Callable[[Path], Recipe | None]
_INFERENCES: dict[str, Inference] = {}


def register_inference(language: str, infer: Inference) -> None:
    _INFERENCES[language] = infer


def infer_recipe(tree: Path, *, language: str = "python") -> Recipe:
    """A recipe for the repository checked out at `tree`; RecipeError when nothing fits."""
    order = [language] + [lang for lang in _INFERENCES if lang != language]
    for lang in order:
        infer = _INFERENCES.get(lang)
        recipe = infer(tree) if infer else None
        if recipe is not None:
            return recipe
    raise RecipeError(f"auto recipe: nothing in {tree.name} tells how to build or test it "
                      "(no pyproject.toml, setup.py, requirements*.txt or known build file); give a recipe file")


def _pyproject(tree: Path) -> dict:
    path = tree / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise RecipeError(f"auto recipe: {path.name} is not valid TOML: {err}") from None


def _pick_python(requires: str | None) -> str | None:
    if not requires:
        return None
    try:
        spec = SpecifierSet(requires)
    except InvalidSpecifier:
        return None
    fitting = [v for v in available_pythons() if spec.contains(v + ".0", prereleases=True) or spec.contains(v)]
    if not fitting:
        raise ToolchainError(f"auto recipe: no interpreter on this machine satisfies requires-python {requires!r}")
    preferred = [v for v in fitting if v == "3.11"]
    return preferred[0] if preferred else fitting[-1]


def _test_extra(project: dict, tree: Path) -> str:
    extras = set((project.get("optional-dependencies") or {}).keys())
    cfg = tree / "setup.cfg"
    if cfg.is_file():
        parser = configparser.ConfigParser()
        try:
            parser.read(cfg, encoding="utf-8")
            if parser.has_section("options.extras_require"):
                extras |= set(parser.options("options.extras_require"))
        except configparser.Error:
            pass
    for name in TEST_EXTRAS:
        if name in extras:
            return f"[{name}]"
    return ""


def _tox_deps(tree: Path) -> list[str]:
    path = tree / "tox.ini"
    if not path.is_file():
        return []
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error:
        return []
    raw = parser.get("testenv", "deps", fallback="")
    return [d.strip() for d in raw.splitlines() if d.strip() and not d.strip().startswith(("-", "{", "#"))]


def infer_python(tree: Path) -> Recipe | None:
    data = _pyproject(tree)
    installable = bool(data.get("build-system")) or (tree / "setup.py").is_file() or (tree / "setup.cfg").is_file()
    requirements = [name for name in REQUIREMENT_FILES if (tree / name).is_file()]
    has_python = installable or requirements or (tree / "tox.ini").is_file() or any(tree.glob("*.py")) \
        or any(tree.glob("tests/*.py")) or any(tree.glob("test/*.py"))
    if not has_python:
        return None
    project = data.get("project") or {}
    install = [f"uv pip install -r {name}" for name in requirements]
    tox = _tox_deps(tree)
    if tox:
        install.append("uv pip install " + " ".join(f"'{d}'" for d in tox))
    if installable:
        install.append(f"uv pip install -e '.{_test_extra(project, tree)}'")
    install.append("uv pip install pytest")
    env = {} if installable else {"PYTHONPATH": "/workspace/src:/workspace" if (tree / "src").is_dir() else "/workspace"}
    return Recipe(language="python", python=_pick_python(project.get("requires-python")), install=tuple(install),
                  test_command=PYTEST_COMMAND, parser="pytest", env=env)


register_inference("python", infer_python)
