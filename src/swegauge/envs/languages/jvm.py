"""Java: the toolchain a JVM environment needs, and the auto recipe for Maven and Gradle projects.

Toolchain: the host's JDKs under /usr/lib/jvm (the sandbox sees /usr read-only); Debian keeps part of a
JDK's configuration under /etc/java-*, and Maven's under /etc/maven, so those are mounted read-only too.
The default JDK is the one `javac` on PATH belongs to; a recipe picks another with `env.JAVA_VERSION`
("21": the oldest installed JDK of at least that major version) or `env.JAVA_HOME` (a path).

Maven, build time (network on): the local repository is /env/m2 (`-Dmaven.repo.local` in MAVEN_OPTS, so
a recipe's plain `mvn ...` lines use it). `dependency:go-offline` does not resolve everything `test`
needs (Surefire picks its provider, e.g. surefire-junit4, only when it runs tests), so the auto recipe
warms the repository by running the test phase once (`WARM_MAVEN`), failures ignored.
Maven, test time (network off, /env read-only): `mvn -o` works from the read-only repository (measured:
Maven 3.8 writes no tracking files when everything it needs is present; when something is missing the
run fails either way). Surefire's XML reports (every module's target/surefire-reports) are copied to
/report, parser "junit"; `--fail-at-end` keeps testing the other modules after one fails. The host's
`mvn` (Debian's Maven 3.8) is used even when the project has a `./mvnw`: the wrapper would download
Maven and its own jar into the throw-away workspace at build time, which a test run does not see.

Gradle: the project's `./gradlew` when it has one (its distribution is downloaded at build time, which
needs services.gradle.org), else the host's `gradle` (Debian's package is Gradle 4.4.1: Groovy DSL, JUnit 4,
no JUnit Platform). GRADLE_USER_HOME is /env/gradle while building; Gradle needs a writable home even
offline (locks), so test runs copy it to /tmp/gradle-home first (`pre_test`) and run `--offline`.
JUnit XML from every build/test-results goes to /report, parser "junit".

Per-test names follow Surefire's and Gradle's XML: "pkg.ClassTest.method" (see grading.parsers.junit).
The whole suite runs each time (`{tests}` is not used): a Maven module's tests are selected by class,
not by file, and pass-to-pass tests elsewhere in the suite must keep passing.
"""

from __future__ import annotations

import re
import shutil
from functools import lru_cache
from pathlib import Path

from swegauge.envs.auto import AutoContext, ladder, register_inference
from swegauge.envs.recipe import Recipe
from swegauge.envs.toolchain_mounts import BASE_PATH, Toolchain, register_toolchain
from swegauge.envs.toolchains import ToolchainError
from swegauge.sandbox import Mount

JVM_DIR = Path("/usr/lib/jvm")
M2_REPO = "/env/m2"
GRADLE_BUILD_HOME = "/env/gradle"
GRADLE_TEST_HOME = "/tmp/gradle-home"
ETC_DIRS = ("/etc/maven", "/etc/java")

_COPY_REPORTS = (
    "find . -path '*/{where}/*' -name '*.xml' -type f -print0 | "
    "while IFS= read -r -d '' f; do cp \"$f\" \"/report/$(printf %s \"${{f#./}}\" | tr / _)\"; done"
)
COPY_SUREFIRE = _COPY_REPORTS.format(where="target/surefire-reports")
COPY_GRADLE = _COPY_REPORTS.format(where="build/test-results")

SKIP_CHECKS = ("-Denforcer.skip=true -Dcheckstyle.skip=true -Dspotbugs.skip=true -Dpmd.skip=true -Drat.skip=true "
               "-Danimal.sniffer.skip=true -Djacoco.skip=true -Dlicense.skip=true -Dspotless.check.skip=true "
               "-Dmaven.javadoc.skip=true -Dgpg.skip=true")
