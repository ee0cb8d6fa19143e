"""The harness's must-fail sentinels: where each runner gets them, and how the judge reads the results.
(The sentinels running for real: against attacks in tests/redteam, beside gold patches in
tests/tasks/test_starter*.py.)"""

from __future__ import annotations

import json
import os

from swegauge.grading.parsers import ParsedTests, TestRun, TestStatus
from swegauge.grading.sentinel import (
    GO_FILE_PREFIX,
    RUN_MOUNT,
    Planted,
    GO_EXEC,
    go_name,
    go_token,
    is_sentinel,
    judge,
    plant,
    title_for,
    without_sentinels,
)

SECRET = "ab12" * 8
P, F = TestStatus.PASSED, TestStatus.FAILED


def _plant(tmp_path, parser, command, targets, **kw):
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    return plant(tmp_path / "ws", parser=parser, test_command=command, targets=targets, secret=SECRET,
                 scratch=scratch, **kw)


def _ws(tmp_path, files: dict[str, str]):
    for rel, text in files.items():
        path = tmp_path / "ws" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "ws").mkdir(exist_ok=True)


def test_mocha_gets_a_file_beside_the_first_target(tmp_path):
    _ws(tmp_path, {"test/a.test.js": ""})
    planted = _plant(tmp_path, "mocha", "mocha {tests}", ["test/a.test.js"])
    assert planted.files == [f"test/zz-swegauge-sentinel-{SECRET[:12]}.test.mjs"]
    assert title_for(SECRET) in (tmp_path / "ws" / planted.files[0]).read_text()
    assert _plant(tmp_path, "mocha", "mocha test/", ["test/a.test.js"]) is None
    assert _plant(tmp_path, "cargo", "cargo test", []) is None


def test_node_test_gets_a_preload_in_every_process(tmp_path):
    _ws(tmp_path, {})
    planted = _plant(tmp_path, "node-test", "node --test {tests}", ["test/a.test.js"],
                     env={"NODE_OPTIONS": "--max-old-space-size=512"})
    assert planted.variables["NODE_OPTIONS"] == "--max-old-space-size=512 --import /harness/node/sentinel.mjs"
    assert planted.variables["SWEGAUGE_SENTINEL"] == SECRET and planted.units == ["test/a.test.js"]
    assert [m.target for m in planted.mounts] == ["/harness/node"] and not planted.mounts[0].writable
    assert planted.command == "node --test {tests}" and list((tmp_path / "ws").iterdir()) == []
    whole = _plant(tmp_path, "node-test", "node --test dist/test/*.test.js", ["test/a.test.ts"])
    assert whole.units == []  # the files that run are not the targets: at least one sentinel is still wanted


def test_vitest_gets_a_configuration_that_adds_the_setup_file(tmp_path):
    _ws(tmp_path, {"vite.config.ts": "export default {}\n", "vitest.config.mts": "export default {}\n"})
    planted = _plant(tmp_path, "vitest", "cd . && vitest run --reporter=json {tests}", ["test/a.test.ts"])
    assert planted.command == f"cd . && vitest run --config {RUN_MOUNT}/vitest.config.mjs --reporter=json {{tests}}"
    config = (tmp_path / "scratch" / "vitest.config.mjs").read_text()
    assert 'import own from "/workspace/vitest.config.mts"' in config and "/harness/vitest/sentinel.mjs" in config
    given = _plant(tmp_path, "vitest", "vitest run -c conf/v.config.ts {tests}", ["t.test.ts"])
    assert given.command == f"vitest run --config {RUN_MOUNT}/vitest.config.mjs {{tests}}"
    assert 'import own from "/workspace/conf/v.config.ts"' in (tmp_path / "scratch" / "vitest.config.mjs").read_text()
    assert _plant(tmp_path, "vitest", "npm test", ["t.test.ts"]) is None


def test_vitest_without_a_configuration_of_its_own(tmp_path):
    _ws(tmp_path, {})
    _plant(tmp_path, "vitest", "vitest run {tests}", ["t.test.ts"])
    config = (tmp_path / "scratch" / "vitest.config.mjs").read_text()
    assert "import own" not in config and "setupFiles: [setup]" in config


