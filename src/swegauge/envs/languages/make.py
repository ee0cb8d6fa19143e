"""C and C++ without CMake: a top-level Makefile with a `check` or `test` target (the last rung of the C
ladder, after CMake).

Build: `make -j` once (must work), then the test target once (failures ignored). Test: the same two steps
from scratch (the workspace is fresh), the test target's output kept in /report/make.log and turned into
JUnit XML (/report/make-tests.xml, parser "junit"): automake's "PASS: name" / "FAIL: name" lines and TAP's
"ok N - name" / "not ok N - name" become one test case each; output with neither becomes one case named
after the target, failed iff the target's exit status is not 0. The runner's exit status is checked
against the report as everywhere else, so a printed "PASS:" cannot turn a failing run into a pass.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from swegauge.envs.auto import AutoContext, register_inference
from swegauge.envs.recipe import Recipe

TARGET = re.compile(r"^(check|test|tests)\s*:", re.MULTILINE)
TO_JUNIT = r"""awk -v target="$T" -v status="$status" '
function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s); return s }
/^(PASS|XFAIL|FAIL|XPASS|ERROR|SKIP): / { st = substr($1, 1, length($1) - 1); name = substr($0, length($1) + 2); add(name, st) }
/^ok [0-9]+ / { name = $0; sub(/^ok [0-9]+ (- )?/, "", name); add(name, "PASS") }
/^not ok [0-9]+ / { name = $0; sub(/^not ok [0-9]+ (- )?/, "", name); add(name, "FAIL") }
function add(name, st) { n++; names[n] = name; states[n] = st }
END {
  print "<testsuite name=\"make\">"
  if (n == 0) { n = 1; names[1] = "make " target; states[1] = (status == 0 ? "PASS" : "FAIL") }
  for (i = 1; i <= n; i++) {
    printf "<testcase classname=\"make\" name=\"%s\">", esc(names[i])
    if (states[i] == "FAIL" || states[i] == "XPASS" || states[i] == "ERROR") printf "<failure/>"
    if (states[i] == "SKIP") printf "<skipped/>"
    print "</testcase>"
  }
  print "</testsuite>"
}' /report/make.log > /report/make-tests.xml"""


def make_target(tree: Path) -> str | None:
    makefile = next((tree / n for n in ("GNUmakefile", "Makefile", "makefile") if (tree / n).is_file()), None)
    if makefile is None:
        return None
    found = TARGET.search(makefile.read_text(encoding="utf-8", errors="replace"))
    return found.group(1) if found else None


def infer_make(tree: Path, context: AutoContext | None = None) -> Recipe | None:
    """A Makefile with a check/test target and no CMakeLists.txt (CMake's inference comes first)."""
    if (tree / "CMakeLists.txt").is_file():
        return None
    target = make_target(tree)
    if target is None:
        return None
    jobs = max(1, min(os.cpu_count() or 1, 8))
    language = "cpp" if any(tree.glob("**/*.cpp")) or any(tree.glob("**/*.cc")) else "c"
    test = (f"T={target}; make -j{jobs} && {{ make {target} > /report/make.log 2>&1; status=$?; "
            f"tail -n 40 /report/make.log; {TO_JUNIT}; exit $status; }}")
    return Recipe(language=language, install=(f"make -j{jobs}", f"make {target} > /dev/null 2>&1 || "
                                             "echo 'note: some tests fail at this commit'"),
                  test_command=test, parser="junit")


def infer_native(tree: Path, context: AutoContext | None = None) -> Recipe | None:
    """CMake first, then a Makefile's test target."""
    from swegauge.envs.languages.native import infer_cmake

    return infer_cmake(tree, context) or infer_make(tree, context)


register_inference("c", infer_native)
register_inference("cpp", infer_native)
