from __future__ import annotations

from datetime import datetime, timezone

import pytest

from swegauge.mining.classify import is_test_path, screen
from swegauge.mining.history import Change, FileChange


@pytest.mark.parametrize("path", [
    "tests/test_a.py", "pkg/tests/helpers.py", "test_a.py", "a_test.py", "conftest.py", "x/y_test.go",
    "src/a.test.ts", "web/b.spec.jsx", "src/test/java/com/x/FooTest.java", "FooTests.java", "tests/it.rs",
    "__tests__/x.js", "lib/foo_unittest.cc",
])
def test_test_paths(path):
    assert is_test_path(path)


@pytest.mark.parametrize("path", ["src/app.py", "pkg/testing_utils_notreally.py", "contest.py", "src/main/java/Foo.java",
                                  "lib/attest.go", "latest.js"])
def test_source_paths(path):
    assert not is_test_path(path)


def _change(*files: FileChange) -> Change:
    return Change(change_id="c", base="a", head="b", subject="s", body="", kind="commit",
                  author_date=datetime(2024, 1, 1, tzinfo=timezone.utc), files=files)


def test_screen_keeps_source_plus_tests_and_names_every_rejection():
    kept = screen(_change(FileChange(path="src/a.py", added=3, removed=1), FileChange(path="tests/test_a.py", added=9, removed=0),
                          FileChange(path="README.md", added=1, removed=0)))
    assert kept.kept and kept.source_files == ("src/a.py",) and kept.other_files == ("README.md",)
    assert screen(_change(FileChange(path="tests/test_a.py", added=1, removed=0))).reason.startswith("no source")
    assert screen(_change(FileChange(path="src/a.py", added=1, removed=0))).reason.startswith("no test files")
    assert screen(_change(FileChange(path="vendor/x/a.py", added=1, removed=0))).reason.startswith("only vendored")
    renamed = screen(_change(FileChange(path="src/b.py", added=0, removed=0, renamed_from="src/a.py")))
    assert renamed.reason == "pure renames"
    binary = screen(_change(*[FileChange(path=f"img{i}.png", added=None, removed=None) for i in range(5)]))
    assert "binary" in binary.reason
    huge = screen(_change(FileChange(path="src/a.py", added=9000, removed=0), FileChange(path="tests/t.py", added=1, removed=0)))
    assert "huge diff" in huge.reason
