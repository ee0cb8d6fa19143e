"""Prompt templates of the `agent` and `choice` solvers (jinja2, StrictUndefined: a misspelt or missing
variable fails loudly instead of leaving a hole in the prompt)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATE_DIR = Path(__file__).parent


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), undefined=StrictUndefined, autoescape=False,
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def render(name: str, **variables: Any) -> str:
    """Render `<name>.j2` with exactly these variables."""
    return _env().get_template(f"{name}.j2").render(**variables)
