"""Test-log parsers, one per runner, looked up by the name a recipe or task gives."""

from swegauge.grading.parsers.base import REPORT_DIR, ParsedTests, Parser, TestRun, TestStatus

__all__ = ["REPORT_DIR", "ParsedTests", "Parser", "TestRun", "TestStatus", "get_parser", "PARSERS"]

PARSERS: dict[str, Parser] = {}


def register(name: str):
    def wrap(fn: Parser) -> Parser:
        PARSERS[name] = fn
        return fn

    return wrap


def get_parser(name: str) -> Parser:
    from swegauge.grading.parsers import _all  # noqa: F401  (registers the built-in parsers)

    try:
        return PARSERS[name]
    except KeyError:
        known = ", ".join(sorted(PARSERS))
        raise KeyError(f"unknown test-log parser {name!r}; known: {known}") from None
