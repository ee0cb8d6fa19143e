"""fit_messages: trims the middle of the largest user blocks on line boundaries, with a marker."""

from __future__ import annotations

import pytest

from swegauge.models import ContextWindowError, approx_tokens, fit_messages
from swegauge.models.fit import conversation_tokens


def numbered(prefix: str, n: int) -> str:
    return "".join(f"{prefix} line {i:05d} with some padding text\n" for i in range(n))


def test_small_conversation_is_returned_unchanged_as_a_copy() -> None:
    messages = [{"role": "system", "content": "sys"}, {"role": "user", "content": "hi"}]
    out = fit_messages(messages, 1000, 100)
    assert out == messages and out is not messages and out[0] is not messages[0]


def test_trims_the_middle_of_the_largest_user_block() -> None:
    big = numbered("file", 2000)
    messages = [
        {"role": "system", "content": "You fix bugs."},
        {"role": "user", "content": "short question"},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": big},
    ]
    out = fit_messages(messages, 4000, 1000)
    assert conversation_tokens(out) <= 4000 - 1000
    assert out[:3] == messages[:3]  # system, small user and assistant turns untouched
    text = out[3]["content"]
    assert text.startswith(big.splitlines(keepends=True)[0])  # the head is kept
    assert text.endswith(big.splitlines(keepends=True)[-1])  # and the tail: no blind end cut
    assert "trimmed from the middle to fit the context window" in text
    original = set(big.splitlines())
    kept = text.splitlines()
    markers = [line for line in kept if line not in original]
    assert len(markers) == 1 and markers[0].startswith("[... ")  # only whole lines + one marker
    n_removed = int(markers[0].split()[1])
    assert n_removed + len(kept) - 1 == 2000


def test_levels_the_largest_blocks_first() -> None:
    huge, large, small = numbered("a", 3000), numbered("b", 1200), numbered("c", 50)
    messages = [{"role": "user", "content": huge}, {"role": "tool", "tool_call_id": "1",
                 "content": large}, {"role": "user", "content": small}]
    out = fit_messages(messages, 30000, 2000)
    assert out[2]["content"] == small  # below the water level: untouched
    assert "trimmed" in out[0]["content"]
    assert conversation_tokens(out) <= 28000
    # the huge block was cut down towards the size of the next one, not below it by far
    assert approx_tokens(out[0]["content"]) >= approx_tokens(out[1]["content"]) * 0.9


def test_trimming_again_leaves_one_marker() -> None:
    messages = [{"role": "user", "content": numbered("x", 1000)}]
    once = fit_messages(messages, 6000, 1000)
    twice = fit_messages(once, 3000, 1000)
    assert twice[0]["content"].count("trimmed from the middle") == 1
    assert conversation_tokens(twice) <= 2000


def test_very_long_single_line_is_trimmed_in_chunks() -> None:
    blob = ("word " * 40000) + "END"
    out = fit_messages([{"role": "user", "content": blob}], 8000, 1000)
    text = out[0]["content"]
    assert text.startswith("word word") and text.endswith("END") and "trimmed" in text
    assert conversation_tokens(out) <= 7000


def test_list_content_text_parts_are_trimmed() -> None:
    messages = [{"role": "user", "content": [{"type": "text", "text": numbered("p", 3000)}]}]
    out = fit_messages(messages, 5000, 500)
    assert "trimmed" in out[0]["content"][0]["text"]
    assert conversation_tokens(out) <= 4500


def test_custom_token_counter() -> None:
    def words(text: str) -> int:
        return len(text.split())

    messages = [{"role": "user", "content": numbered("w", 500)}]  # 7 words a line
    out = fit_messages(messages, 1000, 200, words)
    assert conversation_tokens(out, words) <= 800


def test_tools_count_against_the_budget() -> None:
    tools = [{"type": "function", "function": {"name": "t", "description": "d" * 7000}}]
    messages = [{"role": "user", "content": numbered("q", 200)}]
    assert "trimmed" not in fit_messages(messages, 4000, 500)[0]["content"]
    assert "trimmed" in fit_messages(messages, 4000, 500, tools=tools)[0]["content"]


def test_raises_when_even_the_minimum_does_not_fit() -> None:
    messages = [{"role": "system", "content": "s" * 35000}, {"role": "user", "content": "x\n" * 100}]
    with pytest.raises(ContextWindowError) as info:
        fit_messages(messages, 4000, 1000)
    assert info.value.context_window == 4000 and (info.value.needed_tokens or 0) > 4000


def test_raises_when_max_tokens_fills_the_window() -> None:
    with pytest.raises(ContextWindowError, match="no room"):
        fit_messages([{"role": "user", "content": "hi"}], 1000, 1000)


def test_assistant_turns_are_never_trimmed() -> None:
    messages = [{"role": "assistant", "content": numbered("asst", 2000)}]
    with pytest.raises(ContextWindowError):
        fit_messages(messages, 4000, 1000)
