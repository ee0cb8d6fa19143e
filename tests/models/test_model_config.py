"""Settings, the provider map, the price table and the retry arithmetic."""

from __future__ import annotations

import email.utils
import json
import random
from pathlib import Path

import pytest
from pydantic import ValidationError

from swegauge.models import ModelConfigError, ModelSettings, load_prices
from swegauge.models.retry import backoff_delay, parse_retry_after
from swegauge.models.settings import NO_KEY, resolve_endpoint

# -- settings and providers --------------------------------------------------------------------


def test_settings_are_frozen_and_validated() -> None:
    s = ModelSettings(name="vllm/m")
    with pytest.raises(ValidationError):
        s.temperature = 1.0  # type: ignore[misc]
    with pytest.raises(ValidationError):
        ModelSettings(name="vllm/m", concurrency=0)
    with pytest.raises(ValidationError):
        ModelSettings(name="vllm/m", unknown_option=1)  # type: ignore[call-arg]


@pytest.mark.parametrize("name,base,var,model_id", [
    ("moonshot/kimi-k2-0711-preview", "https://api.moonshot.ai/v1", "MOONSHOT_API_KEY",
     "kimi-k2-0711-preview"),
    ("openrouter/moonshotai/kimi-k2", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY",
     "moonshotai/kimi-k2"),
    ("openai/gpt-4.1", "https://api.openai.com/v1", "OPENAI_API_KEY", "gpt-4.1"),
])
def test_keyed_providers(name: str, base: str, var: str, model_id: str) -> None:
    endpoint = resolve_endpoint(ModelSettings(name=name), env={var: "k"})
    assert (endpoint.base_url, endpoint.api_key, endpoint.model_id) == (base, "k", model_id)
    with pytest.raises(ModelConfigError, match=var):
        resolve_endpoint(ModelSettings(name=name), env={})


def test_keyless_local_servers_and_env_overrides() -> None:
    vllm = resolve_endpoint(ModelSettings(name="vllm/Qwen/Qwen2.5-Coder"), env={})
    assert vllm.base_url == "http://127.0.0.1:8000/v1" and vllm.api_key == NO_KEY
    assert vllm.model_id == "Qwen/Qwen2.5-Coder"
    moved = resolve_endpoint(ModelSettings(name="vllm/m"), env={"VLLM_BASE_URL": "http://127.0.0.1:9/v1/"})
    assert moved.base_url == "http://127.0.0.1:9/v1"
    assert resolve_endpoint(ModelSettings(name="ollama/qwen"), env={}).base_url == \
        "http://127.0.0.1:11434/v1"


def test_settings_override_env_and_custom_key_variable() -> None:
    s = ModelSettings(name="moonshot/k", base_url="http://127.0.0.1:1/v1", api_key_env="MY_KEY")
    endpoint = resolve_endpoint(s, env={"MY_KEY": "mine", "MOONSHOT_BASE_URL": "http://127.0.0.1:2"})
    assert endpoint.base_url == "http://127.0.0.1:1/v1" and endpoint.api_key == "mine"
    with pytest.raises(ModelConfigError, match="MY_KEY"):
        resolve_endpoint(s, env={"MOONSHOT_API_KEY": "not this one"})


def test_unknown_prefix_needs_a_base_url() -> None:
    with pytest.raises(ModelConfigError, match="unknown provider prefix"):
        resolve_endpoint(ModelSettings(name="acme/model"), env={})
    custom = resolve_endpoint(ModelSettings(name="acme/model", base_url="http://127.0.0.1:3/v1"), env={})
    assert custom.model_id == "acme/model" and custom.provider == "custom"


def test_local_needs_a_running_server() -> None:
    with pytest.raises(ModelConfigError, match="open_model"):
        resolve_endpoint(ModelSettings(name="local"), env={})
    endpoint = resolve_endpoint(ModelSettings(name="local"), env={},
                                local_base_url="http://127.0.0.1:5/v1")
    assert endpoint.base_url == "http://127.0.0.1:5/v1" and endpoint.api_key == NO_KEY

# -- prices -----------------------------------------------------------------------------------


def test_bundled_prices() -> None:
    table = load_prices()
    kimi = table.lookup("moonshot/kimi-k2-0711-preview")
    assert kimi is not None and (kimi.input_per_mtok, kimi.output_per_mtok) == (1.0, 3.0)
    assert table.cost("moonshot/kimi-k2-0711-preview", 2_000_000, 1_000_000) == pytest.approx(5.0)
    assert table.cost("local", 10_000, 10_000) == 0.0
    assert table.cost("openai/some-unlisted-model", 1, 1) is None
    assert table.cost("moonshot/kimi-k2-0711-preview", None, 5) is None


def test_user_file_in_cache_dir_and_explicit_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWEGAUGE_CACHE", str(tmp_path))
    (tmp_path / "prices.json").write_text(json.dumps({"models": {
        "moonshot/kimi-k2-0711-preview": {"input_per_mtok": 0.6, "output_per_mtok": 2.5},
        "vllm/*": {"input_per_mtok": 0.0, "output_per_mtok": 0.0},
        "vllm/big-*": {"input_per_mtok": 0.1, "output_per_mtok": 0.2}}}))
    table = load_prices()
    assert table.cost("moonshot/kimi-k2-0711-preview", 1_000_000, 0) == pytest.approx(0.6)
    assert table.cost("vllm/small", 10, 10) == 0.0
    assert table.cost("vllm/big-one", 1_000_000, 0) == pytest.approx(0.1)  # longest pattern wins
    explicit = tmp_path / "mine.json"
    explicit.write_text(json.dumps({"vllm/small": {"input_per_mtok": 9, "output_per_mtok": 9}}))
    assert load_prices(path=explicit).cost("vllm/small", 1_000_000, 0) == pytest.approx(9.0)


def test_bad_price_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelConfigError, match="not found"):
        load_prices(path=tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"m": {"input_per_mtok": -1, "output_per_mtok": 1}}))
    with pytest.raises(ModelConfigError, match="'m'"):
        load_prices(path=bad)
    bad.write_text("{not json")
    with pytest.raises(ModelConfigError, match="cannot read"):
        load_prices(path=bad)

# -- retry arithmetic --------------------------------------------------------------------------


def test_parse_retry_after_forms() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after({"retry-after": "2"}) == 2.0
    assert parse_retry_after({"retry-after": "0.25"}) == 0.25
    assert parse_retry_after({"retry-after-ms": "1500"}) == 1.5
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after({"retry-after": date}, now=now) == pytest.approx(30.0)
    past = email.utils.formatdate(now - 30, usegmt=True)
    assert parse_retry_after({"retry-after": past}, now=now) == 0.0
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({"retry-after": "-3"}) is None
    assert parse_retry_after({}) is None and parse_retry_after(None) is None


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    rng = random.Random(0)
    delays = [backoff_delay(i, base_s=1.0, max_s=8.0, rng=rng) for i in range(8)]
    for i, d in enumerate(delays):
        ceiling = min(8.0, 2.0 ** i)
        assert ceiling * 0.5 <= d <= ceiling
    assert backoff_delay(0, base_s=1.0, max_s=8.0, retry_after_s=5.0) == 5.0
    assert backoff_delay(0, base_s=1.0, max_s=8.0, retry_after_s=500.0, retry_after_max_s=60.0) == 60.0
