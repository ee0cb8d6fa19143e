"""The two stages BugFixer and TestWriter share (Kimi-Dev's agentless framework): localize, then edit.

Stage 1 shows the issue and a file listing and reads file paths back (localize.py). Stage 2 shows the
issue and the full text of the chosen files, reads SEARCH/REPLACE blocks back (edits.py) and turns the
applied ones into a unified diff with git (diffs.py). Every prompt is fitted to the model's context
window: file texts and listings are trimmed in the middle on line boundaries with a visible marker
(models.fit_messages); the instructions are never trimmed.

Answer budgets: the edit stage may use the model's whole answer room (max_tokens); the localize stage
answers with at most 5 paths, so its answer is capped at LOCALIZE_ANSWER_SHARE of that room (at least
LOCALIZE_ANSWER_MIN tokens: a reasoning model keeps room to think), and the prompt gets the rest. On the
embedded 135M model (answer room 512) that caps localization at 256 tokens: its unusable rambles stop
there instead of running to the cap (bench/main_job.py measures it).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from swegauge.models import ContextWindowError, fit_messages
from swegauge.solvers.base import ModelSession, ProblemView
from swegauge.solvers.diffs import make_diff, read_text
from swegauge.solvers.edits import EditResult, ParsedEdits, apply_edits, parse_edits
from swegauge.solvers.localize import (PathMatch, is_test_path, match_path, match_paths, mentioned_paths,
                                       repo_files, source_listing, listing_for_tests)
from swegauge.solvers.prompts import render

Kind = Literal["fix", "test"]
MAX_FILES = 5
LOCALIZE_ANSWER_SHARE = 0.125
LOCALIZE_ANSWER_MIN = 256
CHARS_PER_TOKEN = 3.0  # conservative: real tokenizers give 3-4 characters per token of code
FENCES = {".py": "python", ".go": "go", ".rs": "rust", ".js": "javascript", ".mjs": "javascript",
          ".cjs": "javascript", ".ts": "typescript", ".tsx": "tsx", ".java": "java", ".c": "c", ".h": "c",
          ".cc": "cpp", ".cpp": "cpp", ".hpp": "cpp", ".rb": "ruby", ".php": "php", ".cs": "csharp"}


def count_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def fence_of(path: str) -> str:
    return FENCES.get(PurePosixPath(path).suffix.lower(), "")


@dataclass(frozen=True)
class Budget:
    window: int
    answer: int  # tokens kept free for the answer
    capped: bool = False  # the answer is capped below the model's max_tokens for this stage

    def short_answer(self) -> Budget:
        """The localize stage's budget: a list of paths needs a fraction of the answer room."""
        answer = min(self.answer, max(LOCALIZE_ANSWER_MIN, int(self.answer * LOCALIZE_ANSWER_SHARE)))
        return Budget(window=self.window, answer=answer, capped=answer < self.answer)


async def budget_of(session: ModelSession) -> Budget:
    """The model's context window and the room its answers need (settings, price table, or server)."""
    window, answer = await session.budget()
    return Budget(window=window, answer=answer)


def fit_prompt(parts: list[tuple[str, bool]], budget: Budget, *, scale: float = 1.0) -> list[dict[str, Any]]:
    """[system, user] messages; the user turn joins `parts` (text, trimmable), fitted to the window.
    `scale` multiplies the token estimate (raised when a server measured more tokens than estimated)."""
    system = render("system")
    scratch = [{"role": "system", "content": system}]
    scratch += [{"role": "user" if trim else "system", "content": text} for text, trim in parts]
    fitted = fit_messages(scratch, budget.window, budget.answer,
                          count_tokens=lambda text: math.ceil(count_tokens(text) * scale))
    return [{"role": "system", "content": system}, {"role": "user", "content": "".join(m["content"]
                                                                                        for m in fitted[1:])}]


def problem_text(problem: ProblemView) -> str:
    return render("problem", repo=problem.repo, problem_statement=problem.problem_statement.strip(),
                  hints_text=problem.hints_text.strip())


async def _ask(session: ModelSession, messages: list[dict[str, Any]], *, stage: str, sample: int,
               temperature: float | None, max_tokens: int | None = None) -> str:
    completion = await session.chat(messages, stage=stage, sample=sample, temperature=temperature,
                                    max_tokens=max_tokens)
    return completion.text or ""


REQUESTED = re.compile(r"(\d+) in the messages")
REFITS = 3


async def ask_fitted(session: ModelSession, parts: list[tuple[str, bool]], budget: Budget, *, stage: str,
                     sample: int, temperature: float | None) -> str:
    """Fit the prompt to the window and ask; when the server still measures too many tokens (its
    tokenizer counts more than the estimate), refit with the estimate scaled by what it measured."""
    scale = 1.0
    for refit in range(REFITS + 1):
        messages = fit_prompt(parts, budget, scale=scale)
        try:
            return await _ask(session, messages, stage=stage, sample=sample, temperature=temperature,
                              max_tokens=budget.answer if budget.capped else None)
        except ContextWindowError as err:
            if refit == REFITS:
                raise
            measured = REQUESTED.search(str(err))
            estimated = sum(count_tokens(m["content"]) for m in messages) * scale
            ratio = int(measured.group(1)) / max(1.0, estimated) if measured else 1.0
            scale *= max(1.25, ratio * 1.1)
    raise AssertionError("unreachable")


