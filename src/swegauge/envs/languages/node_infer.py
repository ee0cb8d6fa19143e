"""The auto recipe for package.json: install with npm, test with the runner the project itself uses.

The runner comes from the project's own test script (scripts.test, following `npm run x` to scripts.x),
else from its dependencies (vitest, jest, mocha), else `node --test` when a test file imports node:test.
The test command is the runner as the script calls it (the script's own arguments: config, requires,
spec folders), with the reporter swapped for one that writes a structured report under /report, so the
test names are the ones the runner itself reports:

    jest       jest --ci --json --outputFile=/report/jest.json ...            parser "jest"
    vitest     vitest run --reporter=default --reporter=json --outputFile.json=/report/vitest.json ...
    mocha      mocha --reporter json --reporter-option output=/report/mocha.json ...
    node-test  node --test --test-reporter=junit --test-reporter-destination=/report/node-test.xml ...

Build steps of the script before the runner (`tsc && node --test dist/`) become pre_test lines, as does
a `pretest` script that builds; other steps (`eslint . && jest`, `jest && eslint .`) are left out. Environment variables
the script sets (`TZ=UTC jest`, `cross-env NODE_ENV=test mocha`) go into the recipe's env, beside CI=true.
Coverage and watch flags are dropped: coverage thresholds would change the exit status, not the tests.
`{tests}` (the test patch's files) is passed unless the tests run from a build output (a build step
before mocha or node --test), where the source files are not what runs.

Install, a fallback ladder (envs.auto.ladder; each rung announced in the build log): with
package-lock.json or npm-shrinkwrap.json `npm ci`; with yarn.lock (classic) yarn 1 through npx,
`--frozen-lockfile`; with pnpm-lock.yaml the pnpm the lockfile's version (or packageManager) names,
`--frozen-lockfile`; then `npm install --legacy-peer-deps` (peer-dependency conflicts of older trees),
then the same with `--ignore-scripts` (a postinstall that cannot run here). Without a lockfile npm
resolves afresh, first bounded by the task's date (`--before CUTOFF`), then without the bound. The last
step is always `swegauge-node save`. TypeScript when tsconfig.json exists or typescript is a dependency.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from swegauge.envs.auto import AutoContext, ladder, register_inference
from swegauge.envs.languages.node import LINK_LINE, SAVE_LINE
from swegauge.envs.recipe import Recipe, RecipeError

REPORT_FLAGS = {
    "jest": "--ci --json --outputFile=/report/jest.json --coverage=false",
    "vitest": "run --reporter=default --reporter=json --outputFile.json=/report/vitest.json --coverage.enabled=false",
    "mocha": "--reporter json --reporter-option output=/report/mocha.json",
    "node-test": "--test --test-reporter=spec --test-reporter-destination=stdout "
                 "--test-reporter=junit --test-reporter-destination=/report/node-test.xml",
}
PROGRAMS = {"jest": "jest", "vitest": "vitest", "mocha": "mocha", "node-test": "node"}
RUNNER_NAMES = {"jest": "jest", "vitest": "vitest", "mocha": "mocha", "_mocha": "mocha", "ts-mocha": "mocha"}
DROPPED_FLAGS = {
    "jest": {"--json", "--outputFile", "--watch", "--watchAll", "--coverage", "--ci"},
    "vitest": {"--reporter", "--outputFile", "--watch", "--coverage", "--ui", "--run"},
    "mocha": {"--reporter", "-R", "--reporter-option", "--reporter-options", "-O", "--watch", "-w"},
    "node-test": {"--test", "--test-reporter", "--test-reporter-destination", "--watch",
                  "--experimental-test-coverage"},
}
FLAGS_WITH_VALUE = {"--outputFile", "--reporter", "-R", "--reporter-option", "--reporter-options", "-O",
                    "--test-reporter", "--test-reporter-destination"}
VITEST_SUBCOMMANDS = {"run", "watch", "dev", "related"}
OPERATOR_CHARS = "();<>|&"
BUILD_WORDS = re.compile(r"\b(tsc|build|compile|babel|rollup|esbuild|webpack|tsup|swc)\b")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
NPM_RUN = re.compile(r"^(?:npm run(?:-script)?|yarn(?: run)?|pnpm(?: run)?)\s+([\w:.-]+)\s*$")
NO_TEST_SCRIPT = "no test specified"
LOCKFILES = ("package-lock.json", "npm-shrinkwrap.json")
JS_SUFFIXES = (".js", ".mjs", ".cjs")
TEST_NAME = re.compile(r"[.-](test|spec)\.[cm]?js$")
TEST_DIRS = ("test", "tests", "__tests__")
MAX_SCANNED = 20000


class ScriptPlan(BaseModel):
    """What a package.json test script says: steps before the runner, the runner, its arguments."""

    model_config = ConfigDict(frozen=True)

    runner: str
    program: str = ""
    """How the script starts the runner ("ts-mocha", "node --experimental-vm-modules node_modules/.bin/jest");
    empty: the runner's own name."""
    args: tuple[str, ...] = ()
    """The runner's arguments as the script writes them (quoted or not), for the shell to read again."""
    before: tuple[str, ...] = ()
    env: dict[str, str] = {}


