"""Cross-execution bookkeeping (a simulated test runner), the selection rule, and test-file layouts."""

from __future__ import annotations

import json
import re

import pytest

from swegauge.grading.apply import touched_paths
from swegauge.sandbox import ExecResult
from swegauge.solvers.coexist import place
from swegauge.solvers.crossrun import TestCandidate, cross_run
from swegauge.solvers.selection import select
from tests.helpers import make_repo


class SimBench:
    """A Workbench whose 'test runner' knows, per fix, which test candidates pass (no sandbox).

    Fix patches touch fix<k>.txt; test candidate j is tests/test_c<j>.py. A candidate's test passes
    under fix k when k in passes[j]; candidates in `broken` take the whole run down (no results)."""

    def __init__(self, tree, passes: dict[int, set[int]], *, broken: frozenset[int] = frozenset(),
                 bad_fix: int | None = None) -> None:
        self.tree = tree
        self.passes, self.broken, self.bad_fix = passes, broken, bad_fix
        self.runs: list[tuple[str, ...]] = []

    def test_command(self, files):
        return "run " + " ".join(files)

    def run(self, script, *, patches=(), timeout_s=600.0, report_dir=None):
        self.runs.append(patches)
        paths = [p for patch in patches for p in touched_paths(patch)]
        fixes = [int(m.group(1)) for p in paths if (m := re.fullmatch(r"fix(\d+)\.txt", p))]
        if self.bad_fix is not None and self.bad_fix in fixes:
            return ExecResult(exit_code=None, stdout="", stderr="patch 0 did not apply", duration_s=0,
                              ended_by="start_error")
        files = [p for p in paths if p.startswith("tests/")]
        if any(f"c{j}_" in f for f in files for j in self.broken):
            return ExecResult(exit_code=2, stdout="{}", stderr="build failed", duration_s=0, ended_by="exit")
        statuses = {}
        for f in files:
            j = int(re.search(r"test_c(\d+)", f).group(1))
            fixed = bool(fixes) and fixes[0] in self.passes.get(j, set())
            statuses[f"{f}::test_new"] = "PASSED" if fixed else "FAILED"
            statuses[f"{f}::test_old"] = "PASSED"
        return ExecResult(exit_code=0, stdout=json.dumps(statuses), stderr="", duration_s=0, ended_by="exit")

    def parse(self, run, report_dir):
        return json.loads(run.stdout or "{}")


@pytest.fixture()
def tree(tmp_path):
    return make_repo(tmp_path / "r", {"src.py": "x = 1\n", "tests/__init__.py": ""})


def fix(k: int) -> str:
    return (f"diff --git a/fix{k}.txt b/fix{k}.txt\nnew file mode 100644\n--- /dev/null\n+++ b/fix{k}.txt\n"
            f"@@ -0,0 +1 @@\n+{k}\n")


def candidates(m: int) -> list[TestCandidate]:
    return [TestCandidate(path=f"tests/test_c{j}.py", content=f"# candidate {j}\n",
                          patch=f"diff --git a/tests/test_c{j}.py b/tests/test_c{j}.py\nnew file mode 100644\n"
                                f"--- /dev/null\n+++ b/tests/test_c{j}.py\n@@ -0,0 +1 @@\n+# candidate {j}\n")
            for j in range(m)]


def test_combined_mode_runs_the_base_once_and_each_distinct_patch_once(tree):
    bench = SimBench(tree, {0: {1}, 1: {1, 2}, 2: {1}})
    patches = [fix(0), fix(1), "", fix(1), fix(2)]
    matrix = cross_run(bench, patches, candidates(3), parallel=2)
    assert matrix.mode == "combined" and matrix.invocations == 1 + 3  # base + fix0, fix1, fix2
    stored = matrix.as_dict()
    assert stored["rows"][2] == stored["base"] and stored["rows"][1] == stored["rows"][3]
    chosen = select(stored, patches, ["a", "b", "empty", "b", "c"])
    assert chosen.selected == 1 and chosen.fail_first == 3 and chosen.pass_first == 3
    assert [round(s.score, 3) for s in chosen.scores] == [1.0, 2.0, 1.0, 2.0, 1.333]


def test_pairs_mode_gives_the_same_matrix_at_n_times_m_cost(tree):
    bench = SimBench(tree, {0: {1}, 1: {1, 2}, 2: {1}})
    patches = [fix(0), fix(1), fix(2)]
    combined = cross_run(bench, patches, candidates(3)).as_dict()
    pairs = cross_run(bench, patches, candidates(3), mode="pairs")
    assert pairs.invocations == 3 + 3 * 3
    stored = pairs.as_dict()
    strip = lambda cols: [(j, n.replace(f"test_c{j}_selfplay{j}", f"test_c{j}")) for j, n in cols]  # noqa: E731
    assert strip(combined["columns"]) == [tuple(c) for c in stored["columns"]]
    assert combined["rows"] == stored["rows"] and combined["base"] == stored["base"]


