"""The environment builder on real sandboxes: a failed build is retried from an empty directory, keeps the
first failure's log, and concurrent workers of one process build once."""

from __future__ import annotations

import threading

import pytest

from swegauge.envs import EnvironmentBuilder, Recipe
from swegauge.sandbox import BwrapSandbox
from tests.helpers import head, make_repo

FAILING = Recipe(language="python", python="3.11", install=("mkdir /env/made-once", "echo boom-marker; exit 7"),
                 test_command="true")


@pytest.fixture
def repo(tmp_path, cache_root):
    return make_repo(tmp_path / "proj", {"setup.py": "print('x')\n"})


@pytest.mark.integration
def test_a_failed_build_is_retried_from_scratch_and_keeps_the_first_log(repo, tmp_path):
    key = f"test/builder-{tmp_path.name}"
    first = EnvironmentBuilder(BwrapSandbox()).get(key=key, recipe=FAILING, repo=key, repo_source=str(repo),
                                                   commit=head(repo))
    assert first.environment is None and "exit 7" in first.error
    second = EnvironmentBuilder(BwrapSandbox()).get(key=key, recipe=FAILING, repo=key, repo_source=str(repo),
                                                    commit=head(repo))
    assert second.environment is None
    log = second.log_path.read_text()
    assert "boom-marker" in log and "File exists" not in log and "already exists" not in log
    assert "first failure's log" in second.error
    kept = second.log_path.parent.with_name(second.log_path.parent.name + ".first-failure.log")
    assert "boom-marker" in kept.read_text()


@pytest.mark.integration
def test_workers_of_one_process_share_one_build(repo, tmp_path):
    key = f"test/builder-shared-{tmp_path.name}"
    builder = EnvironmentBuilder(BwrapSandbox())
    outcomes = []

    def work():
        outcomes.append(builder.get(key=key, recipe=FAILING, repo=key, repo_source=str(repo), commit=head(repo)))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({o.error for o in outcomes}) == 1
    assert "File exists" not in outcomes[0].log_path.read_text()
