"""Every parser survives junk, truncated and hostile report files and output: notes, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from parser_support import F, P, make_run, write_files

from swegauge.grading.parsers import PARSERS, ParsedTests, get_parser
from swegauge.grading.parsers._common import WORKSPACE, last_json_object, relativize
from swegauge.grading.parsers.junit_xml import read_cases

get_parser("pytest")  # registers the built-ins
ALL = sorted(PARSERS)

JUNK_FILES: dict[str, bytes] = {
    "empty.xml": b"",
    "binary.xml": os.urandom(4096),
    "notxml.xml": b"PASSED tests/test_a.py::test_a\n--- PASS: TestA (0.00s)\n",
    "wrongroot.xml": b"<html><body><p>hello</p></body></html>",
    "truncated.xml": b'<testsuites><testsuite name="s"><testcase classname="a" name="b"><fail',
    "deep.xml": b"<a>" * 50000,
    "empty.json": b"",
    "junk.json": b"{\"testResults\": [1, \"x\", {\"assertionResults\": [null, 3, {\"status\": 7}]}]",
    "list.json": b"[1, 2, 3]",
    "weird.json": b'{"stats": 1, "passes": "x", "tests": {"a": 1}, "testResults": {"x": 1}}',
    "go-test.json": b'{"Action": 5}\n{"Action":"pass","Package":7,"Test":[1]}\nnot json\n\x00\xff',
    "cargo-test.log": b"running 3 tests\ntest a ... ok\n\xff\xfe test result: garbage\n",
}

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<testsuite><testcase classname="a" name="&lol9;"/></testsuite>"""

JUNK_STDOUT = "\x00\xff{{{{ [[[ running 99 tests\ntest result: ok. x passed\n" + "}" * 1000 + "{\"stats\": "


@pytest.mark.parametrize("name", ALL)
def test_junk_reports_and_output_never_crash(name: str, tmp_path: Path) -> None:
    for rel, data in JUNK_FILES.items():
        (tmp_path / rel).write_bytes(data)
    (tmp_path / "lolz.xml").write_bytes(BILLION_LAUGHS)
    parsed = get_parser(name)(make_run(tmp_path, JUNK_STDOUT, JUNK_STDOUT))
    assert isinstance(parsed, ParsedTests)
    assert all(isinstance(k, str) for k in parsed.statuses)


@pytest.mark.parametrize("name", ALL)
def test_missing_report_dir_and_empty_output(name: str, tmp_path: Path) -> None:
    parsed = get_parser(name)(make_run(tmp_path / "absent", "", "", None))
    assert parsed.statuses == {}
    assert not parsed.structured or parsed.notes


@pytest.mark.parametrize("name", ALL)
def test_report_dir_is_a_file(name: str, tmp_path: Path) -> None:
    (tmp_path / "report").write_text("not a directory")
    assert isinstance(get_parser(name)(make_run(tmp_path / "report")), ParsedTests)


@pytest.mark.parametrize("name", ALL)
def test_symlinks_out_and_fifos_are_not_read(name: str, tmp_path: Path) -> None:
    secret = tmp_path / "host-secret.xml"
    secret.write_text('<testsuite><testcase classname="host" name="secret"/></testsuite>')
    report = tmp_path / "report"
    report.mkdir()
    for rel in ("junit.xml", "go-test.json", "cargo-test.log", "jest.json"):
        (report / rel).symlink_to(secret)
    os.mkfifo(report / "pipe.xml")
    os.mkfifo(report / "pipe.json")
    parsed = get_parser(name)(make_run(report))
    assert not any("secret" in k for k in parsed.statuses)


def test_truncated_xml_keeps_cases_before_the_damage(tmp_path: Path) -> None:
    text = ('<testsuites><testsuite name="s"><testcase classname="a" name="one"/>'
            '<testcase classname="a" name="two"><failure message="x"/></testcase><testcase classname="a" na')
    write_files(tmp_path, {"r.xml": text})
    notes: list[str] = []
    cases = read_cases(tmp_path / "r.xml", notes)
    assert [(c.name, c.status) for c in cases] == [("one", P), ("two", F)]
    assert notes and "truncated" in notes[0]


def test_billion_laughs_is_refused_not_expanded(tmp_path: Path) -> None:
    (tmp_path / "lolz.xml").write_bytes(BILLION_LAUGHS)
    notes: list[str] = []
    cases = read_cases(tmp_path / "lolz.xml", notes)
    assert all(len(c.name) < 10_000_000 for c in cases)


def test_last_json_object_prefers_the_runner_report() -> None:
    text = 'noise {"stats": {"fake": true}} more\n{\n  "stats": {"real": 1},\n  "tests": []\n}\n'
    assert last_json_object(text, '"stats"') == {"stats": {"real": 1}, "tests": []}
    assert last_json_object("{broken", '"stats"') is None


def test_relativize() -> None:
    assert relativize(f"{WORKSPACE}/src/a.test.js", WORKSPACE) == "src/a.test.js"
    assert relativize("/elsewhere/a.js", WORKSPACE) == "/elsewhere/a.js"
    assert relativize("./a.js", None) == "a.js"


def test_workspace_constant_matches_the_sandbox() -> None:
    from swegauge.sandbox.base import WORKSPACE as SANDBOX_WORKSPACE

    assert WORKSPACE == SANDBOX_WORKSPACE


def test_every_parser_is_registered() -> None:
    assert set(ALL) >= {"pytest", "go", "cargo", "junit", "ctest", "jest", "vitest", "mocha", "node-test"}
