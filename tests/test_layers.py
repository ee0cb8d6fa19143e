"""Imports run one way (DESIGN.md's order, lowest first): a package imports only packages below it.

Two checks: every `import` statement in src/ (module level or inside a function) names a package at or
below its own; and importing each subpackage in a fresh interpreter loads no package above it.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ORDER = ["paths", "money", "sandbox", "tasks", "envs", "grading", "models", "store", "solvers", "mining", "metrics",
         "runner", "gym", "report", "cli"]
SRC = Path(__file__).resolve().parents[1] / "src" / "swegauge"


def imported_packages(path: Path, root: Path = SRC) -> list[tuple[int, str]]:
    """(line, top-level swegauge package) for every absolute or relative import in a file."""
    found = []
    parts = path.relative_to(root).parts
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's own package
                base = list(parts[:-1])[: len(parts) - node.level]
                names = [".".join(["swegauge", *base, *(node.module.split(".") if node.module else [])])]
            elif node.module:
                names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            pieces = name.split(".")
            if pieces[0] == "swegauge" and len(pieces) > 1:
                found.append((node.lineno, pieces[1]))
    return found


def package_of(path: Path, root: Path = SRC) -> str:
    return path.relative_to(root).parts[0].removesuffix(".py")


def upward_imports(root: Path = SRC) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        own = package_of(path, root)
        if own == "__init__":
            continue
        if own not in ORDER:
            problems.append(f"{path.relative_to(root)}: package {own!r} is not in DESIGN.md's order")
            continue
        for line, other in imported_packages(path, root):
            if other != own and (other not in ORDER or ORDER.index(other) > ORDER.index(own)):
                problems.append(f"{path.relative_to(root)}:{line} ({own}) imports {other}")
    return problems


def test_no_source_file_imports_a_package_above_its_own():
    assert upward_imports() == []


def test_the_check_finds_an_upward_import(tmp_path):
    fake = tmp_path / "swegauge"
    (fake / "grading").mkdir(parents=True)
    (fake / "grading" / "judge.py").write_text("def f():\n    from swegauge.runner import run\n")
    (fake / "tasks").mkdir()
    (fake / "tasks" / "load.py").write_text("from ..envs import recipe\n")
    assert upward_imports(fake) == ["grading/judge.py:2 (grading) imports runner",
                                    "tasks/load.py:1 (tasks) imports envs"]


@pytest.mark.parametrize("package", ORDER)
def test_importing_a_package_loads_nothing_above_it(package):
    code = ("import json, sys, swegauge.{0}; "
            "print(json.dumps(sorted({{m.split('.')[1] for m in sys.modules "
            "if m.startswith('swegauge.') and m.count('.') >= 1}})))").format(package)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    above = [name for name in loaded if name in ORDER and ORDER.index(name) > ORDER.index(package)]
    assert above == [], f"importing swegauge.{package} loads {above}"
