"""Which failures are retried, and how long to wait before the next try.

Retried: HTTP 408, 409, 429 and 5xx (except a 429 that says the quota is used up), connection
errors and timeouts. The wait honours the server's ``Retry-After`` (seconds or an HTTP date;
also ``retry-after-ms``), capped at ``retry_after_max_s``; without it, exponential backoff with
jitter: ``min(backoff_max_s, backoff_base_s * 2**retry) * U(0.5, 1.0)``.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    import openai

RETRYABLE_STATUS = frozenset({408, 409, 429})
_QUOTA_CODES = ("insufficient_quota", "billing_hard_limit_reached")
_CONTEXT_HINTS = ("context length", "context_length", "context window", "maximum context",
                  "too many tokens", "exceed context", "exceeds the context")


def parse_retry_after(headers: Mapping[str, str] | None, *, now: float | None = None) -> float | None:
    """Seconds to wait as the server asks, or None if it does not say (or says nonsense)."""
    if not headers:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            value = float(raw_ms) / 1000.0
            return value if math.isfinite(value) and value >= 0 else None
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    raw = raw.strip()
    try:
        value = float(raw)
        return value if math.isfinite(value) and value >= 0 else None
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def backoff_delay(
    retry: int,
    *,
    base_s: float,
    max_s: float,
    retry_after_s: float | None = None,
    retry_after_max_s: float = 120.0,
    rng: random.Random | None = None,
) -> float:
    """Seconds to sleep before retry number ``retry`` (0-based)."""
    if retry_after_s is not None:
        return min(retry_after_s, retry_after_max_s)
    rng = rng or random
    ceiling = min(max_s, base_s * (2.0 ** min(retry, 30)))
    return ceiling * (0.5 + 0.5 * rng.random())


def is_retryable(exc: BaseException) -> bool:
    import openai  # imported on first use: ~1 s, and most commands never call a model
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status == 429 and _error_code(exc) in _QUOTA_CODES:
            return False
        return status in RETRYABLE_STATUS or status >= 500
    return False


def is_context_overflow(exc: BaseException) -> bool:
    """A 400/413 whose message says the prompt is longer than the model's context."""
    import openai  # imported on first use: ~1 s, and most commands never call a model
    if not isinstance(exc, openai.APIStatusError) or exc.status_code not in (400, 413, 422):
        return False
    text = f"{exc.message} {exc.body}".lower()
    return any(hint in text for hint in _CONTEXT_HINTS) or "context_length_exceeded" in text


def status_of(exc: BaseException) -> int | None:
    import openai  # imported on first use: ~1 s, and most commands never call a model
    return exc.status_code if isinstance(exc, openai.APIStatusError) else None


def retry_after_of(exc: BaseException) -> float | None:
    import openai  # imported on first use: ~1 s, and most commands never call a model
    if isinstance(exc, openai.APIStatusError):
        return parse_retry_after(exc.response.headers)
    return None


def _error_code(exc: openai.APIStatusError) -> str | None:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            code = inner.get("code") or inner.get("type")
            return str(code) if code is not None else None
    return getattr(exc, "code", None)
