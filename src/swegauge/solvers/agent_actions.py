"""The agent's action vocabulary: tool schemas, and reading actions out of a model's turn.

Two formats:
- "tools" (function calling): `bash(command)`, `str_replace_editor(command, path, ...)`, `submit()`.
- "text" (models without tools, e.g. the embedded SmolLM2): one fenced ```bash block per turn runs a
  command; a reply that is just `SUBMIT` finishes. A tools-format turn without tool calls is read as
  text too, so a model that answers in prose with a bash block still acts.

A turn that says nothing runnable becomes a `format_error` action: the loop answers it with an
observation explaining the format, and it counts as a step like any other.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from swegauge.models import Completion, ToolCall

Tool = Literal["bash", "str_replace_editor", "submit", "format_error"]
EDITOR_COMMANDS = ("view", "create", "str_replace", "insert")
SHELL_LANGS = ("bash", "sh", "shell", "console", "zsh", "")

BASH_TOOL: dict[str, Any] = {"type": "function", "function": {
    "name": "bash",
    "description": "Run a bash command in /workspace (the repository). Each call starts a fresh shell: file "
                   "changes persist between calls, the working directory and variables do not. No network.",
    "parameters": {"type": "object", "properties": {
        "command": {"type": "string", "description": "The bash command (may span several lines)."}},
        "required": ["command"]}}}

EDITOR_TOOL: dict[str, Any] = {"type": "function", "function": {
    "name": "str_replace_editor",
    "description": "View, create and edit files. Paths are relative to the repository root (or start with "
                   "/workspace/). view: a file with line numbers (optionally view_range [start, end], end -1 = "
                   "to the end), or a directory listing. create: write file_text to path. str_replace: replace "
                   "old_str, which must occur exactly once, by new_str. insert: insert new_str after line "
                   "insert_line (0 = at the top).",
    "parameters": {"type": "object", "properties": {
        "command": {"type": "string", "enum": list(EDITOR_COMMANDS)},
        "path": {"type": "string"},
        "file_text": {"type": "string"},
        "old_str": {"type": "string"},
        "new_str": {"type": "string"},
        "insert_line": {"type": "integer"},
        "view_range": {"type": "array", "items": {"type": "integer"}}},
        "required": ["command", "path"]}}}

SUBMIT_TOOL: dict[str, Any] = {"type": "function", "function": {
    "name": "submit",
    "description": "Finish: submit the current changes to the repository as the solution.",
    "parameters": {"type": "object", "properties": {}}}}

TOOLS = [BASH_TOOL, EDITOR_TOOL, SUBMIT_TOOL]

_FENCE = re.compile(r"^[ \t]*```[ \t]*([\w+-]*)[^\n]*\n(.*?)^[ \t]*```[ \t]*$", re.S | re.M)
_OPEN_FENCE = re.compile(r"^[ \t]*```[ \t]*([\w+-]*)[^\n]*\n", re.M)
_SUBMIT_LINE = re.compile(r"^[\W_]*SUBMIT[\W_]*$", re.M)


@dataclass(frozen=True)
class Action:
    """One thing the model asked for. `call_id` ties it to a tool call (tools format)."""

    tool: Tool
    args: dict[str, Any] = field(default_factory=dict)
    call_id: str | None = None
    error: str | None = None  # format_error: what was wrong, in words for the model
    note: str | None = None  # a remark to prepend to the observation


def actions_of(completion: Completion) -> list[Action]:
    """The actions of one turn: its tool calls, else what its text says."""
    if completion.tool_calls:
        return [tool_call_action(call) for call in completion.tool_calls]
    return [text_action(completion.text or "", finish_reason=completion.finish_reason)]


def tool_call_action(call: ToolCall) -> Action:
    """A function call -> an action (a format_error when the name or the arguments are wrong)."""
    known = ("bash", "str_replace_editor", "submit")
    if call.name not in known:
        return Action("format_error", call_id=call.id,
                      error=f"unknown tool {call.name!r}; the tools are {', '.join(known)}")
    try:
        args = json.loads(call.arguments) if call.arguments.strip() else {}
    except json.JSONDecodeError as err:
        return Action("format_error", call_id=call.id, error=f"the arguments of {call.name} are not valid JSON: {err}")
    if not isinstance(args, dict):
        return Action("format_error", call_id=call.id, error=f"the arguments of {call.name} must be a JSON object")
    problem = _check_args(call.name, args)
    if problem:
        return Action("format_error", args=args, call_id=call.id, error=problem)
    return Action(call.name, args=args, call_id=call.id)  # type: ignore[arg-type]


def _check_args(name: str, args: dict[str, Any]) -> str | None:
    if name == "bash":
        if not isinstance(args.get("command"), str) or not args["command"].strip():
            return "bash needs a non-empty string argument `command`"
    elif name == "str_replace_editor":
        if args.get("command") not in EDITOR_COMMANDS:
            return f"str_replace_editor needs `command`, one of {', '.join(EDITOR_COMMANDS)}"
        if not isinstance(args.get("path"), str) or not args["path"].strip():
            return "str_replace_editor needs a string argument `path`"
    return None


def text_action(text: str, *, finish_reason: str | None = None) -> Action:
    """Plain-text format: exactly one ```bash block runs; a bare SUBMIT line finishes."""
    blocks = [(lang.lower(), body) for lang, body in _FENCE.findall(text)]
    shell = [body for lang, body in blocks if lang in SHELL_LANGS]
    if len(shell) > 1:
        return Action("format_error", error=f"found {len(shell)} ```bash blocks; put exactly one per reply")
    if shell:
        command = _strip_prompts(shell[0])
        if command.strip() in ("SUBMIT", "submit"):
            return Action("submit")
        if not command.strip():
            return Action("format_error", error="the ```bash block is empty")
        note = ("SUBMIT ignored: a reply with a command runs the command; reply SUBMIT alone to finish"
                if _SUBMIT_LINE.search(_FENCE.sub("", text)) else None)
        return Action("bash", args={"command": command}, note=note)
    if _SUBMIT_LINE.search(text):
        return Action("submit")
    return Action("format_error", error=_missing_block_reason(text, blocks, finish_reason))


def _missing_block_reason(text: str, blocks: list[tuple[str, str]], finish_reason: str | None) -> str:
    if any(m.group(1).lower() in SHELL_LANGS for m in _OPEN_FENCE.finditer(text)):
        cut = " (the reply hit the output token limit)" if finish_reason == "length" else ""
        return f"the ```bash block is not closed with ```{cut}"
    if blocks:
        langs = ", ".join(sorted({f"```{lang}" for lang, _ in blocks}))
        return f"only ```bash blocks are run; the reply has {langs}"
    if not text.strip():
        return "the reply is empty"
    return "no ```bash block and no SUBMIT line found"


def _strip_prompts(body: str) -> str:
    """A console-style block ("$ ls") -> the commands."""
    lines = body.splitlines()
    nonempty = [line for line in lines if line.strip()]
    if nonempty and all(line.lstrip().startswith("$ ") for line in nonempty):
        return "\n".join(line.lstrip()[2:] if line.strip() else line for line in lines)
    return body
