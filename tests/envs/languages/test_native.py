"""C and C++ environments: auto inference for CMake, and real builds graded in the sandbox.

The integration tests use the auto recipe through the real Grader: configure, build and CTest run with
the network off and /env read-only; GoogleTest comes from the host (Debian's libgtest-dev).
"""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

import pytest

from swegauge.envs import EnvironmentBuilder
from swegauge.envs.auto import infer_recipe
from swegauge.envs.languages import native
from swegauge.grading.grader import Grader
from swegauge.sandbox import BwrapSandbox
from swegauge.tasks import Task
from tests.helpers import diff_for, git, head, make_repo

needs_cmake = pytest.mark.skipif(
    shutil.which("bwrap") is None or shutil.which("cmake") is None or shutil.which("cc") is None,
    reason="needs bubblewrap, a C compiler and CMake",
)
needs_gtest = pytest.mark.skipif(
    not Path("/usr/lib/x86_64-linux-gnu/cmake/GTest").is_dir() and not Path("/usr/lib/cmake/GTest").is_dir(),
    reason="needs GoogleTest's CMake package (Debian: libgtest-dev)",
)

C_CMAKE = """cmake_minimum_required(VERSION 3.16)
project(clamp LANGUAGES C)
enable_testing()
add_library(clamp clamp.c)
add_executable(clamp_test tests/clamp_test.c)
target_link_libraries(clamp_test clamp)
foreach(name low high inside)
  add_test(NAME clamp_${name} COMMAND clamp_test ${name})
endforeach()
"""
C_SOURCE = "int clamp(int v, int lo, int hi) { return v < lo ? lo : v; }\n"
C_TEST = """#include <string.h>
int clamp(int v, int lo, int hi);
int main(int argc, char **argv) {
    if (argc < 2) return 2;
    if (!strcmp(argv[1], "low")) return clamp(-5, 0, 10) != 0;
    if (!strcmp(argv[1], "high")) return clamp(50, 0, 10) != 10;
    if (!strcmp(argv[1], "inside")) return clamp(5, 0, 10) != 5;
    return 2;
}
"""

GTEST_CMAKE = """cmake_minimum_required(VERSION 3.16)
project(words LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(GTest REQUIRED)
enable_testing()
add_executable(words_test tests/words_test.cpp)
target_link_libraries(words_test GTest::gtest_main)
add_test(NAME words_test COMMAND words_test)
"""
WORDS_H = "#pragma once\n#include <string>\ninline int count_words(const std::string &s) {\n" \
          "    int n = 0; bool in = false;\n    for (char c : s) { bool w = c != ' ';\n" \
          "        if (w && !in) ++n; in = w; }\n    return n;\n}\n"
WORDS_TEST = """#include <gtest/gtest.h>
#include "../words.h"
TEST(Words, Empty) { EXPECT_EQ(0, count_words("")); }
TEST(Words, Two) { EXPECT_EQ(2, count_words("a b")); }
TEST(Words, DISABLED_Later) { }
"""
WORDS_TEST_NEW = WORDS_TEST + 'TEST(Words, Tabs) { EXPECT_EQ(2, count_words("a\\tb")); }\n'


# -- inference ------------------------------------------------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_plain_c_cmake_project_runs_ctest(tmp_path: Path) -> None:
    recipe = infer_recipe(_tree(tmp_path, {"CMakeLists.txt": C_CMAKE, "clamp.c": C_SOURCE}), language="c")
    assert (recipe.language, recipe.parser, recipe.env) == ("c", "ctest", {})
    assert "--output-junit /report/ctest.xml" in recipe.test_command
    assert recipe.test_command.startswith("cmake -S . -B /tmp/build")


def test_gtest_binaries_write_their_own_xml(tmp_path: Path) -> None:
    recipe = infer_recipe(_tree(tmp_path, {"CMakeLists.txt": GTEST_CMAKE, "words.h": WORDS_H}), language="c")
    assert (recipe.language, recipe.parser) == ("cpp", "junit")
    assert recipe.env == {"GTEST_OUTPUT": "xml:/report/"}
    assert "--output-junit" not in recipe.test_command


