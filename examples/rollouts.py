"""Collect N episodes of swegauge/Issue-v0 with the embedded model through the vector environment, and print
the mean reward and throughput: the loop an RL trainer would run, with no GPU and no key.

    python examples/rollouts.py [--episodes 8] [--envs 4] [--max-steps 4] [--model local] [--suite starter]

Each turn the policy (the model) sees the observation as a chat and answers with one ```bash block or SUBMIT;
the reward arrives when an episode submits (the grader's verdict) or 0 when it runs out of steps. A 135M model
resolves nothing; what this shows is the machinery and its throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import time

import numpy as np

from swegauge.gym import GymSettings
from swegauge.gym.vector import issue_vector
from swegauge.models import open_model

SYSTEM = ("You fix issues in a repository. Reply with exactly one ```bash block holding a shell command to run "
          "in the repository, or with the single word SUBMIT when your changes fix the issue.")


def prompt(obs: dict[str, str], index: int) -> list[dict[str, str]]:
    files = "\n".join(obs["files"][index].splitlines()[:60])
    text = (f"Issue:\n{obs['issue'][index][:3000]}\n\nFiles:\n{files}\n\nLast output:\n{obs['output'][index][-1500:]}"
            f"\n\nYour changes so far:\n{obs['diff'][index][-1500:] or '(none)'}")
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}]


async def act(model, obs: dict[str, str], count: int) -> list[str]:
    replies = await asyncio.gather(*(model.complete(prompt(obs, i)) for i in range(count)))
    return [r.text or "" for r in replies]


async def collect(model, envs, episodes: int) -> tuple[list[float], int]:
    obs, _ = envs.reset(seed=0)
    rewards: list[float] = []
    steps, resetting = 0, np.zeros(envs.num_envs, dtype=bool)
    while len(rewards) < episodes:
        actions = await act(model, obs, envs.num_envs)
        obs, reward, terminated, truncated, _ = await asyncio.to_thread(envs.step, tuple(actions))
        steps += int((~resetting).sum())  # a sub-environment that just ended spends this step resetting
        resetting = terminated | truncated
        for i in np.flatnonzero(terminated | truncated):
            rewards.append(float(reward[i]))
            print(f"episode {len(rewards)}: reward {reward[i]:.0f} ({'submitted' if terminated[i] else 'truncated'})",
                  flush=True)
    return rewards[:episodes], steps


async def run(args: argparse.Namespace, envs) -> tuple[list[float], int]:
    async with open_model(args.model, max_tokens=256, temperature=0.7) as model:
        return await collect(model, envs, args.episodes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=8)
    parser.add_argument("--envs", type=int, default=4)
    parser.add_argument("--max-steps", type=int, default=4)
    parser.add_argument("--model", default="local")
    parser.add_argument("--suite", default="starter")
    parser.add_argument("--language", default="python")
    args = parser.parse_args()
    envs = issue_vector(args.envs, settings=GymSettings(suite=args.suite, language=args.language,
                                                        max_steps=args.max_steps, command_timeout_s=30))
    envs.envs[0].unwrapped.prepare()
    started = time.perf_counter()
    rewards, steps = asyncio.run(run(args, envs))
    wall = time.perf_counter() - started
    envs.close()
    print(f"{len(rewards)} episodes, mean reward {np.mean(rewards):.3f}, {steps} steps in {wall:.1f} s: "
          f"{len(rewards) / wall * 60:.1f} episodes/min, {steps / wall:.2f} steps/s")


if __name__ == "__main__":
    main()
