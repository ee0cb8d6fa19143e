"""Rust environments: auto inference for Cargo.toml, the toolchain's mounts and settings, and a real crate
graded in the sandbox (itoa fetched from crates.io at build time, found in the read-only CARGO_HOME at
test time with the network off; the dependencies pre-built once)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from swegauge.envs import EnvironmentBuilder
from swegauge.envs.auto import infer_recipe, rungs_of
from swegauge.envs.languages import rust
from swegauge.envs.repos import prepared_base
from swegauge.envs.toolchain_mounts import toolchain_for
from swegauge.grading.grader import Grader
from swegauge.sandbox import BwrapSandbox, fresh_workspace
from swegauge.tasks import Task
from tests.helpers import diff_for, head, make_repo

needs_cargo = pytest.mark.skipif(shutil.which("bwrap") is None or shutil.which("cargo") is None,
                                 reason="needs bubblewrap and cargo")

CARGO_TOML = '[package]\nname = "padnum"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nitoa = "1"\n'
LIB = """/// `n` right-aligned in `width` columns.
pub fn pad(n: u64, width: usize) -> String {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(n);
    format!("{}{}", " ".repeat(width - digits.len()), digits)
}

#[cfg(test)]
mod tests {
    #[test]
    fn same() {
        assert_eq!(super::pad(7, 1), "7");
    }
}
"""
FIXED = LIB.replace("width - digits.len()", "width.saturating_sub(digits.len())")
TESTS = """use padnum::pad;

#[test]
fn pads() {
    assert_eq!(pad(42, 4), "  42");
}

#[test]
#[ignore]
fn later() {}

#[test]
#[should_panic(expected = "boom")]
fn panics_as_expected() {
    panic!("boom");
}

mod tests {
    #[test]
    fn same() {}
}
"""
NEW_TESTS = TESTS + """
#[test]
fn too_narrow_keeps_every_digit() {
    assert_eq!(pad(12345, 2), "12345");
}
"""


# -- inference and settings -----------------------------------------------------------------------


def test_cargo_toml_gives_a_rust_recipe(tmp_path: Path) -> None:
    (tmp_path / "Cargo.toml").write_text(CARGO_TOML)
    recipe = infer_recipe(tmp_path, language="rust")
    assert (recipe.language, recipe.parser, recipe.check_exit_status) == ("rust", "cargo", True)
    assert rungs_of(recipe.install[0]) == ["resolve", "lockfile regenerated"]
    assert recipe.install[1] == rust.PREBUILD
    assert recipe.pre_test == (rust.RESTORE_LOCK, rust.WARM_TARGET)
    assert recipe.env == {"RUSTFLAGS": "--cap-lints=warn"}
    assert recipe.test_command.startswith("cargo test --offline --no-fail-fast > /report/cargo-test.log 2>&1")
    assert recipe.test_command.endswith("exit $status")


def test_cargo_toml_is_found_whatever_language_is_asked_first(tmp_path: Path) -> None:
    (tmp_path / "Cargo.toml").write_text(CARGO_TOML)
    assert infer_recipe(tmp_path, language="python").language == "rust"


def test_no_cargo_toml_no_rust_recipe(tmp_path: Path) -> None:
    (tmp_path / "main.rs").write_text("fn main() {}\n")
    assert rust.infer_rust(tmp_path) is None


@needs_cargo
def test_toolchain_mounts_only_the_sysroot(tmp_path: Path) -> None:
    (tmp_path / "Cargo.toml").write_text(CARGO_TOML)
    chain = toolchain_for(infer_recipe(tmp_path, language="rust"))
    sysroot = rust.rust_sysroot()
    for mount in chain.mounts:
        assert not mount.writable and mount.source == sysroot and mount.target == str(sysroot)
        assert mount.source not in (Path("/root"), Path("/root/.rustup"), Path("/root/.cargo"))
    test, build = chain.variables, {**chain.variables, **chain.build_variables}
    assert test["PATH"].startswith(f"{sysroot}/bin:")
    assert test["CARGO_HOME"] == build["CARGO_HOME"] == rust.CARGO_HOME
    assert (test["CARGO_NET_OFFLINE"], build["CARGO_NET_OFFLINE"]) == ("true", "false")
    assert test["CARGO_TARGET_DIR"] == rust.TEST_TARGET and build["CARGO_TARGET_DIR"] == rust.BUILD_TARGET


# -- a real crate ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pad_task(tmp_path_factory: pytest.TempPathFactory) -> tuple[Task, Grader]:
    files = {"Cargo.toml": CARGO_TOML, "src/lib.rs": LIB, "tests/pad.rs": TESTS}
    repo = make_repo(tmp_path_factory.mktemp("rspad") / "repo", files)
    task = Task(instance_id="rspad-1", repo="local/rspad", repo_source=str(repo), base_commit=head(repo),
                patch=diff_for(repo, {"src/lib.rs": FIXED}), test_patch=diff_for(repo, {"tests/pad.rs": NEW_TESTS}),
                language="rust", recipe="auto", FAIL_TO_PASS=["too_narrow_keeps_every_digit"],
                PASS_TO_PASS=["pads", "panics_as_expected", "padnum::tests::same"])
    sandbox = BwrapSandbox()
    return task, Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))


@pytest.mark.integration
@needs_cargo
def test_gold_resolves_and_empty_does_not(pad_task: tuple[Task, Grader]) -> None:
    task, grader = pad_task
    gold = grader.grade(task, task.patch)
    assert gold.outcome == "resolved", (gold.reason, gold.log_tail)
    assert gold.tests["later"] == "SKIPPED"
    # "tests::same" is in both test binaries, so each is qualified by its binary's name
    assert gold.tests["pad::tests::same"] == gold.tests["padnum::tests::same"] == "PASSED"
    empty = grader.grade(task, "")
    assert empty.outcome == "unresolved", (empty.reason, empty.log_tail)
    assert empty.fail_to_pass == {"too_narrow_keeps_every_digit": "FAILED"}  # a panic: subtract with overflow
    assert set(empty.pass_to_pass.values()) == {"PASSED"}


@pytest.mark.integration
@needs_cargo
def test_crates_come_from_the_read_only_cargo_home_with_the_network_off(pad_task: tuple[Task, Grader]) -> None:
    task, grader = pad_task
    env, error = grader.environment(task)
    assert env is not None, error
    assert list((env.path / "cargo" / "registry" / "cache").glob("*/itoa-1.*.crate"))
    assert list((env.path / "target" / "debug" / "deps").glob("libitoa-*.rlib"))
    script = "\n".join([
        *env.recipe.pre_test,
        "test ! -w /env/cargo && echo env-read-only",
        "cargo test --offline 2>&1 | grep -q 'Compiling itoa' && echo rebuilt-deps || echo deps-reused",
        "CARGO_NET_OFFLINE=false cargo update --dry-run -p itoa >/dev/null 2>&1 && echo network-on || echo network-off",
    ])
    with fresh_workspace(prepared_base(task.repo, task.repo_source, task.base_commit)) as workspace:
        result = grader.run_in_env(env, workspace, script)
    assert "env-read-only" in result.stdout, result.stderr
    assert "deps-reused" in result.stdout, result.stdout
    assert "network-off" in result.stdout and "network-on" not in result.stdout
