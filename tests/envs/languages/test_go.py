"""Go environments: auto inference for go.mod, the toolchain's build/test settings, and a real module
build graded in the sandbox (go-cmp downloaded through the module proxy at build time, found in the
read-only module cache at test time with the network off)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from swegauge.envs import EnvironmentBuilder
from swegauge.envs.auto import infer_recipe, rungs_of
from swegauge.envs.languages import go
from swegauge.envs.repos import prepared_base
from swegauge.envs.toolchain_mounts import toolchain_for
from swegauge.grading.grader import Grader
from swegauge.sandbox import BwrapSandbox, fresh_workspace
from swegauge.tasks import Task
from tests.helpers import diff_for, head, make_repo

needs_go = pytest.mark.skipif(shutil.which("bwrap") is None or shutil.which("go") is None
                              and not Path("/usr/local/go/bin/go").exists(),
                              reason="needs bubblewrap and Go")

GO_MOD = "module example.com/clamp\n\ngo 1.21\n\nrequire github.com/google/go-cmp v0.7.0\n"
GO_SUM = ("github.com/google/go-cmp v0.7.0 h1:wk8382ETsv4JYUZwIsn6YpYiWiBsYLSJiTsyBybVuN8=\n"
          "github.com/google/go-cmp v0.7.0/go.mod h1:pXiqmnSA92OHEEa9HXL2W4E7lf9JzCmGVUdgjX3N/iU=\n")
SOURCE = "package clamp\n\n// Clamp limits v to [lo, hi].\nfunc Clamp(v, lo, hi int) int {\n" \
         "\tif v < lo {\n\t\treturn lo\n\t}\n\treturn v\n}\n"
FIXED = SOURCE.replace("\treturn v\n}", "\tif v > hi {\n\t\treturn hi\n\t}\n\treturn v\n}")
TEST = """package clamp

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func clampAll(vs []int) []int {
	out := make([]int, len(vs))
	for i, v := range vs {
		out[i] = Clamp(v, 0, 10)
	}
	return out
}

func TestLow(t *testing.T) {
	if diff := cmp.Diff([]int{0, 0}, clampAll([]int{-5, -1})); diff != "" {
		t.Error(diff)
	}
}

