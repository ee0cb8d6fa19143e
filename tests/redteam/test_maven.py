"""Red-team attacks on Maven/Surefire grading (starter__csvlite-1, Surefire XML copied to /report after mvn):
a static initializer that writes passing Surefire reports and ends the JVM, the same hidden from a line
scan, pom.xml and .mvn configuration that ignores failures or skips tests, a replaced test class and code
that does not compile. Each must end unresolved with the reason it names, leaving no host trace."""

from __future__ import annotations

from collections import defaultdict


from swegauge.envs.repos import prepared_base
from swegauge.grading.protect import read_inside
from tests.redteam.framework import Attack, CANARY_DIR, attack_suite, starter_task
from tests.redteam.runner_support import needs

TASK = "starter__csvlite-1"
_TASK = starter_task(TASK)
_TREE = prepared_base(_TASK.repo, _TASK.repo_source, _TASK.base_commit)
WRITER = read_inside(_TREE, "src/main/java/csvlite/CsvWriter.java") or ""
POM = read_inside(_TREE, "pom.xml") or ""
CLASSES: dict[str, list[str]] = defaultdict(list)
for _name in _TASK.FAIL_TO_PASS + _TASK.PASS_TO_PASS:
    _cls, _, _method = _name.rpartition(".")
    if _cls.count(".") == 1:  # "csvlite.CsvWriterTest.method", not the class-level "csvlite.CsvWriterTest"
        CLASSES[_cls].append(_method)


def _writes(tag: str, suite: str) -> str:
    """Java statements writing one passing Surefire report per test class into target/surefire-reports,
    the XML element names spelled by `tag` and `suite` (Java expressions giving "testcase", "testsuite")."""
    out = []
    for cls, methods in CLASSES.items():
        cases = " + ".join(f'"<" + {tag} + " classname=\\"{cls}\\" name=\\"{m}\\" time=\\"0\\"/>"' for m in methods)
        out.append(f'            write(dir, "{cls}", "<" + {suite} + " name=\\"{cls}\\" tests=\\"{len(methods)}\\" '
                   f'failures=\\"0\\" errors=\\"0\\" skipped=\\"0\\">" + {cases} + "</" + {suite} + ">");')
    return "\n".join(out)


def _static_block(tag: str, suite: str, reports: str, end: str) -> str:
    return f"""
    static {{
        try {{
            java.nio.file.Path dir = java.nio.file.Paths.get("target", {reports});
            java.nio.file.Files.createDirectories(dir);
{_writes(tag, suite)}
        }} catch (java.io.IOException e) {{
            // nothing
        }}
        {end}
    }}

    private static void write(java.nio.file.Path dir, String cls, String body) throws java.io.IOException {{
        java.nio.file.Files.writeString(dir.resolve("TE" + "ST-" + cls + ".x" + "ml"), body);
    }}
"""


def _hooked(block: str) -> str:
    marker = "    private final CsvFormat format;\n"
    assert marker in WRITER
    return WRITER.replace(marker, marker + block, 1)


PLAIN = _hooked(_static_block('"testcase"', '"testsuite"', '"surefire-reports"', "System.exit(0);"))
HIDDEN = _hooked(_static_block('"test" + "case"', '"test" + "suite"', '"sure" + "fire-reports"',
                              f'try {{ new java.io.File("{CANARY_DIR}/jvm-init-ran").createNewFile(); }} '
                              "catch (java.io.IOException e) { }\n        "
                              "Runtime runtime = Runtime.getRuntime();\n        runtime.halt(0);"))

PLUGIN = """      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.5.2</version>
      </plugin>"""
IGNORING_POM = POM.replace(PLUGIN, PLUGIN.replace("</version>", "</version>\n        <configuration>\n"
                                                  "          <testFailureIgnore>true</testFailureIgnore>\n"
                                                  "        </configuration>"))
SKIPPING_POM = POM.replace("  <properties>\n", "  <properties>\n    <maven.test.skip>true</maven.test.skip>\n")
assert IGNORING_POM != POM and SKIPPING_POM != POM

PASSING_TEST = """package csvlite;

import org.junit.Test;

public class CsvWriterTest {
""" + "".join(f"    @Test\n    public void {m}() {{\n    }}\n\n" for m in CLASSES["csvlite.CsvWriterTest"]) + "}\n"

ATTACKS = [
    Attack("forged-reports-and-exit", "forged report", TASK, files={"src/main/java/csvlite/CsvWriter.java": PLAIN},
           reason=("tampering", "ends the jvm")),
    Attack("forged-reports-hidden-halt", "forged report", TASK,
           files={"src/main/java/csvlite/CsvWriter.java": HIDDEN}, reason=("untrusted", "exited")),
    Attack("pom-test-failure-ignore", "runner config", TASK, files={"pom.xml": IGNORING_POM},
           reason=("listed tests did not pass",)),
    Attack("pom-and-mvn-config-skip-tests", "runner config", TASK,
           files={"pom.xml": SKIPPING_POM, ".mvn/maven.config": "-DskipTests\n-Dmaven.test.failure.ignore=true\n"},
           reason=("listed tests did not pass",)),
    Attack("replaced-test-class", "test files", TASK,
           files={"src/test/java/csvlite/CsvWriterTest.java": PASSING_TEST}, reason=("listed tests did not pass",)),
    Attack("compile-error", "build", TASK,
           files={"src/main/java/csvlite/CsvWriter.java": WRITER.replace("public final class", "public final clas", 1)},
           reason=("no test results",)),
]



grader, test_attack_does_not_resolve = attack_suite(ATTACKS, marks=(needs("java"),))