def test_go_gets_a_test_file_in_each_target_package(tmp_path):
    _ws(tmp_path, {"go.mod": "module example.com/m\n", "a_test.go": "// x\npackage m\n",
                   "sub/b_test.go": "package sub_test\n", "sub/c_test.go": "package sub_test\n"})
    planted = _plant(tmp_path, "go", "go test -json ./...", ["a_test.go", "sub/b_test.go", "sub/c_test.go"])
    assert planted.units == ["example.com/m", "example.com/m/sub"]
    text = (tmp_path / "ws" / "sub" / f"{GO_FILE_PREFIX}{SECRET[:12]}_test.go").read_text()
    assert text.startswith("package sub_test\n") and f"func {go_name(SECRET)}(t *testing.T)" in text
    assert _plant(tmp_path, "go", "go test -json -run 'TestA' ./...", ["a_test.go"]) is None


def test_go_sentinel_carries_the_token_as_a_number_and_its_source_goes_before_the_binary_runs(tmp_path):
    _ws(tmp_path, {"go.mod": "module example.com/m\n", "a_test.go": "package m\n"})
    planted = _plant(tmp_path, "go", "go test -json ./...", ["a_test.go"], env={"GOFLAGS": "-mod=mod"})
    source = f"{GO_FILE_PREFIX}{SECRET[:12]}_test.go"
    text = (tmp_path / "ws" / source).read_text()
    token = go_token(SECRET, "example.com/m")
    assert f"uint64(0x{token})" in text and f'"{token}' not in text and token != go_token(SECRET, "example.com/n")
    assert planted.variables == {"GOFLAGS": f"-mod=mod -exec={RUN_MOUNT}/{GO_EXEC}"}
    assert [(m.source, m.target, m.writable) for m in planted.mounts] == [(tmp_path / "scratch", RUN_MOUNT, False)]
    wrapper = (tmp_path / "scratch" / GO_EXEC).read_text()
    assert f"rm -f ./{source}\n" in wrapper and wrapper.rstrip().endswith('exec "$@"')
    assert os.access(tmp_path / "scratch" / GO_EXEC, os.X_OK)
    (tmp_path / "ws" / source).unlink()
    own = _plant(tmp_path, "go", "go test -json -exec ./runner.sh ./...", ["a_test.go"])
    assert own.variables == {} and own.mounts == ()  # the recipe's own wrapper is left alone


def test_never_planted_through_a_link_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x_test.go").write_text("package x\n")
    _ws(tmp_path, {"go.mod": "module m\n"})
    os.symlink(outside, tmp_path / "ws" / "test")
    assert _plant(tmp_path, "mocha", "mocha {tests}", ["test/a.test.js"]) is None
    assert _plant(tmp_path, "go", "go test ./...", ["test/x_test.go"]) is None
    assert sorted(p.name for p in outside.iterdir()) == ["x_test.go"]


def _judged(statuses, planted=None, failed_units=()):
    parsed = ParsedTests(statuses=statuses, structured=True, failed_units=list(failed_units))
    return judge(parsed, secret=SECRET, planted=planted).untrusted


def test_a_passing_or_missing_sentinel_makes_the_results_untrusted():
    name = f"test/z.test.mjs > {title_for(SECRET)}"
    real = {"test/a.test.js > works": P}
    assert _judged({**real, name: F}) == []
    assert "sentinel test passed" in _judged({**real, name: P})[0]
    assert "missing" in _judged(real)[0]
    assert _judged({}) == []
    assert _judged({"test/a.test.js > broken": F}) == []  # no test passed: nothing to vouch for


def test_node_wants_one_failed_sentinel_per_target_file_that_ran():
    planted = Planted(runner="node-test", command="", units=["test/a.test.js", "test/b.test.js"])
    a = f"{title_for(SECRET)} test/a.test.js"
    b = f"{title_for(SECRET)} test/b.test.js"
    assert _judged({"x > y": P, a: F, b: F}, planted) == []
    assert "test/b.test.js" in _judged({"x > y": P, a: F}, planted)[0]
    assert _judged({"x > y": P, a: F, "test/b.test.js": F}, planted) == []  # b did not load at all


def test_vitest_wants_one_failed_sentinel_per_file_that_passed_a_test():
    planted = Planted(runner="vitest", command="", units=["test/a.test.ts", "test/b.test.ts"])
    statuses = {"test/a.test.ts > x": P, f"test/a.test.ts > {title_for(SECRET)}": F, "test/b.test.ts": TestStatus.ERROR}
    assert _judged(statuses, planted) == []
    assert "test/b.test.ts" in _judged({**statuses, "test/b.test.ts > y": P}, planted)[0]


