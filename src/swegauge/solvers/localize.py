"""File localization: list a repository's files (tests hidden or alone), read a model's file names back.

Test files are recognised by the conventions of every language, whatever the task's language (a repo can
mix languages): swegauge.tasks.testpaths.is_test_path, the one rule mining and the starter suite use too.

The model's answer is matched to real paths: exactly, else by a unique path suffix ("parser.py" ->
"tinyconf/parser.py"), else by difflib's closest match over the listed paths (ratio >= 0.75), else the
name is reported unmatched. Every name's fate is kept for the attempt's record.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from swegauge.envs.repos import git_env
from swegauge.tasks.testpaths import is_test_path

SOURCE_SUFFIXES = frozenset({
    ".py", ".pyi", ".go", ".rs", ".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".java", ".kt", ".scala", ".groovy",
    ".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".cs", ".rb", ".php", ".swift", ".dart", ".ex", ".exs", ".lua",
    ".sh", ".pl", ".r", ".jl", ".hs", ".ml", ".erl", ".clj", ".vue", ".svelte", ".m", ".mm", ".zig", ".toml",
    ".cfg", ".ini", ".json", ".yaml", ".yml", ".xml", ".gradle", ".sql", ".html", ".css", ".scss",
})
FUZZY_CUTOFF = 0.75


@lru_cache(maxsize=64)
def _tracked(tree: str) -> tuple[str, ...]:
    proc = subprocess.run(["git", "-c", "core.quotepath=off", "ls-files", "-z"], cwd=tree, env=git_env(),
                          capture_output=True)
    if proc.returncode == 0 and proc.stdout:
        return tuple(sorted(p for p in proc.stdout.decode("utf-8", "replace").split("\0") if p))
    root = Path(tree)
    return tuple(sorted(str(p.relative_to(root)) for p in root.rglob("*")
                        if p.is_file() and ".git" not in p.relative_to(root).parts))


def repo_files(tree: Path) -> list[str]:
    """Every tracked file of the tree (git ls-files; a plain walk when it is not a repository)."""
    return list(_tracked(str(tree)))


def source_listing(tree: Path) -> tuple[list[str], int]:
    """(files a fix may touch: source-like, not tests; how many test files were hidden)."""
    files = repo_files(tree)
    tests = [f for f in files if is_test_path(f)]
    hidden = set(tests)
    listing = [f for f in files if f not in hidden and _listable(f)]
    return listing, len(tests)


def listing_for_tests(tree: Path) -> list[str]:
    return [f for f in repo_files(tree) if is_test_path(f) and _listable(f)]


def _listable(path: str) -> bool:
    suffix = PurePosixPath(path).suffix.lower()
    name = PurePosixPath(path).name
    return suffix in SOURCE_SUFFIXES or name in {"Makefile", "CMakeLists.txt", "Cargo.toml", "go.mod"}


@dataclass(frozen=True)
class PathMatch:
    said: str
    path: str | None
    how: str  # exact | suffix | fuzzy | none
    ratio: float = 1.0

    def as_dict(self) -> dict[str, object]:
        return {"said": self.said, "path": self.path, "how": self.how, "ratio": round(self.ratio, 3)}


_URL = re.compile(r"\w+://\S+")
_TOKEN = re.compile(r"[\w.@+-]*[\w@+-]/[\w./@+-]*\w|[\w@+-][\w.@+-]*\.[A-Za-z]\w*")


def mentioned_paths(answer: str) -> list[str]:
    """Path-like tokens of an answer, in order, without duplicates."""
    seen: dict[str, None] = {}
    for line in answer.replace("\r\n", "\n").split("\n"):
        if line.strip().startswith("```"):
            continue
        for token in _TOKEN.findall(_URL.sub(" ", line)):
            token = re.sub(r"^(?:\./|/?workspace/)", "", token).strip(".")
            if token:
                seen.setdefault(token, None)
    return list(seen)


def match_path(said: str, known: list[str]) -> PathMatch:
    if said in known:
        return PathMatch(said, said, "exact")
    stripped = re.sub(r"^[ab]/", "", said)
    if stripped in known:
        return PathMatch(said, stripped, "exact")
    suffix = [k for k in known if k.endswith("/" + stripped)]
    if len(suffix) == 1:
        return PathMatch(said, suffix[0], "suffix")
    pool = suffix or known
    best = difflib.get_close_matches(stripped, pool, n=1, cutoff=FUZZY_CUTOFF)
    if best:
        return PathMatch(said, best[0], "fuzzy", difflib.SequenceMatcher(None, stripped, best[0]).ratio())
    return PathMatch(said, None, "none", 0.0)


def match_paths(answer: str, known: list[str], *, limit: int) -> tuple[list[str], list[PathMatch]]:
    """(at most `limit` distinct real paths the answer names, in its order; every name's match)."""
    matches = [match_path(said, known) for said in mentioned_paths(answer)]
    chosen: list[str] = []
    for m in matches:
        if m.path is not None and m.path not in chosen and len(chosen) < limit:
            chosen.append(m.path)
    return chosen, matches
