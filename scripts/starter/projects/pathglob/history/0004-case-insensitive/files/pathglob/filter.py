"""Include and exclude lists of patterns."""

from __future__ import annotations

from collections.abc import Iterable

from pathglob.match import PathLike, compile_pattern, normalize


class PathFilter:
    """Accepts a path that matches at least one include pattern and no exclude pattern.

    An empty include list includes every path. Patterns are checked when the filter is made.
    """

    def __init__(
        self, include: Iterable[str] = (), exclude: Iterable[str] = (), *, case_sensitive: bool = True
    ) -> None:
        self.include = tuple(include)
        self.exclude = tuple(exclude)
        self._include = [compile_pattern(p, case_sensitive) for p in self.include]
        self._exclude = [compile_pattern(p, case_sensitive) for p in self.exclude]

    def __repr__(self) -> str:
        return f"PathFilter(include={list(self.include)!r}, exclude={list(self.exclude)!r})"

    def accepts(self, path: PathLike) -> bool:
        text = normalize(path)
        if self._include and not any(p.match(text) for p in self._include):
            return False
        return not any(p.match(text) for p in self._exclude)

    def select(self, paths: Iterable[PathLike]) -> list[str]:
        """The accepted paths, normalized, in their original order."""
        return [normalize(path) for path in paths if self.accepts(path)]
