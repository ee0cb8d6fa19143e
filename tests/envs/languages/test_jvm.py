"""Java environments: auto inference, and real Maven (and Gradle, when installed) builds in the sandbox.

The integration tests build an environment with the network on (JUnit comes from Maven Central into
/env/m2), then grade with the network off and /env read-only, through the real Grader.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from swegauge.envs import EnvironmentBuilder, Recipe
from swegauge.envs.auto import infer_recipe
from swegauge.envs.languages import jvm
from swegauge.envs.toolchain_mounts import toolchain_for
from swegauge.grading.grader import Grader
from swegauge.sandbox import BwrapSandbox
from swegauge.tasks import Task
from tests.helpers import diff_for, head, make_repo

needs_maven = pytest.mark.skipif(
    shutil.which("bwrap") is None or shutil.which("mvn") is None or shutil.which("javac") is None,
    reason="needs bubblewrap, a JDK and Maven",
)
needs_gradle = pytest.mark.skipif(
    shutil.which("bwrap") is None or shutil.which("gradle") is None or shutil.which("javac") is None,
    reason="needs bubblewrap, a JDK and Gradle (Debian's `gradle` package)",
)

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ex</groupId>
  <artifactId>calc</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
  </dependencies>
  <build><plugins>
    <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
    <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
  </plugins></build>
</project>
"""
CALC = "package ex;\n\npublic class Calc {\n    public static int add(int a, int b) { return a - b; }\n" \
       "    public static int neg(int a) { return -a; }\n}\n"
CALC_TEST = """package ex;

import static org.junit.Assert.assertEquals;

import org.junit.Ignore;
import org.junit.Test;

public class CalcTest {
    @Test public void neg() { assertEquals(-2, Calc.neg(2)); }
    @Ignore("later") @Test public void someday() { }
}
"""
ADD_TEST = CALC_TEST.replace("    @Ignore", "    @Test public void add() { assertEquals(5, Calc.add(2, 3)); }\n    @Ignore")
SOURCE = {"pom.xml": POM, "src/main/java/ex/Calc.java": CALC, "src/test/java/ex/CalcTest.java": CALC_TEST}
GOLD = {"src/main/java/ex/Calc.java": CALC.replace("a - b", "a + b")}
TESTS = {"src/test/java/ex/CalcTest.java": ADD_TEST}
JUPITER_POM = POM.replace(
    "<groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version>",
    "<groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.14.1</version>")
JUPITER_TEST = """package ex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class CalcTest {
    @Test void neg() { assertEquals(-2, Calc.neg(2)); }
    @Disabled("later") @Test void someday() { }
}
"""
JUPITER_ADD_TEST = JUPITER_TEST.replace("    @Disabled", "    @Test void add() { assertEquals(5, Calc.add(2, 3)); }\n    @Disabled")
GRADLE_BUILD = "apply plugin: 'java'\nrepositories { mavenCentral() }\ndependencies { testCompile 'junit:junit:4.13.2' }\n"


# -- inference and toolchain ---------------------------------------------------------------------


