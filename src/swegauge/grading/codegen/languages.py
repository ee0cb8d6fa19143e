"""How each language's programs are built and run in the judge's sandboxes (languages.json is the data).

The toolchains are the host's, mounted read-only exactly as swegauge's environments mount them
(envs.toolchain_mounts: JDK, Go root, Rust sysroot, node and Python prefixes), with the sandbox's own
variables. Go's standard library is compiled once per machine and Go version into a seed build cache
(warmed in a sandbox from a fixed program, never from a candidate's), which every compile copies into its
private /tmp cache: a cold cache would recompile the standard library on every program.
"""

from __future__ import annotations

import fcntl
import json
import re
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

import swegauge.envs.languages  # noqa: F401  (registers every language's toolchain)
from swegauge.envs.recipe import Recipe
from swegauge.envs.toolchain_mounts import BASE_PATH, toolchain_for
from swegauge.envs.toolchains import ToolchainError, find_python, python_prefix
from swegauge.paths import cache_subdir
from swegauge.sandbox import Limits, Mount, Sandbox, SandboxSpec

DATA = Path(__file__).with_name("languages.json")
DRIVERS = Path(__file__).with_name("drivers")
SEED_TARGET = "/seed"
PCH_TARGET = "/pch"
_PCH_BUILD = ('header=$(echo "#include <bits/stdc++.h>" | g++ -std=gnu++17 -H -fsyntax-only -x c++ - 2>&1 | head -n 1 '
              '| sed "s/^\\.* //") && mkdir -p /pch/bits && '
              'g++ -O2 -std=gnu++17 -pipe -x c++-header "$header" -o /pch/bits/stdc++.h.gch')
ALIASES = {"py": "python", "python3": "python", "js": "javascript", "node": "javascript", "c++": "cpp",
           "cxx": "cpp", "golang": "go", "rs": "rust"}
_JAVA_CLASS = re.compile(r"^\s*public\s+(?:final\s+)?class\s+([A-Za-z_]\w*)", re.MULTILINE)
_GO_WARMUP = ('package main\nimport ("bufio"; "fmt"; "os"; "sort"; "strconv"; "strings"; "math"; "container/heap")\n'
              'var _ = heap.Init\nfunc main() { w := bufio.NewWriter(os.Stdout); defer w.Flush(); '
              'x, _ := strconv.Atoi(strings.TrimSpace("1")); s := []int{x}; sort.Ints(s); fmt.Fprintln(w, s, math.Pi) }\n')


class LanguageSpec(BaseModel):
    """One language: the source file name, the compile and run lines (bash), and judging allowances."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    compile: str
    run: str
    run_function: str | None = None
    time_factor: float = 1.0
    time_extra_s: float = 0.0
    memory_extra_mb: int = 0
    processes: int = 16


class Runtime(BaseModel):
    """A language's spec with what its sandboxes need: mounts, variables, placeholders filled in."""

    model_config = ConfigDict(frozen=True)

    language: str
    spec: LanguageSpec
    mounts: tuple[Mount, ...]
    variables: dict[str, str]
    values: dict[str, str]

    def source_name(self, program: str) -> str:
        return self.spec.source.format(**self.values, **{"class": java_class(program)})

    def command(self, template: str, *, program: str, memory_mb: int = 256, entry: str = "") -> str:
        return template.format(**self.values, **{"class": java_class(program), "memory": str(memory_mb),
                                                 "entry": shlex.quote(entry)})


def canonical(language: str) -> str:
    name = language.strip().lower()
    return ALIASES.get(name, name)


def java_class(program: str) -> str:
    """The public class a Java program declares (its file must be named after it), else Main."""
    found = _JAVA_CLASS.search(program)
    return found.group(1) if found else "Main"


@lru_cache(maxsize=1)
def language_specs() -> dict[str, LanguageSpec]:
    return {name: LanguageSpec.model_validate(value) for name, value in json.loads(DATA.read_text()).items()}


def supported() -> list[str]:
    return sorted(language_specs())


