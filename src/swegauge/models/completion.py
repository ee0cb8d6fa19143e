"""The record of one model call."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ToolCall(BaseModel):
    """A function call the model asked for; ``arguments`` is the raw JSON text it produced."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    arguments: str
    type: str = "function"

    def to_openai(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type,
                "function": {"name": self.name, "arguments": self.arguments}}


class Completion(BaseModel):
    """One call's result.

    ``cost_usd`` is what the call was charged when it was really made (None = price or usage
    unknown). A cache hit has ``cached=True`` and reports that same original cost, so a run's
    cost stays comparable across reruns; ``spent_usd`` is the money actually spent now (0 for a
    cache hit). ``latency_s`` is the successful request's wall time (the original one for a
    cache hit); ``retries`` how many failed requests preceded it.
    """

    model_config = ConfigDict(frozen=True)

    model: str
    attempt: int = 0
    text: str | None = None
    tool_calls: list[ToolCall] = []
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_s: float = 0.0
    cost_usd: float | None = None
    cached: bool = False
    retries: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def spent_usd(self) -> float | None:
        """Money spent by this call in this process: 0 for a cache hit."""
        return 0.0 if self.cached else self.cost_usd

    @property
    def tokens_per_s(self) -> float | None:
        if not self.completion_tokens or self.latency_s <= 0:
            return None
        return self.completion_tokens / self.latency_s

    def assistant_message(self) -> dict[str, Any]:
        """The assistant turn to append to the conversation (tool calls included)."""
        message: dict[str, Any] = {"role": "assistant", "content": self.text or ""}
        if self.tool_calls:
            message["tool_calls"] = [call.to_openai() for call in self.tool_calls]
        return message

    @classmethod
    def from_error(cls, model: str, error: BaseException, *, attempt: int = 0) -> "Completion":
        """The record of a failed attempt (after ChatModel.complete raised a ModelError)."""
        return cls(model=model, attempt=attempt, error=f"{type(error).__name__}: {error}")
