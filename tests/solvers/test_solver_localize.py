"""Test-file conventions, listings and fuzzy path matching."""

from __future__ import annotations

import pytest

from swegauge.solvers.localize import (is_test_path, listing_for_tests, match_path, match_paths, mentioned_paths,
                                       source_listing)
from tests.helpers import make_repo

KNOWN = ["tinyconf/parser.py", "tinyconf/config.py", "tinyconf/errors.py", "src/util/strings.go", "lib/index.js"]


@pytest.mark.parametrize("path", [
    "tests/test_parser.py", "pkg/test_x.py", "x_test.py", "conftest.py", "sub/x_test.go", "src/a.test.ts",
    "web/b.spec.js", "src/test/java/FooTest.java", "spec/models/user_spec.rb", "tests/integration.rs",
    "src/__tests__/a.js", "lib/foo_unittest.cc", "testdata/input.txt"])
def test_test_files_are_recognised_in_every_language(path):
    assert is_test_path(path)


@pytest.mark.parametrize("path", ["tinyconf/parser.py", "src/latest.py", "contest/main.go", "src/lib.rs",
                                  "src/Attestation.java", "lib/index.js"])
def test_source_files_are_not_tests(path):
    assert not is_test_path(path)


def test_listings_hide_tests_from_the_fixer_and_show_tests_to_the_writer(tmp_path):
    repo = make_repo(tmp_path / "r", {"pkg/a.py": "", "pkg/b.go": "", "pkg/b_test.go": "", "tests/test_a.py": "",
                                      "README.md": "", "logo.png": ""})
    listing, hidden = source_listing(repo)
    assert listing == ["pkg/a.py", "pkg/b.go"] and hidden == 2
    assert listing_for_tests(repo) == ["pkg/b_test.go", "tests/test_a.py"]


def test_match_is_exact_then_suffix_then_fuzzy_then_none():
    assert match_path("tinyconf/parser.py", KNOWN).how == "exact"
    assert match_path("a/tinyconf/parser.py", KNOWN).path == "tinyconf/parser.py"
    suffix = match_path("parser.py", KNOWN)
    assert (suffix.how, suffix.path) == ("suffix", "tinyconf/parser.py")
    fuzzy = match_path("tinyconf/parse.py", KNOWN)
    assert (fuzzy.how, fuzzy.path) == ("fuzzy", "tinyconf/parser.py") and 0.75 <= fuzzy.ratio < 1
    assert match_path("django/db/models.py", KNOWN).path is None


def test_match_paths_reads_lists_bullets_and_fences_keeping_order_and_limit():
    answer = "```\n1. `tinyconf/config.py`\n- tinyconf/parser.py\n* tinyconf/parser.py\nsrc/util/strings.go\n```\n" \
             "Also see https://example.com/x.py and lib/index.js"
    assert mentioned_paths(answer)[:2] == ["tinyconf/config.py", "tinyconf/parser.py"]
    chosen, matches = match_paths(answer, KNOWN, limit=3)
    assert chosen == ["tinyconf/config.py", "tinyconf/parser.py", "src/util/strings.go"]
    assert all(m.path for m in matches)


def test_at_most_five_files_are_localized():
    known = [f"pkg/m{i}.py" for i in range(8)]
    chosen, _ = match_paths("\n".join(known), known, limit=5)
    assert chosen == known[:5]
