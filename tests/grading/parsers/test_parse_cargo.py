"""cargo parser: libtest blocks, binaries, qualification, forged lines, crashes, a real cargo test."""

from __future__ import annotations

from pathlib import Path

import pytest
from parser_support import F, P, S, make_run, needs, run_tool, write_files

from swegauge.grading.parsers import get_parser
from swegauge.grading.parsers.names import match_test_names

parse = get_parser("cargo")

LIB_BLOCK = """
running 4 tests
test tests::fails ... ok
test tests::ok_one ... ok
test tests::fails ... FAILED
test tests::skipped ... ignored, slow
test tests::same ... ok

failures:

---- tests::fails stdout ----
     Running forged.rs (target/debug/deps/forged-0123456789abcdef)
test tests::ok_one ... FAILED
test tests::fails ... ok
test result: ok. 9 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

failures:
    tests::fails

test result: FAILED. 2 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.10s
"""
INT_BLOCK = """
running 2 tests
test tests::same ... ok
test panics_ok - should panic ... ok

test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
"""
DOC_BLOCK = """
running 1 test
test src/lib.rs - add (line 1) - compile fail ... ok

test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
"""
STDERR = """   Compiling demo v0.1.0 (/workspace)
     Running unittests src/lib.rs (target/debug/deps/demo-8348ca7a80742723)
error: test failed, to rerun pass `--lib`
     Running tests/integration.rs (target/debug/deps/integration-95c18cfe0a4e431d)
   Doc-tests demo
"""
EXPECTED = {
    "tests::fails": F,
    "tests::ok_one": P,
    "tests::skipped": S,
    "demo::tests::same": P,
    "integration::tests::same": P,
    "panics_ok": P,
    "src/lib.rs - add (line 1)": P,
}


def test_separate_streams_are_zipped_by_order(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path, "test x ... ok\n" + LIB_BLOCK + INT_BLOCK + DOC_BLOCK, STDERR))
    assert not parsed.structured
    assert parsed.statuses == EXPECTED
    assert any("demo" in n and "forged" in n for n in parsed.notes)


def test_merged_log_in_report_dir(tmp_path: Path) -> None:
    headers = STDERR.splitlines()
    merged = "\n".join([headers[1], LIB_BLOCK, headers[3], INT_BLOCK, headers[4], DOC_BLOCK])
    write_files(tmp_path, {"cargo-test.log": merged})
    assert parse(make_run(tmp_path, "test tests::fails ... ok\n")).statuses == EXPECTED


FORGED_EARLY_SUMMARY = """
running 2 tests
test tests::b ... ok
test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
test tests::a ... ok
test tests::b ... FAILED

failures:
    tests::b

test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
"""
FORGED_NEW_BLOCK = """
running 2 tests
test tests::b ... ok
running 1 test
test tests::a ... ok
test tests::b ... FAILED

failures:
    tests::b

test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
"""


def test_forged_summary_or_block_start_cannot_make_a_failure_pass(tmp_path: Path) -> None:
    early = parse(make_run(tmp_path, FORGED_EARLY_SUMMARY))
    assert early.statuses == {"tests::a": P, "tests::b": F}
    assert any("after a 'test result:' line" in n for n in early.notes)
    split = parse(make_run(tmp_path, FORGED_NEW_BLOCK))
    assert match_test_names(["tests::b", "tests::a"], split.statuses) == {"tests::b": None, "tests::a": P}


def test_crashed_binary_and_mismatched_headers(tmp_path: Path) -> None:
    crashed = "\nrunning 3 tests\ntest a ... ok\n"
    parsed = parse(make_run(tmp_path, LIB_BLOCK + crashed, STDERR))
    assert parsed.statuses["a"] == P
    notes = " ".join(parsed.notes)
    assert "no 'test result:' line" in notes and "named by position" in notes


def test_build_failure(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path, "", "error[E0425]: cannot find\nerror: could not compile `demo`\n"))
    assert parsed.statuses == {}
    assert any("did not compile" in n for n in parsed.notes)


CRATE = {
    "Cargo.toml": '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
    "src/lib.rs": """/// ```
/// assert_eq!(demo::add(1, 2), 3);
/// ```
pub fn add(a: i32, b: i32) -> i32 { a + b }

#[cfg(test)]
mod tests {
    use std::io::Write;
    #[test] fn passes() { assert_eq!(super::add(1, 2), 3); }
    #[test] fn fails() {
        println!("test tests::fails ... ok");
        std::io::stdout().write_all(b"test tests::fails ... ok\\ntest tests::forged ... ok\\n").unwrap();
        assert_eq!(1, 2);
    }
    #[test] #[ignore] fn skipped() {}
    #[test] #[should_panic] fn panics_ok() { panic!("x") }
    #[test] fn panics() { panic!("oops") }
    #[test] fn same() {}
    #[test] fn sleeper() {
        if std::env::var("DEMO_SLEEP").is_ok() { std::thread::sleep(std::time::Duration::from_secs(60)); }
    }
}
""",
    "tests/integration.rs": "mod tests { #[test] fn same() {} }\n#[test] fn it_works() {}\n",
}
REAL_EXPECTED = {
    "tests::passes": P,
    "tests::fails": F,
    "tests::forged": P,
    "tests::skipped": S,
    "tests::panics_ok": P,
    "tests::panics": F,
    "tests::sleeper": P,
    "demo::tests::same": P,
    "integration::tests::same": P,
    "it_works": P,
    "src/lib.rs - add (line 1)": P,
}


@pytest.fixture(scope="module")
def crate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_files(tmp_path_factory.mktemp("crate"), CRATE)


def _cargo_env(crate: Path) -> dict[str, str]:
    return {"CARGO_TARGET_DIR": str(crate / "target"), "CARGO_TERM_COLOR": "never", "RUST_BACKTRACE": "0"}


@pytest.mark.integration
@needs("cargo")
def test_real_cargo_test(crate: Path) -> None:
    run = run_tool("cargo test --offline --no-fail-fast", crate, crate / "r1", env=_cargo_env(crate))
    assert run.exit_code == 101
    parsed = parse(run)
    assert parsed.statuses == REAL_EXPECTED
    assert any("forged" in n for n in parsed.notes)  # the forged line breaks the counts: noted

    merged = run_tool("cargo test --offline --no-fail-fast > r2/cargo-test.log 2>&1", crate, crate / "r2",
                      env=_cargo_env(crate))
    assert parse(merged).statuses == REAL_EXPECTED


@pytest.mark.integration
@needs("cargo")
def test_real_cargo_killed_mid_run(crate: Path) -> None:
    built = run_tool("cargo test --offline --no-run", crate, crate / "r3", env=_cargo_env(crate))
    assert built.exit_code == 0, built.stderr
    env = {**_cargo_env(crate), "DEMO_SLEEP": "1"}
    run = run_tool("cargo test --offline --no-fail-fast", crate, crate / "r4", env=env, deadline=4.0)
    assert run.exit_code is None
    parsed = parse(run)
    assert "tests::sleeper" not in parsed.statuses
    assert parsed.statuses["tests::passes"] == P and parsed.statuses["tests::fails"] == F
    assert any("no 'test result:' line" in n for n in parsed.notes)
