"""The ways SWE-bench and Multi-SWE-bench spell test names, for `names.match_test_names`.

- Truncated pytest ids: SWE-bench cut parametrized ids at their first space, so
  `tests/test_cli.py::test_locate_app[cliapp.factory-create_app2("foo",` (an unbalanced "[") stands for
  every id that starts with it; it passes only if all of them passed. Ids that go on with a space right
  after the cut are the ones it was cut from, so when there are such ids, only they count.
- The repository's path inside ids: SWE-bench's repository sits at /testbed, ours at /workspace; both
  are read as one spelling (`/workspace`) on both sides.
- Path parameters: SWE-bench's log parser wrote a parameter that starts with "/" as "/" plus its last
  component (`test_x[/testbed/tests/test_utils.py]` became `test_x[/test_utils.py]`), so such a listed
  name stands for every id of that test whose path parameter ends in that component.
- Django ids: "test_x (module.Class)" (Python < 3.11) and "test_x (module.Class.test_x)" (3.11+) name the
  same test; a dataset made with one Python is graded on a run made with the other, and when a log holds
  both spellings, both must pass.
- Multi-SWE-bench file-level names: a test file path ("src/a.test.ts", "tests/test_x.py") stands for every
  test in that file (it passes iff all of them passed), and "file:title" for every test in that file
  whose own title (or title path) is `title`.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable

from swegauge.grading.parsers._common import RANK
from swegauge.grading.parsers.base import TestStatus

ROOT = "/workspace"
_ROOTS = re.compile(r"(?<![\w.-])/(?:testbed|workspace)(?=[/\]\)\s:,;'\"]|$)")
_PATH_OPTION = re.compile(r"^(.*)\[(/[^\]]*)\]$")
_DJANGO = re.compile(r"^(\w+) \(([\w.]+)\)$")
_CODE_FILE = re.compile(
    r"^[^\s:]+\.(?:py|js|jsx|mjs|cjs|ts|tsx|mts|cts|go|rs|java|kt|scala|rb|php|c|cc|cpp|cxx|h|hpp|cs|swift|vue|svelte)$"
)
_FILE_SEPARATORS = ("::", " > ")


def normalize_root(name: str) -> str:
    """`name` with the repository root spelled /workspace (SWE-bench's /testbed read the same)."""
    return _ROOTS.sub(ROOT, name) if "/testbed" in name or "/workspace" in name else name


def shortened_path_option(name: str) -> str | None:
    """SWE-bench's spelling of a parametrized id whose parameter is a path, or None if it has none."""
    found = _PATH_OPTION.match(name)
    if not found or found.group(2).startswith("//") or "*" in found.group(2):
        return None
    return f"{found.group(1)}[/{found.group(2).rsplit('/', 1)[-1]}]"


def is_truncated(name: str) -> bool:
    """A parametrized id SWE-bench cut short: more "[" than "]"."""
    return name.count("[") > name.count("]")


def django_spellings(name: str) -> list[str]:
    """Both spellings of a Django/unittest id (the name itself first), or [] for other names."""
    found = _DJANGO.match(name)
    if not found:
        return []
    method, dotted = found.groups()
    if dotted.endswith("." + method):
        return [name, f"{method} ({dotted[: -len(method) - 1]})"]
    return [name, f"{method} ({dotted}.{method})"]


def looks_like_file(name: str) -> bool:
    return bool(_CODE_FILE.match(name))


def all_passed(statuses: Iterable[TestStatus]) -> TestStatus | None:
    """One status for a group that stands for several tests: PASSED iff all passed, else the worst."""
    seen = list(statuses)
    if not seen:
        return None
    if all(s == TestStatus.PASSED for s in seen):
        return TestStatus.PASSED
    return max((s for s in seen if s != TestStatus.PASSED), key=lambda s: RANK[s])


def _file_part(name: str) -> str | None:
    cuts = [name.find(sep) for sep in _FILE_SEPARATORS if sep in name]
    return name[: min(cuts)] if cuts else None


def _same_file(ours: str, theirs: str) -> bool:
    return ours == theirs or ours.endswith("/" + theirs) or theirs.endswith("/" + ours)


def _titles(name: str, file: str) -> list[str]:
    rest = name[len(file) :]
    for sep in _FILE_SEPARATORS:
        if rest.startswith(sep):
            return [t for t in rest[len(sep) :].split(sep) if t]
    return []


def _tail_from(name: str, key: str) -> str | None:
    """`name` from where `key` starts right after a separator, or None."""
    for sep in ("::", "/", " > "):
        at = name.find(sep + key)
        if at >= 0:
            return name[at + len(sep) :]
    return None


class Spellings:
    """Lazily built lookups over one run's names (most expected names are found exactly, without them)."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = list(names)
        self._normalized: dict[str, list[str]] | None = None
        self._sorted: list[tuple[str, str]] | None = None
        self._files: dict[str, list[str]] | None = None
        self._shortened: dict[str, list[str]] | None = None

    def by_root(self, expected: str) -> list[str]:
        """Names equal to `expected` once the repository root is spelled one way."""
        if self._normalized is None:
            self._normalized = defaultdict(list)
            for name in self._names:
                self._normalized[normalize_root(name)].append(name)
        return self._normalized.get(normalize_root(expected), [])

    def by_path_option(self, expected: str) -> list[str]:
        """Names whose path parameter SWE-bench would have shortened to `expected`'s."""
        if shortened_path_option(expected) != expected:
            return []
        if self._shortened is None:
            self._shortened = defaultdict(list)
            for name in self._names:
                short = shortened_path_option(name)
                if short is not None and short != name:
                    self._shortened[short].append(name)
        return self._shortened.get(expected, [])

    def by_prefix(self, expected: str) -> list[str]:
        """Names that start with a truncated id, or that contain it right after a separator."""
        key = normalize_root(expected)
        if self._sorted is None:
            self._sorted = sorted((normalize_root(n), n) for n in self._names)
        start = bisect.bisect_left(self._sorted, (key, ""))
        found: list[tuple[str, str]] = []
        for normalized, name in self._sorted[start:]:
            if not normalized.startswith(key):
                break
            found.append((normalized, name))
        if not found:
            found = [(tail, name) for normalized, name in self._sorted
                     if (tail := _tail_from(normalized, key)) is not None]
        # SWE-bench cut at the first whitespace: the ids it stands for go on with one
        spaced = [name for normalized, name in found if normalized[len(key) : len(key) + 1].isspace()]
        return spaced or [name for _, name in found]

    def in_file(self, file: str) -> list[str]:
        """Every test named under a file (its "<file>::..." or "<file> > ..." names)."""
        if self._files is None:
            self._files = defaultdict(list)
            for name in self._names:
                part = _file_part(name)
                if part:
                    self._files[part].append(name)
        return [name for part, names in self._files.items() if _same_file(part, file) for name in names]

    def by_file_title(self, expected: str) -> list[str]:
        """Multi-SWE-bench's "file:title": tests in that file whose title or title path is `title`."""
        file, _, title = expected.partition(":")
        if not title or title.startswith(":") or not looks_like_file(file):
            return []
        found = []
        for name in self.in_file(file):
            titles = _titles(name, _file_part(name) or "")
            if titles and title in (titles[-1], " > ".join(titles), " ".join(titles)):
                found.append(name)
        return found