func TestSkipped(t *testing.T) { t.Skip("not yet") }
"""
NEW_TEST = TEST + """
func TestHigh(t *testing.T) {
	for _, v := range []int{11, 99} {
		t.Run("over", func(t *testing.T) {
			if diff := cmp.Diff(10, Clamp(v, 0, 10)); diff != "" {
				t.Error(diff)
			}
		})
	}
}
"""
OTHER_PKG = {"inner/inner.go": "package inner\n\nfunc Twice(v int) int { return 2 * v }\n",
             "inner/inner_test.go": "package inner\n\nimport \"testing\"\n\n"
                                    "func TestTwice(t *testing.T) {\n\tif Twice(2) != 4 {\n\t\tt.Fatal(Twice(2))\n\t}\n}\n"}


# -- inference and settings -----------------------------------------------------------------------


def test_go_mod_gives_a_go_recipe(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(GO_MOD)
    recipe = infer_recipe(tmp_path, language="go")
    assert (recipe.language, recipe.parser, recipe.check_exit_status) == ("go", "go", False)
    assert rungs_of(recipe.install[0]) == ["go.sum as committed", "tidy go.mod and go.sum"]
    assert recipe.install[0].startswith(f"{{ echo 'auto rung 1/2 (go.sum as committed)'; {go.DOWNLOAD}; }}")
    assert recipe.install[1] == go.PREWARM
    assert recipe.pre_test == (go.RESTORE_MODULE, go.WARM_GOCACHE)
    assert "go test -json" in recipe.test_command and "./..." in recipe.test_command
    assert "> /report/go-test.json" in recipe.test_command and "-vet=off" in recipe.test_command


def test_go_mod_is_found_whatever_language_is_asked_first(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(GO_MOD)
    assert infer_recipe(tmp_path, language="python").language == "go"


def test_no_go_mod_no_go_recipe(tmp_path: Path) -> None:
    (tmp_path / "main.go").write_text("package main\n")
    assert go.infer_go(tmp_path) is None


@needs_go
def test_toolchain_downloads_only_at_build_time(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(GO_MOD)
    chain = toolchain_for(infer_recipe(tmp_path, language="go"))
    test, build = chain.variables, {**chain.variables, **chain.build_variables}
    assert (test["GOPROXY"], test["GOSUMDB"], test["GOTOOLCHAIN"]) == ("off", "off", "local")
    assert test["GOMODCACHE"] == build["GOMODCACHE"] == go.GOMODCACHE
    assert test["GOCACHE"].startswith("/tmp/") and build["GOCACHE"].startswith("/env/")
    assert "-mod=mod" in test["GOFLAGS"] and "-mod=mod" in build["GOFLAGS"]
    assert build["GOPROXY"] not in ("off", "") and build["GOSUMDB"] != "off"
    assert test["PATH"].startswith(f"{go.go_root()}/bin:")
    for mount in chain.mounts:  # only GOROOT itself, read-only, when it is outside /usr
        assert not mount.writable and mount.source == go.go_root()


# -- a real module --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clamp_task(tmp_path_factory: pytest.TempPathFactory) -> tuple[Task, Grader]:
    files = {"go.mod": GO_MOD, "go.sum": GO_SUM, "clamp.go": SOURCE, "clamp_test.go": TEST, **OTHER_PKG}
    repo = make_repo(tmp_path_factory.mktemp("goclamp") / "repo", files)
    task = Task(instance_id="goclamp-1", repo="local/goclamp", repo_source=str(repo), base_commit=head(repo),
                patch=diff_for(repo, {"clamp.go": FIXED}), test_patch=diff_for(repo, {"clamp_test.go": NEW_TEST}),
                language="go", recipe="auto",
                FAIL_TO_PASS=["example.com/clamp/TestHigh", "TestHigh/over#01"],
                PASS_TO_PASS=["example.com/clamp/TestLow", "TestTwice"])
    sandbox = BwrapSandbox()
    return task, Grader(sandbox=sandbox, builder=EnvironmentBuilder(sandbox))


@pytest.mark.integration
@needs_go
def test_gold_resolves_and_empty_does_not(clamp_task: tuple[Task, Grader]) -> None:
    task, grader = clamp_task
    gold = grader.grade(task, task.patch)
    assert gold.outcome == "resolved", (gold.reason, gold.log_tail)
    assert gold.structured
    assert gold.tests["example.com/clamp/TestHigh/over"] == "PASSED"
    assert gold.tests["example.com/clamp/TestSkipped"] == "SKIPPED"
    assert gold.tests["example.com/clamp/inner/TestTwice"] == "PASSED"
    empty = grader.grade(task, "")
    assert empty.outcome == "unresolved", (empty.reason, empty.log_tail)
    assert empty.fail_to_pass == {"example.com/clamp/TestHigh": "FAILED", "TestHigh/over#01": "FAILED"}
    assert empty.pass_to_pass == {"example.com/clamp/TestLow": "PASSED", "TestTwice": "PASSED"}


@pytest.mark.integration
@needs_go
def test_a_package_that_stops_building_hides_only_its_own_tests(clamp_task: tuple[Task, Grader]) -> None:
    task, grader = clamp_task
    verdict = grader.grade(task, task.patch + diff_for_broken_inner(task))
    assert verdict.outcome == "unresolved"
    assert verdict.pass_to_pass == {"example.com/clamp/TestLow": "PASSED", "TestTwice": None}
    assert verdict.fail_to_pass["example.com/clamp/TestHigh"] == "PASSED"


def diff_for_broken_inner(task: Task) -> str:
    assert task.repo_source is not None
    return diff_for(Path(task.repo_source), {"inner/inner.go": "package inner\n\nfunc Twice(v int) int { return v +\n"})


@pytest.mark.integration
@needs_go
def test_modules_come_from_the_read_only_cache_with_the_network_off(clamp_task: tuple[Task, Grader]) -> None:
    task, grader = clamp_task
    env, error = grader.environment(task)
    assert env is not None, error
    assert (env.path / "gomod" / "github.com" / "google" / "go-cmp@v0.7.0").is_dir()
    script = "\n".join([
        *env.recipe.pre_test,
        "test ! -w /env/gomod && echo env-read-only",
        "go list -m github.com/google/go-cmp && echo offline-ok",
        "GOPROXY=https://proxy.golang.org GOFLAGS=-mod=mod go mod download golang.org/x/text@v0.3.8 "
        "&& echo network-on || echo network-off",
    ])
    with fresh_workspace(prepared_base(task.repo, task.repo_source, task.base_commit)) as workspace:
        result = grader.run_in_env(env, workspace, script)
    assert "env-read-only" in result.stdout and "offline-ok" in result.stdout, result.stderr
    assert "network-off" in result.stdout and "network-on" not in result.stdout
