"""The Ray-backed vector environment on a local cluster (a head and a worker node on this machine): hosts on
both nodes, the same rewards as the local envs, autoreset, and an episode moved between hosts mid-way."""

from __future__ import annotations

import pytest

from tests.gym.support import T, apply_in_sandbox, bash, needs_bwrap, settings, task
from tests.ray_support import local_cluster

pytestmark = [needs_bwrap, pytest.mark.integration]


@pytest.fixture(scope="module")
def envs():
    from swegauge.gym.ray_vector import RayVectorEnv

    with local_cluster(workers=1) as cluster:
        made = RayVectorEnv(4, settings=settings(), hosts=2, address=cluster.gcs_address)
        yield made
        made.close()


def test_hosts_spread_over_the_nodes(envs):
    assert len(set(envs.nodes())) == 2


def test_batch_rewards_autoreset_and_moving_an_episode_between_hosts(envs):
    obs, infos = envs.reset(seed=0)
    assert list(infos["instance_id"]) == [T] * 4 and len(obs["issue"]) == 4
    gold = apply_in_sandbox(task().patch)
    obs, rewards, terminated, truncated, _ = envs.step((gold, bash("echo hi > a.txt"), gold, "SUBMIT"))
    assert rewards.tolist() == [0.0] * 3 + [0.0] and terminated.tolist() == [False, False, False, True]
    assert "kvline/encode.py" in obs["diff"][0] and "a.txt" in obs["diff"][1]
    snapshot = envs.suspend(0)  # env 0 lives on host 0; env 3 (host 1) was just terminated
    assert envs._where[0][0] != envs._where[3][0]
    obs3, info3 = envs.resume(3, snapshot)
    assert info3["steps"] == 1 and obs3["diff"] == obs["diff"][0]
    obs, rewards, terminated, truncated, infos = envs.step(("SUBMIT", "SUBMIT", "SUBMIT", "SUBMIT"))
    assert rewards.tolist() == [1.0, 0.0, 1.0, 1.0] and terminated.all()
    assert list(infos["outcome"]) == ["resolved", "unresolved", "resolved", "resolved"]
    obs, rewards, terminated, _, _ = envs.step(("SUBMIT",) * 4)  # NEXT_STEP autoreset: fresh episodes
    assert not terminated.any() and all(o == "" for o in obs["diff"])
