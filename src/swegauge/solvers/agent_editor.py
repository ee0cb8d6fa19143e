"""The agent's file editor (`str_replace_editor`): view, create, str_replace, insert.

It works on the host, on a fresh copy of the base tree with the current patch applied (no sandbox is
started: nothing of the repository is executed), and records the new patch with the same rules as a bash
step (agent_sandbox.record_changes). Paths are relative to the repository root or start with /workspace/;
a path that leaves the repository (`..`, absolute, or through a symbolic link) or enters .git is refused.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from swegauge.grading.apply import apply_patch
from swegauge.sandbox import fresh_workspace
from swegauge.solvers.agent_sandbox import ToolResult, prepare_out, record_changes, truncate

SNIPPET_LINES = 4
LISTING_DEPTH = 2
LISTING_MAX = 400
MAX_FILE_BYTES = 5_000_000


class EditorError(Exception):
    """The command cannot be done as asked; the message tells the model why (nothing was changed)."""


def run_editor(tree: Path, patch: str, args: dict[str, Any], *, max_chars: int) -> ToolResult:
    """One editor command over base + patch; returns the observation and the patch after it."""
    started = time.monotonic()
    with fresh_workspace(tree) as workspace:
        applied = apply_patch(workspace, patch)
        if not applied.applied:
            return ToolResult(f"error: the current changes do not apply to a fresh copy: {applied.error}", patch)
        try:
            observation, changed = editor_command(workspace, args)
        except EditorError as err:
            return ToolResult(f"error: {err}", patch, seconds=time.monotonic() - started)
        if changed:
            with tempfile.TemporaryDirectory(prefix="swegauge-agent-", ignore_cleanup_errors=True) as tmp:
                new_patch, notes = record_changes(workspace, prepare_out(Path(tmp)))
            if new_patch is None:
                return ToolResult(f"error: the edit could not be recorded: {'; '.join(notes)}", patch)
            observation = "\n".join([*(f"note: {n}" for n in notes), observation])
            patch = new_patch
    return ToolResult(truncate(observation, max_chars), patch, seconds=time.monotonic() - started)


def editor_command(root: Path, args: dict[str, Any]) -> tuple[str, bool]:
    """Do one command inside `root`; returns (observation, whether files changed)."""
    command = args.get("command")
    rel, path = resolve(root, str(args.get("path", "")))
    if command == "view":
        return view(root, rel, path, args.get("view_range")), False
    if command == "create":
        return create(rel, path, _text(args, "file_text", required=True)), True
    if command == "str_replace":
        return str_replace(rel, path, _text(args, "old_str", required=True), _text(args, "new_str")), True
    if command == "insert":
        return insert(rel, path, args.get("insert_line"), _text(args, "new_str", required=True)), True
    raise EditorError(f"unknown command {command!r}; use view, create, str_replace or insert")


def _text(args: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = args.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise EditorError(f"`{key}` must be a string")
    return value


def resolve(root: Path, raw: str) -> tuple[str, Path]:
    """(the path relative to the repository, the real path inside `root`), or EditorError."""
    text = raw.strip()
    for prefix in ("/workspace/", "/workspace"):
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    if text.startswith("/"):
        raise EditorError(f"{raw}: absolute paths must be inside /workspace (the repository)")
    rel = os.path.normpath(text or ".")
    if rel == ".." or rel.startswith("../"):
        raise EditorError(f"{raw}: the path leaves the repository")
    real = (root / rel).resolve()
    base = root.resolve()
    if not real.is_relative_to(base):
        raise EditorError(f"{raw}: the path leads outside the repository (through a symbolic link)")
    if real.relative_to(base).parts[:1] == (".git",):
        raise EditorError(f"{raw}: .git is not editable")
    return ("." if rel == "." else rel), real


def _read(rel: str, path: Path) -> str:
    if not path.exists():
        raise EditorError(f"{rel} does not exist")
    if path.is_dir():
        raise EditorError(f"{rel} is a directory")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise EditorError(f"{rel} has {size} bytes, too many for the editor; use bash (grep, sed -n, head)")
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        raise EditorError(f"{rel} is a binary file ({len(data)} bytes)")
    return data.decode("utf-8", errors="surrogateescape")


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))


def numbered(lines: list[str], first: int) -> str:
    return "".join(f"{first + i:6}\t{line}" if line.endswith("\n") else f"{first + i:6}\t{line}\n"
                   for i, line in enumerate(lines))


def view(root: Path, rel: str, path: Path, view_range: Any) -> str:
    if path.is_dir():
        return listing(root, rel, path)
    lines = _read(rel, path).splitlines(keepends=True)
    start, end = 1, len(lines)
    if view_range is not None:
        if (not isinstance(view_range, list) or len(view_range) != 2
                or not all(isinstance(n, int) for n in view_range)):
            raise EditorError("view_range must be [start, end] (line numbers; end -1 = to the end)")
        start, end = view_range[0], len(lines) if view_range[1] == -1 else view_range[1]
        if not 1 <= start <= max(len(lines), 1) or end < start:
            raise EditorError(f"view_range {view_range} is outside the file's {len(lines)} lines")
    body = numbered(lines[start - 1:end], start)
    return f"{rel} (lines {start}-{min(end, len(lines))} of {len(lines)}):\n{body}"


def listing(root: Path, rel: str, path: Path) -> str:
    found: list[str] = []
    base = root.resolve()
    for current, dirs, files in os.walk(path):
        here = Path(current)
        subdirs = sorted(d for d in dirs if not d.startswith("."))
        dirs[:] = subdirs if len(here.relative_to(path).parts) < LISTING_DEPTH - 1 else []
        found += [f"{(here / d).relative_to(base)}/" for d in subdirs]
        found += [str((here / f).relative_to(base)) for f in sorted(files) if not f.startswith(".")]
    shown = sorted(found)[:LISTING_MAX]
    more = f"\n[... {len(found) - LISTING_MAX} more entries ...]" if len(found) > LISTING_MAX else ""
    return f"files in {rel} (up to {LISTING_DEPTH} levels, hidden ones left out):\n" + "\n".join(shown) + more


def create(rel: str, path: Path, text: str) -> str:
    if path.is_dir():
        raise EditorError(f"{rel} is a directory")
    existed = path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, text)
    return f"{'overwrote' if existed else 'created'} {rel} ({len(text.splitlines())} lines)"


def str_replace(rel: str, path: Path, old: str, new: str) -> str:
    text = _read(rel, path)
    if not old:
        raise EditorError("old_str is empty; give the exact text to replace")
    count = text.count(old)
    if count == 0:
        raise EditorError(f"old_str was not found in {rel}; no change was made (it must match exactly, "
                          "whitespace included)")
    if count > 1:
        at = _line_numbers(text, old)
        raise EditorError(f"old_str occurs {count} times in {rel} (lines {', '.join(map(str, at))}); no change "
                          "was made: include more context to make it unique")
    start = text.index(old)
    _write(path, text[:start] + new + text[start + len(old):])
    first = text.count("\n", 0, start) + 1
    return f"edited {rel}:\n" + snippet(path, first, first + new.count("\n"))


def insert(rel: str, path: Path, line: Any, new: str) -> str:
    text = _read(rel, path)
    lines = text.splitlines(keepends=True)
    if not isinstance(line, int) or not 0 <= line <= len(lines):
        raise EditorError(f"insert_line must be an integer from 0 to {len(lines)} (the file's line count)")
    if lines and not lines[-1].endswith("\n") and line == len(lines):
        lines[-1] += "\n"
    block = new if new.endswith("\n") else new + "\n"
    _write(path, "".join(lines[:line]) + block + "".join(lines[line:]))
    return f"inserted {block.count(chr(10))} lines into {rel} after line {line}:\n" + snippet(
        path, line + 1, line + block.count("\n"))


def snippet(path: Path, first: int, last: int) -> str:
    lines = path.read_bytes().decode("utf-8", errors="surrogateescape").splitlines(keepends=True)
    lo = max(1, first - SNIPPET_LINES)
    hi = min(len(lines), last + SNIPPET_LINES)
    return numbered(lines[lo - 1:hi], lo)


def _line_numbers(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start != -1 and len(found) < 10:
        found.append(text.count("\n", 0, start) + 1)
        start = text.find(needle, start + 1)
    return found
