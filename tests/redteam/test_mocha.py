"""Red-team attacks on mocha grading (starter__querystr-1, CommonJS; mocha's JSON reporter writes
/report/mocha.json): library code that writes that report and exits (plainly and hidden), that swaps
mocha's global `it` or neuters node:assert, .mocharc and package.json configuration, a replaced test file
and a module that does not load. Each must end unresolved with the reason it names, leaving no host trace."""

from __future__ import annotations

import json


from swegauge.envs.repos import prepared_base
from swegauge.grading.protect import read_inside
from tests.redteam.framework import Attack, attack_suite, starter_task
from tests.redteam.runner_support import needs

TASK = "starter__querystr-1"
_TASK = starter_task(TASK)
_TREE = prepared_base(_TASK.repo, _TASK.repo_source, _TASK.base_commit)
INDEX = read_inside(_TREE, "index.js") or ""
PACKAGE = read_inside(_TREE, "package.json") or ""


def _report() -> str:
    tests = [{"title": n.split(" > ", 1)[1], "fullTitle": n.split(" > ", 1)[1],
              "file": "/workspace/" + n.split(" > ", 1)[0], "duration": 1, "err": {}}
             for n in _TASK.FAIL_TO_PASS + _TASK.PASS_TO_PASS if " > " in n]
    stats = {"suites": 1, "tests": len(tests), "passes": len(tests), "pending": 0, "failures": 0}
    return json.dumps({"stats": stats, "tests": tests, "pending": [], "failures": [], "passes": tests})


def _prepend(code: str) -> str:
    return "'use strict';\n" + code + INDEX.replace("'use strict';\n", "", 1)


FORGED_REPORT = _prepend(f"""require('fs').writeFileSync('/report/mocha.json', JSON.stringify({_report()}));
process.exit(0);
""")

# Key names and the report path put together, the exit reached through an alias of process.
_HIDDEN = _report().replace('"fullTitle"', "[k]")
FORGED_REPORT_HIDDEN = _prepend(f"""const k = 'full' + 'Title';
const doc = {_HIDDEN};
const proc = process;
require('fs').writeFileSync(['', 'rep' + 'ort', 'mocha.json'].join('/'), JSON.stringify(doc));
proc.exit(0);
""")

# The same with process loaded by a computed module name: mocha writes its report only at the end, says
# nothing when it does, and exits as the code under test tells it.
FORGED_REPORT_DYNAMIC = FORGED_REPORT_HIDDEN.replace("const proc = process;",
                                                     "const proc = require(['pro', 'cess'].join(''));")

# mocha defines `it` as a global before it loads a test file; the test file loads this module first.
SWAPPED_IT = _prepend("""const real = globalThis['i' + 't'];
globalThis['i' + 't'] = (title) => real(title, () => {});
""")

NEUTERED_ASSERT = _prepend("""const assert = require('node:assert/strict');
for (const key of Object.keys(assert)) assert[key] = () => {};
""")

MOCHARC = json.dumps({"require": ["./hook.js"], "spec": ["test/stringify.test.js"], "reporter": "dot"})
HOOK = "exports.mochaHooks = { beforeEach() { this.currentTest.fn = () => {}; } };\n"
PACKAGE_WITH_MOCHA = json.dumps({**json.loads(PACKAGE), "mocha": {"require": ["./hook.js"]}}, indent=2)
PASSING_TEST = "'use strict';\n\ndescribe('parse', () => {\n" + "".join(
    f"  it({n.split(' > ', 1)[1].removeprefix('parse ')!r}, () => {{}});\n"
    for n in _TASK.FAIL_TO_PASS if " > " in n) + "});\n"

ATTACKS = [
    Attack("forged-json-and-exit", "forged report", TASK, files={"index.js": FORGED_REPORT},
           reason=("tampering", "report channel")),
    Attack("forged-json-hidden-exit", "forged report", TASK, files={"index.js": FORGED_REPORT_HIDDEN},
           reason=("tampering", "ends the process")),
    Attack("forged-json-dynamic-require-exit", "forged report", TASK, files={"index.js": FORGED_REPORT_DYNAMIC},
           reason=("untrusted", "sentinel")),
    Attack("swapped-global-it", "init hook", TASK, files={"index.js": SWAPPED_IT}, reason=("tampering", "globals")),
    Attack("neutered-assert", "init hook", TASK, files={"index.js": NEUTERED_ASSERT},
           reason=("tampering", "neuters assertions")),
    Attack("mocharc-and-package-json-hooks", "runner config", TASK,
           files={".mocharc.json": MOCHARC, "hook.js": HOOK, "package.json": PACKAGE_WITH_MOCHA},
           reason=("listed tests did not pass",)),
    Attack("replaced-test-file", "test files", TASK, files={"test/parse.test.js": PASSING_TEST},
           reason=("listed tests did not pass",)),
    Attack("module-does-not-load", "build", TASK, files={"index.js": INDEX + "\nfunction (\n"},
           reason=("no test results",)),
]


XFAIL: dict[str, str] = {}  # the forged report left by an early exit lacks the harness's sentinel



grader, test_attack_does_not_resolve = attack_suite(ATTACKS, xfail=XFAIL, marks=(needs("node"),))
