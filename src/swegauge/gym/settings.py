"""One settings object for the gym's environments."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class GymSettings(BaseModel):
    """Which tasks an environment draws from, and the limits of one episode.

    `suite` is anything swegauge loads (starter, a SWE-bench file, a mined suite); only issue tasks are used.
    Limits: `max_steps` actions (submit included), `max_seconds` of episode wall time, `max_tokens` of text
    exchanged (actions and observations, counted as UTF-8 bytes / 4). Reaching one truncates the episode."""

    model_config = ConfigDict(frozen=True)

    suite: str = "starter"
    instance_ids: tuple[str, ...] = ()
    """Only these tasks (empty: every issue task of the suite)."""
    language: str | None = None
    max_steps: int = Field(default=30, ge=1)
    max_seconds: float | None = Field(default=None, gt=0)
    max_tokens: int | None = Field(default=None, ge=1)
    command_timeout_s: float = Field(default=120.0, gt=0)
    max_output_chars: int = Field(default=10_000, ge=200)
    """Of one command's output (head and tail are kept)."""
    max_files: int = Field(default=2_000, ge=1)
    """Entries of the repository file tree shown in the observation."""
