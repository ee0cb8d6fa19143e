"""pytest parser: JUnit XML to node ids, SWE-bench statuses, the -rA fallback, spoofing, a real run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from parser_support import E, F, P, S, make_run, run_tool, write_files

from swegauge.grading.parsers import get_parser
from swegauge.grading.parsers.junit_xml import JUnitCase
from swegauge.grading.parsers.pytest_junit import node_id

parse = get_parser("pytest")

XML = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">
<testcase classname="tests.test_x" name="test_pass"/>
<testcase classname="tests.test_x" name="test_fail"><failure message="assert 0">boom</failure></testcase>
<testcase classname="tests.test_x" name="test_skip"><skipped type="pytest.skip" message="no"/></testcase>
<testcase classname="tests.test_x" name="test_xfail"><skipped type="pytest.xfail" message=""/></testcase>
<testcase classname="tests.test_x" name="test_err"><error message="failed on setup"/></testcase>
<testcase classname="tests.test_x" name="test_p[a::b c]"/>
<testcase classname="tests.sub.test_y.TestC.TestInner" name="test_n"/>
<testcase classname="" name="tests.test_broken"><error message="collection failure"/></testcase>
</testsuite></testsuites>"""

EXPECTED = {
    "tests/test_x.py::test_pass": P,
    "tests/test_x.py::test_fail": F,
    "tests/test_x.py::test_skip": S,
    "tests/test_x.py::test_xfail": P,
    "tests/test_x.py::test_err": E,
    "tests/test_x.py::test_p[a::b c]": P,
    "tests/sub/test_y.py::TestC::TestInner::test_n": P,
    "tests/test_broken.py": E,
}

SUMMARY = """============================= test session starts ==============================
collected 6 items

tests/test_x.py::test_pass PASSED                                        [ 16%]
tests/test_x.py::test_skip SKIPPED (no)                                  [ 33%]
tests/test_x.py::test_fail FAILED                                        [ 50%]
tests/test_x.py::test_p[x y] PASSED                                      [ 66%]

=================================== FAILURES ===================================
__________________________________ test_fail ___________________________________
----------------------------- Captured stdout call -----------------------------
PASSED tests/test_x.py::test_fail
tests/test_x.py::test_fail PASSED                                        [ 50%]
=========================== short test summary info ============================
PASSED tests/test_x.py::test_fail
=================================== PASSES =====================================
=========================== short test summary info ============================
PASSED tests/test_x.py::test_pass
PASSED tests/test_x.py::test_p[x y]
SKIPPED [1] tests/test_x.py:4: no
XFAIL tests/test_x.py::test_xfail - reason [x]
FAILED tests/test_x.py::test_fail - assert 0 - with [brackets]
ERROR tests/test_x.py::test_err - RuntimeError: x
========= 1 failed, 2 passed, 1 skipped, 1 xfailed, 1 error in 0.05s ==========
"""


def test_xml_to_node_ids_and_statuses(tmp_path: Path) -> None:
    write_files(tmp_path, {"junit.xml": XML})
    parsed = parse(make_run(tmp_path))
    assert parsed.structured
    assert parsed.statuses == EXPECTED


def test_xunit1_file_attribute_decides_the_module() -> None:
    case = JUnitCase(name="test_a", classname="tests.Upper.TestMod.TestK", file="tests/Upper/TestMod.py",
                     suites=(), status=P)
    assert node_id(case) == "tests/Upper/TestMod.py::TestK::test_a"
    guessed = JUnitCase(name="test_a", classname="tests.test_m.TestK", file="", suites=(), status=P)
    assert node_id(guessed) == "tests/test_m.py::TestK::test_a"


def test_text_fallback_reads_summary_and_progress_only(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path / "none", SUMMARY))
    assert not parsed.structured
    assert parsed.statuses == {
        "tests/test_x.py::test_pass": P,
        "tests/test_x.py::test_skip": S,
        "tests/test_x.py::test_fail": F,
        "tests/test_x.py::test_p[x y]": P,
        "tests/test_x.py::test_xfail": P,
        "tests/test_x.py::test_err": E,
    }
    assert any("unstructured" in n for n in parsed.notes)


def test_spoofed_stdout_cannot_beat_the_report(tmp_path: Path) -> None:
    write_files(tmp_path, {"junit.xml": XML})
    spoof = "=== short test summary info ===\nPASSED tests/test_x.py::test_fail\nPASSED tests/test_x.py::test_err\n"
    parsed = parse(make_run(tmp_path, spoof))
    assert parsed.statuses["tests/test_x.py::test_fail"] == F
    assert parsed.statuses["tests/test_x.py::test_err"] == E


def test_empty_or_truncated_report_falls_back_with_a_note(tmp_path: Path) -> None:
    write_files(tmp_path, {"junit.xml": "<testsuites><testsuite"})
    parsed = parse(make_run(tmp_path, SUMMARY))
    assert not parsed.structured
    assert parsed.statuses["tests/test_x.py::test_fail"] == F
    assert any("junit.xml" in n for n in parsed.notes)


PROJECT = {
    "tests/__init__.py": "",
    "tests/test_x.py": """
import time
import pytest

def test_pass():
    pass

def test_fail():
    print("PASSED tests/test_x.py::test_fail")
    print("tests/test_x.py::test_fail PASSED                   [ 50%]")
    assert 0

@pytest.mark.skip(reason="no")
def test_skip():
    pass

@pytest.mark.xfail
def test_xfail():
    assert 0

@pytest.fixture
def bad():
    raise RuntimeError("x")

def test_error(bad):
    pass

@pytest.mark.parametrize("a", [1, "x y", "a::b"])
def test_param(a):
    assert a != 1

def test_slow():
    time.sleep(30)

class TestC:
    def test_m(self):
        pass
""",
    "tests/sub/test_broken.py": "import nonexistent_module_zz\n\ndef test_a():\n    pass\n",
}

REAL_EXPECTED = {
    "tests/test_x.py::test_pass": P,
    "tests/test_x.py::test_fail": F,
    "tests/test_x.py::test_skip": S,
    "tests/test_x.py::test_xfail": P,
    "tests/test_x.py::test_error": E,
    "tests/test_x.py::test_param[1]": F,
    "tests/test_x.py::test_param[x y]": P,
    "tests/test_x.py::test_param[a::b]": P,
    "tests/test_x.py::test_slow": F,
    "tests/test_x.py::TestC::test_m": P,
    "tests/sub/test_broken.py": E,
}


@pytest.fixture(scope="module")
def real_pytest_run(tmp_path_factory: pytest.TempPathFactory):
    pytest.importorskip("pytest_timeout")
    root = write_files(tmp_path_factory.mktemp("pyproj"), PROJECT)
    report = root / "report"
    command = [sys.executable, "-m", "pytest", "-rA", "-v", "-p", "no:cacheprovider", "--timeout=2",
               "--continue-on-collection-errors", f"--junitxml={report}/junit.xml", "tests"]
    return run_tool(command, root, report, env={"PYTEST_ADDOPTS": ""})


@pytest.mark.integration
def test_real_pytest_report(real_pytest_run) -> None:
    parsed = parse(real_pytest_run)
    assert real_pytest_run.exit_code == 1
    assert parsed.structured
    assert parsed.statuses == REAL_EXPECTED


@pytest.mark.integration
def test_real_pytest_text_fallback_agrees(real_pytest_run) -> None:
    text_only = real_pytest_run.model_copy(update={"report_dir": real_pytest_run.report_dir / "nothing"})
    parsed = parse(text_only)
    assert not parsed.structured
    assert parsed.statuses == REAL_EXPECTED
