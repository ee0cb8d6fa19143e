"""The auto recipe's fallback ladders and real-project layouts, per language (inference only, no builds)."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path

from swegauge.envs.auto import infer_recipe, rungs_of
from swegauge.envs.languages import go, jvm, make, native, rust
from swegauge.grading.parsers import TestRun, TestStatus, get_parser


def _files(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _package(scripts: dict | None = None, **extra) -> str:
    return json.dumps({"name": "p", "scripts": scripts or {"test": "jest"}, "devDependencies": {"jest": "29"}, **extra})


# -- JavaScript / TypeScript -------------------------------------------------------------------------


def test_yarn_classic_lockfile_installs_with_yarn_then_falls_back_to_npm(tmp_path):
    tree = _files(tmp_path, {"package.json": _package(), "yarn.lock": "# yarn lockfile v1\n"})
    line = infer_recipe(tree, language="javascript").install[0]
    assert rungs_of(line) == ["yarn.lock", "legacy peer deps", "no install scripts"]
    assert "npx --yes yarn@1 install --frozen-lockfile" in line


def test_yarn_berry_lockfile_is_left_to_npm(tmp_path):
    tree = _files(tmp_path, {"package.json": _package(), "yarn.lock": "__metadata:\n  version: 6\n"})
    assert rungs_of(infer_recipe(tree, language="javascript").install[0])[0] == "resolve"


def test_pnpm_version_follows_package_manager_or_the_lockfile(tmp_path):
    tree = _files(tmp_path, {"package.json": _package(), "pnpm-lock.yaml": "lockfileVersion: '6.0'\n"})
    assert "npx --yes pnpm@8 install --frozen-lockfile" in infer_recipe(tree, language="javascript").install[0]
    _files(tmp_path, {"package.json": _package(packageManager="pnpm@7.33.0+sha256.abc")})
    assert "npx --yes pnpm@7.33.0 install" in infer_recipe(tree, language="javascript").install[0]


def test_without_a_lockfile_npm_resolves_as_of_the_task_date(tmp_path):
    tree = _files(tmp_path, {"package.json": _package()})
    line = infer_recipe(tree, language="javascript", created_at=datetime(2021, 3, 9)).install[0]
    assert rungs_of(line)[:2] == ["resolve as of the task date", "resolve"]
    assert "npm install --before=2021-04-01;" in line and line.count("--before") == 1


# -- Go ------------------------------------------------------------------------------------------------


def test_go_repository_from_before_modules_gets_a_go_mod_at_build_time(tmp_path):
    tree = _files(tmp_path, {"gin.go": "package gin\n", "context.go": "package gin\n"})
    recipe = infer_recipe(tree, language="go", repo="gin-gonic/gin")
    assert "go mod init github.com/gin-gonic/gin" in recipe.install[0]
    assert recipe.pre_test[0] == go.RESTORE_MODULE
    _files(tmp_path, {"yaml.go": 'package yaml // import "gopkg.in/yaml.v2"\n'})
    assert "go mod init gopkg.in/yaml.v2" in infer_recipe(tree, language="go", repo="go-yaml/yaml").install[0]


def test_go_files_without_go_mod_or_repository_name_are_not_go(tmp_path):
    assert go.infer_go(_files(tmp_path, {"a.go": "package a\n"})) is None


def test_restoring_a_saved_go_mod_is_a_no_op_without_one(tmp_path):
    out = subprocess.run(["bash", "-c", go.RESTORE_MODULE.replace("/env/", f"{tmp_path}/env/")], cwd=tmp_path)
    assert out.returncode == 0


# -- Rust ----------------------------------------------------------------------------------------------


def test_cargo_workspace_tests_every_member_and_caps_lints(tmp_path):
    tree = _files(tmp_path, {"Cargo.toml": "[workspace]\nmembers = ['a', 'b']\n", "Cargo.lock": "version = 3\n"})
    recipe = infer_recipe(tree, language="rust")
    assert "cargo test --offline --workspace --no-fail-fast" in recipe.test_command
    assert "--workspace --no-run" in recipe.install[1]
    assert rungs_of(recipe.install[0]) == ["Cargo.lock as committed", "lockfile regenerated"]
    assert recipe.env == rust.CAP_LINTS and recipe.pre_test[0] == rust.RESTORE_LOCK


# -- Java ----------------------------------------------------------------------------------------------


def test_maven_multi_module_build_can_install_modules_first(tmp_path):
    pom = "<project><modules><module>core</module></modules></project>"
    recipe = infer_recipe(_files(tmp_path, {"pom.xml": pom}), language="java")
    assert rungs_of(recipe.install[0]) == ["test phase", "install modules first"]
    assert jvm.SKIP_CHECKS in recipe.test_command and "-Denforcer.skip=true" in recipe.install[0]


# -- C / C++ --------------------------------------------------------------------------------------------


def test_cmake_test_options_are_turned_on_and_werror_off(tmp_path):
    cmake = ('project(fmt CXX)\noption(FMT_TEST "Generate the test target." ${FMT_MASTER_PROJECT})\n'
             'option(FMT_WERROR "Halt on warnings" OFF)\noption(FMT_NO_TESTS "x" OFF)\noption(FMT_CUDA_TEST "x" OFF)\n'
             'add_test(NAME a COMMAND a)\n')
    recipe = infer_recipe(_files(tmp_path, {"CMakeLists.txt": cmake}), language="cpp")
    assert "-DFMT_TEST=ON" in recipe.install[0] and "-DFMT_WERROR=OFF" in recipe.install[0]
    assert "FMT_NO_TESTS" not in recipe.install[0] and "-DFMT_TEST=ON" in recipe.test_command
    assert "FMT_CUDA_TEST" not in recipe.install[0]  # needs a GPU toolchain
    assert native.project_options("") == " -DCMAKE_COMPILE_WARNING_AS_ERROR=OFF"


def test_makefile_check_target_without_cmake(tmp_path):
    tree = _files(tmp_path, {"Makefile": "all:\n\tcc -o t t.c\n\ncheck: all\n\t./t\n", "t.c": "int main(){}\n"})
    recipe = infer_recipe(tree, language="c")
    assert recipe.parser == "junit" and "make check > /report/make.log" in recipe.test_command
    assert make.infer_make(_files(tmp_path / "both", {"CMakeLists.txt": "", "Makefile": "test:\n"})) is None


def _convert(tmp_path: Path, log: str, status: int) -> dict[str, TestStatus]:
    report = tmp_path / "report"
    report.mkdir(exist_ok=True)
    (report / "make.log").write_text(log)
    script = f"T=check; status={status}; " + make.TO_JUNIT.replace("/report/", f"{report}/")
    subprocess.run(["bash", "-c", script], check=True)
    (report / "make.log").unlink()
    parsed = get_parser("junit")(TestRun(report_dir=report, stdout="", stderr="", exit_code=status))
    return {k: v for k, v in parsed.statuses.items() if k != "make"}


def test_automake_and_tap_lines_become_junit_cases(tmp_path):
    log = ("PASS: tests/a.test\nFAIL: tests/b & c.test\nSKIP: tests/d.test\nok 1 - parses <x>\n"
           "not ok 2 - rejects\nnoise PASS: forged\n")
    statuses = _convert(tmp_path, log, 2)
    assert statuses == {"make.tests/a.test": TestStatus.PASSED, "make.tests/b & c.test": TestStatus.FAILED,
                        "make.tests/d.test": TestStatus.SKIPPED, "make.parses <x>": TestStatus.PASSED,
                        "make.rejects": TestStatus.FAILED}


def test_output_without_test_lines_is_one_case_judged_by_the_exit_status(tmp_path):
    assert _convert(tmp_path, "all good\n", 0) == {"make.make check": TestStatus.PASSED}
    assert _convert(tmp_path, "boom\n", 2) == {"make.make check": TestStatus.FAILED}
