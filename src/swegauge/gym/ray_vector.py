"""A Ray-backed vector environment: the batch's sub-environments live in host actors spread over the
cluster's nodes, each host holding many environments (one process per host, not per environment).

Each host actor keeps its environments' episodes and steps them concurrently in threads, over its node's
sandbox and environment cache; the driver sends actions and gets back observations, rewards and infos.
Autoreset follows Gymnasium's NEXT_STEP mode. `suspend(i)` / `resume(i, snapshot)` move an episode between
hosts, nodes or runs (partial rollouts).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import numpy as np
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space, concatenate, create_empty_array, iterate

from swegauge.gym.settings import GymSettings
from swegauge.tasks import Task

Kind = Literal["issue", "patch"]


class EnvHost:
    """Ray actor: `count` environments of one kind over one grader, stepped in threads."""

    def __init__(self, kind: Kind, count: int, settings: GymSettings, tasks: Sequence[Task]) -> None:
        from swegauge.gym.issue_env import IssueEnv
        from swegauge.gym.patch_env import PatchEnv
        from swegauge.runner.executors import make_local_grader

        cls = IssueEnv if kind == "issue" else PatchEnv
        grader = make_local_grader()
        self.envs = [cls(settings, tasks=tasks, grader=grader) for _ in range(count)]
        self._pool = ThreadPoolExecutor(max_workers=min(64, max(1, count)), thread_name_prefix="swegauge-host")

    def node(self) -> str:
        import ray

        return ray.get_runtime_context().get_node_id()

    def prepare(self) -> dict[str, str]:
        return self.envs[0].prepare()

    def run(self, ops: list[tuple[int, str, Any]]) -> list[tuple]:
        """Each op is (env index, "reset" | "step", payload); results in the same order."""
        def one(op: tuple[int, str, Any]) -> tuple:
            index, name, payload = op
            env = self.envs[index]
            if name == "reset":
                obs, info = env.reset(**payload)
                return obs, 0.0, False, False, info
            return env.step(payload)

        return list(self._pool.map(one, ops))

    def call(self, index: int, name: str, *args: Any) -> Any:
        return getattr(self.envs[index], name)(*args)


class RayVectorEnv(VectorEnv):
    def __init__(self, num_envs: int, *, kind: Kind = "issue", settings: GymSettings | None = None,
                 tasks: Sequence[Task] | None = None, hosts: int | None = None, cpus_per_host: float = 0.5,
                 address: str | None = None) -> None:
        import ray

        from swegauge.gym.base import issue_tasks
        from swegauge.gym.spaces import action_space, issue_observation_space
        from swegauge.runner.executors_ray import connect

        self._started = connect(address)
        self._ray = ray
        settings = settings or GymSettings()
        tasks = issue_tasks(settings, tasks)
        alive = [n for n in ray.nodes() if n.get("Alive")]
        count = max(1, min(num_envs, hosts or len(alive) or 1))
        sizes = [num_envs // count + (1 if i < num_envs % count else 0) for i in range(count)]
        actor = ray.remote(EnvHost).options(num_cpus=cpus_per_host, scheduling_strategy="SPREAD",
                                            max_concurrency=4)
        self.hosts = [actor.remote(kind, size, settings, tasks) for size in sizes]
        self._where = [(h, i) for h, size in enumerate(sizes) for i in range(size)]
        self.num_envs = num_envs
        self.metadata = {"render_modes": [], "autoreset_mode": AutoresetMode.NEXT_STEP}
        self.single_observation_space = issue_observation_space()
        self.single_action_space = action_space()
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)
        self._observations = create_empty_array(self.single_observation_space, n=num_envs, fn=np.zeros)
        self._autoreset = np.zeros((num_envs,), dtype=np.bool_)

    def nodes(self) -> list[str]:
        """The node id of each host actor."""
        return self._ray.get([h.node.remote() for h in self.hosts])

    def prepare(self) -> list[dict[str, str]]:
        return self._ray.get([h.prepare.remote() for h in self.hosts])

    def _run(self, ops: list[tuple[int, str, Any]]) -> dict[int, tuple]:
        grouped: dict[int, list[tuple[int, tuple[int, str, Any]]]] = {}
        for index, name, payload in ops:
            host, local = self._where[index]
            grouped.setdefault(host, []).append((index, (local, name, payload)))
        refs = {host: self.hosts[host].run.remote([op for _, op in items]) for host, items in grouped.items()}
        results: dict[int, tuple] = {}
        for host, items in grouped.items():
            for (index, _), result in zip(items, self._ray.get(refs[host]), strict=True):
                results[index] = result
        return results

    def reset(self, *, seed: int | list[int | None] | None = None, options: dict[str, Any] | None = None):
        seeds = [seed + i for i in range(self.num_envs)] if isinstance(seed, int) else (seed or [None] * self.num_envs)
        results = self._run([(i, "reset", {"seed": seeds[i], "options": options}) for i in range(self.num_envs)])
        self._autoreset[:] = False
        infos: dict[str, Any] = {}
        for i in range(self.num_envs):
            infos = self._add_info(infos, results[i][4], i)
        self._observations = concatenate(self.single_observation_space, [results[i][0] for i in range(self.num_envs)],
                                         self._observations)
        return self._observations, infos

    def step(self, actions: Any):
        ops = [(i, "reset", {}) if self._autoreset[i] else (i, "step", action)
               for i, action in enumerate(iterate(self.action_space, actions))]
        results = self._run(ops)
        ordered = [results[i] for i in range(self.num_envs)]
        rewards = np.array([r[1] for r in ordered], dtype=np.float64)
        terminations = np.array([r[2] for r in ordered], dtype=np.bool_)
        truncations = np.array([r[3] for r in ordered], dtype=np.bool_)
        infos: dict[str, Any] = {}
        for i, result in enumerate(ordered):
            infos = self._add_info(infos, result[4], i)
        self._autoreset = np.logical_or(terminations, truncations)
        self._observations = concatenate(self.single_observation_space, [r[0] for r in ordered], self._observations)
        return self._observations, rewards, terminations, truncations, infos

    def suspend(self, index: int):
        host, local = self._where[index]
        return self._ray.get(self.hosts[host].call.remote(local, "suspend"))

    def resume(self, index: int, snapshot: Any):
        host, local = self._where[index]
        self._autoreset[index] = False
        return self._ray.get(self.hosts[host].call.remote(local, "resume", snapshot))

    def close_extras(self, **kwargs: Any) -> None:
        for host in self.hosts:
            self._ray.kill(host)
        self.hosts = []
        if self._started:
            self._ray.shutdown()
