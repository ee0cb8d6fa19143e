"""Fixtures of the model-layer tests: the scripted server and an isolated cache."""

from __future__ import annotations

from typing import Iterator

import pytest

from fake_openai import FakeServer


@pytest.fixture
def fake_server() -> Iterator[FakeServer]:
    server = FakeServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's real cache or price overrides."""
    monkeypatch.setenv("SWEGAUGE_CACHE", str(tmp_path_factory.mktemp("swegauge-cache")))
    for var in ("MOONSHOT_API_KEY", "OPENROUTER_API_KEY", "OPENAI_API_KEY", "VLLM_BASE_URL",
                "MOONSHOT_BASE_URL", "OPENROUTER_BASE_URL", "OPENAI_BASE_URL",
                "OLLAMA_BASE_URL", "SWEGAUGE_LOCAL_BASE_URL", "VLLM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
