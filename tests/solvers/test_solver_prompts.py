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
