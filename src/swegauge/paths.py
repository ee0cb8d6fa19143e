"""Where swegauge keeps its caches: $SWEGAUGE_CACHE, else ~/.cache/swegauge."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    root = os.environ.get("SWEGAUGE_CACHE") or os.path.join(Path.home(), ".cache", "swegauge")
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_subdir(name: str) -> Path:
    path = cache_dir() / name
    path.mkdir(parents=True, exist_ok=True)
    return path
