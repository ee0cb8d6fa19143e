"""Sentinels: tests of the harness's own that must fail, run inside the test processes beside the real ones.

For runners whose results come from the test process itself (no reporter over the harness channel), code
under test could neuter the assertion library, forge the report and exit early, or narrow what runs. A
sentinel is a must-fail test named with the run's secret (no candidate knows it beforehand); if a run
reports one as anything but failed, or leaves one out where it ran tests, its results are untrusted.
Each runner gets it where the code under test runs, after that code has loaded:

- node --test: a preload (harness/node, read-only mount, `--import` through NODE_OPTIONS) that node passes
  to every test file's own process; there it loads the test file, then registers the sentinel, named with
  the file, whose node:assert and node:assert/strict calls must all throw.
- vitest: a setup file (harness/vitest, read-only mount) added to setupFiles by a configuration the
  harness writes outside the workspace (it imports the task's own one), so it runs in every test file's
  module graph; its expect() calls must all throw, again in an afterAll hook once the file's tests ran.
- go: a _test.go file in each package of the test files (only while the command names no -run), which also
  reports, as a passing subtest "args-rewritten", a test binary whose os.Args or test-selection flags
  differ from what the kernel started it with. Its failure message carries a token (from the secret and the
  package) that is a number in the compiled code; a `go test -exec` wrapper deletes the source before the
  package's test binary starts, so init code cannot read the token, and a failure without it is forged.
- mocha: one file beside the first target (mocha runs every file in one process).

The judge wants every reported sentinel failed, one for every test file (node, vitest) or package (go)
that reported a passing test, and a Go package whose sentinel failed to have failed as a whole.

What is caught: reports written by something other than the run; assertions neutered at load time in any
test file, also by code that spares calls from the harness's files (the node sentinel's calls carry the
test file's name); neutering during the tests under vitest (the afterAll check; the file fails); Go init
code that rewrites the test binary's arguments or flags, even one that reads the sentinel's name from
its binary; a Go sentinel failure forged before the tests run (no token, or guesses beside it) or while
its package passed. What is not: code that rewrites the test process's own output (a filter over stdout);
Go code that digs the token out of its binary's machine code, or that reads another package's sentinel
source before that package's binary starts and hands it over; runs of the whole suite under mocha; Go
commands with their own -run or -exec; those rest on the tamper signals (rules/tamper.json).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ConfigDict

from swegauge.grading.harness import HERE as HARNESS_DIR
from swegauge.grading.harness import MOUNT_ROOT
from swegauge.grading.parsers import ParsedTests, TestRun, TestStatus
from swegauge.grading.parsers.go import event_stream, outputs_of
from swegauge.grading.parsers.jest import SENTINEL_TITLE as TITLE_PREFIX
from swegauge.grading.protect import read_inside
from swegauge.sandbox import Mount

MOCHA_TEMPLATE = "import assert from 'node:assert';\nit('{title}', () => {{ assert.strictEqual(1, 2); }});\n"
FILE_PREFIX = "zz-swegauge-sentinel-"
GO_PREFIX = "TestSwegaugeSentinel_"
GO_FILE_PREFIX = "zz_swegauge_sentinel_"
REWRITTEN = "args-rewritten"
RUN_MOUNT = "/harness-run"
"""Where the run's own harness files (vitest's configuration) are mounted, writable (vite writes its bundled
configuration beside it); read once, before any code under test runs."""
SECRET_VARIABLE = "SWEGAUGE_SENTINEL"
VITEST_CONFIGS = tuple(f"{stem}.config.{ext}" for stem in ("vitest", "vite")
                       for ext in ("ts", "mts", "cts", "js", "mjs", "cjs"))
_VITEST_RUN = re.compile(r"(?:^|(?<=[\s;&|(/]))vitest\s+run\b")
_CONFIG_FLAG = re.compile(r"\s(?:--config|-c)(?:=|\s+)(\S+)")
_GO_PACKAGE = re.compile(r"^package\s+(\w+)", re.M)
_GO_FAILURE = re.compile(r"swegauge sentinel: must fail (\w+)")


class Planted(BaseModel):
    """What a run needs for its sentinels, and what the judge then expects of its report."""

    model_config = ConfigDict(frozen=True)

    runner: str
    command: str
    files: list[str] = []
    """Paths to add to the command's targets (mocha's sentinel file)."""
    mounts: tuple[Mount, ...] = ()
    variables: dict[str, str] = {}
    units: list[str] = []
    """Test files (node, vitest) or Go import paths, each needing a failed sentinel when it reported tests."""


def title_for(secret: str) -> str:
    return f"{TITLE_PREFIX}{secret[:12]}"


def go_name(secret: str) -> str:
    return f"{GO_PREFIX}{secret[:12]}"


def go_file(secret: str) -> str:
    """The Go sentinel's file name in each package's folder."""
    return f"{GO_FILE_PREFIX}{secret[:12]}_test.go"


def is_sentinel(test_name: str) -> bool:
    """Whether a reported test name is the harness's sentinel (by its title, or by its file when the
    runner names a failed file rather than its test), not one of the task's tests."""
    return TITLE_PREFIX in test_name or FILE_PREFIX in test_name or GO_PREFIX in test_name


