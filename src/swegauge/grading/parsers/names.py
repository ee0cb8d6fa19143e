"""Matching a dataset's test names against the qualified names a parser produced.

Parsers name tests fully (Go "example.com/m/pkg/TestA/sub", pytest "tests/test_x.py::TestC::test_m",
JUnit "pkg.ClassTest.method", jest "src/a.test.js > describe > title", cargo "tests::name"). Datasets
often list shorter names ("TestA", "ClassTest#method", "describe > title"). `match_test_names` finds,
for each expected name, in this order:

1. the exact name;
2. the exact canonical name (see `canonical`: "#" and " > " read as ".", a trailing "()" dropped), so
   Surefire's "pkg.ClassTest#method" or Gradle's "pkg.ClassTest > method()" find "pkg.ClassTest.method";
3. the unique qualified name that ends with the expected name right after a separator
   ("::", " > ", "/", ".", "#"), so "TestA/sub" finds "example.com/m/pkg/TestA/sub";
4. the same suffix rule on canonical names;
5. for title paths ("file > describe > title"), the unique one whose trailing titles joined by spaces equal
   the expected name: jest's `fullName` and mocha's `fullTitle` spelling "describe title".

A step that finds several candidates is ambiguous and the answer is None (did not run, as far as the
grader can tell), unless `unanimous=True` and every candidate has the same status. A name found by no
step is None too.

SWE-bench's and Multi-SWE-bench's own spellings (see `names_swebench`) come around these steps:

0. a Django id ("test_x (m.C)" or "test_x (m.C.test_x)") is read in both spellings, and when the run
   has both, it passes only if both passed;
1b. the exact name once the repository root is spelled one way (/testbed and /workspace are the same);
1c. a truncated parametrized id (more "[" than "]") stands for every name that starts with it (or has it
   right after a separator): it passes only if all of them passed, and none found is None;
6. a test file path stands for every test under that file, and "file:title" for every test in that file
   with that title (Multi-SWE-bench): it passes only if all of them passed.
"""

from __future__ import annotations

from collections import defaultdict

from swegauge.grading.parsers.base import TestStatus
from swegauge.grading.parsers.names_swebench import (
    Spellings,
    all_passed,
    django_spellings,
    is_truncated,
    looks_like_file,
)

SEPARATORS: tuple[str, ...] = ("::", " > ", "/", ".", "#")


def canonical(name: str) -> str:
    """One spelling for the usual ways of writing "Class.method"."""
    text = name.strip().replace(" > ", ".").replace("#", ".")
    if text.endswith("()"):
        text = text[:-2]
    return text.replace("().", ".")


def _suffixes(name: str) -> set[str]:
    """Every tail of `name` that starts right after a separator."""
    tails: set[str] = set()
    for sep in SEPARATORS:
        start = name.find(sep)
        while start >= 0:
            tail = name[start + len(sep) :]
            if tail:
                tails.add(tail)
            start = name.find(sep, start + 1)
    return tails


class _Index:
    def __init__(self, statuses: dict[str, TestStatus]) -> None:
        self.statuses = statuses
        self.spellings = Spellings(statuses)
        self.canon: dict[str, list[str]] = defaultdict(list)
        self.tails: dict[str, list[str]] = defaultdict(list)
        self.canon_tails: dict[str, list[str]] = defaultdict(list)
        self.spaced: dict[str, list[str]] = defaultdict(list)
        for name in statuses:
            parts = name.split(" > ")
            for i in range(1, len(parts)):
                self.spaced[" ".join(parts[i:])].append(name)
            canon = canonical(name)
            self.canon[canon].append(name)
            for tail in _suffixes(name):
                self.tails[tail].append(name)
            for tail in _suffixes(canon):
                self.canon_tails[tail].append(name)

    def lookup(self, expected: str, unanimous: bool) -> TestStatus | None:
        found, rule = self.resolve(expected)
        if not found:
            return None
        if rule == "all":
            return all_passed(self.statuses[name] for name in found)
        return self._decide(found, unanimous)

    def resolve(self, expected: str) -> tuple[list[str], str]:
        """The names that answer for `expected`, and how: "all" must pass, or "one" (ambiguous if several)."""
        spellings = [name for name in django_spellings(expected) if name in self.statuses]
        if spellings:
            return spellings, "all"
        if expected in self.statuses:
            return [expected], "one"
        same = self.spellings.by_root(expected) or self.spellings.by_path_option(expected)
        if same:
            return same, "all"
        if is_truncated(expected):
            return self.spellings.by_prefix(expected), "all"
        for table, key in self.steps(expected):
            found = table.get(key)
            if found:
                return sorted(set(found)), "one"
        if looks_like_file(expected):
            return self.spellings.in_file(expected), "all"
        return self.spellings.by_file_title(expected), "all"

    def steps(self, expected: str) -> list[tuple[dict[str, list[str]], str]]:
        canon = canonical(expected)
        return [(self.canon, canon), (self.tails, expected), (self.canon_tails, canon), (self.spaced, expected)]

    def _decide(self, candidates: list[str], unanimous: bool) -> TestStatus | None:
        unique = set(candidates)
        if len(unique) == 1:
            return self.statuses[unique.pop()]
        if unanimous:
            seen = {self.statuses[c] for c in unique}
            if len(seen) == 1:
                return seen.pop()
        return None


def match_test_names(
    expected: list[str], statuses: dict[str, TestStatus], *, unanimous: bool = False
) -> dict[str, TestStatus | None]:
    """Each expected name's status (None: absent or ambiguous). See the module docstring."""
    index = _Index(statuses)
    return {name: index.lookup(name, unanimous) for name in expected}


def candidates_for(expected: str, statuses: dict[str, TestStatus]) -> list[str]:
    """Every qualified name that could answer for `expected` (for explaining an ambiguity)."""
    return sorted(set(_Index(statuses).resolve(expected)[0]))
