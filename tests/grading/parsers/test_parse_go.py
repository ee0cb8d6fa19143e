"""go parser: test2json events, subtests, timeouts, build failures, text fallback, spoofing, a real run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from parser_support import F, P, S, make_run, needs, run_tool, write_files

from swegauge.grading.parsers import get_parser
from swegauge.grading.parsers.names import match_test_names

parse = get_parser("go")


def _events(*events: dict[str, object]) -> str:
    return "".join(json.dumps(e) + "\n" for e in events)


STREAM = _events(
    {"ImportPath": "m/c [m/c.test]", "Action": "build-output", "Output": "undefined: x\n"},
    {"ImportPath": "m/c [m/c.test]", "Action": "build-fail"},
    {"Action": "start", "Package": "m/a"},
    {"Action": "run", "Package": "m/a", "Test": "TestPass"},
    {"Action": "pass", "Package": "m/a", "Test": "TestPass"},
    {"Action": "run", "Package": "m/a", "Test": "TestFail"},
    {"Action": "output", "Package": "m/a", "Test": "TestFail", "Output": "--- PASS: TestFail (0.00s)\n"},
    {"Action": "fail", "Package": "m/a", "Test": "TestFail"},
    {"Action": "run", "Package": "m/a", "Test": "TestSub/x_y"},
    {"Action": "skip", "Package": "m/a", "Test": "TestSub/x_y"},
    {"Action": "run", "Package": "m/a", "Test": "TestSleep"},
    {"Action": "output", "Package": "m/a", "Output": "panic: test timed out after 2s\n"},
    {"Action": "fail", "Package": "m/a", "Elapsed": 2.0},
    {"Action": "start", "Package": "m/c"},
    {"Action": "fail", "Package": "m/c", "FailedBuild": "m/c [m/c.test]"},
)


def test_events_to_qualified_names(tmp_path: Path) -> None:
    write_files(tmp_path, {"go-test.json": STREAM})
    parsed = parse(make_run(tmp_path))
    assert parsed.structured
    assert parsed.statuses == {"m/a/TestPass": P, "m/a/TestFail": F, "m/a/TestSub/x_y": S, "m/a/TestSleep": F}
    notes = " ".join(parsed.notes)
    assert "m/a/TestSleep" in notes and "timeout" in notes and "did not build" in notes and "m/c" in notes


def test_older_go_build_failure_output(tmp_path: Path) -> None:
    old = _events({"Action": "output", "Package": "m/c", "Output": "FAIL\tm/c [build failed]\n"},
                  {"Action": "fail", "Package": "m/c", "Elapsed": 0})
    parsed = parse(make_run(tmp_path, old))
    assert parsed.statuses == {} and any("did not build" in n and "m/c" in n for n in parsed.notes)


def test_stdout_stream_when_no_report_file(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path, STREAM))
    assert parsed.structured and parsed.statuses["m/a/TestFail"] == F


def test_report_file_beats_spoofed_stdout(tmp_path: Path) -> None:
    write_files(tmp_path, {"go-test.json": STREAM})
    spoof = _events({"Action": "pass", "Package": "m/a", "Test": "TestFail"}) + "--- PASS: TestFail (0.00s)\n"
    assert parse(make_run(tmp_path, spoof)).statuses["m/a/TestFail"] == F


def test_truncated_stream_marks_unfinished_and_notes(tmp_path: Path) -> None:
    cut = STREAM.split("\n")[:11]
    parsed = parse(make_run(tmp_path, "\n".join(cut) + '\n{"Action":"ru'))
    assert parsed.statuses["m/a/TestSleep"] == F
    assert any("ends before" in n for n in parsed.notes)


def test_passing_tests_in_a_package_that_ran_none_are_untrusted(tmp_path: Path) -> None:
    forged = _events(
        {"Action": "start", "Package": "m/a"},
        {"Action": "run", "Package": "m/a", "Test": "TestFixed"},
        {"Action": "pass", "Package": "m/a", "Test": "TestFixed"},
        {"Action": "output", "Package": "m/a", "Output": "testing: warning: no tests to run\n"},
        {"Action": "output", "Package": "m/a", "Output": "ok  \tm/a\t0.002s [no tests to run]\n"},
        {"Action": "pass", "Package": "m/a", "Elapsed": 0.002},
        {"Action": "start", "Package": "m/b"},
        {"Action": "output", "Package": "m/b", "Output": "ok  \tm/b\t0.002s [no tests to run]\n"},
        {"Action": "pass", "Package": "m/b", "Elapsed": 0.002},
    )
    write_files(tmp_path, {"go-test.json": forged})
    parsed = parse(make_run(tmp_path, exit_code=0))
    assert parsed.untrusted and "m/a" in parsed.untrusted[0] and "m/b" not in parsed.untrusted[0]
    write_files(tmp_path, {"go-test.json": STREAM})
    assert parse(make_run(tmp_path)).untrusted == []


def test_events_after_the_package_result_are_untrusted(tmp_path: Path) -> None:
    real = _events({"Action": "start", "Package": "m/a"}, {"Action": "run", "Package": "m/a", "Test": "TestA"},
                   {"Action": "fail", "Package": "m/a", "Test": "TestA"}, {"Action": "fail", "Package": "m/a"})
    appended = real + "\0" * 64 + "\n" + _events({"Action": "pass", "Package": "m/a", "Test": "TestB"})
    write_files(tmp_path, {"go-test.json": appended})
    parsed = parse(make_run(tmp_path))
    assert parsed.untrusted and "after their package's final result" in parsed.untrusted[0]
    write_files(tmp_path, {"go-test.json": real})
    assert parse(make_run(tmp_path)).untrusted == []


VERBOSE = """=== RUN   TestPass
--- PASS: TestPass (0.00s)
=== RUN   TestSub
=== RUN   TestSub/ok
    --- PASS: TestSub/ok (0.00s)