def without_sentinels(statuses: dict[str, TestStatus]) -> dict[str, TestStatus]:
    """A run's per-test statuses as a verdict keeps them: the harness's sentinels (named with the run's
    secret, so different every run) left out; the verdict's reason already says what they showed."""
    return {name: status for name, status in statuses.items() if not is_sentinel(name)}


def _inside(workspace: Path, rel: str | PurePosixPath) -> str | None:
    """The real path of a directory inside the workspace, or None (never write through a link out)."""
    root, real = os.path.realpath(workspace), os.path.realpath(workspace / rel)
    if not (real == root or real.startswith(root + os.sep)) or not os.path.isdir(real):
        return None
    return real


def _write_new(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def _node(workspace: Path, command: str, targets: list[str], secret: str, env: dict[str, str]) -> Planted:
    options = env.get("NODE_OPTIONS", "")
    preload = f"--import {MOUNT_ROOT}/node/sentinel.mjs"
    files = [t for t in targets if "{tests}" in command]
    return Planted(runner="node-test", command=command, units=files,
                   mounts=(Mount(source=HARNESS_DIR / "node", target=f"{MOUNT_ROOT}/node"),),
                   variables={"NODE_OPTIONS": f"{options} {preload}".strip(), SECRET_VARIABLE: secret})


def _vitest(workspace: Path, command: str, targets: list[str], secret: str, scratch: Path) -> Planted | None:
    if not _VITEST_RUN.search(command):
        return None
    given = _CONFIG_FLAG.search(command)
    if given:
        own: str | None = given.group(1).strip("'\"")
        command = command[:given.start()] + command[given.end():]
    else:
        own = next((name for name in VITEST_CONFIGS if (workspace / name).is_file()), None)
    setup = f"{MOUNT_ROOT}/vitest/sentinel.mjs"
    lines = [f"const setup = {json.dumps(setup)};"]
    if own:
        path = own if own.startswith("/") else f"/workspace/{own}"
        lines += [f"import own from {json.dumps(path)};",
                  "export default async (env) => {",
                  "  const base = { ...((typeof own === 'function' ? await own(env) : await own) || {}) };",
                  "  const test = { ...(base.test || {}) };",
                  "  test.setupFiles = [...[].concat(test.setupFiles || []), setup];",
                  "  return { ...base, test };", "};"]
    else:
        lines.append("export default { test: { setupFiles: [setup] } };")
    (scratch / "vitest.config.mjs").write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = _VITEST_RUN.sub(lambda m: f"{m.group(0)} --config {RUN_MOUNT}/vitest.config.mjs", command, count=1)
    files = [t for t in targets if "{tests}" in command]
    return Planted(runner="vitest", command=command, units=files, variables={SECRET_VARIABLE: secret},
                   mounts=(Mount(source=HARNESS_DIR / "vitest", target=f"{MOUNT_ROOT}/vitest"),
                           Mount(source=scratch, target=RUN_MOUNT, writable=True)))


def _go_module(workspace: Path) -> str | None:
    found = re.search(r"^module\s+(\S+)", read_inside(workspace, "go.mod") or "", re.M)
    return found.group(1).strip('"') if found else None


GO_EXEC = "go-exec.sh"
"""The `go test -exec` wrapper (in the run's scratch folder, mounted read-only at RUN_MOUNT): the go command
starts each test binary through it in the package's folder, once the binary is built, and it deletes that
package's sentinel source first, so the code under test cannot read the token off the disk."""


def go_token(secret: str, package: str) -> str:
    """What a Go package's sentinel failure must carry: derived from the run's secret and the package's import
    path, compiled into its test binary as a number (no string of it in the binary), its source gone before
    the binary starts (so another package's binary, which may run first, learns no token but its own)."""
    return hashlib.sha256(f"swegauge go sentinel token {secret} {package}".encode()).hexdigest()[:16]


def _go_wrapper(scratch: Path, secret: str, env: dict[str, str]) -> dict[str, str]:
    script = scratch / GO_EXEC
    script.write_text("#!/bin/sh\n# swegauge: the sentinel is compiled in by now; its source goes before the "
                      f"binary runs\nrm -f ./{go_file(secret)}\nexec \"$@\"\n", encoding="utf-8")
    script.chmod(0o755)
    scratch.chmod(0o755)
    return {"GOFLAGS": f"{env.get('GOFLAGS', '')} -exec={RUN_MOUNT}/{GO_EXEC}".strip()}


def _go(workspace: Path, command: str, targets: list[str], secret: str, scratch: Path,
        env: dict[str, str]) -> Planted | None:
    module = _go_module(workspace)
    if module is None or re.search(r"(?:^|\s)-{1,2}(?:test\.)?(?:run|list)\b", command):
        return None  # a -run of the recipe's own would leave the sentinel out
    template = (HARNESS_DIR / "go" / "sentinel_test.go.txt").read_text(encoding="utf-8")
    units: list[str] = []
    for folder in dict.fromkeys(PurePosixPath(t).parent for t in targets if t.endswith("_test.go")):
        real = _inside(workspace, folder)
        names = sorted(f.name for f in Path(real).glob("*_test.go")) if real else []
        texts = (read_inside(workspace, str(folder / name)) or "" for name in names)  # never through a link out
        package = next((m.group(1) for text in texts if (m := _GO_PACKAGE.search(text))), None)
        if real is None or package is None:
            continue
        unit = module if str(folder) == "." else f"{module}/{folder}"
        text = (template.replace("{package}", package).replace("{name}", go_name(secret))
                .replace("{token}", f"0x{go_token(secret, unit)}"))
        _write_new(Path(real) / go_file(secret), text)
        units.append(unit)
    if not units:
        return None
    own_exec = re.search(r"(?:^|\s)-{1,2}exec\b", command)  # the recipe's own wrapper: the source stays
    variables = {} if own_exec else _go_wrapper(scratch, secret, env)
    mounts = () if own_exec else (Mount(source=scratch, target=RUN_MOUNT),)
    return Planted(runner="go", command=command, units=units, variables=variables, mounts=mounts)


def _mocha(workspace: Path, command: str, targets: list[str], secret: str) -> Planted | None:
    if "{tests}" not in command or not targets:
        return None
    folder = PurePosixPath(targets[0]).parent
    real = _inside(workspace, folder)
    if real is None:
        return None
    rel = str(folder / f"{FILE_PREFIX}{secret[:12]}.test.mjs")
    _write_new(Path(real) / PurePosixPath(rel).name, MOCHA_TEMPLATE.format(title=title_for(secret)))
    return Planted(runner="mocha", command=command, files=[rel])


def plant(workspace: Path, *, parser: str, test_command: str, targets: list[str], secret: str,
          scratch: Path, env: dict[str, str] | None = None) -> Planted | None:
    """Put the run's sentinels in place (files in the workspace, or harness files for mounts), or None
    when this runner gets none. `scratch` is a host directory of this run's own, outside the workspace."""
    if parser == "node-test":
        return _node(workspace, test_command, targets, secret, env or {})
    if parser == "vitest":
        return _vitest(workspace, test_command, targets, secret, scratch)
    if parser == "go":
        return _go(workspace, test_command, targets, secret, scratch, env or {})
    if parser == "mocha":
        return _mocha(workspace, test_command, targets, secret)
    return None


def _failed(status: TestStatus | None) -> bool:
    return status in (TestStatus.FAILED, TestStatus.ERROR)


def _unit_reasons(parsed: ParsedTests, planted: Planted, found: dict[str, TestStatus]) -> list[str]:
    """Units (files, packages) that reported a passing test without their own failed sentinel."""
    statuses = parsed.statuses
    lacking = []
    for unit in planted.units:
        if planted.runner == "node-test":  # node's names carry no file: the sentinel's title does
            has = any(name.endswith(f" {unit}") for name in found) or _failed(statuses.get(unit))
            ran = True
        else:
            prefix = f"{unit} > " if planted.runner == "vitest" else f"{unit}/"
            has = any(name.startswith(prefix) for name in found)
            ran = any(n.startswith(prefix) and s == TestStatus.PASSED for n, s in statuses.items())
        if ran and not has:
            lacking.append(unit)
    return lacking


def _unsigned(run: TestRun, secret: str, packages: list[str]) -> list[str]:
    """Packages whose failed Go sentinel printed no failure line, or one without its token (a guess beside
    the token counts against it; a -count of several prints the same line once per run)."""
    outputs = outputs_of(event_stream(run, []), go_name(secret))
    return [pkg for pkg in packages if set(m.group(1) for line in outputs.get(pkg, [])
                                           if (m := _GO_FAILURE.search(line))) != {go_token(secret, pkg)}]


def judge(parsed: ParsedTests, *, secret: str, planted: Planted | None = None,
          run: TestRun | None = None) -> ParsedTests:
    """The parsed results, untrusted unless every sentinel was reported failed where tests ran (and, for
    Go, given `run`, failed with the run's token)."""
    if not parsed.statuses:
        return parsed  # nothing ran or nothing was read: "no test results" says it better
    marks = (title_for(secret), go_name(secret))
    found = {n: s for n, s in parsed.statuses.items() if any(m in n for m in marks)}
    why = []
    if any(n.endswith(f"/{REWRITTEN}") for n in found):
        why.append("the code under test rewrote the test binary's arguments or test-selection flags")
    passed = sorted(n for n, s in found.items() if not _failed(s) and not n.endswith(f"/{REWRITTEN}"))
    if passed:
        why.append(f"the harness's must-fail sentinel test passed: assertions do not work in this run ({passed[0]})")
    lacking = _unit_reasons(parsed, planted, found) if planted else []
    if lacking or not found and any(s == TestStatus.PASSED for s in parsed.statuses.values()):
        shown = f" ({', '.join(lacking[:3])})" if lacking else ""
        why.append(f"the harness's sentinel test is missing from the report{shown}: the report does not come "
                   "from this run, or the run was narrowed")
    if planted is not None and planted.runner == "go":
        ok = [n.split(f"/{GO_PREFIX}")[0] for n, s in found.items() if _failed(s) and "/" not in n.split(GO_PREFIX)[1]]
        alive = sorted(p for p in ok if p not in parsed.failed_units)
        if alive:
            why.append(f"the sentinel failed but its package passed: its result was printed by the code under test "
                       f"({alive[0]})")
        unsigned = _unsigned(run, secret, sorted(set(ok))) if run is not None and ok else []
        if unsigned:
            why.append(f"the sentinel's failure does not carry the run's token: it was printed by the code under "
                       f"test ({unsigned[0]})")
    return parsed.model_copy(update={"untrusted": [*parsed.untrusted, *why]}) if why else parsed
