"""Partial rollouts and vector batches: a suspended episode resumed in another process ends where the
uninterrupted one does; a batch steps its sub-environments at once with Gymnasium's autoreset."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

import swegauge.gym  # noqa: F401 - registers the environments
from swegauge.gym import GymError, IssueEnv, Snapshot
from swegauge.gym.vector import issue_vector, patch_vector
from swegauge.runner.executors import make_local_grader
from tests.gym.support import T, apply_in_sandbox, bash, needs_bwrap, settings, task

pytestmark = [needs_bwrap, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys
from swegauge.gym import GymSettings, IssueEnv
snapshot, actions = sys.stdin.read().split("\\n", 1)
env = IssueEnv(GymSettings.model_validate_json(sys.argv[1]))
obs, info = env.resume(snapshot)
assert info["steps"] == 2, info
for action in json.loads(actions):
    obs, reward, terminated, truncated, info = env.step(action)
print(json.dumps({"obs": obs, "reward": reward, "terminated": terminated, "truncated": truncated,
                  "info": info, "trajectory": [s.tool for s in env.episode.trajectory]}))
"""


def actions() -> list[str]:
    half = task().patch.split("diff --git ")
    first, rest = "diff --git " + half[1], "".join("diff --git " + h for h in half[2:])
    return [apply_in_sandbox(first), bash("echo note > NOTES.txt"), apply_in_sandbox(rest), bash("rm NOTES.txt"),
            "SUBMIT"]


@pytest.fixture(scope="module")
def grader():
    return make_local_grader()


def test_resumed_episode_in_another_process_ends_like_the_uninterrupted_one(grader):
    steps = actions()
    assert len(task().patch.split("diff --git ")) > 2, "the gold patch should touch several files"
    whole = IssueEnv(settings(), grader=grader)
    whole.reset(seed=11)
    for action in steps:
        obs, reward, terminated, truncated, info = whole.step(action)
    assert (reward, terminated, info["outcome"]) == (1.0, True, "resolved")

    part = IssueEnv(settings(), grader=grader)
    part.reset(seed=11)
    for action in steps[:2]:
        part.step(action)
    snapshot = part.suspend()
    text = snapshot.model_dump_json()
    assert len(text) < 20_000 and "NOTES.txt" in Snapshot.model_validate_json(text).patch
    proc = subprocess.run([sys.executable, "-c", CHILD, settings().model_dump_json()],
                          input=text + "\n" + json.dumps(steps[2:]),
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    assert child["obs"] == obs
    assert (child["reward"], child["terminated"], child["truncated"]) == (reward, terminated, truncated)
    assert child["info"] == json.loads(json.dumps(info))
    assert child["trajectory"] == ["bash"] * 4 + ["submit"]


def test_resume_refuses_snapshots_of_other_tasks_or_environments(grader):
    env = IssueEnv(settings(), grader=grader)
    env.reset(seed=0)
    snapshot = env.suspend()
    with pytest.raises(GymError, match="not in this environment"):
        env.resume(snapshot.model_copy(update={"base_commit": "0" * 40}))
    with pytest.raises(GymError, match="cannot resume"):
        env.resume(snapshot.model_copy(update={"env_id": "swegauge/Patch-v0"}))
    with pytest.raises(GymError, match="reset"):
        IssueEnv(settings(), grader=grader).suspend()


def test_patch_vector_grades_a_batch_and_autoresets(grader):
    envs = patch_vector(3, settings=settings(), grader=grader)
    obs, infos = envs.reset(seed=0)
    assert len(obs["issue"]) == 3 and list(infos["instance_id"]) == [T] * 3
    gold = task().patch
    obs, rewards, terminated, truncated, infos = envs.step((gold, "", gold))
    assert rewards.tolist() == [1.0, 0.0, 1.0] and terminated.all() and not truncated.any()
    assert list(infos["outcome"]) == ["resolved", "unresolved", "resolved"]
    obs, rewards, terminated, _, infos = envs.step(("", "", ""))  # NEXT_STEP autoreset: fresh episodes
    assert rewards.tolist() == [0.0] * 3 and not terminated.any() and all(o == "" for o in obs["output"])
    envs.close()


def test_issue_vector_from_make_vec_steps_every_episode():
    envs = gym.make_vec("swegauge/Issue-v0", num_envs=4, vectorization_mode="vector_entry_point",
                        settings=settings())
    envs.reset(seed=0)
    obs, rewards, terminated, truncated, infos = envs.step(tuple(bash(f"echo {i} > f{i}.txt && cat f{i}.txt")
                                                                 for i in range(4)))
    assert [f"f{i}.txt" in obs["diff"][i] for i in range(4)] == [True] * 4
    assert [o.splitlines()[1] for o in obs["output"]] == ["0", "1", "2", "3"]
    assert np.all(rewards == 0) and not terminated.any() and not truncated.any()
    assert list(infos["steps"]) == [1, 1, 1, 1]
    envs.close()