def test_go_wants_the_sentinel_failed_inside_a_failed_package_with_its_arguments_intact():
    planted = Planted(runner="go", command="", units=["example.com/m"])
    sentinel = f"example.com/m/{go_name(SECRET)}"
    real = {"example.com/m/TestA": P}
    assert _judged({**real, sentinel: F}, planted, failed_units=["example.com/m"]) == []
    assert "its package passed" in _judged({**real, sentinel: F}, planted)[0]
    assert "missing" in _judged(real, planted)[0]
    rewritten = _judged({**real, sentinel: F, f"{sentinel}/args-rewritten": P}, planted, failed_units=["example.com/m"])
    assert rewritten == ["the code under test rewrote the test binary's arguments or test-selection flags"]


def _go_stream(tmp_path, *lines: str) -> TestRun:
    sentinel = go_name(SECRET)
    events = [{"Action": "run", "Package": "example.com/m", "Test": sentinel}]
    events += [{"Action": "output", "Package": "example.com/m", "Test": sentinel, "Output": line} for line in lines]
    events.append({"Action": "fail", "Package": "example.com/m", "Test": sentinel})
    (tmp_path / "go-test.json").write_text("".join(json.dumps(e) + "\n" for e in events))
    return TestRun(report_dir=tmp_path, stdout="", stderr="", exit_code=1)


def test_go_sentinel_failure_must_carry_exactly_the_runs_token(tmp_path):
    planted = Planted(runner="go", command="", units=["example.com/m"])
    statuses = {"example.com/m/TestA": P, f"example.com/m/{go_name(SECRET)}": F}
    parsed = ParsedTests(statuses=statuses, structured=True, failed_units=["example.com/m"])

    def why(*lines):
        return judge(parsed, secret=SECRET, planted=planted, run=_go_stream(tmp_path, *lines)).untrusted

    token = go_token(SECRET, "example.com/m")
    line = f"    zz_test.go:44: swegauge sentinel: must fail {token}\n"
    assert why(line) == [] and why(line, line) == []  # -count=2
    assert "token" in why("    zz_test.go:44: swegauge sentinel: must fail\n")[0]
    assert "token" in why(line.replace(token[:4], "ffff"))[0]
    assert "token" in why(line, line.replace(token[:4], "ffff"))[0]  # guesses beside it
    assert "token" in why(line.replace(token, go_token(SECRET, "example.com/n")))[0]  # another package's
    assert "token" in why()[0]


def test_the_sentinel_is_known_by_its_title_or_its_file():
    assert is_sentinel(f"test/zz-swegauge-sentinel-{SECRET[:12]}.test.mjs")
    assert is_sentinel(f"test/a.test.mjs > {title_for(SECRET)}") and is_sentinel(f"m/{go_name(SECRET)}")
    assert not is_sentinel("test/a.test.mjs > parses a sentinel value")


def test_vitest_files_whose_only_failure_is_the_sentinel_pass(tmp_path):
    import json

    from swegauge.grading.parsers import TestRun, get_parser

    def item(title, status):
        return {"ancestorTitles": [] if title.startswith("swegauge") else ["s"], "title": title, "status": status}

    results = [{"name": "/workspace/a.test.ts", "status": "failed", "message": "",
                "assertionResults": [item(title_for(SECRET), "failed"), item("ok", "passed")]},
               {"name": "/workspace/b.test.ts", "status": "failed", "message": "",
                "assertionResults": [item(title_for(SECRET), "failed"), item("bad", "failed")]},
               {"name": "/workspace/c.test.ts", "status": "failed", "message": "afterAll: swegauge sentinel: 2 ...",
                "assertionResults": [item(title_for(SECRET), "failed"), item("ok", "passed")]}]
    (tmp_path / "vitest.json").write_text(json.dumps({"testResults": results}))
    parsed = get_parser("vitest")(TestRun(report_dir=tmp_path, stdout="JSON report written to x", stderr="",
                                          exit_code=1))
    assert parsed.statuses["a.test.ts"] == P and parsed.statuses[f"a.test.ts > {title_for(SECRET)}"] == F
    assert parsed.statuses["b.test.ts"] == F and parsed.statuses["c.test.ts"] == F


def test_verdicts_keep_the_task_tests_without_the_sentinels():
    statuses = {"m/TestParse": P, f"m/{go_name(SECRET)}": F, f"test/a.test.mjs > {title_for(SECRET)}": F,
                "test/a.test.mjs > parses": P}
    assert without_sentinels(statuses) == {"m/TestParse": P, "test/a.test.mjs > parses": P}
