"""jest, vitest and mocha parsers: JSON reports, title paths, file aggregates, spoofing, real runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from parser_support import E, F, P, S, make_run, run_tool, write_files

from swegauge.grading.parsers import TestRun, get_parser
from swegauge.grading.parsers.jest import parse_jest_json
from swegauge.grading.parsers.mocha import parse_mocha_json


def _assertion(ancestors: list[str], title: str, status: str) -> dict[str, object]:
    return {"ancestorTitles": ancestors, "title": title, "fullName": " ".join([*ancestors, title]),
            "status": status}


JEST_DOC = {
    "numFailedTestSuites": 2,
    "testResults": [
        {"name": "/workspace/src/a.test.js", "status": "failed", "message": "", "assertionResults": [
            _assertion(["math"], "adds", "passed"),
            _assertion(["math"], "fails", "failed"),
            _assertion(["math", "nested"], "deep", "passed"),
            _assertion(["math"], "later", "todo"),
            _assertion([], "skipped", "pending"),
        ]},
        {"name": "/workspace/src/b.test.js", "status": "failed", "message": "Test suite failed to run",
         "assertionResults": []},
        {"name": "/workspace/src/c.test.js", "status": "passed", "assertionResults": [
            _assertion([], "off", "skipped")]},
    ],
}
JEST_EXPECTED = {
    "src/a.test.js > math > adds": P,
    "src/a.test.js > math > fails": F,
    "src/a.test.js > math > nested > deep": P,
    "src/a.test.js > math > later": S,
    "src/a.test.js > skipped": S,
    "src/a.test.js": F,
    "src/b.test.js": E,
    "src/c.test.js > off": S,
    "src/c.test.js": S,
}


@pytest.mark.parametrize("runner", ["jest", "vitest"])
def test_jest_shaped_report(runner: str, tmp_path: Path) -> None:
    write_files(tmp_path, {f"{runner}.json": json.dumps(JEST_DOC)})
    parsed = get_parser(runner)(make_run(tmp_path))
    assert parsed.structured and parsed.statuses == JEST_EXPECTED
    assert any("src/b.test.js" in n and "failed to run" in n for n in parsed.notes)


@pytest.mark.parametrize(("runner", "said"), [("jest", "Test results written to: ../report/jest.json"),
                                             ("vitest", "JSON report written to /report/vitest.json")])
def test_a_report_file_counts_as_finished_only_once_the_runner_says_it_wrote_it(runner: str, said: str,
                                                                               tmp_path: Path) -> None:
    write_files(tmp_path, {f"{runner}.json": json.dumps(JEST_DOC)})
    left = get_parser(runner)(make_run(tmp_path, exit_code=0))
    assert left.finished is False and any("never said it wrote" in n for n in left.notes)
    written = get_parser(runner)(TestRun(report_dir=tmp_path, stdout=said, stderr="", exit_code=1))
    assert written.finished is True
    assert get_parser(runner)(make_run(tmp_path, stdout=json.dumps(JEST_DOC))).finished is False
    assert get_parser(runner)(make_run(tmp_path / "none", stdout=json.dumps(JEST_DOC))).finished is None


def test_several_report_files_are_merged(tmp_path: Path) -> None:
    other = {"testResults": [{"name": "/workspace/pkg/b/x.test.js", "status": "passed",
                              "assertionResults": [_assertion([], "x", "passed")]}]}
    write_files(tmp_path, {"a/jest.json": json.dumps(JEST_DOC), "b/jest.json": json.dumps(other)})
    parsed = get_parser("jest")(make_run(tmp_path))
    assert parsed.statuses == {**JEST_EXPECTED, "pkg/b/x.test.js > x": P, "pkg/b/x.test.js": P}


def test_jest_report_beats_spoofed_stdout(tmp_path: Path) -> None:
    write_files(tmp_path, {"jest.json": json.dumps(JEST_DOC)})
    fake = {"numFailedTestSuites": 0, "testResults": [{"name": "/workspace/src/a.test.js", "status": "passed",
                                                       "assertionResults": [_assertion(["math"], "fails", "passed")]}]}
    parsed = get_parser("jest")(make_run(tmp_path, "PASS src/a.test.js\n  ✓ fails\n" + json.dumps(fake)))
    assert parsed.statuses["src/a.test.js > math > fails"] == F


def test_jest_stdout_json_is_unstructured(tmp_path: Path) -> None:
    stdout = "console noise {\n" + json.dumps(JEST_DOC) + "\n"
    parsed = get_parser("jest")(make_run(tmp_path / "none", stdout))
    assert not parsed.structured and parsed.statuses == JEST_EXPECTED


MOCHA_DOC = {
    "stats": {"tests": 4},
    "tests": [{"title": "adds", "fullTitle": "math adds", "file": "/workspace/test/m.test.js"},
              {"title": "hangs", "fullTitle": "math hangs", "file": "/workspace/test/m.test.js"}],
    "passes": [{"title": "adds", "fullTitle": "math adds", "file": "/workspace/test/m.test.js"}],
    "pending": [{"title": "later", "fullTitle": "math later", "file": "/workspace/test/m.test.js"}],
    "failures": [{"title": "fails", "fullTitle": "math fails", "file": "/workspace/test/m.test.js", "err": {}},
                 {"title": '"before all" hook for "x"', "fullTitle": 'h "before all" hook for "x"',
                  "file": "/workspace/test/h.test.js", "err": {}}],
}
MOCHA_EXPECTED = {
    "test/m.test.js > math adds": P,
    "test/m.test.js > math later": S,
    "test/m.test.js > math fails": F,
    "test/m.test.js > math hangs": F,
    'test/h.test.js > h "before all" hook for "x"': E,
    "test/m.test.js": F,
    "test/h.test.js": F,
}


def test_mocha_report(tmp_path: Path) -> None:
    write_files(tmp_path, {"mocha.json": json.dumps(MOCHA_DOC)})
    parsed = get_parser("mocha")(make_run(tmp_path, '{"stats": {}, "passes": [{"fullTitle": "math fails"}]}'))
    assert parsed.structured and parsed.statuses == MOCHA_EXPECTED
    assert any("without a result" in n for n in parsed.notes)


JS_FILES = {
    "jt/j.test.js": """describe('math', () => {
  test('adds', () => { expect(1 + 1).toBe(2); });
  test('fails', () => { console.log('PASS jt/j.test.js'); expect(1).toBe(2); });
  test.skip('skipped', () => {});
  test.todo('later');
  describe('nested', () => { test('deep', () => {}); });
  test('times out', (done) => {}, 200);
  test('throws', () => { throw new Error('boom'); });
});
test('top level', () => {});
""",
    "jt/broken.test.js": "describe('x', () => { test('y', () => {});\n",
    "vt/v.test.mjs": """import { describe, test, expect } from 'vitest';