@dataclass
class Localized:
    files: list[str]
    raw: str
    matches: list[PathMatch]
    listed: int
    hidden_tests: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, "raw": self.raw, "matches": [m.as_dict() for m in self.matches],
                "listed": self.listed, "hidden_tests": self.hidden_tests}


async def localize(session: ModelSession, problem: ProblemView, tree: Path, *, kind: Kind, budget: Budget,
                   sample: int = 0, temperature: float | None = None) -> Localized:
    """Stage 1: the files to edit (fix: at most 5 source files; test: the one test file, maybe new)."""
    if kind == "fix":
        listing, hidden = source_listing(tree)
        note = f"{hidden} test files not shown" if hidden else ""
    else:
        listing, hidden, note = listing_for_tests(tree), 0, "test files only"
    parts = [(problem_text(problem), True), (render("listing", paths=listing, note=note), True),
             (render("localize_fix" if kind == "fix" else "localize_test", max_files=MAX_FILES), False)]
    raw = await ask_fitted(session, parts, budget.short_answer(), stage=f"{kind}:localize", sample=sample,
                           temperature=temperature)
    if kind == "fix":
        files, matches = match_paths(raw, listing, limit=MAX_FILES)
    else:
        files, matches = _pick_test_file(raw, listing, repo_files(tree))
    return Localized(files=files, raw=raw, matches=matches, listed=len(listing), hidden_tests=hidden)


def _pick_test_file(raw: str, listing: list[str], known: list[str]) -> tuple[list[str], list[PathMatch]]:
    """The first name that is a listed test file (exactly or by suffix), or a new test file's path, or else
    the closest listed file: a test path that does not exist is taken as a new file, not as a typo."""
    matches = []
    for said in mentioned_paths(raw):
        m = match_path(said, listing)
        if m.how not in ("exact", "suffix") and is_test_path(said) and said not in known:
            m = PathMatch(said, said, "new")
        matches.append(m)
        if m.path is not None:
            return [m.path], matches
    return [], matches


@dataclass
class Edited:
    raw: str
    parsed: ParsedEdits
    result: EditResult
    diff: str
    resolved_paths: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"raw": self.raw, "blocks": [r.as_dict() for r in self.result.reports],
                "malformed": [{"index": m.index, "line": m.line, "reason": m.reason} for m in self.parsed.malformed],
                "resolved_paths": self.resolved_paths, "changed": sorted(self.result.files),
                "diff_lines": self.diff.count("\n"), "error": self.error}


def edit_parts(problem: ProblemView, tree: Path, files: list[str], *, kind: Kind) -> list[tuple[str, bool]]:
    """The stage-2 prompt's parts: (text, may be trimmed)."""
    parts: list[tuple[str, bool]] = [(problem_text(problem), True)]
    for path in files:
        text = read_text(tree / path)
        shown = text if text is not None else "(this file does not exist yet)\n"
        parts.append((render("file", path=path, fence=fence_of(path), text=shown), True))
    example = files[0] if files else "path/to/file"
    fmt = render("edit_format", fence=fence_of(example), example_path=example, allow_new_file=kind == "test")
    if kind == "fix":
        parts.append((render("edit_fix", paths=files, format=fmt), False))
    else:
        parts.append((render("edit_test", path=example, format=fmt), False))
    return parts



def _readable(tree: Path, files: list[str], blocks_paths: list[str], *, kind: Kind) -> tuple[dict[str, str | None],
                                                                                               dict[str, str]]:
    """(path -> base text or None for a file that may be created; block path -> resolved path)."""
    known = repo_files(tree)
    readable: dict[str, str | None] = {p: read_text(tree / p) for p in files}
    resolved: dict[str, str] = {}
    for said in dict.fromkeys(blocks_paths):
        m = match_path(said, files)
        path = m.path if m.how in ("exact", "suffix") else None
        if path is None and kind == "fix":
            m = match_path(said, known)
            path = m.path if m.how in ("exact", "suffix") and not is_test_path(m.path or "") else None
            if path is None and said not in known and not is_test_path(said):
                path = said  # a new source file (only an empty SEARCH may create it)
            if path is not None and path not in readable:
                readable[path] = read_text(tree / path)
        resolved[said] = path or said
    return readable, resolved


async def edit(session: ModelSession, problem: ProblemView, tree: Path, files: list[str], *, kind: Kind,
               budget: Budget, sample: int = 0, temperature: float | None = None) -> Edited:
    """Stage 2: SEARCH/REPLACE blocks on `files` -> applied edits -> a git diff (maybe empty)."""
    parts = edit_parts(problem, tree, files, kind=kind)
    raw = await ask_fitted(session, parts, budget, stage=f"{kind}:edit", sample=sample, temperature=temperature)
    parsed = parse_edits(raw)
    readable, resolved = _readable(tree, files, [b.path for b in parsed.blocks], kind=kind)
    blocks = [type(b)(index=b.index, path=resolved[b.path], search=b.search, replace=b.replace)
              for b in parsed.blocks]
    result = apply_edits(blocks, readable)
    try:
        diff = make_diff(tree, dict(result.files))
    except Exception as err:  # noqa: BLE001 - a bad path in an answer is the answer's fault: record it
        return Edited(raw, parsed, result, "", resolved, error=f"{type(err).__name__}: {err}")
    return Edited(raw=raw, parsed=parsed, result=result, diff=diff, resolved_paths=resolved)
