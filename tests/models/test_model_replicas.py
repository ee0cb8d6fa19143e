"""ReplicaPool and ChatModel over several replicas: real HTTP servers on 127.0.0.1 (fake_openai)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fake_openai import FakeServer, completion_body
from swegauge.models import ChatModel, ModelSettings
from swegauge.models.replicas import ReplicaPool, prompt_text, shared_prefix


def _messages(problem: str, stage: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": "you fix bugs"}, {"role": "user", "content": f"{problem}\n{stage}"}]


def test_a_free_replica_with_the_longest_shared_prefix_is_picked():
    pool = ReplicaPool.of(["http://a/v1", "http://b/v1"])
    a, b = pool.replicas
    a.last_prompt, b.last_prompt = prompt_text(_messages("task one", "x")), prompt_text(_messages("task two", "x"))
    assert pool.pick(prompt_text(_messages("task two", "retry"))) is b
    b.busy = True  # the best one is busy: a free one now beats waiting
    assert pool.pick(prompt_text(_messages("task two", "retry"))) is a
    a.busy = True
    assert pool.pick("anything") is None
    assert shared_prefix("abcd", "abxy") == 2


def test_a_lease_waits_while_every_replica_is_busy():
    async def scenario() -> list[str]:
        pool = ReplicaPool.of(["http://only/v1"])
        order: list[str] = []

        async def use(name: str, hold: float) -> None:
            async with pool.lease(name):
                order.append(f"{name} in")
                await asyncio.sleep(hold)
                order.append(f"{name} out")

        await asyncio.gather(use("first", 0.05), use("second", 0.0))
        return order

    assert asyncio.run(scenario()) == ["first in", "first out", "second in", "second out"]


def test_chat_model_spreads_concurrent_calls_and_keeps_a_task_on_its_replica(tmp_path: Path):
    servers = [FakeServer().start(), FakeServer().start()]
    try:
        for server in servers:
            server.set(("delay", 0.2, completion_body("ok")))
        settings = ModelSettings(name="local", base_url=servers[0].base_url, use_cache=False, concurrency=4)
        model = ChatModel(settings, replicas=[s.base_url for s in servers])

        async def scenario() -> None:
            # two tasks at once: one replica each, never both on one while the other idles
            await asyncio.gather(model.complete(_messages("task one", "localize")),
                                 model.complete(_messages("task two", "localize")))
            # each task's next stage, again at once: back on the replica holding its prefix
            await asyncio.gather(model.complete(_messages("task two", "edit")),
                                 model.complete(_messages("task one", "edit")))
            await model.aclose()

        asyncio.run(scenario())
        assert [s.max_inflight for s in servers] == [1, 1]
        seen = [[r["messages"][1]["content"].split("\n")[0] for r in s.requests] for s in servers]
        assert sorted(seen) == [["task one", "task one"], ["task two", "task two"]]
    finally:
        for server in servers:
            server.stop()


def test_a_per_call_max_tokens_only_lowers_the_cap(tmp_path: Path):
    server = FakeServer().start()
    try:
        model = ChatModel(ModelSettings(name="local", base_url=server.base_url, use_cache=False, max_tokens=512))

        async def scenario() -> None:
            await model.complete(_messages("t", "a"), max_tokens=64)
            await model.complete(_messages("t", "b"), max_tokens=4096)
            await model.complete(_messages("t", "c"))
            await model.aclose()

        asyncio.run(scenario())
        assert [r["max_tokens"] for r in server.requests] == [64, 512, 512]
    finally:
        server.stop()
