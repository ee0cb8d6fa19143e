"""swegauge.gym: the RL face. Gymnasium environments whose reward is the grader's verdict.

    import gymnasium as gym, swegauge.gym
    env = gym.make("swegauge/Issue-v0", settings=GymSettings(suite="starter"))
    env = gym.make("swegauge/Patch-v0")
    envs = gym.make_vec("swegauge/Issue-v0", num_envs=8, vectorization_mode="vector_entry_point")
"""

from __future__ import annotations

import gymnasium

from swegauge.gym.base import GymError, TaskEnv
from swegauge.gym.issue_env import IssueEnv, parse_action
from swegauge.gym.patch_env import PatchEnv
from swegauge.gym.settings import GymSettings
from swegauge.gym.snapshot import Snapshot

ISSUE_ID = "swegauge/Issue-v0"
PATCH_ID = "swegauge/Patch-v0"


def register() -> None:
    """Register both environments with Gymnasium (done on import; safe to call again)."""
    for env_id, name in ((ISSUE_ID, "issue"), (PATCH_ID, "patch")):
        if env_id not in gymnasium.registry:
            gymnasium.register(id=env_id, entry_point=f"swegauge.gym.{name}_env:{name.title()}Env",
                               vector_entry_point=f"swegauge.gym.vector:{name}_vector")


register()

__all__ = ["GymError", "GymSettings", "IssueEnv", "PatchEnv", "Snapshot", "TaskEnv", "parse_action", "register",
           "ISSUE_ID", "PATCH_ID"]
