"""One frozen settings object for every report: how intervals are made and what is split how."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReportSettings:
    """How `report` and `compare` compute and show their numbers.

    Every interval in a report is made with these values, and says so beside the number.
    """

    confidence: float = 0.95
    n_resamples: int = 10_000
    """Bootstrap resamples (percentile method)."""
    seed: int = 0
    """Bootstrap seed: the same store and settings give the same intervals."""
    cutoff: date | None = None
    """A model's training cutoff: tasks are split by created_at before / on-or-after it (contamination view)."""
    power: float = 0.8
    """Power for the sample-size note of a paired comparison."""
    plan_deltas: tuple[float, ...] = (0.03, 0.05, 0.10)
    """True differences (fractions) for which the sample-size note says how many tasks are needed."""
    max_patch_chars: int = 20_000
    """Longer patches and trajectories are cut in the HTML drill-down (the store keeps them whole)."""
    max_trajectory_chars: int = 40_000
