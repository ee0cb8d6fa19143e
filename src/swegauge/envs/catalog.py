"""Which recipe a task uses: a named recipe file, a recipe file for its repository, or the auto recipe.

Recipe files are looked up in the bundled folder (swegauge/envs/recipes: the SWE-bench repositories'), its
sub-folders (one per bundled suite, e.g. starter/), and every folder listed in $SWEGAUGE_RECIPES
(os.pathsep-separated). Each file names its `repo`; the first file naming a repo wins.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from swegauge.envs.auto import infer_for_task
from swegauge.envs.recipe import Recipe, RecipeError, RecipeFile, load_recipe_file
from swegauge.tasks import Task

BUNDLED = Path(__file__).parent / "recipes"


def recipe_dirs() -> list[Path]:
    dirs = [BUNDLED, *sorted(path for path in BUNDLED.iterdir() if path.is_dir())]
    extra = os.environ.get("SWEGAUGE_RECIPES", "")
    dirs += [Path(p) for p in extra.split(os.pathsep) if p]
    return dirs


@lru_cache(maxsize=8)
def _index(dirs: tuple[Path, ...]) -> dict[str, RecipeFile]:
    found: dict[str, RecipeFile] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            recipe_file = load_recipe_file(path)
            found.setdefault(recipe_file.repo, recipe_file)
    return found


def recipe_index() -> dict[str, RecipeFile]:
    return _index(tuple(recipe_dirs()))


def resolve_recipe(task: Task) -> Recipe:
    """The recipe for `task` (raises RecipeError with the reason when there is none)."""
    index = recipe_index()
    if task.recipe != "auto":
        if task.recipe not in index:
            raise RecipeError(f"task {task.instance_id}: no recipe file for {task.recipe!r}")
        return index[task.recipe].for_version(task.version)
    known = index.get(task.repo)
    if known is not None and (task.version in known.versions or "*" in known.versions):
        return known.for_version(task.version)
    if known is not None and task.version and not task.version.startswith("deps-"):
        return known.for_version(task.version)  # a named version the file lacks: say so, do not guess
    return infer_for_task(task)