@lru_cache(maxsize=None)
def runtime(language: str) -> Runtime:
    """The runtime of a language (ToolchainError when unknown or when its toolchain is missing)."""
    name = canonical(language)
    specs = language_specs()
    if name not in specs:
        raise ToolchainError(f"codegen: no judge for language {language!r} (known: {', '.join(sorted(specs))})")
    values: dict[str, str] = {}
    if name == "python":
        interpreter = find_python(None)
        prefix = python_prefix(interpreter)
        mounts: tuple[Mount, ...] = (Mount(source=prefix, target=str(prefix)),)
        variables = {"PATH": f"{prefix}/bin:{BASE_PATH}", "PYTHONDONTWRITEBYTECODE": "1"}
        values["python"] = str(interpreter)
    else:
        toolchain = toolchain_for(Recipe(language=name, test_command="true"))
        mounts, variables = toolchain.mounts, dict(toolchain.variables)
    if name == "go":
        variables.update({"GOCACHE": "/tmp/gocache", "CGO_ENABLED": "0", "GOFLAGS": "-buildvcs=false",
                          "GO111MODULE": "off", "GOMAXPROCS": "2"})
    return Runtime(language=name, spec=specs[name], mounts=tuple(mounts), variables=variables, values=values)


def extra_mounts(sandbox: Sandbox, rt: Runtime, program: str) -> tuple[Mount, ...]:
    """What a build mounts besides the toolchain: Go's seed build cache; for a C++ program that includes
    <bits/stdc++.h> (most contest programs do; seconds to parse), that header precompiled, made on first use."""
    if rt.language == "go":
        return (Mount(source=go_seed(sandbox, rt), target=SEED_TARGET),)
    if rt.language == "cpp" and "bits/stdc++.h" in program:
        return (Mount(source=cpp_pch(sandbox, rt), target=PCH_TARGET),)
    return ()


def _warm_once(name: str, build: Callable[[Path], None]) -> Path:
    """A machine-wide cache folder filled once by `build` (under a lock; READY marks it done)."""
    folder = cache_subdir(name)
    ready = folder / "READY"
    if ready.exists():
        return folder
    with open(folder.parent / f"{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready.exists():
            build(folder)
            ready.touch()
    return folder


def cpp_pch(sandbox: Sandbox, rt: Runtime) -> Path:
    """The precompiled <bits/stdc++.h> for the judge's exact g++ flags (an empty folder if it cannot be
    built: g++ then reads the header as usual)."""
    version = subprocess.run(["g++", "-dumpfullversion"], capture_output=True, text=True).stdout.strip() or "unknown"

    def build(folder: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="swegauge-pch-") as work:
            spec = SandboxSpec(workspace=Path(work), mounts=(*rt.mounts, Mount(source=folder, target=PCH_TARGET,
                                                                               writable=True)),
                               env=rt.variables, limits=Limits(wall_seconds=600, cpu_seconds=1200, memory_mb=2048))
            sandbox.run(spec, ["bash", "-c", _PCH_BUILD])

    return _warm_once(f"codegen-cpp-pch-{re.sub(r'[^A-Za-z0-9._-]', '_', version)}", build)


def go_seed(sandbox: Sandbox, rt: Runtime) -> Path:
    """The machine's Go seed build cache, warmed once from a fixed program (never a candidate's)."""
    root = Path(rt.variables.get("GOROOT", "/usr/local/go"))
    version_file = root / "VERSION"
    version = version_file.read_text().split()[0] if version_file.is_file() else root.name

    def build(seed: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="swegauge-go-warm-") as work:
            (Path(work) / "main.go").write_text(_GO_WARMUP)
            spec = SandboxSpec(workspace=Path(work), mounts=(*rt.mounts, Mount(source=seed, target=SEED_TARGET,
                                                                               writable=True)),
                               env={**rt.variables, "GOCACHE": SEED_TARGET},
                               limits=Limits(wall_seconds=600, cpu_seconds=1200, memory_mb=2048, processes=256))
            result = sandbox.run(spec, ["bash", "-c", "go build -trimpath -o main main.go"])
        if not result.ok:
            raise ToolchainError(f"codegen: warming Go's build cache failed: {result.stderr.strip()[-400:]}")

    return _warm_once(f"codegen-go-seed-{re.sub(r'[^A-Za-z0-9._-]', '_', version)}", build)
