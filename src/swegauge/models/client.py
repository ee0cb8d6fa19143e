"""ChatModel: one OpenAI-compatible chat endpoint with retries, a concurrency bound and a cache.

The official ``openai`` SDK's AsyncOpenAI makes the HTTP calls, with its own retries off
(``max_retries=0``): retries here are bounded (``settings.max_retries``), back off
exponentially with jitter, and honour ``Retry-After`` (see retry.py). An asyncio.Semaphore of
``settings.concurrency`` bounds the calls in flight (a retrying call keeps its slot while it
waits, which slows the whole model down under rate limiting, as it should). SDK clients and
semaphores belong to one event loop, so one of each is made per running loop.

With ``replicas`` (several base URLs serving the same model, e.g. the embedded model's server
processes) each call is sent to a free replica, preferring the one that served the longest common
prefix of its prompt (replicas.py); ``settings.concurrency`` still bounds the calls in flight.
"""

from __future__ import annotations

import asyncio
import random
import time
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from swegauge.models.cache import ResponseCache, cache_key
from swegauge.models.completion import Completion, ToolCall
from swegauge.models.errors import ContextWindowError, ModelCallError
from swegauge.models.prices import PriceTable, load_prices
from swegauge.models.replicas import ReplicaPool, prompt_text
from swegauge.models.retry import (backoff_delay, is_context_overflow, is_retryable,
                                   retry_after_of, status_of)
from swegauge.models.settings import Endpoint, ModelSettings, resolve_endpoint
from swegauge.paths import cache_subdir

if TYPE_CHECKING:
    import openai

Messages = list[dict[str, Any]]
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in _LOOPBACK_HOSTS or host.startswith("127.")


@dataclass
class CallStats:
    """Counters over this ChatModel's life (for reports and tests)."""

    calls: int = 0
    cache_hits: int = 0
    requests: int = 0
    retries: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    spent_usd: float = 0.0


@dataclass
class _LoopState:
    client: openai.AsyncOpenAI
    semaphore: asyncio.Semaphore
    replicas: ReplicaPool | None = None
    clients: dict[str, openai.AsyncOpenAI] = field(default_factory=dict)


@dataclass
class _Raw:
    response: Any
    latency_s: float
    retries: int
    extra: dict[str, Any] = field(default_factory=dict)


