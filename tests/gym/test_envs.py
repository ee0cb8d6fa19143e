"""Issue-v0 and Patch-v0 on a real starter task: real sandboxes, the real grader, Gymnasium's checker."""

from __future__ import annotations

import json
import warnings

import gymnasium as gym
import pytest
from gymnasium.utils.env_checker import check_env

import swegauge.gym  # noqa: F401 - registers the environments
from swegauge.gym import GymError, IssueEnv, PatchEnv
from swegauge.runner.executors import make_local_grader
from tests.gym.support import T, apply_in_sandbox, bash, needs_bwrap, settings, task

pytestmark = [needs_bwrap, pytest.mark.integration]


@pytest.fixture(scope="module")
def grader():
    return make_local_grader()


@pytest.mark.parametrize("env_id", ["swegauge/Issue-v0", "swegauge/Patch-v0"])
def test_gymnasium_checker_passes(env_id, grader):
    env = gym.make(env_id, settings=settings())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the checker's warnings count as failures too
        check_env(env.unwrapped)
    env.close()


def test_observation_shows_the_issue_and_tree_but_never_the_fix_or_the_tests(grader):
    env = IssueEnv(settings(), grader=grader)
    obs, info = env.reset(seed=0)
    t = task()
    assert info["instance_id"] == T and env.observation_space.contains(obs)
    assert obs["issue"].startswith(t.problem_statement.split("\n")[0])
    listed = obs["files"].splitlines()
    assert "kvline/encode.py" in listed and not [p for p in listed if p == ".git" or p.startswith(".git/")]
    assert json.loads(obs["metadata"])["instance_id"] == T
    shown = "\n".join(obs.values())
    secret_lines = [line[1:].strip() for line in (t.patch + t.test_patch).splitlines()
                    if line.startswith("+") and not line.startswith("+++") and len(line.strip()) > 25]
    assert secret_lines and not [line for line in secret_lines if line in shown]
    assert not [name for name in t.FAIL_TO_PASS if name.split("::")[-1] in shown]
    history, *_ = env.step(bash("git log --oneline | wc -l; git log --all --format=%s"))
    assert "exit code: 0\n1\nbase " in history["output"]  # one commit: base's tree, nothing after it


def test_gold_resolves_and_empty_does_not_in_patch_env(grader):
    env = PatchEnv(settings(), grader=grader)
    env.reset(seed=1)
    obs, reward, terminated, truncated, info = env.step(task().patch)
    assert (reward, terminated, truncated, info["outcome"]) == (1.0, True, False, "resolved")
    assert all(s == "PASSED" for s in info["fail_to_pass"].values()) and info["tests"]
    env.reset(seed=1)
    _, reward, terminated, _, info = env.step("")
    assert (reward, terminated, info["outcome"]) == (0.0, True, "unresolved") and "did not pass" in info["reason"]
    assert any(s != "PASSED" for s in info["fail_to_pass"].values())
    with pytest.raises(GymError):
        env.step("")


def test_issue_episode_edit_bash_and_submit_earns_the_verdict(grader):
    env = IssueEnv(settings(), grader=grader)
    env.reset(seed=2)
    obs, reward, terminated, truncated, info = env.step(json.dumps(
        {"tool": "str_replace_editor", "command": "create", "path": "NOTES.txt", "file_text": "scratch\n"}))
    assert (reward, terminated, truncated) == (0.0, False, False) and "NOTES.txt" in obs["diff"]
    obs, reward, *_ = env.step(apply_in_sandbox(task().patch))
    assert reward == 0.0 and obs["output"].startswith("exit code: 0") and "kvline/encode.py" in obs["diff"]
    obs, reward, terminated, truncated, info = env.step("SUBMIT")
    assert (reward, terminated, truncated, info["outcome"], info["steps"]) == (1.0, True, False, "resolved", 3)
    with pytest.raises(GymError):
        env.step("SUBMIT")


def test_submitting_base_gets_zero_with_the_reason(grader):
    env = IssueEnv(settings(), grader=grader)
    env.reset(seed=3)
    _, reward, terminated, _, info = env.step('{"tool": "submit"}')
    assert (reward, terminated, info["outcome"]) == (0.0, True, "unresolved") and info["reason"]


def test_step_and_token_limits_truncate_without_grading(grader):
    env = IssueEnv(settings(max_steps=2), grader=grader)
    env.reset(seed=4)
    _, _, _, truncated, _ = env.step("no action here")
    assert not truncated
    obs, reward, terminated, truncated, info = env.step(bash("echo hello"))
    assert (reward, terminated, truncated, info["truncated_by"]) == (0.0, False, True, "step_limit")
    assert "outcome" not in info and "hello" in obs["output"]
    with pytest.raises(GymError):
        env.step(bash("echo again"))
    env = IssueEnv(settings(max_tokens=40), grader=grader)
    env.reset(seed=4)
    _, _, _, truncated, info = env.step(bash("seq 1 200"))
    assert truncated and info["truncated_by"] == "token_limit" and info["tokens"] >= 40


def test_reset_picks_by_seed_or_by_option_and_refuses_unknown_tasks(grader):
    env = IssueEnv(GymSettings_all(), grader=grader)
    first = [env.reset(seed=s)[1]["instance_id"] for s in (5, 6, 7)]
    again = [env.reset(seed=s)[1]["instance_id"] for s in (5, 6, 7)]
    assert first == again and len(env.tasks) > 5
    assert env.reset(options={"instance_id": T})[1]["instance_id"] == T
    with pytest.raises(GymError, match="no issue task"):
        env.reset(options={"instance_id": "nope"})
    with pytest.raises(GymError, match="no issue task nope"):
        IssueEnv(settings().model_copy(update={"instance_ids": ("nope",)}), grader=grader)


def GymSettings_all():  # noqa: N802 - every starter issue task
    from swegauge.gym import GymSettings

    return GymSettings(suite="starter")
