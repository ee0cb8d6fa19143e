"""scipy.stats, imported on first use: it costs a second or more to import, and most commands (validate,
exec, suites, --help) never compute an interval."""

from __future__ import annotations

from types import ModuleType


def stats() -> ModuleType:
    from scipy import stats as module

    return module
