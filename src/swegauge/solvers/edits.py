"""SEARCH/REPLACE edits: parse them out of a model's answer, apply them to file texts, never guess.

The format (Agentless / Kimi-Dev, aider-style), one or more blocks, each under the path it edits:

    ### tinyconf/parser.py
    <<<<<<< SEARCH
        line = raw[:-1]
    =======
        line = raw.rstrip("\\r\\n")
    >>>>>>> REPLACE

Matching is on whole lines. A block applies when its SEARCH lines occur exactly once in the file:
1. exactly (byte for byte, line endings aside), else
2. with trailing whitespace ignored on every line (the only fallback: indentation and everything
   else must still match; documented in the block's report as "whitespace").
No match, or more than one match, is reported in the block's report and the block is not applied.
An empty SEARCH creates a file that does not exist yet (on an existing file it is reported, not applied).

Line endings: the answer is read with CRLF turned into LF; a file whose lines all end in CRLF is edited
in LF form and written back with CRLF, so neither side's line endings make a block miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

_SEARCH = re.compile(r"^\s*<{5,9} ?SEARCH\s*$")
_DIVIDER = re.compile(r"^\s*={5,9}\s*$")
_REPLACE = re.compile(r"^\s*>{5,9} ?REPLACE\s*$")
_FENCE = re.compile(r"^\s*```")
_PATH_CHARS = re.compile(r"^[\w./@+-][\w./@+ -]*$")

Status = Literal["applied", "whitespace", "created", "no_match", "ambiguous", "unknown_file", "exists"]
APPLIED_STATUSES = ("applied", "whitespace", "created")


@dataclass(frozen=True)
class EditBlock:
    index: int
    path: str
    search: str
    replace: str


@dataclass(frozen=True)
class Malformed:
    index: int
    line: int
    reason: str


@dataclass(frozen=True)
class ParsedEdits:
    blocks: list[EditBlock]
    malformed: list[Malformed]


@dataclass(frozen=True)
class BlockReport:
    index: int
    path: str
    status: Status
    matches: int = 0
    line: int | None = None  # 1-based line where the edit landed

    def as_dict(self) -> dict[str, object]:
        return {"index": self.index, "path": self.path, "status": self.status, "matches": self.matches,
                "line": self.line}


@dataclass
class EditResult:
    """New texts of the files the applied blocks changed (or created), and a report per block."""

    files: dict[str, str] = field(default_factory=dict)
    reports: list[BlockReport] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return sum(1 for r in self.reports if r.status in APPLIED_STATUSES)

    @property
    def failed(self) -> list[BlockReport]:
        return [r for r in self.reports if r.status not in APPLIED_STATUSES]


def clean_path(raw: str) -> str | None:
    """'### `./pkg/a.py`' -> 'pkg/a.py'; None when the line does not look like a path.

    A line starting with '#' may name any path; a bare line needs a '/' or a file extension."""
    headed = raw.lstrip().startswith("#")
    text = raw.strip().lstrip("#").strip().strip("`*'\"").strip()
    text = re.sub(r"^(?:file|path)\s*:\s*", "", text, flags=re.IGNORECASE).strip("`'\"")
    text = re.sub(r"^\./", "", text).rstrip(":").strip("`'\"")
    if not text or " " in text or not _PATH_CHARS.match(text) or text.endswith(("/", ".")):
        return None
    if not headed and "/" not in text and not re.search(r"\.\w+$", text):
        return None
    return text


def parse_edits(answer: str) -> ParsedEdits:
    """All SEARCH/REPLACE blocks in a model's answer, and what could not be read (never guessed)."""
    lines = answer.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[EditBlock] = []
    malformed: list[Malformed] = []
    path: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if not _SEARCH.match(line):
            if line.strip() and not _FENCE.match(line) and not _DIVIDER.match(line) and not _REPLACE.match(line):
                found = clean_path(line) if "/" in line or "." in line else None
                path = found or path
            elif _DIVIDER.match(line) or _REPLACE.match(line):
                malformed.append(Malformed(len(blocks) + len(malformed), i + 1, f"stray marker {line.strip()!r}"))
            i += 1
            continue
        end, block_or_reason = _read_block(lines, i)
        index = len(blocks) + len(malformed)
        if isinstance(block_or_reason, str):
            malformed.append(Malformed(index, i + 1, block_or_reason))
        elif path is None:
            malformed.append(Malformed(index, i + 1, "no file path before the SEARCH marker"))
        else:
            search, replace = block_or_reason
            blocks.append(EditBlock(index=index, path=path, search=search, replace=replace))
        i = end
    return ParsedEdits(blocks=blocks, malformed=malformed)


