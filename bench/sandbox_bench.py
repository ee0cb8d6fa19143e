"""Sandbox benchmarks, printed as milliseconds and ratios (never asserted).

(a) start + teardown of a sandbox running `true` over a prepared workspace;
(b) workspace preparation + removal, copy vs overlay, for a small (~50 files) and a large (~5,000 files) tree;
(c) harness overhead: wall time of a command in the sandbox over the bare command's, by default
    `python -m pytest -q` over a tiny generated project.

    python bench/sandbox_bench.py [--runs 50] [--workspace DIR --command "..."] [--mount SRC[:DST]]...
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from swegauge.sandbox import WORKSPACE, BwrapSandbox, Identity, Limits, Mount, SandboxSpec, fresh_workspace
from swegauge.sandbox.bwrap_args import sandbox_env
from swegauge.sandbox.workspace import overlay_supported

LIMITS = Limits(wall_seconds=600, memory_mb=2048)


def timed(action: Callable[[], object], runs: int, warmup: int = 2) -> list[float]:
    """Milliseconds of each of `runs` calls (after `warmup` untimed ones)."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def timed_interleaved(actions: dict[str, Callable[[], object]], runs: int, warmup: int = 1) -> dict[str, list[float]]:
    """Like `timed`, but the actions take turns, so load drifts hit all of them alike."""
    for _ in range(warmup):
        for action in actions.values():
            action()
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            samples[name].append((time.perf_counter() - started) * 1000)
    return samples


