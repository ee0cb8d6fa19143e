"""Shared fixtures: one cache for the whole test session, tiny git repositories made on the spot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# One cache per machine for tests (environments are keyed by content, so sharing is safe and fast).
os.environ.setdefault("SWEGAUGE_CACHE", str(Path.home() / ".cache" / "swegauge-test"))


@pytest.fixture(scope="session")
def cache_root() -> Path:
    path = Path(os.environ["SWEGAUGE_CACHE"])
    path.mkdir(parents=True, exist_ok=True)
    return path