def _read_block(lines: list[str], start: int) -> tuple[int, tuple[str, str] | str]:
    """From a SEARCH marker: (index after the block, (search, replace)) or (resume index, reason)."""
    search: list[str] = []
    replace: list[str] = []
    part = search
    for j in range(start + 1, len(lines)):
        line = lines[j]
        if _SEARCH.match(line):
            return j, "a new SEARCH marker before this block's REPLACE marker"
        if _DIVIDER.match(line):
            if part is replace:
                return j + 1, "two ======= dividers in one block"
            part = replace
            continue
        if _REPLACE.match(line):
            if part is search:
                return j + 1, "REPLACE marker without a ======= divider"
            return j + 1, (_join(search), _join(replace))
        part.append(line)
    what = "======= divider" if part is search else ">>>>>>> REPLACE marker"
    return len(lines), f"the answer ends before the block's {what}"


def _join(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def apply_edits(blocks: list[EditBlock], read: dict[str, str | None]) -> EditResult:
    """Apply blocks in order to the texts in `read` (path -> text, None = the file does not exist).

    A path missing from `read` is an unknown file. Later blocks see earlier blocks' changes.
    """
    current: dict[str, str | None] = dict(read)
    crlf = {p: _is_crlf(t) for p, t in read.items() if t is not None}
    result = EditResult()
    for block in blocks:
        if block.path not in current:
            result.reports.append(BlockReport(block.index, block.path, "unknown_file"))
            continue
        text = current[block.path]
        if not block.search.strip():
            report, new = _create(block, text)
        else:
            report, new = _replace(block, None if text is None else _lf(text, crlf.get(block.path, False)))
        result.reports.append(report)
        if new is not None:
            current[block.path] = _crlf(new) if crlf.get(block.path, False) else new
            result.files[block.path] = current[block.path]  # type: ignore[assignment]
    return result


def _create(block: EditBlock, text: str | None) -> tuple[BlockReport, str | None]:
    if text is not None:
        return BlockReport(block.index, block.path, "exists"), None
    return BlockReport(block.index, block.path, "created", matches=1, line=1), block.replace


def _replace(block: EditBlock, text: str | None) -> tuple[BlockReport, str | None]:
    if text is None:
        return BlockReport(block.index, block.path, "unknown_file"), None
    lines = text.splitlines(keepends=True)
    wanted = block.search.splitlines()
    for status, norm in (("applied", _exact), ("whitespace", _rstripped)):
        starts = _find(lines, wanted, norm)
        if len(starts) == 1:
            new = _splice(lines, starts[0], len(wanted), block.replace)
            return BlockReport(block.index, block.path, status, matches=1, line=starts[0] + 1), new  # type: ignore[arg-type]
        if len(starts) > 1:
            return BlockReport(block.index, block.path, "ambiguous", matches=len(starts)), None
    return BlockReport(block.index, block.path, "no_match"), None


def _exact(line: str) -> str:
    return line


def _rstripped(line: str) -> str:
    return line.rstrip()


def _find(lines: list[str], wanted: list[str], norm) -> list[int]:  # noqa: ANN001 - a str -> str function
    body = [norm(line.rstrip("\n")) for line in lines]
    target = [norm(line) for line in wanted]
    n = len(target)
    return [i for i in range(len(body) - n + 1) if body[i:i + n] == target]


def _splice(lines: list[str], start: int, count: int, replace: str) -> str:
    replaced = lines[start:start + count]
    if replaced and not replaced[-1].endswith("\n") and replace.endswith("\n"):
        replace = replace[:-1]  # the matched text ended the file without a newline: keep it that way
    return "".join(lines[:start]) + replace + "".join(lines[start + count:])


def _is_crlf(text: str) -> bool:
    return "\r\n" in text and text.count("\n") == text.count("\r\n")


def _lf(text: str, crlf: bool) -> str:
    return text.replace("\r\n", "\n") if crlf else text


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")
