"""junit parser: Surefire, Gradle and GoogleTest XML, class aggregates, console fallback, real Maven."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from parser_support import E, F, P, S, make_run, needs, run_tool, write_files

from swegauge.grading.parsers import get_parser
from swegauge.grading.parsers.names import match_test_names

parse = get_parser("junit")

SUREFIRE = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="com.ex.CalcTest" tests="6">
  <testcase name="passes" classname="com.ex.CalcTest" time="0.01"/>
  <testcase name="fails" classname="com.ex.CalcTest"><failure message="x" type="AssertionError">t</failure>
    <system-out>Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0 s -- in com.ex.CalcTest</system-out>
  </testcase>
  <testcase name="errors" classname="com.ex.CalcTest"><error message="boom" type="IllegalStateException"/></testcase>
  <testcase name="skipped" classname="com.ex.CalcTest"><skipped message="later"/></testcase>
  <testcase name="param(int)[1]" classname="com.ex.CalcTest"/>
  <testcase name="flaky" classname="com.ex.CalcTest"><flakyFailure message="once"/></testcase>
</testsuite>"""
GRADLE = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="com.ex.OtherTest" tests="2" skipped="2">
  <testcase name="off()" classname="com.ex.OtherTest"><skipped/></testcase>
  <testcase name="alsoOff()" classname="com.ex.OtherTest"><skipped/></testcase>
</testsuite>"""
GTEST = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="4" name="AllTests">
  <testsuite name="Suite" tests="3">
    <testcase name="Passes" status="run" result="completed" classname="Suite"/>
    <testcase name="Fails" status="run" result="completed" classname="Suite"><failure message="x"/></testcase>
    <testcase name="DISABLED_Off" status="notrun" result="suppressed" classname="Suite"/>
  </testsuite>
  <testsuite name="Nums/P" tests="1">
    <testcase name="Even/0" value_param="2" status="run" result="completed" classname="Nums/P"/>
  </testsuite>
</testsuites>"""

EXPECTED = {
    "com.ex.CalcTest.passes": P,
    "com.ex.CalcTest.fails": F,
    "com.ex.CalcTest.errors": E,
    "com.ex.CalcTest.skipped": S,
    "com.ex.CalcTest.param(int)[1]": P,
    "com.ex.CalcTest.flaky": P,
    "com.ex.CalcTest": F,
    "com.ex.OtherTest.off()": S,
    "com.ex.OtherTest.alsoOff()": S,
    "com.ex.OtherTest": S,
    "Suite.Passes": P,
    "Suite.Fails": F,
    "Suite.DISABLED_Off": S,
    "Suite": F,
    "Nums/P.Even/0": P,
    "Nums/P": P,
}


def test_xml_names_and_class_aggregates(tmp_path: Path) -> None:
    write_files(tmp_path, {"surefire/TEST-com.ex.CalcTest.xml": SUREFIRE, "gradle/test/TEST-x.xml": GRADLE,
                           "gtest.xml": GTEST})
    parsed = parse(make_run(tmp_path))
    assert parsed.structured
    assert parsed.statuses == EXPECTED


