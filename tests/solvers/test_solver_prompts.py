"""Prompt templates fail loudly on missing variables; the per-call temperature reaches models that take it."""

from __future__ import annotations

import asyncio

import pytest
from jinja2 import UndefinedError

from swegauge.models import Completion, ModelSettings
from swegauge.solvers import ModelSession
from swegauge.solvers.prompts import render


def test_a_misspelt_template_variable_fails_loudly():
    with pytest.raises(UndefinedError):
        render("localize_fix", max_file=5)
    assert "at most 5 files" in render("localize_fix", max_files=5)


class OldModel:
    """A model layer without a per-call temperature."""

    settings = ModelSettings(name="fake/old", use_cache=False)
    name = "fake/old"

    def __init__(self) -> None:
        self.kwargs: list[dict] = []

    async def complete(self, messages, *, tools=None, tool_choice=None, attempt=0):
        self.kwargs.append({"attempt": attempt})
        return Completion(model=self.name, text="ok")


class NewModel(OldModel):
    async def complete(self, messages, *, tools=None, tool_choice=None, attempt=0, temperature=None):
        self.kwargs.append({"attempt": attempt, "temperature": temperature})
        return Completion(model=self.name, text="ok")


def test_the_temperature_override_is_passed_only_to_models_that_take_it():
    for model, expected in ((NewModel(), {"attempt": 2003, "temperature": 1.0}), (OldModel(), {"attempt": 2003})):
        session = ModelSession(model, instance_id="t", attempt=2)
        asyncio.run(session.chat([{"role": "user", "content": "hi"}], stage="s", sample=3, temperature=1.0))
        assert model.kwargs == [expected]
        assert session.supports_temperature is isinstance(model, NewModel)


class DenseTokenizerModel:
    """A server whose tokenizer counts one token per 2 characters (denser than the estimate): it refuses
    prompts over its window the way llama.cpp and OpenAI do, naming the tokens it measured."""

    settings = ModelSettings(name="fake/dense", use_cache=False, context_window=2000, max_tokens=200)
    name = "fake/dense"

    def __init__(self) -> None:
        self.sizes: list[int] = []

    async def complete(self, messages, *, tools=None, tool_choice=None, attempt=0, temperature=None):
        from swegauge.models import ContextWindowError

        measured = sum(len(m["content"]) for m in messages) // 2
        self.sizes.append(measured)
        if measured + 200 > 2000:
            raise ContextWindowError(f"This model's maximum context length is 2000 tokens. However, you requested "
                                     f"{measured + 200} tokens ({measured} in the messages, 200 in the completion).")
        return Completion(model=self.name, text="ok", prompt_tokens=measured, completion_tokens=1)


def test_a_prompt_the_server_measures_as_too_long_is_refitted_not_cut_blindly():
    from swegauge.solvers.stages import Budget, ask_fitted

    model = DenseTokenizerModel()
    session = ModelSession(model, instance_id="t", attempt=0)
    big_file = "".join(f"line {i}: {'x' * 40}\n" for i in range(400))
    parts = [("the issue\n", True), (big_file, True), ("INSTRUCTIONS: answer with edits\n", False)]
    answer = asyncio.run(ask_fitted(session, parts, Budget(window=2000, answer=200), stage="fix:edit", sample=0,
                                    temperature=None))
    assert answer == "ok"
    assert len(model.sizes) >= 2 and model.sizes[-1] + 200 <= 2000
    assert len(session.calls) == len(model.sizes)
