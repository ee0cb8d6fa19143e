"""ChatModel against a real scripted HTTP server on 127.0.0.1: retries, cache, usage, cost."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest

from fake_openai import FakeServer, completion_body, ok, status
from swegauge.models import (ChatModel, ContextWindowError, ModelCallError, ModelConfigError,
                             ModelSettings, load_prices, open_model)

MESSAGES = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]
KIMI = "moonshot/kimi-k2-0711-preview"


def make(server: FakeServer, tmp_path: Path, *, name: str = KIMI, **kw: Any) -> ChatModel:
    options: dict[str, Any] = dict(timeout_s=5.0, max_retries=3, backoff_base_s=0.01,
                                   backoff_max_s=0.05, cache_dir=tmp_path / "cache")
    options.update(kw)
    settings = ModelSettings(name=name, base_url=server.base_url, api_key_env="TEST_KEY", **options)
    return ChatModel(settings)


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_KEY", "sk-test")


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_success_records_text_usage_and_cost(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(ok("the answer", prompt_tokens=1000, completion_tokens=500))
    model = make(fake_server, tmp_path, temperature=0.6, max_tokens=256)
    c = run(model.complete(MESSAGES))
    assert c.text == "the answer" and c.finish_reason == "stop" and c.ok
    assert (c.prompt_tokens, c.completion_tokens) == (1000, 500)
    assert c.cost_usd == pytest.approx((1000 * 1.0 + 500 * 3.0) / 1e6)  # Kimi K2: $1 in, $3 out
    assert c.cached is False and c.spent_usd == c.cost_usd and c.retries == 0
    assert c.latency_s > 0
    body = fake_server.requests[0]
    assert body["model"] == "kimi-k2-0711-preview"  # the provider prefix is not sent
    assert body["messages"] == MESSAGES
    assert body["temperature"] == 0.6 and body["max_tokens"] == 256
    assert "seed" not in body and "tools" not in body


def test_retries_429_500_timeout_then_success(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(status(429, {"Retry-After": "0.3"}), status(500), ("hang", 3.0), ok("done"))
    model = make(fake_server, tmp_path, timeout_s=0.5, max_retries=3)
    started = time.monotonic()
    c = run(model.complete(MESSAGES))
    elapsed = time.monotonic() - started
    assert c.text == "done" and c.retries == 3
    assert fake_server.calls == 4
    assert elapsed >= 0.3 + 0.5  # the Retry-After wait and the timed-out request
    assert model.stats.requests == 4 and model.stats.retries == 3


def test_retry_after_is_honoured(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(status(429, {"Retry-After": "0.6"}), ok())
    model = make(fake_server, tmp_path, backoff_base_s=0.0, backoff_max_s=0.0)
    started = time.monotonic()
    run(model.complete(MESSAGES))
    assert time.monotonic() - started >= 0.6
    assert fake_server.calls == 2


def test_retry_after_is_capped(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(status(503, {"Retry-After": "3600"}), ok())
    model = make(fake_server, tmp_path, retry_after_max_s=0.1)
    started = time.monotonic()
    run(model.complete(MESSAGES))
    assert time.monotonic() - started < 2.0
    assert fake_server.calls == 2


def test_always_500_gives_up_after_max_retries(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(status(500))
    model = make(fake_server, tmp_path, max_retries=2)
    with pytest.raises(ModelCallError) as info:
        run(model.complete(MESSAGES))
    assert fake_server.calls == 3  # max_retries + 1, and none by the SDK itself
    err = info.value
    assert err.attempts == 3 and err.status == 500 and err.retryable
    assert "gave up after 3 requests" in str(err)


def test_no_retries_means_one_request(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(status(502))
    model = make(fake_server, tmp_path, max_retries=0)
    with pytest.raises(ModelCallError):
        run(model.complete(MESSAGES))
    assert fake_server.calls == 1


def test_connection_refused_is_retried_then_fails(tmp_path: Path) -> None:
    from fake_openai import FakeServer as _F
    server = _F()  # bound but never serving: connect works, answer never comes
    port = server.httpd.server_address[1]
    server.httpd.server_close()  # now the port refuses connections
    settings = ModelSettings(name="vllm/m", base_url=f"http://127.0.0.1:{port}/v1",
                             max_retries=2, backoff_base_s=0.01, timeout_s=2.0, use_cache=False)
    model = ChatModel(settings)
    with pytest.raises(ModelCallError) as info:
        run(model.complete(MESSAGES))
    assert info.value.attempts == 3 and info.value.retryable


@pytest.mark.parametrize("code", [400, 401, 404])
def test_client_errors_are_not_retried(fake_server: FakeServer, tmp_path: Path, code: int) -> None:
    fake_server.set(status(code))
    model = make(fake_server, tmp_path)
    with pytest.raises(ModelCallError) as info:
        run(model.complete(MESSAGES))
    assert fake_server.calls == 1 and info.value.status == code and not info.value.retryable


def test_quota_429_is_not_retried(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(("json", 429, {"error": {"message": "quota", "code": "insufficient_quota"}}, {}))
    with pytest.raises(ModelCallError):
        run(make(fake_server, tmp_path).complete(MESSAGES))
    assert fake_server.calls == 1


def test_context_overflow_maps_to_context_window_error(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(status(400, message="This model's maximum context length is 8192 tokens"))
    with pytest.raises(ContextWindowError):
        run(make(fake_server, tmp_path).complete(MESSAGES))
    assert fake_server.calls == 1


def test_cache_hit_costs_nothing_and_attempts_differ(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(ok("first", prompt_tokens=100, completion_tokens=10), ok("second"))
    model = make(fake_server, tmp_path)
    a = run(model.complete(MESSAGES))
    b = run(model.complete(MESSAGES))  # same call: from the cache
    assert fake_server.calls == 1
    assert b.cached and b.text == "first" and b.cost_usd == a.cost_usd and b.spent_usd == 0.0
    assert b.latency_s == a.latency_s and model.stats.cache_hits == 1
    c = run(model.complete(MESSAGES, attempt=1))  # another attempt: another sample
    assert fake_server.calls == 2 and not c.cached and c.text == "second" and c.attempt == 1
    rerun = make(fake_server, tmp_path)  # a new process-like instance over the same cache dir
    assert run(rerun.complete(MESSAGES, attempt=1)).cached
    assert fake_server.calls == 2


def test_cache_key_covers_messages_tools_and_settings(fake_server: FakeServer, tmp_path: Path) -> None:
    run(make(fake_server, tmp_path).complete(MESSAGES))
    run(make(fake_server, tmp_path).complete(MESSAGES + [{"role": "user", "content": "more"}]))
    run(make(fake_server, tmp_path, temperature=0.9).complete(MESSAGES))
    run(make(fake_server, tmp_path).complete(MESSAGES, tools=[_tool()]))
    assert fake_server.calls == 4
    run(make(fake_server, tmp_path, max_retries=7, timeout_s=9.0).complete(MESSAGES))
    assert fake_server.calls == 4  # retries and timeouts do not change the sample


def test_errors_are_not_cached(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(status(400), ok("fine"))
    model = make(fake_server, tmp_path)
    with pytest.raises(ModelCallError):
        run(model.complete(MESSAGES))
    assert run(model.complete(MESSAGES)).text == "fine"


def test_seed_plus_attempt_is_sent(fake_server: FakeServer, tmp_path: Path) -> None:
    model = make(fake_server, tmp_path, seed=7, use_cache=False)
    run(model.complete(MESSAGES, attempt=0))
    run(model.complete(MESSAGES, attempt=3))
    assert [r["seed"] for r in fake_server.requests] == [7, 10]


def _tool() -> dict[str, Any]:
    return {"type": "function", "function": {
        "name": "bash", "description": "run a command",
        "parameters": {"type": "object", "properties": {"cmd": {"type": "string"}}}}}


def test_tool_calls_pass_through(fake_server: FakeServer, tmp_path: Path) -> None:
    call = {"id": "call_1", "type": "function",
            "function": {"name": "bash", "arguments": json.dumps({"cmd": "ls"})}}
    fake_server.set(("json", 200, completion_body(None, tool_calls=[call]), {}))  # type: ignore[arg-type]
    model = make(fake_server, tmp_path)
    c = run(model.complete(MESSAGES, tools=[_tool()], tool_choice="auto"))
    assert fake_server.requests[0]["tools"] == [_tool()]
    assert fake_server.requests[0]["tool_choice"] == "auto"
    assert c.finish_reason == "tool_calls" and c.tool_calls[0].name == "bash"
    assert json.loads(c.tool_calls[0].arguments) == {"cmd": "ls"}
    assert c.assistant_message()["tool_calls"][0]["function"]["name"] == "bash"


def test_unknown_price_is_none_not_zero(fake_server: FakeServer, tmp_path: Path) -> None:
    c = run(make(fake_server, tmp_path, name="vllm/my-model").complete(MESSAGES))
    assert c.prompt_tokens == 10 and c.cost_usd is None and c.spent_usd is None


def test_missing_usage_gives_unknown_tokens_and_cost(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(ok(prompt_tokens=None))
    c = run(make(fake_server, tmp_path).complete(MESSAGES))
    assert c.prompt_tokens is None and c.cost_usd is None


def test_price_override_file(fake_server: FakeServer, tmp_path: Path) -> None:
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"vllm/my-model": {"input_per_mtok": 2.0, "output_per_mtok": 4.0}}))
    fake_server.set(ok(prompt_tokens=1_000_000, completion_tokens=1_000_000))
    settings = ModelSettings(name="vllm/my-model", base_url=fake_server.base_url,
                             cache_dir=tmp_path / "c")
    model = ChatModel(settings, prices=load_prices(path=prices))
    assert run(model.complete(MESSAGES)).cost_usd == pytest.approx(6.0)


def test_open_model_with_prices_path(fake_server: FakeServer, tmp_path: Path) -> None:
    prices = tmp_path / "p.json"
    prices.write_text(json.dumps({"models": {KIMI: {"input_per_mtok": 10, "output_per_mtok": 0}}}))
    fake_server.set(ok(prompt_tokens=100_000, completion_tokens=7))
    with open_model(KIMI, prices_path=prices, base_url=fake_server.base_url,
                    api_key_env="TEST_KEY", cache_dir=tmp_path / "c") as model:
        assert run(model.complete(MESSAGES)).cost_usd == pytest.approx(1.0)


def test_concurrency_is_bounded(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(("delay", 0.2, completion_body()))
    model = make(fake_server, tmp_path, concurrency=2, use_cache=False)

    async def many() -> None:
        await asyncio.gather(*(model.complete(MESSAGES, attempt=i) for i in range(6)))

    run(many())
    assert fake_server.calls == 6 and fake_server.max_inflight == 2


def test_missing_key_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ModelConfigError, match="MOONSHOT_API_KEY"):
        ChatModel(ModelSettings(name=KIMI, cache_dir=tmp_path))


def test_context_window_known_or_from_server(fake_server: FakeServer, tmp_path: Path) -> None:
    assert run(make(fake_server, tmp_path).context_window()) == 131072  # Kimi K2: 128K
    assert run(make(fake_server, tmp_path, context_window=999).context_window()) == 999
    fake_server.models = [{"id": "my-model", "object": "model", "max_model_len": 32768}]
    assert run(make(fake_server, tmp_path, name="vllm/my-model").context_window()) == 32768


def test_per_call_temperature_is_sent_and_keys_the_cache(fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.set(ok("a"), ok("b"))
    model = make(fake_server, tmp_path, temperature=0.0)
    first = run(model.complete(MESSAGES))
    hotter = run(model.complete(MESSAGES, temperature=1.0))
    assert (first.text, hotter.text) == ("a", "b") and not hotter.cached
    assert [r["temperature"] for r in fake_server.requests] == [0.0, 1.0]
    again = run(model.complete(MESSAGES, temperature=1.0))
    assert again.cached and again.text == "b" and len(fake_server.requests) == 2
