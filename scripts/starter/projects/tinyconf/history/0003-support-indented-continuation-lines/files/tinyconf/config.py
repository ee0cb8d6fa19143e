"""The Config object returned by the parser."""

from __future__ import annotations

import re
from typing import Any

from tinyconf.errors import ConfigError, MissingOption

_MISSING: Any = object()
_TRUE = frozenset({"1", "yes", "true", "on"})
_FALSE = frozenset({"0", "no", "false", "off"})
_LIST_SEPARATOR = re.compile(r"[,\n]")


class Config:
    """Named sections, each a mapping of option names to string values."""

    def __init__(self) -> None:
        self._sections: dict[str, dict[str, str]] = {}

    # -- building (used by the parser) ---------------------------------------------

    def _add_section(self, name: str) -> None:
        self._sections.setdefault(name, {})

    def _set(self, section: str, key: str, value: str) -> None:
        self._sections[section][key] = value

    def _append(self, section: str, key: str, text: str) -> None:
        current = self._sections[section][key]
        self._sections[section][key] = f"{current}\n{text}" if current else text

    # -- reading -------------------------------------------------------------------

    def sections(self) -> list[str]:
        return list(self._sections)

    def has_section(self, name: str) -> bool:
        return name in self._sections

    def options(self, section: str) -> dict[str, str]:
        try:
            return dict(self._sections[section])
        except KeyError:
            raise MissingOption(f"no section [{section}]") from None

    def get(self, section: str, key: str, default: Any = _MISSING) -> Any:
        value = self._lookup(section, key)
        if value is _MISSING:
            return self._missing(section, key, default)
        return value

    def get_int(self, section: str, key: str, default: Any = _MISSING) -> Any:
        value = self._lookup(section, key)
        if value is _MISSING:
            return self._missing(section, key, default)
        try:
            return int(value)
        except ValueError:
            raise self._invalid(section, key, value, "an integer") from None

    def get_bool(self, section: str, key: str, default: Any = _MISSING) -> Any:
        value = self._lookup(section, key)
        if value is _MISSING:
            return self._missing(section, key, default)
        word = value.lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise self._invalid(section, key, value, "a boolean")

    def get_list(self, section: str, key: str, default: Any = _MISSING) -> Any:
        """Items separated by commas (or newlines), stripped, empty items dropped."""
        value = self._lookup(section, key)
        if value is _MISSING:
            return self._missing(section, key, default)
        return [item.strip() for item in _LIST_SEPARATOR.split(value) if item.strip()]

    # -- helpers -------------------------------------------------------------------

    def _lookup(self, section: str, key: str) -> Any:
        return self._sections.get(section, {}).get(key.lower(), _MISSING)

    def _missing(self, section: str, key: str, default: Any) -> Any:
        if default is not _MISSING:
            return default
        if section not in self._sections:
            raise MissingOption(f"no section [{section}]")
        raise MissingOption(f"no option {key!r} in section [{section}]")

    @staticmethod
    def _invalid(section: str, key: str, value: str, kind: str) -> ConfigError:
        return ConfigError(f"option {key!r} in [{section}] is not {kind}: {value!r}")
