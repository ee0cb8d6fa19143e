"""Which paths of a repository are test code: one rule for every package (localization hides them from a
model, mining splits a change into fix and tests, the starter suite splits gold patch from test patch).

A path is a test path when a directory on it is a test directory (test, tests, __tests__, spec, specs,
testing, testdata, test_data, e2e, __mocks__, fixtures; any case), or when its file name follows a
language's test-file convention (test_*.py, *_test.py, *_tests.py, conftest.py, *_test.go, *.test.ts /
*.spec.js, FooTest.java / FooTests.cs / FooIT.kt / FooSpec.scala, *_spec.rb, FooTest.php, *_test.cc /
*_unittest.cpp / test_*.c, *_test.rs and Rust's tests.rs module, *_test.exs, *_test.dart, FooTests.swift).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

TEST_DIRS = frozenset({"test", "tests", "__tests__", "spec", "specs", "testing", "testdata", "test_data", "e2e",
                       "__mocks__", "fixtures"})
TEST_NAME = re.compile(
    r"""^(?:test_.+\.py|.+_tests?\.py|conftest\.py                     # python
        |.+_test\.go                                                     # go
        |.+\.(?:test|spec)\.[cm]?[jt]sx?                                 # javascript / typescript
        |.+(?:Test|Tests|IT|Spec)\.(?:java|kt|scala|groovy|cs)           # jvm, .net
        |.+_(?:spec|test)\.rb|test_.+\.rb                                # ruby
        |.+Test\.php                                                     # php
        |.+_(?:unit)?tests?\.(?:c|cc|cpp|cxx|h|hpp)|test_.+\.(?:c|cc|cpp|cxx)  # c, c++
        |.+_tests?\.rs|tests\.rs                                         # rust (tests.rs: a #[cfg(test)] module)
        |.+_test\.exs?|.+_test\.dart|.+Tests?\.swift                     # elixir, dart, swift
        )$""", re.VERBOSE)


def is_test_path(path: str) -> bool:
    """Whether `path` (repository-relative, '/'-separated) is test code by the rule above."""
    parts = PurePosixPath(path).parts
    if not parts:
        return False
    return any(part.lower() in TEST_DIRS for part in parts[:-1]) or bool(TEST_NAME.match(parts[-1]))