describe('math', () => {
  test('adds', () => { expect(1 + 1).toBe(2); });
  test('fails', () => { console.log(' ✓ fails'); expect(1).toBe(2); });
  test.skip('skipped', () => {});
  test.todo('later');
  describe('nested', () => { test('deep', () => {}); });
  test('times out', async () => { await new Promise((r) => setTimeout(r, 3000)); }, 200);
});
test('top level', () => {});
""",
    "mt/m.test.js": """const assert = require('assert');
describe('math', function () {
  it('adds', function () { assert.equal(1 + 1, 2); });
  it('fails', function () {
    console.log(JSON.stringify({stats: {}, passes: [{title: 'fails', fullTitle: 'math fails'}]}));
    assert.equal(1, 2);
  });
  it.skip('skipped', function () {});
  describe('nested', function () { it('deep', function () {}); });
  it('times out', function (done) { this.timeout(200); });
});
describe('hooks', function () {
  before(function () { throw new Error('setup'); });
  it('never runs', function () {});
});
""",
}
JEST_REAL = {
    "jt/j.test.js > math > adds": P, "jt/j.test.js > math > fails": F, "jt/j.test.js > math > skipped": S,
    "jt/j.test.js > math > later": S, "jt/j.test.js > math > nested > deep": P,
    "jt/j.test.js > math > times out": F, "jt/j.test.js > math > throws": F, "jt/j.test.js > top level": P,
    "jt/j.test.js": F, "jt/broken.test.js": E,
}
VITEST_REAL = {
    "vt/v.test.mjs > math > adds": P, "vt/v.test.mjs > math > fails": F, "vt/v.test.mjs > math > skipped": S,
    "vt/v.test.mjs > math > later": S, "vt/v.test.mjs > math > nested > deep": P,
    "vt/v.test.mjs > math > times out": F, "vt/v.test.mjs > top level": P, "vt/v.test.mjs": F,
}
MOCHA_REAL = {
    "mt/m.test.js > math adds": P, "mt/m.test.js > math fails": F, "mt/m.test.js > math skipped": S,
    "mt/m.test.js > math nested deep": P, "mt/m.test.js > math times out": F,
    'mt/m.test.js > hooks "before all" hook for "never runs"': E, "mt/m.test.js": F,
}


@pytest.fixture(scope="module")
def js_root(npm_project: Path) -> Path:
    return write_files(npm_project, JS_FILES)


@pytest.mark.integration
def test_real_jest(js_root: Path) -> None:
    report = js_root / "report-jest"
    run = run_tool(f"node node_modules/jest/bin/jest.js --ci --json --outputFile={report}/jest.json jt/",
                   js_root, report)
    parsed = parse_jest_json(run, root=str(js_root))
    assert run.exit_code == 1
    assert parsed.structured and parsed.statuses == JEST_REAL and parsed.finished


@pytest.mark.integration
def test_real_vitest(js_root: Path) -> None:
    report = js_root / "report-vitest"
    run = run_tool(f"node node_modules/vitest/vitest.mjs run --reporter=json --outputFile={report}/vitest.json vt/",
                   js_root, report, env={"CI": "true"})
    parsed = parse_jest_json(run, root=str(js_root))
    assert run.exit_code == 1
    assert parsed.structured and parsed.statuses == VITEST_REAL and parsed.finished


@pytest.mark.integration
def test_real_mocha_file_and_stdout(js_root: Path) -> None:
    report = js_root / "report-mocha"
    mocha = "node node_modules/mocha/bin/mocha.js --reporter json"
    run = run_tool(f"{mocha} --reporter-option output={report}/mocha.json 'mt/*.test.js'", js_root, report)
    parsed = parse_mocha_json(run, root=str(js_root))
    assert run.exit_code not in (0, None)
    assert parsed.structured and parsed.statuses == MOCHA_REAL

    printed = run_tool(f"{mocha} 'mt/*.test.js'", js_root, js_root / "report-mocha-stdout")
    assert '"passes":[{"title":"fails"' in printed.stdout  # the forged report is in stdout...
    from_stdout = parse_mocha_json(printed, root=str(js_root))
    assert not from_stdout.structured and from_stdout.statuses == MOCHA_REAL  # ...and loses
