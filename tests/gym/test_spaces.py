"""Text inside the gym's spaces: escapes for characters outside the set, cuts for long text."""

from __future__ import annotations

from swegauge.gym.spaces import MAX_TEXT, issue_observation_space, text_space, to_space
from swegauge.gym.issue_env import parse_action, tokens_of


def test_text_outside_the_charset_is_escaped_not_dropped():
    text = "café ✓\x00bell\x07 tab\tnew\n"
    clean = to_space(text)
    assert text_space().contains(clean)
    assert "caf\\xe9" in clean and "\\u2713" in clean and "\\x00" in clean and "\\x07" in clean
    assert "tab\tnew\n" in clean


def test_long_text_keeps_head_and_tail_within_the_limit():
    text = "HEAD" + "x" * (MAX_TEXT * 2) + "TAIL"
    clean = to_space(text)
    assert len(clean) <= MAX_TEXT and clean.startswith("HEAD") and clean.endswith("TAIL") and "cut" in clean


def test_observation_space_has_the_documented_keys():
    assert set(issue_observation_space().spaces) == {"issue", "files", "metadata", "output", "diff"}


def test_actions_parse_in_json_and_text_forms():
    assert parse_action('{"tool": "bash", "command": "ls"}').tool == "bash"
    assert parse_action("```bash\nls -la\n```").args == {"command": "ls -la\n"}
    assert parse_action("SUBMIT").tool == "submit"
    assert parse_action('{"tool": "submit"}').tool == "submit"
    edit = parse_action('{"tool": "str_replace_editor", "command": "view", "path": "README.md"}')
    assert edit.tool == "str_replace_editor" and edit.args["path"] == "README.md"
    for bad in ('{"tool": "rm"}', '{"command": "ls"}', "{not json", "hello", '{"tool": "bash"}'):
        assert parse_action(bad).tool == "format_error", bad


def test_tokens_are_utf8_bytes_over_four_rounded_up():
    assert tokens_of("") == 0 and tokens_of("abcd") == 1 and tokens_of("abcde") == 2 and tokens_of("é") == 1