def test_a_candidate_that_breaks_the_build_is_bisected_out_on_the_base(tree):
    bench = SimBench(tree, {j: {1} for j in range(8)}, broken=frozenset({5}))
    matrix = cross_run(bench, [fix(0), fix(1)], candidates(8))
    usable = [t["usable"] for t in matrix.tests]
    assert usable == [True] * 5 + [False] + [True] * 2
    assert matrix.invocations <= 1 + 1 + 2 * 3 + 2  # base, probe, ~2 log2(8) splits, 2 patches
    assert select(matrix.as_dict(), [fix(0), fix(1)], ["a", "b"]).selected == 1


def test_a_patch_that_does_not_apply_scores_nothing_and_is_not_picked(tree):
    bench = SimBench(tree, {0: {0, 1}}, bad_fix=0)
    patches = [fix(0), fix(1)]
    stored = cross_run(bench, patches, candidates(1)).as_dict()
    assert stored["rows"][0] is None
    assert select(stored, patches, ["a", "b"]).selected == 1


def _matrix(columns, base, rows):
    return {"columns": columns, "base": base, "rows": rows}


def test_ties_go_to_the_most_common_normalized_form_then_the_earliest():
    m = _matrix([[0, "t::a"], [0, "t::b"]], "FP", ["PP", "PP", "PP", "PF"])
    assert select(m, ["p0", "p1", "p2", "p3"], ["x", "y", "y", "z"]).selected == 1
    assert select(m, ["p0", "p1", "p2", "p3"], ["x", "y", "z", "w"]).selected == 0


def test_empty_patches_are_picked_only_when_nothing_else_is_left():
    m = _matrix([[0, "t::a"]], "P", ["P", "P"])
    assert select(m, ["", "p1"], ["empty", "a"]).selected == 1
    assert select(m, ["", ""], ["empty", "empty"]).selected == 0


def test_a_test_file_failing_to_import_on_base_counts_as_passing_when_it_runs_clean():
    # Base: the candidate's file fails to import (one ERROR entry); under the fix its tests appear and pass.
    columns = [[0, "tests/t_sp0.py"], [0, "tests/t_sp0.py::test_x"], [1, "tests/u_sp1.py::test_y"]]
    m = _matrix(columns, "E-P", ["-PP", "EPP", "-FP"])
    scores = [s.score for s in select(m, ["a", "b", "c"], ["a", "b", "c"]).scores]
    assert scores == [2.0, 1.0, 1.0]


GO_TEST = """package bytesize

import "testing"

type row struct{ in, want string }

var cases = []row{{"1", "1 B"}}

const (
\tlimit = 3
\tother, third = 1, 2
)

func helper(t *testing.T, r row) { t.Helper() }

func (r row) String() string { return r.in }

func TestFormat(t *testing.T) {
\tfor _, c := range cases {
\t\thelper(t, c)
\t\t_ = limit + other + third
\t\t_ = bytesize.Format(1)
\t}
}
"""


def test_go_candidates_get_their_own_names():
    placed = place(7, "bytesize_test.go", GO_TEST, width=2)
    assert placed is not None and placed.path == "bytesize_selfplay07_test.go"
    text = placed.content
    for name in ("row", "cases", "limit", "other", "third", "helper", "TestFormat"):
        assert f"{name}_selfplay07" in text
    assert "func (r row_selfplay07) String()" in text and "bytesize.Format(1)" in text  # methods, selectors kept
    assert "func TestFormat_selfplay07(t *testing.T)" in text


def test_sibling_names_stay_collectable_and_unknown_layouts_fall_back():
    assert place(3, "tests/test_parser.py", "", width=1).path == "tests/test_parser_selfplay3.py"
    assert place(3, "pkg/parser_test.py", "", width=1).path == "pkg/parser_selfplay3_test.py"
    assert place(3, "test/parse.test.js", "", width=1).path == "test/parse_selfplay3.test.js"
    rust = place(3, "tests/numgroup.rs", "use numgroup::group;\n#[test]\nfn a() {}\n", width=1)
    assert rust.path == "tests/numgroup_selfplay3.rs" and rust.content.startswith("mod selfplay3 {")
    assert place(3, "src/lib.rs", "", width=1) is None
    assert place(3, "tests/a.rs", "mod common;\n", width=1) is None
    assert place(3, "src/test/java/FooTest.java", "", width=1) is None


def test_without_test_candidates_the_most_common_patch_wins_and_nothing_runs(tree):
    bench = SimBench(tree, {})
    patches = [fix(0), fix(1), fix(1), ""]
    matrix = cross_run(bench, patches, [])
    assert matrix.mode == "none" and matrix.invocations == 0 and bench.runs == []
    assert select(matrix.as_dict(), patches, ["a", "b", "b", "empty"]).selected == 1
