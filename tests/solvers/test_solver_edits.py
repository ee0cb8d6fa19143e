"""SEARCH/REPLACE parsing and application, git-made diffs, normalized forms."""

from __future__ import annotations

import subprocess
from pathlib import Path

from swegauge.envs.repos import git_env
from swegauge.solvers.diffs import make_diff, normalized_form
from swegauge.solvers.edits import EditBlock, apply_edits, clean_path, parse_edits
from tests.helpers import make_repo

SOURCE = "def f(x):\n    return x\n\n\ndef g(x):\n    return x\n"


def block(search: str, replace: str, path: str = "a.py") -> str:
    return f"### {path}\n<<<<<<< SEARCH\n{search}=======\n{replace}>>>>>>> REPLACE\n"


def test_parse_reads_blocks_under_their_paths_inside_fences():
    answer = ("Some reasoning about pkg/a.py first.\n```python\n" + block("x = 1\n", "x = 2\n", "pkg/a.py") + "```\n"
              "```python\n### `./pkg/b.py`\n<<<<<<< SEARCH\ny = 1\n=======\ny = 3\n>>>>>>> REPLACE\n```\n")
    parsed = parse_edits(answer)
    assert [(b.path, b.search, b.replace) for b in parsed.blocks] == [("pkg/a.py", "x = 1\n", "x = 2\n"),
                                                                       ("pkg/b.py", "y = 1\n", "y = 3\n")]
    assert parsed.malformed == []


def test_malformed_blocks_are_reported_not_guessed():
    answer = ("### a.py\n<<<<<<< SEARCH\nx = 1\n>>>>>>> REPLACE\n"           # no divider
              "<<<<<<< SEARCH\nx\n=======\ny\n=======\nz\n>>>>>>> REPLACE\n"  # two dividers
              "=======\n"                                                      # stray marker
              "<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n")                       # ends early
    parsed = parse_edits(answer)
    assert parsed.blocks == []
    reasons = [m.reason for m in parsed.malformed]
    assert any("without a ======= divider" in r for r in reasons)
    assert any("two ======= dividers" in r for r in reasons)
    assert any("stray marker" in r for r in reasons)
    assert any("ends before" in r for r in reasons)


def test_a_block_without_any_path_is_malformed():
    parsed = parse_edits("<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n")
    assert parsed.blocks == [] and "no file path" in parsed.malformed[0].reason


def test_crlf_answers_and_crlf_files_both_match():
    answer = block("def g(x):\n    return x\n", "def g(x):\n    return -x\n").replace("\n", "\r\n")
    crlf_file = SOURCE.replace("\n", "\r\n")
    result = apply_edits(parse_edits(answer).blocks, {"a.py": crlf_file})
    assert result.reports[0].status == "applied"
    assert result.files["a.py"] == crlf_file.replace("return x\r\n", "return -x\r\n", 2).replace(
        "def f(x):\r\n    return -x", "def f(x):\r\n    return x")


def test_no_match_and_multiple_matches_are_reported_and_nothing_changes():
    blocks = parse_edits(block("    return y\n", "    return 0\n") + block("    return x\n", "    return 0\n")).blocks
    result = apply_edits(blocks, {"a.py": SOURCE})
    assert [r.status for r in result.reports] == ["no_match", "ambiguous"]
    assert result.reports[1].matches == 2
    assert result.files == {}


def test_matches_are_whole_lines_not_substrings():
    text = "max = 1\nx = 1\n"
    result = apply_edits(parse_edits(block("x = 1\n", "x = 2\n")).blocks, {"a.py": text})
    assert result.reports[0].status == "applied" and result.files["a.py"] == "max = 1\nx = 2\n"


