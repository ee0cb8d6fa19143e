"""Environments: recipes per repository and version, built once into a cache, mounted read-only."""

from swegauge.envs.builder import BuildOutcome, Environment, EnvironmentBuilder
from swegauge.envs.catalog import recipe_index, resolve_recipe
from swegauge.envs.recipe import Recipe, RecipeError, RecipeFile, load_recipe_file
from swegauge.envs.toolchains import ToolchainError
from swegauge.envs import languages as _languages  # noqa: F401  (registers every language)

__all__ = [
    "BuildOutcome", "Environment", "EnvironmentBuilder", "Recipe", "RecipeError", "RecipeFile",
    "ToolchainError", "load_recipe_file", "recipe_index", "resolve_recipe",
]
