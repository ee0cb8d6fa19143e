"""open_model: settings (or a name) -> a ready ChatModel, as a context manager.

    with open_model("local") as model:            # starts the embedded server, stops it after
        completion = asyncio.run(model.complete([...]))

    async with open_model(ModelSettings(name="moonshot/kimi-k2-0711-preview")) as model:
        completion = await model.complete([...], attempt=2)

For ``local`` the server is shared by every open model in the process and stopped when the
last one closes (and at exit). Unless set explicitly, ``local`` gets context_window=n_ctx
(8192) and max_tokens=512: a 135M model's useful answers (paths, a few SEARCH/REPLACE blocks on small
files) are shorter, and what runs past that is rambling that costs ~20 ms a token on one core.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from swegauge.models.client import ChatModel
from swegauge.models.embedded import DEFAULT_N_CTX, SharedServer
from swegauge.models.prices import PriceTable, load_prices
from swegauge.models.settings import LOCAL_MODEL, ModelSettings, resolve_endpoint

LOCAL_MAX_TOKENS = 512


class ModelHandle:
    """What open_model returns: use it with ``with`` or ``async with``."""

    def __init__(
        self,
        settings: ModelSettings,
        *,
        prices: PriceTable | None,
        prices_path: str | Path | None,
        n_ctx: int,
    ) -> None:
        self.settings = settings
        self._prices = prices
        self._prices_path = prices_path
        self._n_ctx = n_ctx
        self._model: ChatModel | None = None
        self._holds_server = False

    def _needs_server(self) -> bool:
        return (self.settings.name == LOCAL_MODEL and not self.settings.base_url
                and not os.environ.get("SWEGAUGE_LOCAL_BASE_URL"))

    def open(self) -> ChatModel:
        prices = self._prices if self._prices is not None else load_prices(path=self._prices_path)
        settings = self.settings
        if settings.name != LOCAL_MODEL:
            self._model = ChatModel(settings, prices=prices)
            return self._model
        settings = _local_defaults(settings, self._n_ctx)
        if not self._needs_server():
            self._model = ChatModel(settings, prices=prices)
            return self._model
        server = SharedServer.acquire(n_ctx=self._n_ctx)
        self._holds_server = True
        try:
            endpoint = resolve_endpoint(settings, local_base_url=server.base_urls[0])
            self._model = ChatModel(settings, prices=prices, endpoint=endpoint,
                                    cache_identity=server.identity, replicas=server.base_urls)
        except BaseException:
            self.close()
            raise
        return self._model

    def close(self) -> None:
        if self._model is not None:
            self._model.close_cache()
            self._model = None
        if self._holds_server:
            self._holds_server = False
            SharedServer.release()

    def __enter__(self) -> ChatModel:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> ChatModel:
        return await asyncio.to_thread(self.open)

    async def __aexit__(self, *exc: object) -> None:
        if self._model is not None:
            await self._model.aclose()
        await asyncio.to_thread(self.close)


def _local_defaults(settings: ModelSettings, n_ctx: int) -> ModelSettings:
    update: dict[str, Any] = {}
    if settings.context_window is None:
        update["context_window"] = n_ctx
    if "max_tokens" not in settings.model_fields_set:
        update["max_tokens"] = min(LOCAL_MAX_TOKENS, n_ctx // 2)
    return settings.model_copy(update=update) if update else settings


def open_model(
    model: str | ModelSettings,
    *,
    prices: PriceTable | None = None,
    prices_path: str | Path | None = None,
    n_ctx: int = DEFAULT_N_CTX,
    **settings: Any,
) -> ModelHandle:
    """A context manager giving a ChatModel; ``model`` is a name or full ModelSettings,
    ``settings`` are ModelSettings fields (with a name)."""
    if isinstance(model, str):
        model = ModelSettings(name=model, **settings)
    elif settings:
        model = model.model_copy(update=settings)
    return ModelHandle(model, prices=prices, prices_path=prices_path, n_ctx=n_ctx)
