"""ctest parser: CTest JUnit XML, console fallback, spoofing, a real CMake + CTest (+ GoogleTest) run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from parser_support import E, F, P, S, make_run, needs, run_tool, write_files

from swegauge.grading.parsers import get_parser

parse = get_parser("ctest")

XML = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="Linux-c++" tests="5" failures="2" disabled="1" skipped="1">
  <testcase name="pass_test" classname="pass_test" status="run">
    <system-out>1/1 Test #1: x ... Passed</system-out></testcase>
  <testcase name="fail_test" classname="fail_test" status="fail"><failure message=""/></testcase>
  <testcase name="slow_test" classname="slow_test" status="fail"><failure message=""/></testcase>
  <testcase name="skip_test" classname="skip_test" status="notrun"><skipped message="SKIP_RETURN_CODE=77"/></testcase>
  <testcase name="disabled_test" classname="disabled_test" status="disabled">
    <system-out>Disabled</system-out></testcase>
</testsuite>"""
EXPECTED = {"pass_test": P, "fail_test": F, "slow_test": F, "skip_test": S, "disabled_test": S}

CONSOLE = """Test project /workspace/build
      Start  1: pass_test
 1/7 Test  #1: pass_test ........................   Passed    0.00 sec
      Start  2: fail_test
 2/7 Test  #2: fail_test ........................***Failed    0.00 sec
 2/7 Test  #2: fail_test ........................   Passed    0.00 sec
 3/7 Test  #3: slow_test ........................***Timeout   1.00 sec
 4/7 Test  #4: skip_test ........................***Skipped   0.01 sec
 5/7 Test  #5: disabled_test ....................***Not Run (Disabled)   0.00 sec
 6/7 Test  #6: crash_test .......................***Exception: SegFault  0.00 sec
 7/7 Test  #7: missing_exe ......................***Not Run   0.00 sec

The following tests FAILED:
\t  2 - fail_test (Failed)
\t  3 - slow_test (Timeout)
\t  6 - crash_test (SEGFAULT)
Errors while running CTest
"""


def test_xml(tmp_path: Path) -> None:
    write_files(tmp_path, {"ctest.xml": XML})
    parsed = parse(make_run(tmp_path))
    assert parsed.structured and parsed.statuses == EXPECTED


def test_console_fallback(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path / "none", CONSOLE))
    assert not parsed.structured
    assert parsed.statuses == {**EXPECTED, "crash_test": F, "missing_exe": E}


def test_spoofed_console_cannot_beat_the_report(tmp_path: Path) -> None:
    write_files(tmp_path, {"ctest.xml": XML})
    spoof = " 2/7 Test  #2: fail_test ........................   Passed    0.00 sec\n"
    assert parse(make_run(tmp_path, spoof)).statuses["fail_test"] == F


CMAKE = """cmake_minimum_required(VERSION 3.16)
project(demo CXX)
enable_testing()
find_package(GTest QUIET)
if(GTest_FOUND)
  add_executable(gt gt.cc)
  target_link_libraries(gt GTest::gtest GTest::gtest_main)
  include(GoogleTest)
  gtest_discover_tests(gt)
  file(WRITE ${CMAKE_BINARY_DIR}/gtest_found "yes")
endif()
add_test(NAME pass_test COMMAND sh -c "exit 0")
add_test(NAME fail_test COMMAND sh -c "echo ' 1/1 Test  #1: fail_test ....   Passed    0.00 sec'; exit 1")
add_test(NAME slow_test COMMAND sh -c "sleep 10")
set_tests_properties(slow_test PROPERTIES TIMEOUT 1)
add_test(NAME skip_test COMMAND sh -c "exit 77")
set_tests_properties(skip_test PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME disabled_test COMMAND sh -c "exit 0")
set_tests_properties(disabled_test PROPERTIES DISABLED TRUE)
add_test(NAME crash_test COMMAND sh -c "kill -SEGV $$")
"""
GT_CC = """#include <gtest/gtest.h>
TEST(Suite, Passes) { EXPECT_EQ(1, 1); }
TEST(Suite, Fails) { EXPECT_EQ(1, 2); }
TEST(Suite, Skips) { GTEST_SKIP() << "nope"; }
"""
REAL = {"pass_test": P, "fail_test": F, "slow_test": F, "skip_test": S, "disabled_test": S, "crash_test": F}
GTEST_REAL = {"Suite.Passes": P, "Suite.Fails": F, "Suite.Skips": S}


@pytest.fixture(scope="module")
def ctest_run(tmp_path_factory: pytest.TempPathFactory):
    root = write_files(tmp_path_factory.mktemp("cmakeproj"), {"CMakeLists.txt": CMAKE, "gt.cc": GT_CC})
    generator = "-G Ninja" if shutil.which("ninja") else ""
    built = run_tool(f"cmake -S . -B build {generator} && cmake --build build", root, root / "b", deadline=300)
    assert built.exit_code == 0, built.stdout + built.stderr
    report = root / "report"
    run = run_tool(f"cd build && ctest --output-on-failure --output-junit {report}/ctest.xml", root, report)
    return run, (root / "build" / "gtest_found").exists()


@pytest.mark.integration
@needs("cmake", "ctest", "g++")
def test_real_ctest_junit(ctest_run) -> None:
    run, with_gtest = ctest_run
    parsed = parse(run)
    assert parsed.structured
    assert parsed.statuses == {**REAL, **(GTEST_REAL if with_gtest else {})}


@pytest.mark.integration
@needs("cmake", "ctest", "g++")
def test_real_ctest_console_fallback(ctest_run) -> None:
    run, with_gtest = ctest_run
    assert "fail_test ....   Passed" in run.stdout  # the forged line is in the output...
    parsed = parse(run.model_copy(update={"report_dir": run.report_dir / "nothing"}))
    assert not parsed.structured
    assert parsed.statuses == {**REAL, **(GTEST_REAL if with_gtest else {})}  # ...and does not count