def describe(samples: Sequence[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"median {statistics.median(ordered):8.2f} ms   p90 {p90:8.2f} ms   min {ordered[0]:8.2f} ms"


def make_tree(root: Path, files: int, per_dir: int = 50) -> Path:
    """A source-tree-like directory: `files` small text files, `per_dir` to a directory."""
    for index in range(files):
        directory = root / f"pkg{index // per_dir:03d}"
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"module{index % per_dir:03d}.py").write_text(f"VALUE = {index}\n" + "# padding\n" * 100)
    return root


def bench_start(sandbox: BwrapSandbox, runs: int, scratch: Path) -> None:
    workspace = make_tree(scratch / "start-ws", 10)
    spec = SandboxSpec(workspace=workspace, limits=LIMITS)
    no_cgroups = BwrapSandbox(use_cgroups=False)
    as_caller = BwrapSandbox(identity=Identity())  # the user-namespace identity (what runs as root had before)
    samples = timed_interleaved({"bare": lambda: subprocess.run(["true"], check=True),
                                 "boxed": lambda: sandbox.run(spec, ["true"]),
                                 "no_cgroups": lambda: no_cgroups.run(spec, ["true"]),
                                 "as_caller": lambda: as_caller.run(spec, ["true"])}, runs)
    bare, boxed = samples["bare"], samples["boxed"]
    print("(a) sandbox start + teardown, `true` over a prepared workspace (target: median < 20 ms)")
    print(f"    bare `true`     {describe(bare)}")
    print(f"    sandboxed       {describe(boxed)}")
    print(f"    (no cgroups)    {describe(samples['no_cgroups'])}")
    if sandbox.identity.host_uid is not None:
        ratio = statistics.median(boxed) / statistics.median(samples["as_caller"])
        print(f"    (as the caller through a user namespace) {describe(samples['as_caller'])}")
        print(f"    as host uid {sandbox.identity.uid} / as the caller: {ratio:.2f}")
    print(f"    overhead        {statistics.median(boxed) - statistics.median(bare):.2f} ms per run\n")


def bench_workspaces(sandbox: BwrapSandbox, runs: int, scratch: Path) -> None:
    methods = ["copy", "overlay"] if overlay_supported() else ["copy"]
    print("(b) workspace preparation + removal (fresh_workspace enter + exit)")
    if len(methods) == 1:
        print("    overlay unavailable here (needs root + overlayfs): copy only")
    for label, files in (("small", 50), ("large", 5000)):
        base = make_tree(scratch / f"base-{label}", files)
        medians = {}
        for method in methods:
            samples = timed(lambda: _enter_and_exit(base, method, scratch), max(5, runs // (10 if files > 1000 else 1)))
            medians[method] = statistics.median(samples)
            print(f"    {label:5} ({files:4} files) {method:7} {describe(samples)}")
        if len(medians) == 2:
            print(f"    {label:5} copy / overlay = {medians['copy'] / medians['overlay']:.1f}x")
    base = scratch / "base-large"
    spec_runs = max(5, runs // 5)
    identities = {"": sandbox}
    if sandbox.identity.host_uid is not None:  # handing the workspace over walks it: measured against not doing so
        identities["(as the caller) "] = BwrapSandbox(identity=Identity())
    for method in methods:
        for label, box in identities.items():
            samples = timed(lambda: _workspace_and_run(box, base, method, scratch), spec_runs)
            print(f"    large: workspace + sandbox `true` + removal, {method:7} {label}{describe(samples)}")
    print()


def _enter_and_exit(base: Path, method: str, scratch: Path) -> None:
    with fresh_workspace(base, method=method, parent=scratch / "workspaces") as workspace:  # type: ignore[arg-type]
        assert workspace.is_dir()


def _workspace_and_run(sandbox: BwrapSandbox, base: Path, method: str, scratch: Path) -> None:
    with fresh_workspace(base, method=method, parent=scratch / "workspaces") as workspace:  # type: ignore[arg-type]
        sandbox.run(SandboxSpec(workspace=workspace, limits=LIMITS), ["sh", "-c", f"echo x > {WORKSPACE}/new"])


TINY_MODULE = "def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n"
TINY_TESTS = "".join(
    f"\n\ndef test_add_{i}():\n    assert add({i}, 1) == {i + 1}\n\n\ndef test_mul_{i}():\n    assert mul({i}, 2) == {2 * i}\n"
    for i in range(10)
)


def make_pytest_project(root: Path) -> Path:
    (root / "calc").mkdir(parents=True)
    (root / "calc" / "__init__.py").write_text(TINY_MODULE)
    (root / "tests").mkdir()
    for index in range(3):
        (root / "tests" / f"test_calc_{index}.py").write_text("from calc import add, mul" + TINY_TESTS)
    return root


def bench_overhead(sandbox: BwrapSandbox, runs: int, base: Path, command: str, mounts: tuple[Mount, ...]) -> None:
    print(f"(c) harness overhead: `{command}` over {base} (target: ratio <= 1.10)")
    with fresh_workspace(base) as workspace, tempfile.TemporaryDirectory(prefix="bench-home-") as home:
        env = {**sandbox_env({}), "HOME": home, "PYTHONDONTWRITEBYTECODE": "1"}
        bare_run = lambda: subprocess.run(["sh", "-c", command], cwd=workspace, env=env, capture_output=True)  # noqa: E731
        first = bare_run()
        if first.returncode != 0:
            print(f"    bare command failed ({first.returncode}): {first.stdout[-400:]!r} {first.stderr[-400:]!r}")
        spec = SandboxSpec(workspace=workspace, mounts=mounts, env={"PYTHONDONTWRITEBYTECODE": "1"}, limits=LIMITS)
        boxed_first = sandbox.run(spec, ["sh", "-c", command])
        if not boxed_first.ok:
            print(f"    sandboxed command: {boxed_first.ended_by} {boxed_first.exit_code}: {boxed_first.stdout[-400:]!r}"
                  f" {boxed_first.stderr[-400:]!r}")
        samples = timed_interleaved({
            "bare": bare_run,
            "boxed": lambda: sandbox.run(spec, ["sh", "-c", command]),
            "with_workspace": lambda: _fresh_and_run(sandbox, base, spec, command),
        }, runs)
        bare, boxed, with_workspace = samples["bare"], samples["boxed"], samples["with_workspace"]
    print(f"    bare                        {describe(bare)}")
    print(f"    sandboxed                   {describe(boxed)}")
    print(f"    fresh workspace + sandboxed {describe(with_workspace)}")
    for label, pick in (("median", statistics.median), ("min", min)):
        ratio = pick(boxed) / pick(bare)
        ratio_ws = pick(with_workspace) / pick(bare)
        print(f"    ratio of {label}s, sandboxed / bare: {ratio:.3f}   with a fresh workspace each time: {ratio_ws:.3f}")


def _fresh_and_run(sandbox: BwrapSandbox, base: Path, spec: SandboxSpec, command: str) -> None:
    with fresh_workspace(base) as workspace:
        sandbox.run(spec.model_copy(update={"workspace": workspace}), ["sh", "-c", command])


def python_mounts() -> tuple[Mount, ...]:
    """This interpreter (and its venv, for pytest) read-only at the same paths."""
    prefixes = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}
    return tuple(Mount(source=prefix, target=str(prefix)) for prefix in sorted(prefixes))


def parse_mount(text: str) -> Mount:
    source, _, target = text.partition(":")
    return Mount(source=Path(source).resolve(), target=target or str(Path(source).resolve()))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50, help="timed runs per measurement (default 50)")
    parser.add_argument("--workspace", type=Path, help="base directory for (c) instead of a generated project")
    parser.add_argument("--command", help="shell command for (c) (default: python -m pytest -q)")
    parser.add_argument("--mount", action="append", default=[], help="extra read-only mount SRC[:DST] for (c)")
    parser.add_argument("--only", choices=["a", "b", "c"], action="append", help="run only these parts")
    args = parser.parse_args(argv)
    parts = set(args.only or ["a", "b", "c"])
    sandbox = BwrapSandbox()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}\n")
    scratch = Path(tempfile.mkdtemp(prefix="swegauge-bench-"))
    try:
        if "a" in parts:
            bench_start(sandbox, args.runs, scratch)
        if "b" in parts:
            bench_workspaces(sandbox, args.runs, scratch)
        if "c" in parts:
            base = args.workspace.resolve() if args.workspace else make_pytest_project(scratch / "tiny-project")
            command = args.command or f"{Path(sys.executable)} -m pytest -q -p no:cacheprovider"
            mounts = python_mounts() + tuple(parse_mount(m) for m in args.mount)
            bench_overhead(sandbox, max(5, args.runs // 5), base, command, mounts)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
