"""One test-path rule for every package: the cases where localization and mining used to disagree."""

from __future__ import annotations

import pytest

from swegauge.mining.classify import is_test_path as mining_rule
from swegauge.solvers.localize import is_test_path as localize_rule
from swegauge.tasks.testpaths import is_test_path

# Where the two old rules disagreed (localize said one thing, mining the other), and what holds now.
DISAGREED = {
    "pkg/foo_tests.py": True,          # *_tests.py: localize yes, mining no
    "e2e/login.py": True,              # e2e/: localize yes, mining no
    "Tests/FooKit/Parser.swift": True,  # a test directory in another case: localize yes, mining no
    "web/__mocks__/api.js": True,      # jest's __mocks__/: localize yes, mining no
    "app/fixtures/users.py": True,     # fixtures/: localize yes, mining no
    "src/ParserSpec.groovy": True,     # Spock: localize yes, mining no
    "src/ParserTests.cs": True,        # .NET: localize yes, mining no
    "lib/parser_spec.rb": True,        # RSpec: localize yes, mining no
    "src/ParserTest.php": True,        # PHPUnit: localize yes, mining no
    "src/parser_test.rs": True,        # rust: localize yes, mining no
    "src/parser_test.h": True,         # C/C++ test header: localize yes, mining no
    "src/tests.rs": True,              # rust's #[cfg(test)] module file: neither said so; the starter suite does
}
SAME = {
    "tests/test_a.py": True, "test_a.py": True, "conftest.py": True, "a/b_test.go": True,
    "src/x.test.ts": True, "src/x.spec.mjs": True, "src/test/java/org/Foo.java": True, "FooIT.kt": True,
    "testdata/golden.txt": True, "src/foo_unittest.cpp": True, "test_parse.c": True,
    "src/contest.py": False, "testing.py": False, "attest/run.py": False, "src/testutils.go": False,
    "latest.py": False, "src/Testament.java": False, "README.md": False, "": False,
}


@pytest.mark.parametrize("path", sorted(DISAGREED))
def test_the_cases_the_old_rules_disagreed_on(path: str) -> None:
    assert is_test_path(path) is DISAGREED[path]


@pytest.mark.parametrize("path", sorted(SAME))
def test_common_conventions(path: str) -> None:
    assert is_test_path(path) is SAME[path]


def test_localization_and_mining_use_the_one_rule() -> None:
    assert localize_rule is is_test_path and mining_rule is is_test_path
