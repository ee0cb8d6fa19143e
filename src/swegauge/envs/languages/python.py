"""Python: the auto recipe for pyproject.toml / setup.py / setup.cfg / requirements*.txt projects.

Interpreter (`pick_python`): among the installed ones (pyenv's versions, PATH), those that satisfy the
project's requires-python (pyproject, setup.cfg or setup.py's python_requires) and, when the project lists
"Programming Language :: Python :: X.Y" classifiers, are no newer than the newest one listed; of those,
the newest released before the task's date, else the oldest fitting one. Without a date: 3.11 when it
fits, else the newest fitting one.

Dependencies (python_deps.py): the repository's own test requirements (requirements files, tox.ini deps,
test extras of pyproject/setup.cfg/setup.py, tests_require, dependency groups, pytest plugins its pytest
configuration needs) installed with `uv pip install --exclude-newer CUTOFF` (the first day of the month
after the task), through a ladder: everything -> the package without extras -> unpinned requirements ->
no date cutoff. pytest itself is installed last, also date-bounded, so a 2019 project gets a 2019 pytest.
"""

from __future__ import annotations

import ast
import configparser
import re
import tomllib
from datetime import date
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from swegauge.envs.auto import AutoContext, register_inference
from swegauge.envs.languages.python_deps import install_ladder
from swegauge.envs.recipe import Recipe, RecipeError
from swegauge.envs.toolchains import ToolchainError, available_pythons

PYTEST_COMMAND = "python -m pytest -rA -p no:cacheprovider --junitxml=/report/junit.xml {tests}"
PREFERRED = "3.11"
RELEASED = {
    "2.7": date(2010, 7, 3), "3.5": date(2015, 9, 13), "3.6": date(2016, 12, 23), "3.7": date(2018, 6, 27),
    "3.8": date(2019, 10, 14), "3.9": date(2020, 10, 5), "3.10": date(2021, 10, 4), "3.11": date(2022, 10, 24),
    "3.12": date(2023, 10, 2), "3.13": date(2024, 10, 7), "3.14": date(2025, 10, 7),
}
"""First release of each minor version (python.org)."""
MIN_SUPPORTED = (3, 6)
"""Older interpreters (2.7) cannot host uv's virtual environments."""
CLASSIFIER = re.compile(r"Programming Language :: Python :: (\d+\.\d+)")
PYTHON_REQUIRES = re.compile(r"python_requires\s*=\s*['\"]([^'\"]+)['\"]")


def read_pyproject(tree: Path) -> dict:
    path = tree / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise RecipeError(f"auto recipe: {path.name} is not valid TOML: {err}") from None


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".")[:2])


def _setup_text(tree: Path) -> str:
    texts = []
    for name in ("setup.py", "setup.cfg"):
        if (tree / name).is_file():
            texts.append((tree / name).read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


def requires_python(tree: Path, project: dict) -> str | None:
    given = project.get("requires-python")
    if isinstance(given, str) and given.strip():
        return given
    found = PYTHON_REQUIRES.search(_setup_text(tree))
    if found:
        return found.group(1)
    cfg = tree / "setup.cfg"
    if cfg.is_file():
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(cfg, encoding="utf-8")
            return parser.get("options", "python_requires", fallback=None)
        except configparser.Error:
            return None
    return None


def newest_classifier(tree: Path, project: dict) -> str | None:
    """The newest "Python :: X.Y" the project says it supports (None: it does not say)."""
    listed = [c for c in project.get("classifiers") or [] if isinstance(c, str)]
    versions = CLASSIFIER.findall("\n".join(listed) + "\n" + _setup_text(tree))
    versions = [v for v in versions if _version_tuple(v) >= MIN_SUPPORTED]
    return max(versions, key=_version_tuple) if versions else None


def _fits(version: str, spec: SpecifierSet | None) -> bool:
    if spec is None:
        return True
    return spec.contains(version + ".0", prereleases=True) or spec.contains(version, prereleases=True) \
        or spec.contains(version + ".99", prereleases=True)


def pick_python(*, requires: str | None, newest_listed: str | None, when: date | None,
                installed: list[str] | None = None) -> str | None:
    """The interpreter version for a project (None: the default one is fine). See the module docstring."""
    try:
        spec = SpecifierSet(requires) if requires else None
    except InvalidSpecifier:
        spec = None
    installed = installed if installed is not None else available_pythons()
    usable = [v for v in installed if _version_tuple(v) >= MIN_SUPPORTED]
    fitting = [v for v in usable if _fits(v, spec)]
    if not fitting:
        raise ToolchainError(f"auto recipe: no interpreter on this machine satisfies requires-python {requires!r} "
                             f"(installed: {', '.join(installed)})")
    if newest_listed:
        listed = [v for v in fitting if _version_tuple(v) <= _version_tuple(newest_listed)]
        fitting = listed or fitting
    fitting.sort(key=_version_tuple)
    if when is not None:
        released = [v for v in fitting if RELEASED.get(v, date.max) < when]
        return (released or fitting)[-1 if released else 0]
    if requires is None and newest_listed is None:
        return None
    return PREFERRED if PREFERRED in fitting else fitting[-1]


def _has_python(tree: Path, installable: bool) -> bool:
    return installable or any(tree.glob("requirements*.txt")) or (tree / "tox.ini").is_file() \
        or any(tree.glob("*.py")) or any(tree.glob("tests/*.py")) or any(tree.glob("test/*.py")) \
        or any(tree.glob("src/*/__init__.py"))


def _layout_env(tree: Path) -> dict[str, str]:
    """The tests import from the tree when the package is not installed (no packaging, or the ladder's
    last rung): /workspace (and /workspace/src) on the path; harmless over an editable install of it."""
    return {"PYTHONPATH": "/workspace/src:/workspace" if (tree / "src").is_dir() else "/workspace"}


def infer_python(tree: Path, context: AutoContext | None = None) -> Recipe | None:
    context = context or AutoContext()
    data = read_pyproject(tree)
    installable = bool(data.get("build-system")) or (tree / "setup.py").is_file() or (tree / "setup.cfg").is_file()
    if not _has_python(tree, installable):
        return None
    project = data.get("project") or {}
    when = context.created_at.date() if context.created_at else None
    python = pick_python(requires=requires_python(tree, project), newest_listed=newest_classifier(tree, project),
                         when=when)
    install = install_ladder(tree, data, installable=installable, cutoff=context.cutoff)
    return Recipe(language="python", python=python, install=tuple(install), test_command=PYTEST_COMMAND,
                  parser="pytest", env=_layout_env(tree))


def _module_literals(module: ast.Module) -> dict[str, object]:
    """Top-level `NAME = <literal>` assignments (setup.py often builds its lists before calling setup())."""
    found: dict[str, object] = {}
    for node in module.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
    return found


def setup_py_keywords(tree: Path) -> dict[str, object]:
    """Literal keyword arguments of the setup(...) call in setup.py (tests_require, extras_require, ...),
    also when given by the name of a top-level literal (`extras_require=EXTRAS_REQUIRE`)."""
    path = tree / "setup.py"
    if not path.is_file():
        return {}
    try:
        module = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except (SyntaxError, ValueError):
        return {}
    names = _module_literals(module)
    found: dict[str, object] = {}
    for node in ast.walk(module):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "setup":
            for keyword in node.keywords:
                if isinstance(keyword.value, ast.Name) and keyword.value.id in names:
                    found[keyword.arg or ""] = names[keyword.value.id]
                    continue
                try:
                    found[keyword.arg or ""] = ast.literal_eval(keyword.value)
                except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                    continue
    return found


register_inference("python", infer_python)
