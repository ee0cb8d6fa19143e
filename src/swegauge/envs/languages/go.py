"""Go: the toolchain a Go environment needs, and the auto recipe for a repository with a go.mod.

Build time (network on): modules are downloaded through the host's module proxy (`go env GOPROXY`,
normally proxy.golang.org) and checked against its checksum database into GOMODCACHE=/env/gomod; the
auto recipe then compiles every package and test binary once (`go test -run=^$ ./...`) with
GOCACHE=/env/gocache, so the standard library and the dependencies are compiled only once.

Test time (network off, /env read-only): GOPROXY=off and GOSUMDB=off (every module is already in the
read-only module cache; a go.sum line missing from the repository is taken from the cache rather than
looked up), GOFLAGS=-mod=mod (a vendor/ directory is ignored, go.mod may be tidied in the throw-away
workspace), GOCACHE=/tmp/gocache, which the recipe's pre_test fills from the pre-warmed /env/gocache
(see WARM_GOCACHE: a cold cache recompiles the standard library on every run; measured on 2 cores for a
one-package module with go-cmp: 30-37 s per test run cold, 0.7 s warm, the copy of ~60 MB included).

The standard library packages most tests need are compiled once per machine and Go version into a shared
seed cache (SEED_PACKAGES, in $SWEGAUGE_CACHE/go-seed-<version>, mounted only while building), and every
environment's build cache starts as a copy of it: an environment build then compiles only the repository
and its modules (a tiny module: about 6 s instead of 45 s on 2 cores).

The toolchain is the host's Go (`go env GOROOT`, /usr/local/go on the usual install); GOTOOLCHAIN=local so
a go.mod asking for a newer Go never triggers a toolchain download.

Auto recipe, exit status: `go test ./...` exits 1 when any package fails to build, not only when a test
fails, and real repositories often have a package that does not build here (cgo libraries, build tags,
a vet check added by a newer Go). Its tests are absent from the report either way (so a listed test there
counts as not run), and the stream is test2json-framed so a test's own output cannot forge an event;
hence the auto recipe sets check_exit_status=False. Vet is off (`-vet=off`) so a vet check that a newer
toolchain added cannot fail an old package's build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from swegauge.envs.auto import AutoContext, ladder, register_inference
from swegauge.envs.recipe import Recipe
from swegauge.envs.toolchain_mounts import BASE_PATH, Toolchain, register_toolchain
from swegauge.envs.toolchains import ToolchainError
from swegauge.paths import cache_subdir
from swegauge.sandbox import Mount

GOMODCACHE = "/env/gomod"
BUILD_GOCACHE = "/env/gocache"
TEST_GOCACHE = "/tmp/gocache"
SEED_MOUNT = "/cache/go-seed"
SEED_PACKAGES = ("testing", "encoding/json", "regexp", "flag", "os/exec", "path/filepath", "bufio", "sort",
                 "strconv", "time", "math/rand", "io/fs")
DEFAULT_PROXY = "https://proxy.golang.org,direct"
DEFAULT_SUMDB = "sum.golang.org"

DOWNLOAD = "go mod download"
PREWARM = "go test -count=1 -run=^$ ./... > /dev/null 2>&1 || echo \"note: some packages do not build here\""
WARM_GOCACHE = f"cp -a {BUILD_GOCACHE} {TEST_GOCACHE} 2>/dev/null || true"
TEST_COMMAND = "go test -json -count=1 -vet=off ./... > /report/go-test.json"


@lru_cache(maxsize=None)
def _go_env(*names: str) -> tuple[str, ...]:
    go = shutil.which("go") or ("/usr/local/go/bin/go" if Path("/usr/local/go/bin/go").exists() else None)
    if go is None:
        raise ToolchainError("Go is not installed (no `go` on PATH nor /usr/local/go/bin/go)")
    out = subprocess.run([go, "env", *names], capture_output=True, text=True)
    if out.returncode != 0:
        raise ToolchainError(f"`go env` failed: {out.stderr.strip()}")
    values = out.stdout.splitlines()
    return tuple(values + [""] * (len(names) - len(values)))


def go_root() -> Path:
    root = Path(_go_env("GOROOT")[0])
    if not (root / "bin" / "go").exists():
        raise ToolchainError(f"Go's GOROOT {root} has no bin/go")
    return root


def _goroot_mounts(root: Path) -> tuple[Mount, ...]:
    """The sandbox sees /usr read-only already; a GOROOT elsewhere is mounted read-only at its own path."""
    if str(root.resolve()).startswith("/usr/"):
        return ()
    return (Mount(source=root, target=str(root)),)


def go_toolchain(recipe: Recipe) -> Toolchain:
    root = go_root()
    proxy, sumdb, version = _go_env("GOPROXY", "GOSUMDB", "GOVERSION")
    common = {
        "PATH": f"{root}/bin:{BASE_PATH}",
        "GOROOT": str(root),
        "GOTOOLCHAIN": "local",
        "GOTELEMETRY": "off",
        "GOMODCACHE": GOMODCACHE,
        "GOPATH": "/tmp/gopath",
        "GOENV": "off",
    }
    return Toolchain(
        mounts=_goroot_mounts(root),
        variables={
            **common,
            "GOPROXY": "off",
            "GOSUMDB": "off",
            "GOFLAGS": "-mod=mod -buildvcs=false",
            "GOCACHE": TEST_GOCACHE,
        },
        build_mounts=(Mount(source=cache_subdir(f"go-seed-{version or 'unknown'}"), target=SEED_MOUNT,
                            writable=True),),
        build_variables={
            "GOPROXY": proxy if proxy and proxy != "off" else DEFAULT_PROXY,
            "GOSUMDB": sumdb if sumdb and sumdb != "off" else DEFAULT_SUMDB,
            "GOFLAGS": "-mod=mod -modcacherw -buildvcs=false",
            "GOCACHE": BUILD_GOCACHE,
            "SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt",
        },
        setup=[f"mkdir -p {GOMODCACHE} {BUILD_GOCACHE}", *_seed_lines()],
    )


def _seed_lines() -> list[str]:
    """Fill the shared seed cache once (go's cache is safe for concurrent writers), then start from it."""
    packages = " ".join(SEED_PACKAGES)
    return [
        f"[ -e {SEED_MOUNT}/READY ] || {{ GOCACHE={SEED_MOUNT} go build {packages} && touch {SEED_MOUNT}/READY; }}"
        " || true",
        f"cp -a {SEED_MOUNT}/. {BUILD_GOCACHE}/ 2>/dev/null; rm -f {BUILD_GOCACHE}/READY",
    ]


TIDY = "go mod tidy"
SAVED_MODULE = "/env/gomodule"
IMPORT_COMMENT = re.compile(r'^package\s+\w+\s*//\s*import\s+"([^"]+)"', re.MULTILINE)


RESTORE_MODULE = f"[ ! -d {SAVED_MODULE} ] || cp {SAVED_MODULE}/go.* ."
"""pre_test: a go.mod/go.sum the build had to make or tidy replaces the workspace's (offline, the test run
could not resolve what tidy added)."""


def _save_module() -> list[str]:
    return [f"mkdir -p {SAVED_MODULE}", f"cp go.mod {SAVED_MODULE}/", f"{{ [ ! -f go.sum ] || cp go.sum {SAVED_MODULE}/; }}"]


def module_path(tree: Path, repo: str) -> str | None:
    """The import path of a repository from before go.mod: its import comment, else github.com/<repo>."""
    for path in sorted(tree.glob("*.go"))[:50]:
        found = IMPORT_COMMENT.search(path.read_text(encoding="utf-8", errors="replace")[:4000])
        if found:
            return found.group(1)
    return f"github.com/{repo}" if repo.count("/") == 1 else None


def infer_go(tree: Path, context: AutoContext | None = None) -> Recipe | None:
    """A go.mod at the top: download modules (ladder: `go mod download`, then `go mod tidy` for an
    incomplete go.sum), pre-warm the build cache, run `go test -json ./...`. A repository from before
    modules (Go files at the top, no go.mod) gets a go.mod made at build time (`go mod init` + tidy),
    kept in /env and copied into each test workspace."""
    pre_test: tuple[str, ...] = (WARM_GOCACHE,)
    if (tree / "go.mod").is_file():
        tidy = [TIDY, DOWNLOAD, *_save_module()]
        install = (ladder([("go.sum as committed", [DOWNLOAD]), ("tidy go.mod and go.sum", tidy)]), PREWARM)
        pre_test = (RESTORE_MODULE, WARM_GOCACHE)
    elif any(tree.glob("*.go")):
        module = module_path(tree, context.repo if context else "")
        if module is None:
            return None
        made = [f"go mod init {module}", TIDY, *_save_module()]
        install = (ladder([("no go.mod: made from the imports", made)]), PREWARM)
        pre_test = (RESTORE_MODULE, WARM_GOCACHE)
    else:
        return None
    return Recipe(language="go", install=install, pre_test=pre_test, test_command=TEST_COMMAND, parser="go",
                  check_exit_status=False)


register_toolchain("go", go_toolchain)
register_inference("go", infer_go)
