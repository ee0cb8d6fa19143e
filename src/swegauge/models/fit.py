"""Fitting a conversation into a context window.

``fit_messages`` keeps every message and trims only the *middle* of the largest user-content
blocks (``user`` and ``tool`` messages by default), on line boundaries, leaving an explicit
marker in place of what was cut. The largest block is shortened first, down to the size of the
next largest, and so on, so one huge file does not crowd out everything else. It never cuts a
block at its end, never touches system or assistant turns, and raises ContextWindowError when
even the fully trimmed conversation does not fit.

Token counts are approximate by default (``len(text) / 3.5``, rounded up); pass
``count_tokens`` to use a real tokenizer (see ``server_token_counter`` in embedded.py).
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from swegauge.models.errors import ContextWindowError

TokenCounter = Callable[[str], int]
CHARS_PER_TOKEN = 3.5
MESSAGE_OVERHEAD = 4  # role and separators per message, as chat templates add them
MARKER = "[... {lines} lines (~{tokens} tokens) trimmed from the middle to fit the context window ...]"
_LONG_LINE = 2000  # lines longer than this are split into chunks that can be trimmed too


def approx_tokens(text: str) -> int:
    """chars / 3.5, rounded up: a slight over-estimate for code and English prose."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def message_tokens(message: dict[str, Any], count_tokens: TokenCounter = approx_tokens) -> int:
    total = MESSAGE_OVERHEAD
    content = message.get("content")
    if isinstance(content, str):
        total += count_tokens(content)
    elif isinstance(content, list):
        for part in content:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                total += count_tokens(part["text"])
    if message.get("tool_calls"):
        total += count_tokens(json.dumps(message["tool_calls"], ensure_ascii=False))
    return total


def conversation_tokens(
    messages: Sequence[dict[str, Any]],
    count_tokens: TokenCounter = approx_tokens,
    *,
    tools: list[dict[str, Any]] | None = None,
) -> int:
    total = sum(message_tokens(m, count_tokens) for m in messages)
    if tools:
        total += count_tokens(json.dumps(tools, ensure_ascii=False))
    return total


@dataclass
class _Block:
    """One trimmable text: a message's string content, or one text part of it."""

    index: int
    part: int | None
    segments: list[str]
    keep: int  # segments kept at each end, at least
    removed: int = 0
    tokens: int = 0
    exhausted: bool = False

    def render(self, removed: int, count_tokens: TokenCounter) -> str:
        if removed <= 0:
            return "".join(self.segments)
        n = len(self.segments)
        start = (n - removed) // 2
        cut = self.segments[start:start + removed]
        head = "".join(self.segments[:start])
        tail = "".join(self.segments[start + removed:])
        lines = sum(s.count("\n") for s in cut) or 1
        marker = MARKER.format(lines=lines, tokens=count_tokens("".join(cut)))
        sep = "" if not head or head.endswith("\n") else "\n"
        return f"{head}{sep}{marker}\n{tail}"

    @property
    def max_removed(self) -> int:
        return max(0, len(self.segments) - 2 * self.keep)


def _segments(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        while len(line) > _LONG_LINE:
            cut = line.rfind(" ", _LONG_LINE // 2, _LONG_LINE) + 1 or _LONG_LINE
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def _blocks(messages: list[dict[str, Any]], roles: tuple[str, ...], keep: int) -> list[_Block]:
    blocks: list[_Block] = []
    for i, message in enumerate(messages):
        if message.get("role") not in roles:
            continue
        content = message.get("content")
        if isinstance(content, str):
            blocks.append(_Block(i, None, _segments(content), keep))
        elif isinstance(content, list):
            for j, part in enumerate(content):
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    blocks.append(_Block(i, j, _segments(part["text"]), keep))
    return blocks


def _water_level(sizes: list[int], excess: int) -> int:
    """The level L (tokens) such that cutting every block above L down to L sheds ``excess``."""
    prefix = 0
    for i, size in enumerate(sizes):
        prefix += size
        below = sizes[i + 1] if i + 1 < len(sizes) else 0
        if prefix - (i + 1) * below >= excess:
            return max(0, math.floor((prefix - excess) / (i + 1)))
    return 0


def _shrink(block: _Block, target: int, count_tokens: TokenCounter) -> int:
    """Fewest segments to remove so the block's text counts <= target tokens (binary search)."""
    lo, hi = block.removed + 1, block.max_removed
    if lo > hi:
        return block.removed
    if count_tokens(block.render(hi, count_tokens)) > target:
        return hi
    while lo < hi:
        mid = (lo + hi) // 2
        if count_tokens(block.render(mid, count_tokens)) <= target:
            hi = mid
        else:
            lo = mid + 1
    return lo


def fit_messages(
    messages: Sequence[dict[str, Any]],
    context_window: int,
    max_tokens: int,
    count_tokens: TokenCounter = approx_tokens,
    *,
    tools: list[dict[str, Any]] | None = None,
    roles: tuple[str, ...] = ("user", "tool"),
    keep_lines: int = 5,
    margin_tokens: int = 16,
) -> list[dict[str, Any]]:
    """A copy of ``messages`` that fits ``context_window`` with ``max_tokens`` left to answer.

    Raises ContextWindowError when even the fully trimmed conversation does not fit.
    """
    budget = context_window - max_tokens - margin_tokens
    if budget <= 0:
        raise ContextWindowError(
            f"max_tokens={max_tokens} leaves no room for a prompt in a {context_window}-token window",
            needed_tokens=max_tokens + margin_tokens, context_window=context_window)
    out = copy.deepcopy(list(messages))
    total = conversation_tokens(out, count_tokens, tools=tools)
    if total <= budget:
        return out
    blocks = _blocks(out, roles, keep_lines)
    for block in blocks:
        block.tokens = count_tokens(block.render(0, count_tokens))
        block.exhausted = block.max_removed == 0
    while total > budget:
        live = sorted((b for b in blocks if not b.exhausted), key=lambda b: -b.tokens)
        if not live:
            raise ContextWindowError(
                f"the conversation needs ~{total} tokens even with its user content trimmed; "
                f"the budget is {budget} ({context_window} window - {max_tokens} max_tokens - "
                f"{margin_tokens} margin)", needed_tokens=total + max_tokens + margin_tokens,
                context_window=context_window)
        big = live[0]
        target = _water_level([b.tokens for b in live], total - budget)
        removed = _shrink(big, target, count_tokens)
        new_tokens = count_tokens(big.render(removed, count_tokens))
        if removed <= big.removed or new_tokens >= big.tokens:
            big.exhausted = True  # cannot get smaller on line boundaries
            continue
        total += new_tokens - big.tokens
        big.removed, big.tokens = removed, new_tokens
        big.exhausted = removed >= big.max_removed
        _write_back(out, big, count_tokens)
    return out


def _write_back(messages: list[dict[str, Any]], block: _Block, count_tokens: TokenCounter) -> None:
    text = block.render(block.removed, count_tokens)
    if block.part is None:
        messages[block.index]["content"] = text
    else:
        messages[block.index]["content"][block.part]["text"] = text