"""Checks that judge the build, not the tests: an enforcer rule on Maven's or the JDK's version, style and
license checks, coverage gates. Skipped while warming and testing alike (the flags must agree, or Maven
would want the skipped plugins offline)."""
WARM_MAVEN = f"mvn -B -ntp -fae -Dmaven.test.failure.ignore=true {SKIP_CHECKS} test"
WARM_MAVEN_INSTALL = f"mvn -B -ntp -fae -DskipTests {SKIP_CHECKS} install && {WARM_MAVEN}"
"""Second rung: a multi-module build whose modules need each other's jars installed first."""
MAVEN_TEST_COMMAND = f"mvn -o -B -ntp --fail-at-end {SKIP_CHECKS} test; status=$?; {COPY_SUREFIRE}; exit $status"

GRADLE_PRE_TEST = f"rm -rf {GRADLE_TEST_HOME} && cp -a {GRADLE_BUILD_HOME} {GRADLE_TEST_HOME}"


def gradle_install(gradle: str) -> tuple[str, ...]:
    """Compile everything (must work: resolves the dependencies), then run the tests once (may fail: it
    resolves what only the test task needs)."""
    return (f"{gradle} --no-daemon -q testClasses",
            f"{gradle} --no-daemon -q --continue test > /dev/null 2>&1 || echo 'note: some tests fail at this commit'")


def gradle_test_command(gradle: str) -> str:
    return f"{gradle} --offline --no-daemon --continue test; status=$?; {COPY_GRADLE}; exit $status"


# -- JDKs ---------------------------------------------------------------------------------------


def _major(version: str) -> int | None:
    """8 for "1.8", 17 for "17.0.15" or "17"."""
    found = re.match(r"(\d+)(?:\.(\d+))?", version.strip().strip('"'))
    if not found:
        return None
    first = int(found.group(1))
    return int(found.group(2)) if first == 1 and found.group(2) else first


def _jdk_major(home: Path) -> int | None:
    try:
        text = (home / "release").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.search(r'^JAVA_VERSION="([^"]+)"', text, re.MULTILINE)
    return _major(found.group(1)) if found else None


@lru_cache(maxsize=None)
def installed_jdks() -> dict[int, Path]:
    """Major version -> JDK home (with javac) under /usr/lib/jvm; the resolved path, first found wins."""
    found: dict[int, Path] = {}
    if not JVM_DIR.is_dir():
        return found
    for entry in sorted(JVM_DIR.iterdir()):
        home = entry.resolve()
        major = _jdk_major(home) if (home / "bin" / "javac").exists() else None
        if major is not None and major not in found:
            found[major] = home
    return found


@lru_cache(maxsize=None)
def default_jdk() -> Path:
    """The JDK that `javac` on PATH belongs to (else the newest installed one)."""
    javac = shutil.which("javac")
    if javac:
        home = Path(javac).resolve().parent.parent
        if (home / "bin" / "javac").exists():
            return home
    jdks = installed_jdks()
    if not jdks:
        raise ToolchainError("no JDK on this machine (no javac on PATH nor under /usr/lib/jvm)")
    return jdks[max(jdks)]


def pick_jdk(required: int | None) -> Path:
    """The default JDK when it is new enough, else the oldest installed one that is."""
    default = default_jdk()
    if required is None or (_jdk_major(default) or 0) >= required:
        return default
    fitting = sorted(m for m in installed_jdks() if m >= required)
    if not fitting:
        known = ", ".join(str(m) for m in sorted(installed_jdks())) or "none"
        raise ToolchainError(f"no JDK {required} or newer on this machine (installed: {known})")
    return installed_jdks()[fitting[0]]


def _jdk_for(recipe: Recipe) -> Path:
    home = recipe.env.get("JAVA_HOME")
    if home:
        if not (Path(home) / "bin" / "java").exists():
            raise ToolchainError(f"recipe's JAVA_HOME {home} has no bin/java")
        return Path(home)
    wanted = recipe.env.get("JAVA_VERSION")
    return pick_jdk(_major(wanted) if wanted else None)


