"""Vector environments: a batch of episodes stepped at once.

`ThreadedVectorEnv` is Gymnasium's SyncVectorEnv with the sub-environments' steps run concurrently in a
thread pool (a step is a sandboxed subprocess, so threads overlap the waits); autoreset follows Gymnasium's
NEXT_STEP mode, or DISABLED. All sub-environments share one Grader (one environment builder and cache).
`gym.make_vec("swegauge/Issue-v0", num_envs=N, vectorization_mode="vector_entry_point")` builds one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from copy import deepcopy
from typing import Any

import numpy as np
from gymnasium import Env
from gymnasium.vector import AutoresetMode, SyncVectorEnv
from gymnasium.vector.utils import concatenate, iterate

from swegauge.grading.grader import Grader
from swegauge.gym.settings import GymSettings
from swegauge.runner.executors import make_local_grader
from swegauge.tasks import Task


class ThreadedVectorEnv(SyncVectorEnv):
    def __init__(self, env_fns: Sequence[Callable[[], Env]], *, workers: int | None = None, copy: bool = True,
                 autoreset_mode: str | AutoresetMode = AutoresetMode.NEXT_STEP) -> None:
        super().__init__(env_fns, copy=copy, autoreset_mode=autoreset_mode)
        if self.autoreset_mode not in (AutoresetMode.NEXT_STEP, AutoresetMode.DISABLED):
            raise ValueError(f"ThreadedVectorEnv supports NEXT_STEP and DISABLED autoreset, not {self.autoreset_mode}")
        self._pool = ThreadPoolExecutor(max_workers=workers or min(64, self.num_envs),
                                        thread_name_prefix="swegauge-gym")

    def step(self, actions: Any):
        def one(index: int, action: Any) -> tuple:
            if self.autoreset_mode == AutoresetMode.NEXT_STEP and self._autoreset_envs[index]:
                obs, info = self.envs[index].reset()
                return obs, 0.0, False, False, info
            assert not self._autoreset_envs[index], "autoreset DISABLED: reset finished sub-environments first"
            return self.envs[index].step(action)

        futures = [self._pool.submit(one, i, a) for i, a in enumerate(iterate(self.action_space, actions))]
        infos: dict[str, Any] = {}
        for index, future in enumerate(futures):
            obs, reward, terminated, truncated, info = future.result()
            self._env_obs[index] = obs
            self._rewards[index], self._terminations[index], self._truncations[index] = reward, terminated, truncated
            infos = self._add_info(infos, info, index)
        self._observations = concatenate(self.single_observation_space, self._env_obs, self._observations)
        self._autoreset_envs = np.logical_or(self._terminations, self._truncations)
        observations = deepcopy(self._observations) if self.copy else self._observations
        return (observations, np.copy(self._rewards), np.copy(self._terminations), np.copy(self._truncations),
                infos)

    def call_each(self, name: str, args: Sequence[tuple] | None = None) -> list[Any]:
        """Call method `name` on each sub-environment (unwrapped), with its own positional arguments."""
        args = args or [()] * self.num_envs
        return list(self._pool.map(lambda pair: getattr(pair[0].unwrapped, name)(*pair[1]), zip(self.envs, args)))

    def close_extras(self, **kwargs: Any) -> None:
        self._pool.shutdown(wait=True)
        super().close_extras(**kwargs)


def _vector(env_cls: type, num_envs: int, *, settings: GymSettings | None = None,
            tasks: Sequence[Task] | None = None, grader: Grader | None = None, workers: int | None = None,
            **kwargs: Any) -> ThreadedVectorEnv:
    from swegauge.gym.base import issue_tasks

    settings = settings or GymSettings()
    tasks = issue_tasks(settings, tasks)  # loaded once for the batch
    grader = grader or make_local_grader()
    return ThreadedVectorEnv([lambda: env_cls(settings, tasks=tasks, grader=grader)] * num_envs, workers=workers,
                             **kwargs)


def issue_vector(num_envs: int, **kwargs: Any) -> ThreadedVectorEnv:
    from swegauge.gym.issue_env import IssueEnv

    return _vector(IssueEnv, num_envs, **kwargs)


def patch_vector(num_envs: int, **kwargs: Any) -> ThreadedVectorEnv:
    from swegauge.gym.patch_env import PatchEnv

    return _vector(PatchEnv, num_envs, **kwargs)
