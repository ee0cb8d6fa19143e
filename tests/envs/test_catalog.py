"""Recipes are data found by folder, and envs knows no suite or repository by name."""

from __future__ import annotations

import ast
from pathlib import Path

from swegauge.envs.catalog import BUNDLED, recipe_dirs, recipe_index, resolve_recipe
from swegauge.tasks.starter import starter_tasks

ENVS = Path(__file__).resolve().parents[2] / "src" / "swegauge" / "envs"


def test_bundled_sub_folders_are_searched_and_hold_the_starter_recipes():
    assert BUNDLED / "starter" in recipe_dirs()
    index = recipe_index()
    for task in starter_tasks():
        assert task.recipe in index, task.instance_id
        assert resolve_recipe(task).language == task.language, task.instance_id


def test_envs_imports_no_suite_and_branches_on_no_repository_name():
    for path in sorted(ENVS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("swegauge.tasks.starter"), f"{path.name}:{node.lineno}"
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not node.value.startswith("starter/"), f"{path.name}:{node.lineno}: {node.value!r}"