def read_package_json(tree: Path) -> dict[str, Any] | None:
    path = tree / "package.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise RecipeError(f"auto recipe: package.json is not valid JSON: {err}") from None
    if not isinstance(data, dict):
        raise RecipeError("auto recipe: package.json is not a JSON object")
    return data


def _dependencies(package: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for key in ("devDependencies", "dependencies", "peerDependencies", "optionalDependencies"):
        section = package.get(key)
        if isinstance(section, dict):
            names |= set(section)
    return names


def _scripts(package: dict[str, Any]) -> dict[str, str]:
    scripts = package.get("scripts")
    return {k: v for k, v in scripts.items() if isinstance(v, str)} if isinstance(scripts, dict) else {}


class Word(BaseModel):
    """One shell word of a script: as written (quotes kept, so globs keep their meaning) and its value."""

    model_config = ConfigDict(frozen=True)

    raw: str
    value: str
    operator: bool = False


def _scan_quoted(script: str, start: int, quote: str) -> int:
    """The index just past the quote that closes the one at `start` (ValueError when none does)."""
    end = start + 1
    while end < len(script) and script[end] != quote:
        end += 2 if quote == '"' and script[end] == "\\" else 1
    if end >= len(script):
        raise ValueError("unclosed quote")
    return end + 1


def shell_words(script: str) -> list[Word] | None:
    """The script's words and operators; None when it cannot be read (an unclosed quote)."""
    words: list[Word] = []
    i = 0
    while i < len(script):
        if script[i].isspace():
            i += 1
            continue
        if script[i] in OPERATOR_CHARS:
            j = i
            while j < len(script) and script[j] in OPERATOR_CHARS:
                j += 1
            words.append(Word(raw=script[i:j], value=script[i:j], operator=True))
            i = j
            continue
        j = i
        try:
            while j < len(script) and not script[j].isspace() and script[j] not in OPERATOR_CHARS:
                j = _scan_quoted(script, j, script[j]) if script[j] in "'\"" else j + (2 if script[j] == "\\" else 1)
            value = " ".join(shlex.split(script[i:j]))
        except ValueError:
            return None
        words.append(Word(raw=script[i:j], value=value))
        i = j
    return words


def _segments(words: list[Word]) -> list[list[Word]] | None:
    """The script split at `&&`; None when it uses other shell operators (read no further)."""
    segments: list[list[Word]] = [[]]
    for word in words:
        if word.operator and word.value == "&&":
            segments.append([])
        elif word.operator:
            return None
        else:
            segments[-1].append(word)
    return [s for s in segments if s]


def _runner_name(token: str) -> str | None:
    name = token.rsplit("/", 1)[-1]
    for suffix in JS_SUFFIXES:
        name = name.removesuffix(suffix)
    return RUNNER_NAMES.get(name)


def _runner_at(segment: list[Word]) -> tuple[str, int, int] | None:
    """The runner a command runs: (runner, index its program starts at, index of its first argument).

    Wrappers before it (npx, nyc, c8, cross-env) are not part of the program; a `node [flags]` that runs
    the runner's script is.
    """
    values = [word.value for word in segment]
    for index, token in enumerate(values):
        runner = _runner_name(token)
        if runner is not None:
            nodes = [i for i in range(index) if values[i].rsplit("/", 1)[-1] == "node"]
            return runner, (nodes[-1] if nodes else index), index + 1
        if token.rsplit("/", 1)[-1] == "node" and "--test" in values[index + 1:]:
            return "node-test", index, index + 1
    return None


def _clean_args(runner: str, args: list[Word]) -> tuple[str, ...]:
    """The runner's arguments (as written) minus reporter, watch and coverage flags (ours replace them)."""
    dropped = DROPPED_FLAGS[runner]
    kept: list[str] = []
    skip = False
    for position, arg in enumerate(args):
        if skip:
            skip = False
            continue
        flag = arg.value.split("=", 1)[0]
        if flag in dropped or any(flag.startswith(f"{d}.") for d in dropped if d.startswith("--")):
            skip = flag in FLAGS_WITH_VALUE and "=" not in arg.value
            continue
        if runner == "vitest" and position == 0 and arg.value in VITEST_SUBCOMMANDS:
            continue
        kept.append(arg.raw)
    return tuple(kept)


def plan_script(scripts: dict[str, str], name: str = "test", depth: int = 0) -> ScriptPlan | None:
    """Read scripts[name] (following `npm run other`); None when no known runner is found in it."""
    script = scripts.get(name, "").strip()
    if not script or NO_TEST_SCRIPT in script or depth > 3:
        return None
    follow = NPM_RUN.match(script)
    if follow:
        return plan_script(scripts, follow.group(1), depth + 1)
    words = shell_words(script)
    segments = _segments(words) if words is not None else None
    if not segments:
        return None
    for position, segment in enumerate(segments):
        found = _runner_at(segment)
        if found is None:
            continue
        runner, program_at, args_at = found
        env = dict(w.value.split("=", 1) for w in segment[:program_at] if ASSIGNMENT.match(w.value))
        program = " ".join(w.raw for w in segment[program_at:args_at])
        if program == PROGRAMS[runner]:
            program = ""
        steps = (" ".join(w.raw for w in s) for s in segments[:position])
        before = tuple(step for step in steps if BUILD_WORDS.search(step))
        return ScriptPlan(runner=runner, program=program, args=_clean_args(runner, segment[args_at:]),
                          before=before, env=env)
    return None


def _test_files(tree: Path) -> Iterator[Path]:
    """JavaScript test files of the tree (node_modules and .git skipped), at most MAX_SCANNED looked at."""
    seen = 0
    for folder, dirs, files in os.walk(tree):
        dirs[:] = [d for d in dirs if d not in ("node_modules", ".git")]
        in_test_dir = any(part in TEST_DIRS for part in Path(folder).relative_to(tree).parts)
        for name in files:
            seen += 1
            if seen > MAX_SCANNED:
                return
            if name.endswith(JS_SUFFIXES) and (in_test_dir or TEST_NAME.search(name)):
                yield Path(folder) / name


def _uses_node_test(tree: Path) -> bool:
    for path in _test_files(tree):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")[:20000]
        except OSError:
            continue
        if "node:test" in text:
            return True
    return False


def runner_from_dependencies(package: dict[str, Any], tree: Path) -> str | None:
    deps = _dependencies(package)
    for name in ("vitest", "jest", "mocha"):
        if name in deps:
            return name
    return "node-test" if _uses_node_test(tree) else None


def runner_command(plan: ScriptPlan) -> str:
    """The runner with our structured reporter, the script's own arguments, then the test files."""
    parts = [plan.program or PROGRAMS[plan.runner], REPORT_FLAGS[plan.runner], *plan.args]
    runs_build_output = bool(plan.before) and plan.runner in ("mocha", "node-test")
    if not runs_build_output:
        parts.append("{tests}")
    return " ".join(parts)


def _pnpm_version(tree: Path, package: dict[str, Any]) -> str:
    """The pnpm a pnpm-lock.yaml was written by: packageManager's, else the lockfile version's major."""
    manager = package.get("packageManager")
    if isinstance(manager, str) and manager.startswith("pnpm@"):
        return manager.split("+", 1)[0]
    head = (tree / "pnpm-lock.yaml").read_text(encoding="utf-8", errors="replace")[:200]
    found = re.search(r"lockfileVersion:\s*'?(\d+)(?:\.(\d+))?", head)
    major, minor = (int(found.group(1)), int(found.group(2) or 0)) if found else (9, 0)
    if major >= 9:
        return "pnpm@9"
    if major == 6:
        return "pnpm@8"
    return "pnpm@7" if (major, minor) >= (5, 4) else "pnpm@6"


def install_rungs(tree: Path, package: dict[str, Any], cutoff: str | None) -> list[tuple[str, list[str]]]:
    """The install ladder's rungs for a package.json project (see the module docstring)."""
    yarn = tree / "yarn.lock"
    if any((tree / name).is_file() for name in LOCKFILES):
        first = [("lockfile", ["npm ci"])]
    elif yarn.is_file() and "__metadata:" not in yarn.read_text(encoding="utf-8", errors="replace")[:2000]:
        first = [("yarn.lock", ["YARN_CACHE_FOLDER=/tmp/yarn-cache npx --yes yarn@1 install --frozen-lockfile "
                                "--ignore-engines --non-interactive"])]
    elif (tree / "pnpm-lock.yaml").is_file():
        first = [("pnpm-lock.yaml", [f"npx --yes {_pnpm_version(tree, package)} install --frozen-lockfile"])]
    elif cutoff:
        # a registry that serves abbreviated metadata has no publish times: --before then finds no versions
        # (measured here: "ENOVERSIONS" for express at 2019-06), and the next rung resolves without the bound
        first = [("resolve as of the task date", [f"npm install --before={cutoff}"]), ("resolve", ["npm install"])]
    else:
        first = [("resolve", ["npm install"])]
    return [*first, ("legacy peer deps", ["npm install --legacy-peer-deps"]),
            ("no install scripts", ["npm install --legacy-peer-deps --ignore-scripts"])]


def _install_lines(tree: Path, package: dict[str, Any], cutoff: str | None = None) -> tuple[str, ...]:
    return (ladder(install_rungs(tree, package, cutoff)), SAVE_LINE)


def _language(tree: Path, package: dict[str, Any]) -> str:
    if (tree / "tsconfig.json").is_file() or "typescript" in _dependencies(package):
        return "typescript"
    return "javascript"


def infer_node(tree: Path, context: AutoContext | None = None) -> Recipe | None:
    """A recipe for a package.json project; None without package.json, RecipeError without a runner."""
    package = read_package_json(tree)
    if package is None:
        return None
    scripts = _scripts(package)
    plan = plan_script(scripts)
    if plan is None:
        runner = runner_from_dependencies(package, tree)
        if runner is None:
            raise RecipeError("auto recipe: package.json names no test runner swegauge knows (jest, vitest, "
                              "mocha, node --test) in scripts.test or its dependencies; give a recipe file")
        plan = ScriptPlan(runner=runner)
    pretest = scripts.get("pretest", "")
    builds_first = bool(pretest) and BUILD_WORDS.search(pretest) is not None
    pre_test = [LINK_LINE, *(["npm run pretest"] if builds_first else []), *plan.before]
    return Recipe(
        language=_language(tree, package), install=_install_lines(tree, package, _cutoff(context)), pre_test=tuple(pre_test),
        test_command=runner_command(plan), parser=plan.runner, env={"CI": "true", "TZ": "UTC", **plan.env},
    )


def _cutoff(context: AutoContext | None) -> str | None:
    cutoff = context.cutoff if context else None
    return cutoff.isoformat() if cutoff else None


for _language_name in ("javascript", "typescript"):
    register_inference(_language_name, infer_node)
