"""Solvers turn a task into candidate patches: baselines, agentless, testwriter, selfplay, agent, choice."""

from swegauge.solvers.base import Candidate, ModelSession, ProblemView, SolveContext, Solver, SolverError, Workbench
from swegauge.solvers.registry import make_solver, register_solver, solver_names

__all__ = [
    "Candidate", "ModelSession", "ProblemView", "SolveContext", "Solver", "SolverError", "Workbench",
    "make_solver", "register_solver", "solver_names",
]