def test_dataset_spellings_match(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.xml": SUREFIRE, "b.xml": GRADLE})
    statuses = parse(make_run(tmp_path)).statuses
    got = match_test_names(["com.ex.CalcTest#fails", "CalcTest", "com.ex.OtherTest#off", "CalcTest.passes"],
                           statuses)
    assert got == {"com.ex.CalcTest#fails": F, "CalcTest": F, "com.ex.OtherTest#off": S, "CalcTest.passes": P}


def test_spoofed_console_cannot_beat_the_report(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.xml": SUREFIRE})
    spoof = ("Tests run: 6, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 s -- in com.ex.CalcTest\n"
             "[       OK ] Suite.Fails (0 ms)\n")
    parsed = parse(make_run(tmp_path, spoof))
    assert parsed.statuses["com.ex.CalcTest"] == F and parsed.statuses["com.ex.CalcTest.fails"] == F


CONSOLE = """[INFO] Running com.ex.CalcTest
[ERROR] Tests run: 3, Failures: 1, Errors: 1, Skipped: 0, Time elapsed: 0.1 s <<< FAILURE! -- in com.ex.CalcTest
[ERROR] com.ex.CalcTest.fails -- Time elapsed: 0.006 s <<< FAILURE!
[ERROR] com.ex.CalcTest.errors -- Time elapsed: 0.009 s <<< ERROR!
[INFO] Tests run: 2, Failures: 0, Errors: 0, Skipped: 2, Time elapsed: 0.1 s - in com.ex.OtherTest
Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.1 sec - in com.ex.OldTest
oldStyle(com.ex.OldTest)  Time elapsed: 0.01 sec  <<< FAILURE!
[       OK ] Suite.Passes (0 ms)
[  FAILED  ] Suite.Fails (1 ms)
[  FAILED  ] Suite.Fails
"""


def test_console_fallback(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path / "none", CONSOLE))
    assert not parsed.structured
    assert parsed.statuses == {
        "com.ex.CalcTest": F, "com.ex.CalcTest.fails": F, "com.ex.CalcTest.errors": E, "com.ex.OtherTest": S,
        "com.ex.OldTest": P, "com.ex.OldTest.oldStyle": F, "Suite.Passes": P, "Suite.Fails": F,
    }


POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.ex</groupId><artifactId>demo</artifactId><version>1.0</version>
  <properties>
    <maven.compiler.source>17</maven.compiler.source><maven.compiler.target>17</maven.compiler.target>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
      <version>5.10.2</version><scope>test</scope></dependency>
  </dependencies>
  <build><plugins>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId>
      <version>3.2.5</version></plugin>
  </plugins></build>
</project>
"""
CALC_TEST = """package com.ex;
import org.junit.jupiter.api.*;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.*;
import java.util.concurrent.TimeUnit;
class CalcTest {
  @Test void passes() { assertEquals(2, 1 + 1); }
  @Test void fails() {
    System.out.println("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0 s -- in com.ex.CalcTest");
    assertEquals(3, 1 + 1);
  }
  @Test void errors() { throw new IllegalStateException("boom"); }
  @Disabled("later") @Test void skipped() {}
  @Test @Timeout(value = 1, unit = TimeUnit.SECONDS) void timesOut() throws Exception { Thread.sleep(5000); }
  @ParameterizedTest @ValueSource(ints = {1, 2}) void param(int x) { assertTrue(x < 2); }
}
"""
OTHER_TEST = "package com.ex;\nimport org.junit.jupiter.api.*;\nclass OtherTest { @Test void ok() {} }\n"


@pytest.fixture(scope="module")
def maven_run(tmp_path_factory: pytest.TempPathFactory):
    root = write_files(tmp_path_factory.mktemp("mvnproj"), {
        "pom.xml": POM, "src/test/java/com/ex/CalcTest.java": CALC_TEST,
        "src/test/java/com/ex/OtherTest.java": OTHER_TEST})
    report = root / "report"
    command = ("mvn -B -q test; rc=$?; mkdir -p report/surefire; "
               "cp target/surefire-reports/*.xml report/surefire/ 2>/dev/null; exit $rc")
    run = run_tool(command, root, report, deadline=600)
    if not list((report / "surefire").glob("*.xml")):
        log = run.stdout + run.stderr
        if "Could not resolve" in log or "Could not transfer" in log or "Unknown host" in log:
            pytest.skip("Maven Central unreachable: junit-jupiter / surefire could not be downloaded")
        pytest.fail(f"maven produced no surefire reports: {log[-1500:]}")
    return run


@pytest.mark.integration
@needs("mvn", "java")
def test_real_maven_surefire(maven_run) -> None:
    parsed = parse(maven_run)
    assert maven_run.exit_code != 0
    assert parsed.structured
    assert parsed.statuses == {
        "com.ex.CalcTest.passes": P,
        "com.ex.CalcTest.fails": F,
        "com.ex.CalcTest.errors": E,
        "com.ex.CalcTest.skipped": S,
        "com.ex.CalcTest.timesOut": E,
        "com.ex.CalcTest.param(int)[1]": P,
        "com.ex.CalcTest.param(int)[2]": F,
        "com.ex.CalcTest": F,
        "com.ex.OtherTest.ok": P,
        "com.ex.OtherTest": P,
    }


@pytest.mark.integration
@needs("mvn", "java")
def test_real_maven_console_fallback(maven_run) -> None:
    parsed = parse(maven_run.model_copy(update={"report_dir": maven_run.report_dir / "nothing"}))
    assert not parsed.structured
    assert parsed.statuses["com.ex.CalcTest.fails"] == F
    assert parsed.statuses["com.ex.CalcTest.timesOut"] == E


GT_CC = """#include <gtest/gtest.h>
#include <cstdio>
TEST(Suite, Passes) { EXPECT_EQ(1, 1); }
TEST(Suite, Fails) { std::printf("[       OK ] Suite.Fails (0 ms)\\n"); EXPECT_EQ(1, 2); }
TEST(Suite, DISABLED_Off) {}
TEST(Suite, Skips) { GTEST_SKIP() << "nope"; }
class P : public ::testing::TestWithParam<int> {};
TEST_P(P, Even) { EXPECT_EQ(GetParam() % 2, 0); }
INSTANTIATE_TEST_SUITE_P(Nums, P, ::testing::Values(2, 3));
"""


@pytest.mark.integration
@needs("g++")
def test_real_googletest_xml(tmp_path: Path) -> None:
    if not Path("/usr/include/gtest/gtest.h").exists():
        pytest.skip("GoogleTest headers not installed (apt-get install libgtest-dev)")
    write_files(tmp_path, {"gt.cc": GT_CC})
    built = run_tool("g++ -std=c++17 gt.cc -o gt -lgtest -lgtest_main -pthread", tmp_path, tmp_path / "b")
    assert built.exit_code == 0, built.stderr
    run = run_tool(f"./gt --gtest_output=xml:{tmp_path}/report/gtest.xml", tmp_path, tmp_path / "report")
    parsed = parse(run)
    assert parsed.statuses == {"Suite.Passes": P, "Suite.Fails": F, "Suite.DISABLED_Off": S, "Suite.Skips": S,
                               "Suite": F, "Nums/P.Even/0": P, "Nums/P.Even/1": F, "Nums/P": F}
    fallback = parse(run.model_copy(update={"report_dir": tmp_path / "nothing"}))
    assert fallback.statuses["Suite.Fails"] == F and fallback.statuses["Suite.Skips"] == S
    assert shutil.which("g++")
