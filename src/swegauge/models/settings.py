"""Model settings and the provider map (name prefix -> base URL and API key variable).

A model name is ``<provider>/<model id>``: ``moonshot/kimi-k2-0711-preview``,
``openrouter/moonshotai/kimi-k2``, ``openai/gpt-4.1``, ``vllm/Qwen/Qwen2.5-Coder-7B-Instruct``,
``ollama/qwen2.5-coder``; or ``local``, the embedded SmolLM2 model served by llama.cpp.

Precedence for the base URL: ``ModelSettings.base_url`` > the provider's base-URL variable
(e.g. ``MOONSHOT_BASE_URL``) > the provider's default. For the key: the variable named by
``ModelSettings.api_key_env`` > the provider's key variable. A name with an unknown prefix is
accepted only with an explicit ``base_url`` (the whole name is then the model id).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from pydantic import BaseModel, ConfigDict, Field

from swegauge.models.errors import ModelConfigError

LOCAL_MODEL = "local"
# Keyless servers still need some string for the SDK's Authorization header.
NO_KEY = "sk-no-key-required"


class ModelSettings(BaseModel):
    """Everything that decides which endpoint is called and how (frozen)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, description="<provider>/<model id>, or 'local'")
    base_url: str | None = Field(default=None, description="override of the provider's base URL")
    api_key_env: str | None = Field(default=None, description="override of the key variable")
    temperature: float | None = Field(default=None, ge=0.0, le=2.0)
    top_p: float | None = Field(default=None, gt=0.0, le=1.0)
    max_tokens: int | None = Field(default=8192, ge=1, description="output cap per call")
    seed: int | None = Field(default=None, description="sampling seed; attempt i sends seed+i")
    timeout_s: float = Field(default=600.0, gt=0.0, description="per HTTP request")
    max_retries: int = Field(default=5, ge=0, description="retries after the first request")
    backoff_base_s: float = Field(default=1.0, ge=0.0)
    backoff_max_s: float = Field(default=60.0, ge=0.0)
    retry_after_max_s: float = Field(default=120.0, ge=0.0, description="cap on Retry-After")
    concurrency: int = Field(default=8, ge=1, description="in-flight calls per model")
    context_window: int | None = Field(
        default=None, ge=1, description="tokens; None = from the price table or the server"
    )
    cache_dir: Path | None = Field(default=None, description="None = $SWEGAUGE_CACHE/models")
    use_cache: bool = True

    def generation_params(self) -> dict[str, object]:
        """The settings that change what the model samples (part of the cache key)."""
        return {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "max_tokens": self.max_tokens,
            "seed": self.seed,
        }


@dataclass(frozen=True)
class Provider:
    prefix: str
    default_base_url: str
    base_url_env: str | None
    key_env: str | None
    key_required: bool


PROVIDERS: dict[str, Provider] = {
    p.prefix: p
    for p in (
        Provider("moonshot", "https://api.moonshot.ai/v1", "MOONSHOT_BASE_URL",
                 "MOONSHOT_API_KEY", True),
        Provider("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_BASE_URL",
                 "OPENROUTER_API_KEY", True),
        Provider("openai", "https://api.openai.com/v1", "OPENAI_BASE_URL",
                 "OPENAI_API_KEY", True),
        Provider("vllm", "http://127.0.0.1:8000/v1", "VLLM_BASE_URL", "VLLM_API_KEY", False),
        Provider("ollama", "http://127.0.0.1:11434/v1", "OLLAMA_BASE_URL",
                 "OLLAMA_API_KEY", False),
        # The embedded server's URL is only known once it runs (see embedded.py).
        Provider(LOCAL_MODEL, "", "SWEGAUGE_LOCAL_BASE_URL", None, False),
    )
}


@dataclass(frozen=True)
class Endpoint:
    """Where one model is called: resolved from settings + environment."""

    name: str
    provider: str
    model_id: str
    base_url: str
    api_key: str


def split_name(name: str) -> tuple[str | None, str]:
    """``'openrouter/moonshotai/kimi-k2'`` -> ``('openrouter', 'moonshotai/kimi-k2')``."""
    if name == LOCAL_MODEL:
        return LOCAL_MODEL, LOCAL_MODEL
    prefix, sep, rest = name.partition("/")
    if sep and prefix in PROVIDERS and prefix != LOCAL_MODEL and rest:
        return prefix, rest
    return None, name


def resolve_endpoint(
    settings: ModelSettings,
    *,
    env: Mapping[str, str] | None = None,
    local_base_url: str | None = None,
) -> Endpoint:
    """Base URL, key and model id for ``settings``; ModelConfigError if it cannot be called."""
    env = os.environ if env is None else env
    prefix, model_id = split_name(settings.name)
    if prefix is None:
        if not settings.base_url:
            known = ", ".join(f"{p}/..." for p in PROVIDERS if p != LOCAL_MODEL)
            raise ModelConfigError(
                f"model {settings.name!r}: unknown provider prefix; use one of {known}, "
                f"'{LOCAL_MODEL}', or give base_url explicitly"
            )
        key = _read_key(settings, None, env)
        return Endpoint(settings.name, "custom", model_id, settings.base_url.rstrip("/"), key)
    provider = PROVIDERS[prefix]
    base_url = (
        settings.base_url
        or (env.get(provider.base_url_env) if provider.base_url_env else None)
        or (local_base_url if prefix == LOCAL_MODEL else None)
        or provider.default_base_url
    )
    if not base_url:
        raise ModelConfigError(
            f"model {settings.name!r}: the embedded server is not running; "
            "open it with swegauge.models.open_model('local')"
        )
    key = _read_key(settings, provider, env)
    return Endpoint(settings.name, prefix, model_id, base_url.rstrip("/"), key)


def _read_key(settings: ModelSettings, provider: Provider | None, env: Mapping[str, str]) -> str:
    var = settings.api_key_env or (provider.key_env if provider else None)
    value = env.get(var) if var else None
    if value:
        return value
    required = settings.api_key_env is not None or (provider is not None and provider.key_required)
    if required:
        raise ModelConfigError(
            f"model {settings.name!r} needs an API key: set the environment variable {var}"
        )
    return NO_KEY
