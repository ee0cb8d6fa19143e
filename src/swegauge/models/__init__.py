"""swegauge.models: chat endpoints for solvers.

Any OpenAI-compatible server (``moonshot/``, ``openrouter/``, ``openai/``, ``vllm/``,
``ollama/`` name prefixes) or the embedded ``local`` model (llama.cpp + SmolLM2-135M), with
bounded retries, a per-model concurrency bound, an on-disk response cache, prices, and a
helper that fits a conversation into a context window.
"""

from swegauge.models.client import ChatModel
from swegauge.models.completion import Completion, ToolCall
from swegauge.models.errors import ContextWindowError, ModelCallError, ModelConfigError, ModelError
from swegauge.models.factory import open_model
from swegauge.models.fit import approx_tokens, fit_messages
from swegauge.models.prices import PriceTable, load_prices
from swegauge.models.settings import ModelSettings

__all__ = [
    "ChatModel",
    "Completion",
    "ContextWindowError",
    "ModelCallError",
    "ModelConfigError",
    "ModelError",
    "ModelSettings",
    "PriceTable",
    "ToolCall",
    "approx_tokens",
    "fit_messages",
    "load_prices",
    "open_model",
]