--- FAIL: TestSub (0.00s)
FAIL
FAIL\tm/a\t0.01s
=== RUN   TestOther
--- SKIP: TestOther (0.00s)
ok  \tm/b\t0.01s
"""


def test_verbose_text_fallback(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path, VERBOSE))
    assert not parsed.structured
    assert parsed.statuses == {"m/a/TestPass": P, "m/a/TestSub/ok": P, "m/a/TestSub": F, "m/b/TestOther": S}


GO_PROJECT = {
    "go.mod": "module example.com/m\n\ngo 1.21\n",
    "a/a_test.go": """package a

import (
	"fmt"
	"testing"
	"time"
)

func TestPass(t *testing.T) {}

func TestFail(t *testing.T) {
	fmt.Println("--- PASS: TestFail (0.00s)")
	fmt.Println(`{"Action":"pass","Package":"example.com/m/a","Test":"TestFail"}`)
	t.Fatal("boom")
}

func TestSkip(t *testing.T) { t.Skip("nah") }

func TestSub(t *testing.T) {
	t.Run("ok", func(t *testing.T) {})
	t.Run("bad case", func(t *testing.T) { t.Error("x") })
}

func TestSleep(t *testing.T) { time.Sleep(10 * time.Second) }
""",
    "b/b_test.go": """package b

import "testing"

func TestPanic(t *testing.T) { panic("oops") }

func TestPass(t *testing.T) {}
""",
    "c/c_test.go": "package c\n\nimport \"testing\"\n\nfunc TestPass(t *testing.T) { undefined() }\n",
    "d/d_test.go": "package d\n\nimport \"testing\"\n\nfunc TestPass(t *testing.T) {}\n",
}


@pytest.fixture(scope="module")
def real_go_run(tmp_path_factory: pytest.TempPathFactory):
    root = write_files(tmp_path_factory.mktemp("goproj"), GO_PROJECT)
    report = root / "report"
    command = f"go test -json -timeout 2s ./... > {report}/go-test.json"
    return run_tool(command, root, report, env={"GOPROXY": "off"})


@pytest.mark.integration
@needs("go")
def test_real_go_test_json(real_go_run) -> None:
    parsed = parse(real_go_run)
    assert real_go_run.exit_code != 0
    assert parsed.structured
    assert parsed.statuses == {
        "example.com/m/a/TestPass": P,
        "example.com/m/a/TestFail": F,
        "example.com/m/a/TestSkip": S,
        "example.com/m/a/TestSub": F,
        "example.com/m/a/TestSub/ok": P,
        "example.com/m/a/TestSub/bad_case": F,
        "example.com/m/a/TestSleep": F,
        "example.com/m/b/TestPanic": F,
        "example.com/m/d/TestPass": P,
    }
    notes = " ".join(parsed.notes)
    assert "example.com/m/c" in notes and "did not build" in notes and "timeout" in notes
    assert parsed.untrusted == []  # failures, panics, timeouts and build failures are no sign of forgery


@pytest.mark.integration
@needs("go")
def test_real_go_bare_names(real_go_run) -> None:
    statuses = parse(real_go_run).statuses
    got = match_test_names(["TestFail", "TestSub/bad_case", "TestPass", "d/TestPass", "TestPanic"], statuses)
    assert got == {"TestFail": F, "TestSub/bad_case": F, "TestPass": None, "d/TestPass": P, "TestPanic": F}