def _etc_mounts() -> tuple[Mount, ...]:
    paths = [Path(p) for p in ETC_DIRS] + sorted(Path("/etc").glob("java-*"))
    return tuple(Mount(source=p, target=str(p)) for p in paths if p.is_dir())


def java_toolchain(recipe: Recipe) -> Toolchain:
    jdk = _jdk_for(recipe)
    # C1 only: Maven's own JVM runs for seconds, where it saves about a third of the wall time (measured
    # on the starter project: 5.4 s -> 3.7 s per `mvn -o test`). MaxRAM: the sandbox hides the memory
    # limit from the JVM, which would size its heap from the host's memory.
    maven_opts = f"-Dmaven.repo.local={M2_REPO} -XX:MaxRAM={recipe.memory_mb}m -XX:TieredStopAtLevel=1"
    common = {
        "JAVA_HOME": str(jdk),
        "PATH": f"{jdk}/bin:{BASE_PATH}",
        "MAVEN_OPTS": maven_opts,
        "GRADLE_OPTS": f"-Dorg.gradle.daemon=false -XX:MaxRAM={recipe.memory_mb}m",
    }
    mounts = _etc_mounts()
    if not str(jdk).startswith("/usr/"):
        mounts += (Mount(source=jdk, target=str(jdk)),)
    return Toolchain(
        mounts=mounts,
        variables={**common, "GRADLE_USER_HOME": GRADLE_TEST_HOME},
        build_variables={"GRADLE_USER_HOME": GRADLE_BUILD_HOME},
        setup=[f"mkdir -p {M2_REPO} {GRADLE_BUILD_HOME}"],
    )


# -- auto recipe ---------------------------------------------------------------------------------

_POM_VERSION = re.compile(
    r"<(maven\.compiler\.(?:release|source|target)|java\.version|release|source|target)>\s*"
    r"([0-9][0-9.]*)\s*</\1>"
)


def required_java(text: str) -> int | None:
    """The newest Java version a pom.xml or build.gradle asks for (None: it does not say)."""
    versions = [_major(m.group(2)) for m in _POM_VERSION.finditer(text)]
    gradle = re.finditer(r"(?:sourceCompatibility|targetCompatibility|languageVersion)\s*=?\s*"
                         r"(?:JavaVersion\.VERSION_|JavaLanguageVersion\.of\(|['\"])?([0-9][0-9._]*)", text)
    versions += [_major(m.group(1).replace("_", ".")) for m in gradle]
    known = [v for v in versions if v]
    return max(known) if known else None


def _java_env(text: str) -> dict[str, str]:
    required = required_java(text)
    if required is None or (_jdk_major(default_jdk()) or 0) >= required:
        return {}
    return {"JAVA_VERSION": str(required)}


def infer_maven(tree: Path) -> Recipe | None:
    pom = tree / "pom.xml"
    if not pom.is_file():
        return None
    text = pom.read_text(encoding="utf-8", errors="replace")
    install = WARM_MAVEN
    if "<modules>" in text:
        install = ladder([("test phase", [WARM_MAVEN]), ("install modules first", [WARM_MAVEN_INSTALL])])
    return Recipe(language="java", install=(install,), test_command=MAVEN_TEST_COMMAND, parser="junit",
                  env=_java_env(text))


def infer_gradle(tree: Path) -> Recipe | None:
    scripts = [tree / name for name in ("build.gradle", "build.gradle.kts") if (tree / name).is_file()]
    if not scripts:
        return None
    gradle = "bash ./gradlew" if (tree / "gradlew").is_file() else "gradle"
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in scripts)
    return Recipe(language="java", install=gradle_install(gradle), pre_test=(GRADLE_PRE_TEST,),
                  test_command=gradle_test_command(gradle), parser="junit", env=_java_env(text))


def infer_java(tree: Path, context: AutoContext | None = None) -> Recipe | None:
    """pom.xml -> Maven (preferred when both are there); build.gradle(.kts) -> Gradle."""
    return infer_maven(tree) or infer_gradle(tree)


register_toolchain("java", java_toolchain)
register_inference("java", infer_java)
