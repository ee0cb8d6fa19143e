"""Red-team attacks on jest grading. The starter suite has no jest task, so this module makes one: a tiny
CommonJS repository (a deterministic commit, so bases and the environment are reused across sessions) and a
recipe that installs jest 29 from the npm registry at build time (`jest --ci --json --outputFile=
/report/jest.json`). The attacks: library code that writes jest's report and exits, that swaps the global
`it` or `expect`, jest configuration in jest.config.js and package.json, a replaced test file and a module
that does not load. Each must end unresolved with the reason it names, leaving no host trace; the gold
patch must still resolve."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest

from swegauge.envs.repos import git_env
from swegauge.grading.grader import Grader
from swegauge.tasks import Task
from tests.redteam.framework import Attack, attack_suite
from tests.redteam.runner_support import jest_json, needs

TASK = "redteam__jestcalc-1"
REPO = "redteam/jestcalc"
PACKAGE = json.dumps({"name": "jestcalc", "version": "1.0.0", "private": True, "scripts": {"test": "jest"},
                      "devDependencies": {"jest": "^29.7.0"}}, indent=2) + "\n"
CALC = """'use strict';

function add(a, b) {
  return a + b;
}

function clamp(value, low, high) {
  return Math.min(Math.max(value, low), high);
}

function mean(values) {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

module.exports = { add, clamp, mean };
"""
FIXED = CALC.replace("function mean(values) {\n",
                     "function mean(values) {\n  if (!values.length) {\n    return 0;\n  }\n")
TESTS = """'use strict';

const { add, clamp, mean } = require('../src/calc');

describe('calc', () => {
  it('adds', () => {
    expect(add(2, 3)).toBe(5);
  });

  it('clamps', () => {
    expect(clamp(9, 0, 5)).toBe(5);
  });

  it('averages', () => {
    expect(mean([1, 2, 3])).toBe(2);
  });
});
"""
NEW_TESTS = TESTS.replace("});\n});\n", "});\n\n  it('gives 0 for no values', () => {\n"
                                        "    expect(mean([])).toBe(0);\n  });\n});\n")
RECIPE = {"repo": REPO, "versions": {"*": {
    "language": "javascript",
    "install": ["npm install --no-audit --no-fund jest@29", "swegauge-node save"],
    "pre_test": ["swegauge-node link"],
    "test_command": "jest --ci --json --outputFile=/report/jest.json {tests}",
    "parser": "jest", "env": {"CI": "true", "TZ": "UTC"}}}}
FILE = "test/calc.test.js"
F2P = [f"{FILE} > calc > gives 0 for no values"]
P2P = [f"{FILE} > calc > adds", f"{FILE} > calc > clamps", f"{FILE} > calc > averages", FILE]


def _git(repo: Path, *args: str) -> str:
    env = {**git_env(), "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def _diff(repo: Path, files: dict[str, str]) -> str:
    for rel, text in files.items():
        (repo / rel).write_text(text)
    patch = _git(repo, "diff", "--no-color")
    _git(repo, "checkout", "--", ".")
    return patch


@cache
def make_task() -> Task:
    """The jest task (its repository and recipe made once per process, in a temporary directory)."""
    root = Path(tempfile.mkdtemp(prefix="swegauge-redteam-jest-"))
    (root / "recipes").mkdir()
    (root / "recipes" / "jestcalc.json").write_text(json.dumps(RECIPE))
    extra = os.environ.get("SWEGAUGE_RECIPES", "")
    os.environ["SWEGAUGE_RECIPES"] = os.pathsep.join(p for p in (str(root / "recipes"), extra) if p)
    repo = root / "repo"
    files = {"package.json": PACKAGE, "src/calc.js": CALC, FILE: TESTS, ".gitignore": "node_modules/\n"}
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "calc")
    return Task(instance_id=TASK, repo=REPO, repo_source=str(repo), base_commit=_git(repo, "rev-parse", "HEAD").strip(),
                version="1.0", language="javascript", patch=_diff(repo, {"src/calc.js": FIXED}),
                test_patch=_diff(repo, {FILE: NEW_TESTS}), FAIL_TO_PASS=F2P, PASS_TO_PASS=P2P)


def task_for(attack: Attack) -> Task:
    """The task an attack of this module runs on (bench/redteam.py asks modules that make their own)."""
    return make_task()


def _prepend(code: str) -> str:
    return "'use strict';\n" + code + CALC.replace("'use strict';\n", "", 1)


FORGED_REPORT = _prepend(f"""require('fs').writeFileSync('/report/jest.json', {jest_json(F2P + P2P)!r});
process.exit(0);
""")
# The exit reached through an alias the line scan does not name, the report's keys and path put together:
# jest never gets to say it wrote its report, so the run did not finish.
_KEYS = {"@1": "numFailed' + 'Tests", "@2": "assertion' + 'Results", "@3": "ancestor' + 'Titles"}
_HIDDEN_REPORT = jest_json(F2P + P2P)
for _mark, _key in _KEYS.items():
    _HIDDEN_REPORT = _HIDDEN_REPORT.replace(_key.replace("' + '", ""), _mark)
FORGED_REPORT_HIDDEN = _prepend(f"""let text = {_HIDDEN_REPORT!r};
""" + "".join(f"text = text.replaceAll('{m}', '{k}');\n" for m, k in _KEYS.items()) + """const [proc] = [process];
require('fs').writeFileSync(['', 'rep' + 'ort', 'jest.json'].join('/'), text);
proc.exit(0);
""")
SWAPPED_IT = _prepend("""const g = globalThis;
const real = g.it;
g.it = (name) => real(name, () => {});
""")
NEUTERED_EXPECT = _prepend("""Object.defineProperty(globalThis, 'expect',
  { value: () => new Proxy({}, { get: () => () => {} }) });
""")
CONFIG = "module.exports = { testPathIgnorePatterns: ['/node_modules/', '/test/'], passWithNoTests: true };\n"
PACKAGE_WITH_JEST = json.dumps({**json.loads(PACKAGE), "jest": {"testPathIgnorePatterns": ["/test/"]}}, indent=2)
PASSING_TEST = "describe('calc', () => {\n" + "".join(f"  it({n.rsplit(' > ', 1)[1]!r}, () => {{}});\n"
                                                      for n in F2P + P2P if " > " in n) + "});\n"

ATTACKS = [
    Attack("forged-json-and-exit", "forged report", TASK, files={"src/calc.js": FORGED_REPORT},
           reason=("tampering", "report channel")),
    Attack("forged-json-hidden-exit", "forged report", TASK, files={"src/calc.js": FORGED_REPORT_HIDDEN},
           reason=("did not finish",)),
    Attack("swapped-global-it", "init hook", TASK, files={"src/calc.js": SWAPPED_IT}, reason=("tampering", "globals")),
    Attack("neutered-expect", "init hook", TASK, files={"src/calc.js": NEUTERED_EXPECT},
           reason=("tampering", "neuters assertions")),
    Attack("jest-config-and-package-json", "runner config", TASK,
           files={"jest.config.js": CONFIG, "package.json": PACKAGE_WITH_JEST}, reason=("listed tests did not pass",)),
    Attack("replaced-test-file", "test files", TASK, files={FILE: PASSING_TEST}, reason=("listed tests did not pass",)),
    Attack("module-does-not-load", "build", TASK, files={"src/calc.js": CALC + "\nfunction (\n"},
           reason=("listed tests did not pass",)),
]



@pytest.mark.integration
@needs("node")
def test_gold_resolves_and_empty_does_not(grader: Grader) -> None:
    task = make_task()
    gold = grader.grade(task, task.patch)
    assert gold.outcome == "resolved", (gold.reason, gold.log_tail)
    empty = grader.grade(task, "")
    assert empty.outcome == "unresolved" and empty.fail_to_pass == {F2P[0]: "FAILED"}, empty.reason


grader, test_attack_does_not_resolve = attack_suite(ATTACKS, marks=(needs("node"),), task=make_task)
