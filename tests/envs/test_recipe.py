"""What a recipe's fingerprint (the environment's cache key) counts: what shapes the build, nothing else."""

from __future__ import annotations

import json

from swegauge.envs.recipe import Recipe

BASE = Recipe(python="3.9", install=("uv pip install -e .",), test_command="pytest {tests}")


def test_install_variables_change_the_fingerprint() -> None:
    with_tz = BASE.model_copy(update={"env": {"TZ": "UTC"}})
    other_tz = BASE.model_copy(update={"env": {"TZ": "Europe/Paris"}})
    assert len({BASE.fingerprint, with_tz.fingerprint, other_tz.fingerprint}) == 3


def test_what_only_test_runs_use_keeps_the_environment() -> None:
    changed = BASE.model_copy(update={"pre_test": ("echo hi",), "test_command": "pytest -x {tests}",
                                      "parser": "junit", "test_timeout_s": 10.0})
    assert changed.fingerprint == BASE.fingerprint


def test_a_recipe_without_variables_keeps_its_old_fingerprint() -> None:
    assert json.loads(BASE.fingerprint) == {"install": ["uv pip install -e ."], "language": "python", "python": "3.9"}