def test_discovered_gtest_cases_are_read_from_ctest(tmp_path: Path) -> None:
    cmake = GTEST_CMAKE.replace("add_test(NAME words_test COMMAND words_test)",
                                "include(GoogleTest)\ngtest_discover_tests(words_test)")
    tree = _tree(tmp_path, {"CMakeLists.txt": "project(w)\nadd_subdirectory(tests)\n",
                            "tests/CMakeLists.txt": cmake, "tests/a.cc": ""})
    recipe = infer_recipe(tree, language="cpp")
    assert (recipe.language, recipe.parser, recipe.env) == ("cpp", "ctest", {})


def test_fetchcontent_googletest_uses_the_host_sources(tmp_path: Path) -> None:
    cmake = C_CMAKE.replace("enable_testing()", "include(FetchContent)\nFetchContent_Declare(googletest\n"
                            "  URL https://example.invalid/gtest.zip)\nFetchContent_MakeAvailable(googletest)\n"
                            "include(GoogleTest)\nenable_testing()")
    recipe = infer_recipe(_tree(tmp_path, {"CMakeLists.txt": cmake}), language="cpp")
    if native.HOST_GTEST_SOURCES.is_dir():
        assert f"-DFETCHCONTENT_SOURCE_DIR_GOOGLETEST={native.HOST_GTEST_SOURCES}" in recipe.test_command
        assert "FETCHCONTENT_BASE_DIR" not in recipe.install[0]
    assert recipe.pre_test == () or "FETCHCONTENT_BASE_DIR" in recipe.install[0]


def test_other_fetchcontent_dependencies_are_downloaded_at_build_time(tmp_path: Path) -> None:
    cmake = C_CMAKE.replace("enable_testing()", "include(FetchContent)\n"
                            "FetchContent_Declare(Tiny_Dep URL https://example.invalid/t.tgz)\n"
                            "FetchContent_MakeAvailable(Tiny_Dep)\nenable_testing()")
    recipe = infer_recipe(_tree(tmp_path, {"CMakeLists.txt": cmake}), language="c")
    assert f"-DFETCHCONTENT_BASE_DIR={native.FETCH_DIR}" in recipe.install[0]
    assert recipe.pre_test == (native.FETCH_SOURCE_ARGS,)
    assert "-DFETCHCONTENT_FULLY_DISCONNECTED=ON $FETCH_ARGS" in recipe.test_command


def test_no_cmakelists_no_native_recipe(tmp_path: Path) -> None:
    assert native.infer_cmake(_tree(tmp_path, {"main.c": "int main(void){return 0;}\n"})) is None


# -- real builds ----------------------------------------------------------------------------------


def _grader() -> Grader:
    sandbox = BwrapSandbox()
    return Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))


def _task(repo: Path, name: str, language: str, gold: dict[str, str], tests: dict[str, str],
          f2p: list[str], p2p: list[str]) -> Task:
    return Task(instance_id=f"{name}-1", repo=f"local/{name}", repo_source=str(repo), base_commit=head(repo),
                patch=diff_for(repo, gold), test_patch=diff_for(repo, tests), language=language, recipe="auto",
                FAIL_TO_PASS=f2p, PASS_TO_PASS=p2p)


def _gold_and_empty(task: Task) -> tuple[dict, dict]:
    grader = _grader()
    gold = grader.grade(task, task.patch)
    assert gold.outcome == "resolved", (gold.reason, gold.log_tail)
    empty = grader.grade(task, "")
    assert empty.outcome == "unresolved", (empty.reason, empty.log_tail)
    return gold.tests, {**empty.fail_to_pass, **empty.pass_to_pass}


@pytest.mark.integration
@needs_cmake
def test_c_project_with_ctest(tmp_path: Path) -> None:
    files = {"CMakeLists.txt": C_CMAKE.replace("low high inside", "low inside"), "clamp.c": C_SOURCE,
             "tests/clamp_test.c": C_TEST}
    repo = make_repo(tmp_path / "clamp", files)
    gold = {"clamp.c": "int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }\n"}
    task = _task(repo, "cclamp", "c", gold, {"CMakeLists.txt": C_CMAKE},
                 ["clamp_high"], ["clamp_low", "clamp_inside"])
    tests, empty = _gold_and_empty(task)
    assert set(tests) == {"clamp_low", "clamp_high", "clamp_inside"}
    assert empty == {"clamp_high": "FAILED", "clamp_low": "PASSED", "clamp_inside": "PASSED"}


