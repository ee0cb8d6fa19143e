"""The harness's must-fail sentinel: planted only where a run names its files, judged on the results."""

from __future__ import annotations

import os

from swegauge.grading.parsers import ParsedTests, TestStatus
from swegauge.grading.sentinel import judge, plant, title_for

SECRET = "ab12" * 8


def test_planted_beside_the_first_target_with_a_secret_name(tmp_path):
    (tmp_path / "test").mkdir()
    rel = plant(tmp_path, parser="mocha", test_command="mocha {tests}", targets=["test/a.test.js"], secret=SECRET)
    assert rel == f"test/zz-swegauge-sentinel-{SECRET[:12]}.test.mjs"
    assert title_for(SECRET) in (tmp_path / rel).read_text()
    assert plant(tmp_path, parser="mocha", test_command="mocha test/", targets=["test/a.test.js"], secret=SECRET) is None
    assert plant(tmp_path, parser="go", test_command="go test {tests}", targets=["x_test.go"], secret=SECRET) is None


def test_never_planted_through_a_link_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "ws"
    root.mkdir()
    os.symlink(outside, root / "test")
    assert plant(root, parser="vitest", test_command="vitest run {tests}", targets=["test/a.test.ts"],
                 secret=SECRET) is None
    assert list(outside.iterdir()) == []


def test_a_passing_or_missing_sentinel_makes_the_results_untrusted():
    name = f"test/z.test.mjs > {title_for(SECRET)}"
    real = {"test/a.test.js > works": TestStatus.PASSED}
    failed = judge(ParsedTests(statuses={**real, name: TestStatus.FAILED}, structured=True), secret=SECRET)
    assert failed.untrusted == []
    passed = judge(ParsedTests(statuses={**real, name: TestStatus.PASSED}, structured=True), secret=SECRET)
    assert "sentinel test passed" in passed.untrusted[0]
    missing = judge(ParsedTests(statuses=real, structured=True), secret=SECRET)
    assert "missing" in missing.untrusted[0]
    assert judge(ParsedTests(statuses={}, structured=True), secret=SECRET).untrusted == []


def test_the_sentinel_is_known_by_its_title_or_its_file(tmp_path):
    from swegauge.grading.sentinel import is_sentinel

    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "a.test.mjs").write_text("")
    rel = plant(tmp_path, parser="node-test", test_command="node --test {tests}", targets=["test/a.test.mjs"],
                secret=SECRET)
    assert rel is not None and is_sentinel(rel) and is_sentinel(f"test/a.test.mjs > {title_for(SECRET)}")
    assert not is_sentinel("test/a.test.mjs > parses a sentinel value")
