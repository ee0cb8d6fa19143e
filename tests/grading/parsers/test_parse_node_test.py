"""node-test parser: node's JUnit XML and TAP, suites, file failures, spoofing, a real `node --test`."""

from __future__ import annotations

from pathlib import Path

import pytest
from parser_support import F, P, S, make_run, needs, run_tool, write_files

from swegauge.grading.parsers import get_parser
from swegauge.grading.parsers.node_test import parse_node_test_report

parse = get_parser("node-test")

XML = """<?xml version="1.0" encoding="utf-8"?>
<testsuites>
  <testcase name="top pass" time="0.005" classname="test"/>
  <testcase name="top fail" time="0.004" classname="test" failure="1 == 2">
    <failure type="testCodeFailure" message="1 == 2"/></testcase>
  <testcase name="todo one" classname="test"><skipped type="todo" message="true"/></testcase>
  <testsuite name="suite" tests="2" failures="1">
    <testcase name="inner pass" classname="test"/>
    <testsuite name="deeper" tests="1" failures="1">
      <testcase name="inner fail" classname="test" failure="x"><failure type="testCodeFailure" message="x"/></testcase>
    </testsuite>
  </testsuite>
  <testcase name="/workspace/test/c.test.js" classname="test" failure="test failed">
    <failure message="test failed"/></testcase>
</testsuites>"""
EXPECTED = {"top pass": P, "top fail": F, "todo one": S, "suite > inner pass": P, "suite > deeper > inner fail": F,
            "test/c.test.js": F}

TAP = """TAP version 13
# ok 1 - top fail
# Subtest: top pass
ok 1 - top pass
  ---
  duration_ms: 5.37
  ...
# Subtest: top fail
not ok 2 - top fail
  ---
  error: '1 == 2'
  ...
# Subtest: todo one
ok 3 - todo one # TODO
# Subtest: suite
    # Subtest: inner pass
    ok 1 - inner pass
    # Subtest: deeper
        # Subtest: inner fail
        not ok 1 - inner fail
        1..1
    not ok 2 - deeper
    1..2
not ok 4 - suite
# Subtest: /workspace/test/c.test.js
not ok 5 - /workspace/test/c.test.js
1..5
"""


def test_junit_xml(tmp_path: Path) -> None:
    write_files(tmp_path, {"node-test.xml": XML})
    parsed = parse(make_run(tmp_path))
    assert parsed.structured and parsed.statuses == EXPECTED


def test_tap_fallback(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path / "none", TAP))
    assert not parsed.structured and parsed.statuses == EXPECTED


def test_spoofed_tap_cannot_beat_the_report(tmp_path: Path) -> None:
    write_files(tmp_path, {"node-test.xml": XML})
    spoof = "ok 2 - top fail\nok 1 - inner fail\n"
    assert parse(make_run(tmp_path, spoof)).statuses["top fail"] == F


NODE_FILES = {
    "nt/a.test.js": """const test = require('node:test');
const assert = require('node:assert');
test('top pass', () => {});
test('top fail', () => {
  console.log('ok 2 - top fail');
  process.stdout.write('ok 2 - top fail\\n');
  assert.equal(1, 2);
});
test('skipped', { skip: 'nah' }, () => {});
test('todo one', { todo: true }, () => {});
test('times out', { timeout: 200 }, async () => { await new Promise(r => setTimeout(r, 2000)); });
test.describe('suite', () => {
  test.it('inner pass', () => {});
  test.describe('deeper', () => { test.it('inner fail', () => { throw new Error('x'); }); });
});
""",
    "nt/b.test.js": "const test = require('node:test');\ntest('b pass', () => {});\n",
    "nt/c.test.js": "syntax error here (\n",
}
REAL = {"top pass": P, "top fail": F, "skipped": S, "todo one": S, "times out": F, "suite > inner pass": P,
        "suite > deeper > inner fail": F, "b pass": P, "nt/c.test.js": F}


@pytest.fixture(scope="module")
def node_run(tmp_path_factory: pytest.TempPathFactory):
    root = write_files(tmp_path_factory.mktemp("nodeproj"), NODE_FILES)
    report = root / "report"
    command = ["node", "--test", "--test-reporter=junit", f"--test-reporter-destination={report}/node-test.xml",
               "--test-reporter=tap", "--test-reporter-destination=stdout",
               "nt/a.test.js", "nt/b.test.js", "nt/c.test.js"]
    return run_tool(command, root, report), root


@pytest.mark.integration
@needs("node")
def test_real_node_test_spec_fallback(node_run) -> None:
    _, root = node_run
    command = ["node", "--test", "--test-reporter=spec", "--test-reporter-destination=stdout",
               "nt/a.test.js", "nt/b.test.js", "nt/c.test.js"]
    run = run_tool(command, root, root / "report-spec")
    parsed = parse_node_test_report(run, root=str(root))
    assert not parsed.structured and parsed.statuses == REAL


@pytest.mark.integration
@needs("node")
def test_real_node_test_junit(node_run) -> None:
    run, root = node_run
    parsed = parse_node_test_report(run, root=str(root))
    assert run.exit_code == 1
    assert parsed.structured and parsed.statuses == REAL


@pytest.mark.integration
@needs("node")
def test_real_node_test_tap_fallback(node_run) -> None:
    run, root = node_run
    parsed = parse_node_test_report(run.model_copy(update={"report_dir": root / "nothing"}), root=str(root))
    assert not parsed.structured and parsed.statuses == REAL