@pytest.mark.integration
@needs_cmake
@needs_gtest
def test_cpp_project_with_googletest_xml(tmp_path: Path) -> None:
    files = {"CMakeLists.txt": GTEST_CMAKE, "words.h": WORDS_H, "tests/words_test.cpp": WORDS_TEST}
    repo = make_repo(tmp_path / "words", files)
    gold = {"words.h": WORDS_H.replace("c != ' '", "c != ' ' && c != '\\t'")}
    task = _task(repo, "gwords", "cpp", gold, {"tests/words_test.cpp": WORDS_TEST_NEW},
                 ["Words.Tabs"], ["Words.Empty", "Words.Two"])
    tests, empty = _gold_and_empty(task)
    assert tests["Words.DISABLED_Later"] == "SKIPPED" and tests["Words.Tabs"] == "PASSED"
    assert empty == {"Words.Tabs": "FAILED", "Words.Empty": "PASSED", "Words.Two": "PASSED"}


def _dependency_tarball() -> bytes:
    files = {"tinydep/CMakeLists.txt": "add_library(tinydep INTERFACE)\n"
             "target_include_directories(tinydep INTERFACE ${CMAKE_CURRENT_SOURCE_DIR})\n",
             "tinydep/tinydep.h": "#define TINYDEP_ANSWER 42\n"}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.mark.integration
@needs_cmake
def test_fetchcontent_dependency_is_fetched_at_build_time_and_used_read_only(tmp_path: Path) -> None:
    """The 'download' is a tarball beside the project (no internet host is needed): what matters is that
    the build step populates /env/fetchcontent and test runs use it with /env read-only."""
    cmake = C_CMAKE.replace("enable_testing()", "include(FetchContent)\nFetchContent_Declare(tinydep\n"
                            "  URL ${CMAKE_CURRENT_SOURCE_DIR}/vendor/tinydep.tar.gz)\n"
                            "FetchContent_MakeAvailable(tinydep)\nenable_testing()")
    cmake = cmake.replace("target_link_libraries(clamp_test clamp)", "target_link_libraries(clamp_test clamp tinydep)")
    test = C_TEST.replace("#include <string.h>", "#include <string.h>\n#include <tinydep.h>")
    test = test.replace("return 2;\n}", "return TINYDEP_ANSWER != 42;\n}")
    repo = make_repo(tmp_path / "fc", {"CMakeLists.txt": cmake, "clamp.c": C_SOURCE, "tests/clamp_test.c": test})
    (repo / "vendor").mkdir()
    (repo / "vendor" / "tinydep.tar.gz").write_bytes(_dependency_tarball())
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "vendor tinydep")
    gold = {"clamp.c": "int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }\n"}
    task = _task(repo, "fcclamp", "c", gold, {"tests/clamp_test.c": test + "\n"}, ["clamp_high"], ["clamp_low"])
    env, error = _grader().environment(task)
    assert env is not None, error
    assert (env.path / "fetchcontent" / "tinydep-src" / "tinydep.h").is_file()
    _gold_and_empty(task)


# -- the starter suite's C and C++ tasks ----------------------------------------------------------


@pytest.mark.integration
@needs_cmake
@needs_gtest
@pytest.mark.parametrize("language", ["c", "cpp"])
def test_starter_native_tasks_gold_resolves_and_empty_does_not(language: str) -> None:
    """The C project tests with cmocka (Debian: libcmocka-dev), the C++ one with GoogleTest."""
    from swegauge.tasks.suites import load_suite

    if language == "c" and not Path("/usr/include/cmocka.h").is_file():
        pytest.skip("needs cmocka (Debian: libcmocka-dev)")

    tasks = [t for t in load_suite("starter").tasks if t.language == language]
    assert len(tasks) >= 2
    grader = _grader()
    for task in tasks:
        gold = grader.grade(task, task.patch)
        assert gold.outcome == "resolved", (task.instance_id, gold.reason, gold.log_tail)
        empty = grader.grade(task, "")
        assert empty.outcome == "unresolved", (task.instance_id, empty.reason)
        assert all(status != "PASSED" for status in empty.fail_to_pass.values())
