"""The price table: USD per million input/output tokens and known context windows.

Sources, later ones overriding earlier ones entry by entry:
  1. the bundled ``prices.json`` beside this module (Kimi K2 at $1 / $3 from its model card,
     ``local`` at $0);
  2. ``$SWEGAUGE_CACHE/prices.json`` (default ``~/.cache/swegauge/prices.json``) if it exists;
  3. an explicit ``path`` (``--prices FILE``), which must exist.

A model with no entry costs ``None``: unknown, which is not the same as free.
"""

from __future__ import annotations

import fnmatch
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from swegauge.models.errors import ModelConfigError

USER_PRICES_FILE = "prices.json"


class Price(BaseModel):
    """One model's entry."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    input_per_mtok: float = Field(ge=0.0, description="USD per million prompt tokens")
    output_per_mtok: float = Field(ge=0.0, description="USD per million completion tokens")
    context_window: int | None = Field(default=None, ge=1)
    source: str | None = None

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.input_per_mtok + completion_tokens * self.output_per_mtok) / 1e6


class PriceTable:
    """Look-ups by model name: exact key first, then the longest matching glob pattern."""

    def __init__(self, entries: Mapping[str, Price] | None = None) -> None:
        self.entries: dict[str, Price] = dict(entries or {})

    def lookup(self, name: str) -> Price | None:
        if name in self.entries:
            return self.entries[name]
        patterns = [k for k in self.entries if any(c in k for c in "*?[") and fnmatch.fnmatchcase(name, k)]
        if not patterns:
            return None
        return self.entries[max(patterns, key=len)]

    def cost(self, name: str, prompt_tokens: int | None, completion_tokens: int | None) -> float | None:
        """USD for one call, or None when the model's price or the usage is unknown."""
        price = self.lookup(name)
        if price is None or prompt_tokens is None or completion_tokens is None:
            return None
        return price.cost(prompt_tokens, completion_tokens)

    def context_window(self, name: str) -> int | None:
        price = self.lookup(name)
        return price.context_window if price else None

    def merged(self, other: "PriceTable") -> "PriceTable":
        return PriceTable({**self.entries, **other.entries})


def parse_prices(data: Any, *, origin: str) -> PriceTable:
    """``{"models": {name: entry}}`` or a flat ``{name: entry}``; keys starting with _ are notes."""
    if not isinstance(data, dict):
        raise ModelConfigError(f"price file {origin}: expected a JSON object")
    models = data.get("models", data) if isinstance(data.get("models"), dict) else data
    entries: dict[str, Price] = {}
    for name, raw in models.items():
        if name.startswith("_"):
            continue
        try:
            entries[name] = Price.model_validate(raw)
        except ValidationError as exc:
            raise ModelConfigError(f"price file {origin}: entry {name!r}: {exc}") from exc
    return PriceTable(entries)


def _read_file(path: Path) -> PriceTable:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelConfigError(f"cannot read price file {path}: {exc}") from exc
    return parse_prices(data, origin=str(path))


def bundled_prices() -> PriceTable:
    text = resources.files("swegauge.models").joinpath("prices.json").read_text(encoding="utf-8")
    return parse_prices(json.loads(text), origin="bundled prices.json")


def user_prices_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    root = env.get("SWEGAUGE_CACHE") or os.path.join(Path.home(), ".cache", "swegauge")
    return Path(root) / USER_PRICES_FILE


def load_prices(*, path: str | Path | None = None, env: Mapping[str, str] | None = None) -> PriceTable:
    """Bundled table, overridden by ``$SWEGAUGE_CACHE/prices.json``, overridden by ``path``."""
    table = bundled_prices()
    user = user_prices_path(env)
    if user.is_file():
        table = table.merged(_read_file(user))
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ModelConfigError(f"price file not found: {path}")
        table = table.merged(_read_file(path))
    return table