def test_pom_gives_a_maven_recipe(tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_text(POM)
    recipe = infer_recipe(tmp_path, language="java")
    assert recipe.language == "java" and recipe.parser == "junit"
    assert recipe.install == (jvm.WARM_MAVEN,)
    assert recipe.test_command.startswith("mvn -o ") and "surefire-reports" in recipe.test_command
    assert recipe.env == {}  # release 17: the default JDK does


def test_gradle_build_files_give_a_gradle_recipe(tmp_path: Path) -> None:
    (tmp_path / "build.gradle.kts").write_text('plugins { java }\n')
    recipe = infer_recipe(tmp_path, language="java")
    assert recipe.parser == "junit" and "gradle --offline" in recipe.test_command
    assert recipe.pre_test == (jvm.GRADLE_PRE_TEST,)
    (tmp_path / "gradlew").write_text("#!/bin/sh\n")
    assert "bash ./gradlew --offline" in infer_recipe(tmp_path, language="java").test_command


def test_maven_is_preferred_when_both_build_files_exist(tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_text(POM)
    (tmp_path / "build.gradle").write_text(GRADLE_BUILD)
    assert infer_recipe(tmp_path, language="java").test_command == jvm.MAVEN_TEST_COMMAND


def test_a_java_tree_is_found_whatever_language_is_asked_first(tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_text(POM)
    assert infer_recipe(tmp_path, language="cpp").language == "java"


@pytest.mark.parametrize(("text", "expected"), [
    ("<maven.compiler.source>1.8</maven.compiler.source>", 8),
    ("<maven.compiler.release>21</maven.compiler.release><java.version>11</java.version>", 21),
    ("<configuration><release>11</release></configuration>", 11),
    ("sourceCompatibility = JavaVersion.VERSION_11", 11),
    ("java { toolchain { languageVersion = JavaLanguageVersion.of(21) } }", 21),
    ("sourceCompatibility = '1.8'", 8),
    ("<java.version>${jdk}</java.version>", None),
])
def test_required_java_version(text: str, expected: int | None) -> None:
    assert jvm.required_java(text) == expected


def test_a_newer_java_than_the_default_is_asked_for_by_version(tmp_path: Path) -> None:
    default = jvm._jdk_major(jvm.default_jdk())
    assert default is not None
    (tmp_path / "pom.xml").write_text(POM.replace("<maven.compiler.release>17", f"<maven.compiler.release>{default + 1}"))
    recipe = infer_recipe(tmp_path, language="java")
    assert recipe.env == {"JAVA_VERSION": str(default + 1)}
    newer = [m for m in jvm.installed_jdks() if m > default]
    if newer:
        chain = toolchain_for(recipe)
        assert chain.variables["JAVA_HOME"] == str(jvm.installed_jdks()[min(newer)])


@pytest.mark.skipif(shutil.which("javac") is None, reason="needs a JDK")
def test_toolchain_points_maven_at_the_env_repository() -> None:
    chain = toolchain_for(Recipe(language="java", test_command="mvn -o test"))
    assert f"-Dmaven.repo.local={jvm.M2_REPO}" in chain.variables["MAVEN_OPTS"]
    assert chain.variables["PATH"].startswith(chain.variables["JAVA_HOME"] + "/bin:")
    assert chain.build_variables["GRADLE_USER_HOME"] == jvm.GRADLE_BUILD_HOME
    etc = {m.target for m in chain.mounts}
    assert all(not m.writable for m in chain.mounts)
    assert any(t.startswith("/etc/java-") for t in etc) or not list(Path("/etc").glob("java-*"))


# -- real builds ----------------------------------------------------------------------------------


def _task(repo: Path, *, name: str, tests: dict[str, str] = TESTS) -> Task:
    return Task(instance_id=f"{name}-1", repo=f"local/{name}", repo_source=str(repo), base_commit=head(repo),
                patch=diff_for(repo, GOLD), test_patch=diff_for(repo, tests), language="java", recipe="auto",
                FAIL_TO_PASS=["ex.CalcTest.add"], PASS_TO_PASS=["ex.CalcTest.neg"])


def _grade_gold_and_empty(task: Task) -> None:
    sandbox = BwrapSandbox()
    grader = Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))
    env, error = grader.environment(task)
    assert env is not None, error
    gold = grader.grade(task, task.patch)
    assert gold.outcome == "resolved", (gold.reason, gold.log_tail)
    assert gold.structured and gold.tests["ex.CalcTest.someday"] == "SKIPPED"
    empty = grader.grade(task, "")
    assert empty.outcome == "unresolved", empty.reason
    assert empty.fail_to_pass == {"ex.CalcTest.add": "FAILED"}
    assert empty.pass_to_pass == {"ex.CalcTest.neg": "PASSED"}


@pytest.mark.integration
@needs_maven
def test_maven_project_builds_online_and_tests_offline(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "calc", SOURCE)
    task = _task(repo, name="mvncalc")
    _grade_gold_and_empty(task)
    sandbox = BwrapSandbox()
    env, _ = Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox)).environment(task)
    assert env is not None
    junit = env.path / "m2" / "junit" / "junit" / "4.13.2" / "junit-4.13.2.jar"
    assert junit.is_file(), "JUnit was downloaded from Maven Central into the environment at build time"


@pytest.mark.integration
@needs_maven
def test_maven_with_junit_jupiter_resolves_the_platform_launcher_offline(tmp_path: Path) -> None:
    """Surefire picks junit-platform-launcher at run time: the build step must have fetched it."""
    files = {**SOURCE, "pom.xml": JUPITER_POM, "src/test/java/ex/CalcTest.java": JUPITER_TEST}
    repo = make_repo(tmp_path / "calc", files)
    _grade_gold_and_empty(_task(repo, name="jupitercalc", tests={"src/test/java/ex/CalcTest.java": JUPITER_ADD_TEST}))


@pytest.mark.integration
@needs_gradle
def test_gradle_project_builds_online_and_tests_offline(tmp_path: Path) -> None:
    files = {k: v for k, v in SOURCE.items() if k != "pom.xml"} | {"build.gradle": GRADLE_BUILD}
    repo = make_repo(tmp_path / "calc", files)
    _grade_gold_and_empty(_task(repo, name="gradlecalc"))


# -- the starter suite's Java tasks ---------------------------------------------------------------


def starter_tasks(language: str) -> list[Task]:
    from swegauge.tasks.suites import load_suite

    return [t for t in load_suite("starter").tasks if t.language == language]


@pytest.mark.integration
@needs_maven
def test_starter_java_tasks_gold_resolves_and_empty_does_not() -> None:
    tasks = starter_tasks("java")
    assert len(tasks) >= 2
    sandbox = BwrapSandbox()
    grader = Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))
    for task in tasks:
        gold = grader.grade(task, task.patch)
        assert gold.outcome == "resolved", (task.instance_id, gold.reason, gold.log_tail)
        empty = grader.grade(task, "")
        assert empty.outcome == "unresolved", (task.instance_id, empty.reason)
        assert all(status != "PASSED" for status in empty.fail_to_pass.values())
