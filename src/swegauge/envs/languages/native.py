"""C and C++: the toolchain a native environment needs, and the auto recipe for CMake projects.

Toolchain: the host's compilers, CMake and CTest from /usr (read-only in every sandbox), plus whatever
libraries the host has installed (Debian's libgtest-dev gives GoogleTest with its CMake config, and its
sources at /usr/src/googletest). Nothing is installed per environment unless the project fetches it.

Auto recipe, for a top-level CMakeLists.txt. Every test run configures and builds from scratch in
/tmp/build (the workspace is fresh each time) and runs CTest:

- plain CTest, GoogleTest with `gtest_discover_tests`/`gtest_add_tests`, cmocka, anything registered
  with add_test: `ctest --output-junit /report/ctest.xml`, parser "ctest"; names are CTest's ("Suite.Test"
  for discovered GoogleTest cases);
- GoogleTest binaries registered whole with add_test: GTEST_OUTPUT=xml:/report/ makes each write its
  own XML, parser "junit", names "Suite.Test".
- FetchContent: GoogleTest declared with FetchContent is pointed at the host's /usr/src/googletest.
  Other FetchContent dependencies are downloaded at build time into /env/fetchcontent (network on);
  test runs point each one at its downloaded sources (FETCHCONTENT_SOURCE_DIR_<NAME>), fully
  disconnected, so nothing is written under the read-only /env.

The build step configures, builds and runs the tests once (failures ignored) so a project that does not
build at all is an environment error, not a model failure.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from swegauge.envs.auto import AutoContext, register_inference
from swegauge.envs.recipe import Recipe
from swegauge.envs.toolchain_mounts import BASE_PATH, Toolchain, register_toolchain

BUILD_DIR = "/tmp/build"
FETCH_DIR = "/env/fetchcontent"
HOST_GTEST_SOURCES = Path("/usr/src/googletest")
CTEST_TIMEOUT_S = 300
CXX_SUFFIXES = (".cpp", ".cc", ".cxx", ".c++", ".hpp", ".hh", ".hxx")
MAX_SCANNED_FILES = 2000

CONFIGURE = f"cmake -S . -B {BUILD_DIR} -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=ON"
BUILD = f"cmake --build {BUILD_DIR}"
CTEST = f"(cd {BUILD_DIR} && ctest --timeout {CTEST_TIMEOUT_S}"
CTEST_JUNIT = f"{CTEST} --output-junit /report/ctest.xml)"
CTEST_PLAIN = f"{CTEST})"

FETCH_SOURCE_ARGS = (
    "FETCH_ARGS=$(for d in " + FETCH_DIR + "/*-src; do [ -d \"$d\" ] || continue; "
    "n=$(basename \"$d\" -src | tr a-z A-Z); "
    "printf ' -DFETCHCONTENT_SOURCE_DIR_%s=%s' \"$n\" \"$d\"; done)"
)
"""pre_test line: one -DFETCHCONTENT_SOURCE_DIR_<NAME>=... per dependency downloaded at build time."""


def native_toolchain(recipe: Recipe) -> Toolchain:
    jobs = str(max(1, min(os.cpu_count() or 1, 8)))
    return Toolchain(
        variables={
            "PATH": BASE_PATH,
            "CMAKE_BUILD_PARALLEL_LEVEL": jobs,
            "CTEST_OUTPUT_ON_FAILURE": "1",
            "GTEST_COLOR": "no",
            "CLICOLOR": "0",
        },
        setup=[f"mkdir -p {FETCH_DIR}"],
    )


def _cmake_texts(tree: Path) -> str:
    """Every CMakeLists.txt and *.cmake file of the project (skipping build and vendored trees), joined."""
    texts: list[str] = []
    for count, path in enumerate(tree.rglob("*")):
        if count > MAX_SCANNED_FILES * 10:
            break
        if any(part.startswith(".") or part in ("build", "_deps") for part in path.relative_to(tree).parts[:-1]):
            continue
        if path.name == "CMakeLists.txt" or path.suffix == ".cmake":
            try:
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
    return "\n".join(texts)


def _is_cpp(tree: Path, cmake: str) -> bool:
    project = re.search(r"\bproject\s*\(([^)]*)\)", cmake, re.IGNORECASE | re.DOTALL)
    if project:
        words = project.group(1).split()
        if "CXX" in words:
            return True
        if "C" in words and "LANGUAGES" in words:
            return False
    for count, path in enumerate(tree.rglob("*")):
        if count > MAX_SCANNED_FILES:
            break
        if path.suffix.lower() in CXX_SUFFIXES and ".git" not in path.parts:
            return True
    return False


def _fetch_declared(cmake: str) -> list[str]:
    """Names given to FetchContent_Declare, lower-cased as FetchContent does for its directories."""
    return [m.group(1).lower() for m in re.finditer(r"FetchContent_Declare\s*\(\s*([A-Za-z0-9_.+-]+)", cmake)]


def _gtest_source_arg(fetched: list[str]) -> str:
    if not HOST_GTEST_SOURCES.is_dir():
        return ""
    return "".join(f" -DFETCHCONTENT_SOURCE_DIR_{name.upper()}={HOST_GTEST_SOURCES}"
                   for name in fetched if name in ("googletest", "gtest"))


TEST_OPTION = re.compile(r"\boption\s*\(\s*([A-Za-z0-9_]*(?:TEST|Test)[A-Za-z0-9_]*)\b", re.IGNORECASE)
WERROR_OPTION = re.compile(r"\boption\s*\(\s*([A-Za-z0-9_]*WERROR[A-Za-z0-9_]*)\b", re.IGNORECASE)
NEGATIVE = re.compile(r"NO_?TEST|SKIP|DISABLE|WITHOUT|FUZZ|BENCH|INSTALL|COVERAGE|SANITI|CUDA|GPU|OPENCL|HIP|MPI|"
                      r"VALGRIND|MEMCHECK|PERF|DOC", re.IGNORECASE)
"""Test options that need what a sandbox lacks (a GPU, MPI, valgrind) or are no tests at all."""


def project_options(cmake: str) -> str:
    """-D flags that turn the project's own test options on (`option(FMT_TEST ...)`, `ENABLE_..._TEST`,
    `JSON_BuildTests`: real projects often build their tests only when asked) and warnings-as-errors off
    (a newer compiler warns about more)."""
    tests = sorted({m.group(1) for m in TEST_OPTION.finditer(cmake) if not NEGATIVE.search(m.group(1))})
    werror = sorted({m.group(1) for m in WERROR_OPTION.finditer(cmake)})
    flags = [f" -D{name}=ON" for name in tests] + [f" -D{name}=OFF" for name in werror]
    return "".join(flags) + " -DCMAKE_COMPILE_WARNING_AS_ERROR=OFF"


def cmake_recipe(*, language: str, parser: str, env: dict[str, str], fetched: list[str], options: str = "") -> Recipe:
    """Configure + build + CTest; FetchContent dependencies downloaded at build time when declared."""
    gtest_arg = _gtest_source_arg(fetched)
    others = [n for n in fetched if n not in ("googletest", "gtest") or not gtest_arg]
    gtest_arg = options + gtest_arg
    build_args = gtest_arg + (f" -DFETCHCONTENT_BASE_DIR={FETCH_DIR}" if others else "")
    test_args = gtest_arg + (" -DFETCHCONTENT_FULLY_DISCONNECTED=ON $FETCH_ARGS" if others else "")
    ctest = CTEST_JUNIT if parser == "ctest" else CTEST_PLAIN
    install = (f"{CONFIGURE}{build_args}", BUILD,
               f"{CTEST_PLAIN} > /dev/null 2>&1 || echo 'note: some tests fail at this commit'")
    return Recipe(
        language=language,
        install=install,
        pre_test=(FETCH_SOURCE_ARGS,) if others else (),
        test_command=f"{CONFIGURE}{test_args} && {BUILD} && {ctest}",
        parser=parser,
        env=env,
    )


def infer_cmake(tree: Path, context: AutoContext | None = None) -> Recipe | None:
    if not (tree / "CMakeLists.txt").is_file():
        return None
    cmake = _cmake_texts(tree)
    language = "cpp" if _is_cpp(tree, cmake) else "c"
    uses_gtest = re.search(r"\bGTest\b|\bgtest\b|googletest", cmake) is not None
    discovers = re.search(r"\bgtest_(?:discover|add)_tests\s*\(", cmake) is not None
    fetched = _fetch_declared(cmake)
    options = project_options(cmake)
    if uses_gtest and not discovers:
        return cmake_recipe(language=language, parser="junit", env={"GTEST_OUTPUT": "xml:/report/"}, fetched=fetched,
                            options=options)
    return cmake_recipe(language=language, parser="ctest", env={}, fetched=fetched, options=options)


register_toolchain("c", native_toolchain)
register_toolchain("cpp", native_toolchain)
register_inference("c", infer_cmake)
register_inference("cpp", infer_cmake)
