"""The results store: one SQLite database per run (one writer), read by metrics and report."""

from swegauge.store.db import CANDIDATE, DB_NAME, AttemptRow, ModelCallRow, ResultRow, Store, total_cost

__all__ = ["CANDIDATE", "DB_NAME", "AttemptRow", "ModelCallRow", "ResultRow", "Store", "total_cost"]