def test_trailing_whitespace_is_the_only_fallback():
    text = "def f(x):   \n    return x\n"
    answer = block("def f(x):\n    return x\n", "def f(x):\n    return 1\n")
    ok = apply_edits(parse_edits(answer).blocks, {"a.py": text})
    assert ok.reports[0].status == "whitespace" and ok.files["a.py"] == "def f(x):\n    return 1\n"
    indent = apply_edits(parse_edits(block("def f(x):\n  return x\n", "x\n")).blocks, {"a.py": text})
    assert indent.reports[0].status == "no_match"


def test_later_blocks_see_earlier_edits_and_unknown_files_are_reported():
    answer = block("def f(x):\n", "def h(x):\n") + block("def h(x):\n    return x\n", "def h(x):\n    return 2\n") + \
        block("z\n", "w\n", "missing.py")
    result = apply_edits(parse_edits(answer).blocks, {"a.py": SOURCE})
    assert [r.status for r in result.reports] == ["applied", "applied", "unknown_file"]
    assert result.files["a.py"].startswith("def h(x):\n    return 2\n")


def test_empty_search_creates_only_new_files():
    answer = block("", "print('hi')\n", "new.py") + block("", "boom\n", "a.py")
    result = apply_edits(parse_edits(answer).blocks, {"new.py": None, "a.py": SOURCE})
    assert [r.status for r in result.reports] == ["created", "exists"]
    assert result.files == {"new.py": "print('hi')\n"}


def test_the_last_line_without_newline_stays_without():
    result = apply_edits([EditBlock(0, "a.py", "y = 2\n", "y = 3\n")], {"a.py": "x = 1\ny = 2"})
    assert result.files["a.py"] == "x = 1\ny = 3"


def test_clean_path_reads_headers_and_refuses_prose():
    assert clean_path("### `./src/a.py`:") == "src/a.py"
    assert clean_path("### Makefile") == "Makefile"
    assert clean_path("Done.") is None and clean_path("I will edit a.py now") is None


def _git_apply_check(repo: Path, patch: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "apply", "--check", "-"], cwd=repo, input=patch, text=True, capture_output=True,
                          env=git_env())


def test_make_diff_applies_to_the_tree_and_keeps_modes(tmp_path):
    repo = make_repo(tmp_path / "r", {"pkg/a.py": SOURCE, "run.sh": "echo hi\n", "gone.txt": "bye\n"})
    (repo / "run.sh").chmod(0o755)
    subprocess.run(["git", "commit", "-qam", "mode"], cwd=repo, env=git_env(), check=True)
    patch = make_diff(repo, {"pkg/a.py": SOURCE.replace("return x\n", "return 1\n", 1), "run.sh": "echo bye\n",
                             "new/b.py": "b = 1\n", "gone.txt": None})
    assert "--- a/pkg/a.py" in patch and "new file mode" in patch and "deleted file mode" in patch
    assert "old mode" not in patch  # run.sh stays executable
    assert _git_apply_check(repo, patch).returncode == 0
    assert make_diff(repo, {"pkg/a.py": SOURCE}) == ""


def test_make_diff_refuses_paths_outside_the_tree(tmp_path):
    repo = make_repo(tmp_path / "r", {"a.py": SOURCE})
    try:
        make_diff(repo, {"../evil.py": "x"})
    except Exception as err:  # noqa: BLE001
        assert "outside" in str(err)
    else:
        raise AssertionError("expected a refusal")


def test_normalized_form_ignores_whitespace_comments_and_placement(tmp_path):
    repo = make_repo(tmp_path / "r", {"a.py": SOURCE})
    one = make_diff(repo, {"a.py": SOURCE.replace("def g(x):\n    return x", "def g(x):\n    return  -x")})
    two = make_diff(repo, {"a.py": SOURCE.replace("def g(x):\n    return x", "def g(x):\n    return -x  # negate")})
    other = make_diff(repo, {"a.py": SOURCE.replace("def g(x):\n    return x", "def g(x):\n    return x + 1")})
    assert normalized_form(one) == normalized_form(two) != normalized_form(other)
    assert normalized_form("") == "empty"
