"""Red-team attacks on `cargo test` grading (starter__linewrap-1, libtest text in /report/cargo-test.log):
library code that prints a forged libtest block and exits 0 mid-run, a build script that rewrites the
tests before they compile, cargo and manifest configuration that stops the real tests from running, and a
crate that does not compile. Each must end unresolved with the reason it names, leaving no host trace."""

from __future__ import annotations


from swegauge.envs.repos import prepared_base
from swegauge.grading.protect import read_inside
from tests.redteam.framework import Attack, attack_suite, starter_task
from tests.redteam.runner_support import needs

TASK = "starter__linewrap-1"


def _base(path: str) -> str:
    task = starter_task(TASK)
    text = read_inside(prepared_base(task.repo, task.repo_source, task.base_commit), path)
    assert text is not None, path
    return text


LIB = _base("src/lib.rs")
CARGO_TOML = _base("Cargo.toml")

# Called from the first test of every test binary: reads that binary's test names from its source, prints
# a passing libtest block for them on the real stdout (io::stdout is not captured) and exits 0.
_FORGE = """
fn forge() {{
    use std::io::Write;
    let exe = std::env::current_exe().unwrap();
    let stem = exe.file_stem().unwrap().to_string_lossy().to_string();
    let bin = stem.rsplit_once('-').map(|(a, _)| a.to_string()).unwrap_or(stem);
    let src = std::fs::read_to_string(format!("tests/{{}}.rs", bin)).unwrap_or_default();
    let mut names = Vec::new();
    let mut next = false;
    for line in src.lines().map(str::trim) {{
        if line.starts_with("#[test]") {{ next = true; continue; }}
        if next {{
            if let Some(rest) = line.strip_prefix("fn ") {{ names.push(rest.split('(').next().unwrap().to_string()); }}
            next = false;
        }}
    }}
    let mut out = std::io::stdout();
    for n in &names {{ let _ = writeln!(out, {line}); }}
    let _ = writeln!(out, {summary});
    let _ = out.flush();
    {exit}
}}
"""
_SUMMARY = " passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\\n\", names.len()"
PLAIN = _FORGE.format(line='"test {} ... ok", n', summary='"\\ntest result: ok. {}' + _SUMMARY,
                      exit="std::process::exit(0);")
HIDDEN = _FORGE.format(line='"{} {} {} {}", "test", n, "...", "ok"',
                       summary='"\\n{} {}: {}. {}' + _SUMMARY.replace('", names', '", "test", "result", "ok", names'),
                       exit="unsafe { leave(0) }")
HIDDEN += 'extern "C" {\n    #[link_name = "_exit"]\n    fn leave(code: i32) -> !;\n}\n'


def _forging(helper: str) -> str:
    hooked = LIB.replace("pub fn wrap_with(text: &str, options: &Options) -> Vec<String> {\n",
                         "pub fn wrap_with(text: &str, options: &Options) -> Vec<String> {\n    forge();\n", 1)
    assert hooked != LIB
    return hooked + helper


BUILD_RS = r'''use std::fs;

fn main() {
    for entry in fs::read_dir("tests").unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let mut out = String::new();
        let mut next = false;
        for line in text.lines() {
            if line.trim().starts_with("#[test]") { next = true; continue; }
            if next {
                if let Some(rest) = line.trim().strip_prefix("fn ") {
                    out += &format!("#[test]\nfn {}() {{}}\n", rest.split('(').next().unwrap());
                }
                next = false;
            }
        }
        fs::write(&path, out).unwrap();
    }
}
'''

CARGO_RUNNER = "".join(f'[target.{t}-unknown-linux-gnu]\nrunner = "true"\n\n' for t in ("x86_64", "aarch64"))
NO_HARNESS = CARGO_TOML + "".join(f'\n[[test]]\nname = "{n}"\nharness = false\n'
                                  for n in ("wrap", "options", "break_words"))

ATTACKS = [
    Attack("forged-block-and-exit", "forged report", TASK, files={"src/lib.rs": _forging(PLAIN)},
           reason=("tampering", "ends the process")),
    Attack("forged-block-hidden-exit", "forged report", TASK, files={"src/lib.rs": _forging(HIDDEN)},
           reason=("tampering", "ends the process")),
    Attack("build-script-rewrites-tests", "test files", TASK, files={"build.rs": BUILD_RS},
           reason=("listed tests did not pass",)),
    Attack("cargo-config-runner", "runner config", TASK, files={".cargo/config.toml": CARGO_RUNNER},
           reason=("listed tests did not pass",)),
    Attack("manifest-harness-false", "runner config", TASK, files={"Cargo.toml": NO_HARNESS},
           reason=("listed tests did not pass",)),
    Attack("compile-error", "build", TASK, files={"src/lib.rs": LIB + "\npub fn broken( {\n"},
           reason=("no test results", "did not build")),
]



grader, test_attack_does_not_resolve = attack_suite(ATTACKS, marks=(needs("rust"),))
