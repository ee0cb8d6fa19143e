"""The Config object returned by the parser."""

from __future__ import annotations

from typing import Any

from tinyconf.errors import MissingOption

_MISSING: Any = object()


class Config:
    """Named sections, each a mapping of option names to string values."""

    def __init__(self) -> None:
        self._sections: dict[str, dict[str, str]] = {}

    # -- building (used by the parser) ---------------------------------------------

    def _add_section(self, name: str) -> None:
        self._sections.setdefault(name, {})

    def _set(self, section: str, key: str, value: str) -> None:
        self._sections[section][key] = value

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

    def _lookup(self, section: str, key: str) -> Any:
        return self._sections.get(section, {}).get(key.lower(), _MISSING)

    def _missing(self, section: str, key: str, default: Any) -> Any:
        if default is not _MISSING:
            return default
        if section not in self._sections:
            raise MissingOption(f"no section [{section}]")
        raise MissingOption(f"no option {key!r} in section [{section}]")
