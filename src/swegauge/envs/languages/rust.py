"""Rust: the toolchain a Rust environment needs, and the auto recipe for a repository with a Cargo.toml.

The toolchain is the host's: the sysroot of `rustc --print sysroot` (under rustup, one toolchain directory
such as ~/.rustup/toolchains/stable-x86_64-unknown-linux-gnu) is mounted read-only at its own path and
its bin/ goes first on PATH, so cargo and rustc run directly, without rustup's proxies and without the
rest of ~/.rustup or ~/.cargo. A recipe may pick another installed toolchain with
env {"RUSTUP_TOOLCHAIN": "nightly"}. A repository's rust-toolchain.toml is not honoured (nothing can be
downloaded).

Build time (network on): CARGO_HOME=/env/cargo receives the crates.io index and crates (`cargo fetch`),
and the auto recipe compiles every test target once (`cargo test --no-run`) into CARGO_TARGET_DIR=
/env/target, so the dependencies are compiled only once.

Test time (network off, /env read-only): CARGO_HOME stays /env/cargo, read-only, with
CARGO_NET_OFFLINE=true; cargo needs a writable target directory, so the recipe's pre_test copies the
pre-built /env/target to CARGO_TARGET_DIR=/tmp/target (timestamps kept, so only the repository's own
crates are rebuilt; see WARM_TARGET). The copy lives in the sandbox's memory-backed /tmp: a repository
whose dependencies build to gigabytes needs a recipe memory_mb to match. CARGO_INCREMENTAL=0 everywhere
(a one-shot build gains nothing from incremental state).
"""

from __future__ import annotations

import os
import subprocess
from functools import lru_cache
from pathlib import Path

from swegauge.envs.auto import AutoContext, ladder, register_inference
from swegauge.envs.recipe import Recipe
from swegauge.envs.toolchain_mounts import BASE_PATH, Toolchain, register_toolchain
from swegauge.envs.toolchains import ToolchainError
from swegauge.sandbox import Mount

CARGO_HOME = "/env/cargo"
BUILD_TARGET = "/env/target"
TEST_TARGET = "/tmp/target"

FETCH = "cargo fetch"
PREBUILD = "cargo test --no-run || echo \"note: some test targets do not build here\""
WARM_TARGET = f"cp -a {BUILD_TARGET} {TEST_TARGET} 2>/dev/null || true"
TEST_COMMAND = ("cargo test --offline --no-fail-fast > /report/cargo-test.log 2>&1; status=$?; "
                "tail -n 30 /report/cargo-test.log; exit $status")
_SYSTEM_PREFIXES = ("/usr/", "/bin/", "/lib/", "/lib64/")


@lru_cache(maxsize=None)
def rust_sysroot(toolchain: str | None = None) -> Path:
    """The sysroot of the host's rustc (or of the named rustup toolchain)."""
    env = dict(os.environ)
    if toolchain:
        env["RUSTUP_TOOLCHAIN"] = toolchain
    try:
        out = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True, env=env,
                             cwd="/")
    except FileNotFoundError:
        raise ToolchainError("Rust is not installed (no `rustc` on PATH)") from None
    if out.returncode != 0:
        raise ToolchainError(f"`rustc --print sysroot` failed: {out.stderr.strip()}")
    sysroot = Path(out.stdout.strip()).resolve()
    if not (sysroot / "bin" / "cargo").exists():
        raise ToolchainError(f"the Rust sysroot {sysroot} has no bin/cargo")
    return sysroot


def rust_toolchain(recipe: Recipe) -> Toolchain:
    sysroot = rust_sysroot(recipe.env.get("RUSTUP_TOOLCHAIN"))
    system = any(str(sysroot).startswith(prefix) for prefix in _SYSTEM_PREFIXES)
    common = {
        "PATH": f"{sysroot}/bin:{BASE_PATH}",
        "CARGO_HOME": CARGO_HOME,
        "CARGO_INCREMENTAL": "0",
        "CARGO_TERM_COLOR": "never",
        "CARGO_TERM_PROGRESS_WHEN": "never",
    }
    return Toolchain(
        mounts=() if system else (Mount(source=sysroot, target=str(sysroot)),),
        variables={**common, "CARGO_NET_OFFLINE": "true", "CARGO_TARGET_DIR": TEST_TARGET},
        build_variables={
            "CARGO_NET_OFFLINE": "false",
            "CARGO_TARGET_DIR": BUILD_TARGET,
            "SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt",
        },
        setup=[f"mkdir -p {CARGO_HOME} {BUILD_TARGET}"],
    )


REGENERATE_LOCK = "cargo generate-lockfile"
SAVED_LOCK = "/env/Cargo.lock.generated"
RESTORE_LOCK = f"[ ! -f {SAVED_LOCK} ] || cp {SAVED_LOCK} Cargo.lock"
"""pre_test: the lockfile the build generated (the crates fetched are the ones it names)."""
CAP_LINTS = {"RUSTFLAGS": "--cap-lints=warn"}
"""An old crate's `#![deny(warnings)]` meets a newer compiler's lints: warnings stay warnings."""


def infer_rust(tree: Path, context: AutoContext | None = None) -> Recipe | None:
    """A Cargo.toml at the top: fetch crates (ladder: the committed Cargo.lock, then a lockfile generated
    afresh when that one cannot be read or names yanked crates), pre-build the test targets, run
    `cargo test` (every member of a workspace)."""
    manifest = tree / "Cargo.toml"
    if not manifest.is_file():
        return None
    rungs = [("Cargo.lock as committed" if (tree / "Cargo.lock").is_file() else "resolve", [FETCH]),
             ("lockfile regenerated", [REGENERATE_LOCK, FETCH, f"cp Cargo.lock {SAVED_LOCK}"])]
    workspace = "[workspace]" in manifest.read_text(encoding="utf-8", errors="replace")
    command = TEST_COMMAND.replace("--no-fail-fast", "--workspace --no-fail-fast") if workspace else TEST_COMMAND
    prebuild = PREBUILD.replace("--no-run", "--workspace --no-run") if workspace else PREBUILD
    return Recipe(
        language="rust",
        install=(ladder(rungs), prebuild),
        pre_test=(RESTORE_LOCK, WARM_TARGET),
        test_command=command,
        parser="cargo",
        env=dict(CAP_LINTS),
    )


register_toolchain("rust", rust_toolchain)
register_inference("rust", infer_rust)
