"""Exceptions raised by tinyconf."""

from __future__ import annotations


class ConfigError(Exception):
    """Base class for every error tinyconf raises."""


class ParseError(ConfigError):
    """The text is not a valid tinyconf document."""

    def __init__(self, message: str, lineno: int, line: str) -> None:
        self.message = message
        self.lineno = lineno
        self.line = line
        super().__init__(f"line {lineno}: {message}: {line!r}")


class MissingOption(ConfigError, KeyError):
    """A section or option that was asked for does not exist."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""
