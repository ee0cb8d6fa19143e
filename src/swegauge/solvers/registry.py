"""Solvers by name. Each solver module registers a factory taking (tasks, options)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from swegauge.solvers.base import Solver, SolverError
from swegauge.solvers.baselines import EmptySolver, GoldSolver
from swegauge.tasks import Task

Factory = Callable[[list[Task], dict[str, Any]], Solver]
_FACTORIES: dict[str, Factory] = {
    "gold": lambda tasks, options: GoldSolver(tasks),
    "empty": lambda tasks, options: EmptySolver(tasks),
}
_MODULES = ("agentless", "testwriter", "selfplay", "agent", "choice", "codegen")


def register_solver(name: str, factory: Factory) -> None:
    _FACTORIES[name] = factory


def _load_all() -> None:
    for module in _MODULES:
        try:
            import_module(f"swegauge.solvers.{module}")
        except ModuleNotFoundError as err:
            if err.name != f"swegauge.solvers.{module}":
                raise


def solver_names() -> list[str]:
    _load_all()
    return sorted(_FACTORIES)


def make_solver(name: str, *, tasks: list[Task], options: dict[str, Any] | None = None) -> Solver:
    _load_all()
    if name not in _FACTORIES:
        raise SolverError(f"unknown solver {name!r}; known: {', '.join(sorted(_FACTORIES))}")
    return _FACTORIES[name](tasks, dict(options or {}))
