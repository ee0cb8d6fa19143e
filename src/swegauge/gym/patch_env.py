"""`swegauge/Patch-v0`: one step; the action is a whole unified diff (agentless-style RL).

reset() shows the task; step(diff) grades it and ends the episode: reward = the grader's verdict."""

from __future__ import annotations

from typing import Any

from swegauge.gym.base import GymError, TaskEnv


class PatchEnv(TaskEnv):
    env_id = "swegauge/Patch-v0"
    _open = False

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.task = self.choose(options)
        self._open = True
        return self.observe(), {"instance_id": self.task.instance_id}

    def step(self, action: str):
        if not self._open or self.task is None:
            raise GymError("call reset() before step(); Patch-v0 episodes are one step")
        self._open = False
        reward, info = self.grade(action)
        output = f"submitted: {info['outcome']}" + (f" ({info['reason']})" if info["reason"] else "")
        return self.observe(output=output, diff=action), reward, True, False, {"instance_id": self.task.instance_id,
                                                                              **info}
