"""A suspended episode: small, JSON-serializable, enough to go on in another process or on another node.

The workspace is kept as its diff against base (what the agent changed), not as files; the environment
rebuilds it over the prepared base when the episode resumes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

SNAPSHOT_VERSION = 1


class Step(BaseModel):
    """One action of the trajectory (the observation's text is not kept, only its size)."""

    model_config = ConfigDict(frozen=True)

    action: str
    tool: str
    exit_code: int | None = None
    output_chars: int = 0


class Snapshot(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: int = SNAPSHOT_VERSION
    env_id: str
    instance_id: str
    base_commit: str
    seed: int | None = None
    patch: str = ""
    last_output: str = ""
    steps: int = 0
    tokens: int = 0
    seconds: float = 0.0
    trajectory: tuple[Step, ...] = ()
