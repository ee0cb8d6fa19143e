"""Import every built-in parser module so each registers itself."""

from swegauge.grading.parsers import pytest_junit  # noqa: F401