class ChatModel:
    """A chat model behind an OpenAI-compatible endpoint (remote, or the embedded server)."""

    def __init__(
        self,
        settings: ModelSettings,
        *,
        prices: PriceTable | None = None,
        endpoint: Endpoint | None = None,
        cache_identity: str | None = None,
        rng: random.Random | None = None,
        replicas: list[str] | None = None,
    ) -> None:
        self.settings = settings
        self.endpoint = endpoint or resolve_endpoint(settings)
        self.replicas = [u.rstrip("/") for u in replicas] if replicas else []
        self.prices = prices if prices is not None else load_prices()
        self.stats = CallStats()
        # What the cache key calls this endpoint: the base URL, or for the embedded model its
        # weights (its port changes every run).
        self._cache_identity = cache_identity or self.endpoint.base_url
        self._cache: ResponseCache | None = None
        if settings.use_cache:
            self._cache = ResponseCache(settings.cache_dir or cache_subdir("models"))
        self._rng = rng or random.Random()
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopState] = (
            weakref.WeakKeyDictionary())
        self._context_window: int | None = None

    @property
    def name(self) -> str:
        return self.settings.name

    def __repr__(self) -> str:
        return f"ChatModel({self.name!r}, base_url={self.endpoint.base_url!r})"

    def _client(self, base_url: str) -> openai.AsyncOpenAI:
        import openai  # imported on first use: ~1 s, and most commands never call a model
        return openai.AsyncOpenAI(
            api_key=self.endpoint.api_key, base_url=base_url, timeout=self.settings.timeout_s, max_retries=0,
            # A loopback server is never reached through an HTTP proxy from the environment.
            http_client=(openai.DefaultAsyncHttpxClient(trust_env=False) if _is_loopback(base_url) else None))

    def _state(self) -> _LoopState:
        loop = asyncio.get_running_loop()
        state = self._loops.get(loop)
        if state is None:
            state = _LoopState(self._client(self.endpoint.base_url), asyncio.Semaphore(self.settings.concurrency))
            if self.replicas:
                state.replicas = ReplicaPool.of(self.replicas)
                state.clients = {url: self._client(url) for url in self.replicas}
            self._loops[loop] = state
        return state

    async def _send(self, state: _LoopState, request: dict[str, Any]) -> _Raw:
        """One request with its retries, on a free replica when there are several."""
        async with state.semaphore:
            if state.replicas is None:
                return await self._call_with_retries(state.client, request)
            async with state.replicas.lease(prompt_text(request["messages"])) as replica:
                return await self._call_with_retries(state.clients[replica.base_url], request)

    def request_params(self, attempt: int, *, temperature: float | None = None,
                       max_tokens: int | None = None) -> dict[str, Any]:
        """Generation parameters sent for ``attempt`` (seed + attempt when a seed is set); a given
        ``temperature`` replaces the settings' one for this call, a given ``max_tokens`` lowers its cap."""
        s = self.settings
        chosen = temperature if temperature is not None else s.temperature
        params: dict[str, Any] = {"temperature": chosen, "top_p": s.top_p}
        cap = self.answer_cap(max_tokens)
        if cap is not None:
            key = "max_completion_tokens" if self.endpoint.provider == "openai" else "max_tokens"
            params[key] = cap
        if s.seed is not None:
            params["seed"] = s.seed + attempt
        return {k: v for k, v in params.items() if v is not None}

    def answer_cap(self, max_tokens: int | None) -> int | None:
        """The output cap of one call: the settings' max_tokens, lowered (never raised) by ``max_tokens``."""
        caps = [c for c in (self.settings.max_tokens, max_tokens) if c is not None]
        return min(caps) if caps else None

    async def complete(
        self,
        messages: Messages,
        *,
        tools: list[dict[str, Any]] | None = None,
        tool_choice: str | dict[str, Any] | None = None,
        attempt: int = 0,
        temperature: float | None = None,
        max_tokens: int | None = None,
    ) -> Completion:
        """One chat completion; `temperature` overrides the settings' one for this call, `max_tokens`
        lowers its output cap (both part of the cache key). Raises ModelCallError / ContextWindowError."""
        self.stats.calls += 1
        params = self.settings.generation_params()
        if temperature is not None:
            params = {**params, "temperature": temperature}
        if max_tokens is not None:
            params = {**params, "max_tokens": self.answer_cap(max_tokens)}
        key = cache_key(
            model=self.name, endpoint=self._cache_identity, messages=messages,
            tools=tools if tool_choice is None else [*(tools or []), {"tool_choice": tool_choice}],
            params=params, attempt=attempt)
        if self._cache is not None:
            hit = self._cache.get(key)
            if hit is not None:
                self.stats.cache_hits += 1
                return Completion.model_validate({**hit, "cached": True, "attempt": attempt})
        request: dict[str, Any] = {"model": self.endpoint.model_id, "messages": messages,
                                   **self.request_params(attempt, temperature=temperature,
                                                         max_tokens=max_tokens)}
        if tools:
            request["tools"] = tools
        if tool_choice is not None:
            request["tool_choice"] = tool_choice
        raw = await self._send(self._state(), request)
        completion = self._to_completion(raw, attempt)
        self.stats.prompt_tokens += completion.prompt_tokens or 0
        self.stats.completion_tokens += completion.completion_tokens or 0
        self.stats.spent_usd += completion.cost_usd or 0.0
        if self._cache is not None:
            self._cache.put(key, self.name, completion.model_dump(mode="json", exclude={"cached"}))
        return completion

    async def _call_with_retries(self, client: openai.AsyncOpenAI, request: dict[str, Any]) -> _Raw:
        import openai  # imported on first use: ~1 s, and most commands never call a model
        s = self.settings
        for retry in range(s.max_retries + 1):
            self.stats.requests += 1
            started = time.perf_counter()
            try:
                response = await client.chat.completions.create(**request)
                return _Raw(response, time.perf_counter() - started, retry)
            except openai.OpenAIError as exc:
                self._raise_if_final(exc, retry)
                delay = backoff_delay(retry, base_s=s.backoff_base_s, max_s=s.backoff_max_s,
                                      retry_after_s=retry_after_of(exc),
                                      retry_after_max_s=s.retry_after_max_s, rng=self._rng)
                self.stats.retries += 1
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # the last iteration raises or returns

    def _raise_if_final(self, exc: openai.OpenAIError, retry: int) -> None:
        where = f"model {self.name!r} at {self.endpoint.base_url}"
        status = status_of(exc)
        what = f"HTTP {status}: {exc}" if status else f"{type(exc).__name__}: {exc}"
        if is_context_overflow(exc):
            self.stats.failures += 1
            raise ContextWindowError(f"{where}: prompt exceeds the context window ({what})",
                                     context_window=self.settings.context_window) from exc
        if not is_retryable(exc):
            self.stats.failures += 1
            raise ModelCallError(f"{where}: {what}", model=self.name, attempts=retry + 1,
                                 status=status, retryable=False) from exc
        if retry >= self.settings.max_retries:
            self.stats.failures += 1
            raise ModelCallError(
                f"{where}: gave up after {retry + 1} requests "
                f"({self.settings.max_retries} retries); last error {what}",
                model=self.name, attempts=retry + 1, status=status, retryable=True) from exc

    def _to_completion(self, raw: _Raw, attempt: int) -> Completion:
        response = raw.response
        choices = getattr(response, "choices", None)
        if not choices:
            raise ModelCallError(f"model {self.name!r}: the response has no choices: {response!r}",
                                 model=self.name, attempts=raw.retries + 1)
        choice = choices[0]
        message = choice.message
        calls = [
            ToolCall(id=c.id or f"call_{i}", name=c.function.name,
                     arguments=c.function.arguments or "")
            for i, c in enumerate(message.tool_calls or [])
            if getattr(c, "function", None) is not None
        ]
        usage = getattr(response, "usage", None)
        prompt = getattr(usage, "prompt_tokens", None) if usage else None
        completion = getattr(usage, "completion_tokens", None) if usage else None
        return Completion(
            model=self.name, attempt=attempt, text=message.content, tool_calls=calls,
            finish_reason=choice.finish_reason, prompt_tokens=prompt,
            completion_tokens=completion, latency_s=raw.latency_s,
            cost_usd=self.prices.cost(self.name, prompt, completion), retries=raw.retries)

    async def context_window(self) -> int | None:
        """Tokens: the settings, else the price table, else what the server's /models says."""
        if self.settings.context_window:
            return self.settings.context_window
        known = self.prices.context_window(self.name)
        if known:
            return known
        if self._context_window is None:
            self._context_window = await self._server_context_window()
        return self._context_window

    async def _server_context_window(self) -> int | None:
        import openai  # imported on first use: ~1 s, and most commands never call a model
        try:
            page = await self._state().client.models.list()
        except openai.OpenAIError:
            return None
        for entry in page.data:
            if entry.id != self.endpoint.model_id and len(page.data) > 1:
                continue
            extra = entry.model_extra or {}
            meta = extra.get("meta") if isinstance(extra.get("meta"), dict) else {}
            for value in (extra.get("max_model_len"), extra.get("context_length"),
                          extra.get("context_window"), meta.get("n_ctx")):
                if isinstance(value, int) and value > 0:
                    return value
        return None

    async def aclose(self) -> None:
        """Close this loop's HTTP client and the cache."""
        loop = asyncio.get_running_loop()
        state = self._loops.pop(loop, None)
        if state is not None:
            for client in (state.client, *state.clients.values()):
                await client.close()
        self.close_cache()

    def close_cache(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None
