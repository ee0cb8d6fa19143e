"""Errors of the model layer.

    ModelError                 base of everything raised here
    ├── ModelConfigError       the model cannot be used as configured: unknown provider prefix,
    │                          missing API key variable, embedded runtime not installed ...
    ├── ModelCallError         a call failed: retries exhausted on 429/5xx/timeouts/connection
    │                          errors, or a non-retryable answer (401, 404, bad request ...)
    └── ContextWindowError     the prompt cannot fit the context window (raised by fit_messages,
                               or mapped from a server's "context length exceeded" answer)

A solver catches ``ModelError`` around one attempt and records it as that attempt's error
(``Completion.from_error`` builds the record).
"""

from __future__ import annotations


class ModelError(Exception):
    """Base class of the model layer's errors."""


class ModelConfigError(ModelError):
    """The model cannot be used as configured (no call was made)."""


class ModelCallError(ModelError):
    """A model call failed for good.

    ``attempts`` is how many HTTP requests were made (retries + 1), ``status`` the last HTTP
    status if there was one, ``retryable`` whether the last failure was of a retryable kind
    (so the call gave up because retries ran out).
    """

    def __init__(
        self,
        message: str,
        *,
        model: str = "",
        attempts: int = 1,
        status: int | None = None,
        retryable: bool = False,
    ) -> None:
        super().__init__(message)
        self.model = model
        self.attempts = attempts
        self.status = status
        self.retryable = retryable


class ContextWindowError(ModelError):
    """The messages do not fit the context window, even after trimming."""

    def __init__(
        self,
        message: str,
        *,
        needed_tokens: int | None = None,
        context_window: int | None = None,
    ) -> None:
        super().__init__(message)
        self.needed_tokens = needed_tokens
        self.context_window = context_window
