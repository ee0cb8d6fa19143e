"""The agent's parts without a model: reading actions, the file editor on real git trees, output limits."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from swegauge.grading.apply import apply_patch
from swegauge.models import Completion, ToolCall
from swegauge.sandbox import fresh_workspace
from swegauge.solvers.agent_actions import actions_of, text_action, tool_call_action
from swegauge.solvers.agent_editor import run_editor
from swegauge.solvers.agent_sandbox import prepare_out, read_capped, record_changes, truncate
from tests.helpers import make_repo

# --- plain-text actions ---------------------------------------------------------------------------------


def test_one_bash_block_is_a_command():
    action = text_action("Let me look first.\n\n```bash\nls -la\ngrep -rn foo .\n```\n")
    assert action.tool == "bash" and action.args["command"] == "ls -la\ngrep -rn foo .\n"


@pytest.mark.parametrize("lang", ["sh", "shell", "", "console"])
def test_other_shell_fences_count_too(lang):
    action = text_action(f"```{lang}\n$ ls\n```")
    assert action.tool == "bash" and action.args["command"].strip() == "ls"


def test_submit_alone_finishes_and_a_command_wins_over_submit():
    assert text_action("All done.\n\nSUBMIT").tool == "submit"
    assert text_action("**SUBMIT**").tool == "submit"
    both = text_action("```bash\npytest -q\n```\nSUBMIT")
    assert both.tool == "bash" and "SUBMIT ignored" in both.note


@pytest.mark.parametrize(("reply", "reason"), [
    ("I think the bug is in parser.py.", "no ```bash block and no SUBMIT line"),
    ("```python\nprint(1)\n```", "only ```bash blocks are run"),
    ("```bash\nls\n```\n```bash\npwd\n```", "found 2 ```bash blocks"),
    ("```bash\nsed -i 's/a/b/' f.py", "not closed"),
    ("", "empty"),
    ("submit the fix later", "no ```bash block"),
])
def test_malformed_text_turns_are_format_errors(reply, reason):
    action = text_action(reply)
    assert action.tool == "format_error" and reason in action.error


def test_tool_calls_are_checked():
    good = tool_call_action(ToolCall(id="c1", name="bash", arguments=json.dumps({"command": "ls"})))
    assert good.tool == "bash" and good.call_id == "c1"
    assert tool_call_action(ToolCall(id="c", name="submit", arguments="")).tool == "submit"
    for name, arguments, reason in [("bash", "{not json", "not valid JSON"), ("bash", "{}", "needs a non-empty"),
                                    ("rm_rf", "{}", "unknown tool"), ("bash", "[1]", "JSON object"),
                                    ("str_replace_editor", '{"command": "delete", "path": "a"}', "one of view")]:
        action = tool_call_action(ToolCall(id="c2", name=name, arguments=arguments))
        assert action.tool == "format_error" and reason in action.error and action.call_id == "c2"


def test_a_turn_with_tool_calls_ignores_its_text():
    completion = Completion(model="m", text="```bash\nrm -rf /\n```", tool_calls=[
        ToolCall(id="a", name="bash", arguments='{"command": "ls"}'), ToolCall(id="b", name="submit", arguments="{}")])
    assert [(a.tool, a.call_id) for a in actions_of(completion)] == [("bash", "a"), ("submit", "b")]


# --- the editor ------------------------------------------------------------------------------------------

SOURCE = "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n"


@pytest.fixture
def tree(tmp_path):
    return make_repo(tmp_path / "repo", {"calc/ops.py": SOURCE, "README.md": "calc\n", "calc/__init__.py": ""})


def edit(tree, patch, **args):
    return run_editor(tree, patch, args, max_chars=5000)


def applied(tree, patch):
    with fresh_workspace(tree) as ws:
        assert apply_patch(ws, patch).applied
        return {p: (ws / p).read_text() for p in ("calc/ops.py", "calc/new.py") if (ws / p).exists()}


def test_edits_accumulate_in_the_patch(tree):
    result = edit(tree, "", command="str_replace", path="calc/ops.py", old_str="def add(a, b):\n    return a - b",
                  new_str="def add(a, b):\n    return a + b")
    assert "edited calc/ops.py" in result.observation and "return a + b" in result.observation
    result = edit(tree, result.patch, command="insert", path="/workspace/calc/ops.py", insert_line=0,
                  new_str="# arithmetic")
    result = edit(tree, result.patch, command="create", path="calc/new.py", file_text="X = 1\n")
    files = applied(tree, result.patch)
    assert files["calc/ops.py"].startswith("# arithmetic\ndef add(a, b):\n    return a + b\n")
    assert files["calc/new.py"] == "X = 1\n"
    view = edit(tree, result.patch, command="view", path="calc/ops.py", view_range=[2, 3])
    assert view.patch == result.patch and "     2\tdef add(a, b):" in view.observation
    assert "     3\t    return a + b" in view.observation and "sub" not in view.observation


def test_a_same_size_rewrite_in_the_second_the_index_was_written_is_recorded(tmp_path):
    # entry at T.1 s, index at T.2 s, the rewrite (same size) at T.3 s: whole seconds all equal, so only git's
    # racy check (an entry no older than its index) makes it look at the content
    repo = tmp_path / "repo"
    repo.mkdir()
    t = 1_700_000_000 * 10**9
    (repo / "ops.py").write_text(SOURCE)
    os.utime(repo / "ops.py", ns=(t + 10**8, t + 10**8))
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "b"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    os.utime(repo / ".git" / "index", ns=(t + 2 * 10**8, t + 2 * 10**8))
    (repo / "ops.py").write_text(SOURCE.replace("return a - b", "return a + b", 1))
    os.utime(repo / "ops.py", ns=(t + 3 * 10**8, t + 3 * 10**8))
    patch, notes = record_changes(repo, prepare_out(tmp_path))
    assert patch is not None and "+    return a + b" in patch, notes


def test_str_replace_must_match_exactly_once(tree):
    twice = edit(tree, "", command="str_replace", path="calc/ops.py", old_str="return a - b", new_str="x")
    assert twice.patch == "" and "occurs 2 times" in twice.observation and "lines 2, 6" in twice.observation
    missing = edit(tree, "", command="str_replace", path="calc/ops.py", old_str="return a * b", new_str="x")
    assert missing.patch == "" and "not found" in missing.observation


@pytest.mark.parametrize("path", ["../outside.py", "/etc/passwd", ".git/config", "calc/../../x"])
def test_paths_outside_the_repository_are_refused(tree, path):
    result = edit(tree, "", command="create", path=path, file_text="x")
    assert result.observation.startswith("error:") and result.patch == ""


def test_a_symlink_out_of_the_repository_is_refused(tree, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("host secret\n")
    with fresh_workspace(tree) as ws:  # a patch that adds a symlink pointing out of the tree
        os.symlink(secret, ws / "leak")
        subprocess.run(["git", "-c", "safe.directory=*", "add", "-A"], cwd=ws, check=True)
        patch = subprocess.run(["git", "-c", "safe.directory=*", "diff", "--cached", "--binary"], cwd=ws,
                               check=True, capture_output=True, text=True).stdout
    for command in ({"command": "view"}, {"command": "create", "file_text": "pwned"}):
        result = edit(tree, patch, path="leak", **command)
        assert "outside the repository" in result.observation and "host secret" not in result.observation
    assert secret.read_text() == "host secret\n"


def test_view_lists_a_directory_and_numbers_lines(tree):
    listing = edit(tree, "", command="view", path=".")
    assert "calc/" in listing.observation and "calc/ops.py" in listing.observation
    assert ".git" not in listing.observation
    whole = edit(tree, "", command="view", path="calc/ops.py")
    assert "(lines 1-6 of 6)" in whole.observation and "     6\t    return a - b" in whole.observation
    bad = edit(tree, "", command="view", path="calc/ops.py", view_range=[9, 12])
    assert bad.observation.startswith("error:")


# --- output limits ---------------------------------------------------------------------------------------


def test_truncate_keeps_head_and_tail_with_a_marker():
    text = "".join(f"line {i}\n" for i in range(1000))
    cut = truncate(text, 400)
    assert cut.startswith("line 0\n") and cut.endswith("line 999\n")
    assert "characters" in cut and "cut from the middle" in cut and len(cut) < 600
    assert truncate("short", 400) == "short"


def test_read_capped_never_follows_links_or_reads_fifos(tmp_path):
    big = tmp_path / "out"
    big.write_bytes(b"a" * 5000 + b"b" * 5000)
    text = read_capped(big, 1000)
    assert text.startswith("a" * 500) and text.endswith("b" * 500) and "bytes cut" in text
    (tmp_path / "link").symlink_to(big)
    assert read_capped(tmp_path / "link", 1000) is None
    os.mkfifo(tmp_path / "fifo")
    assert read_capped(tmp_path / "fifo", 1000) is None
    assert read_capped(tmp_path / "missing", 1000) is None
