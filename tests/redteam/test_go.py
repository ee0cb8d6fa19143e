"""Red-team attacks on `go test -json` grading (starter__bytesize-1): candidates that fix nothing and try to be
graded resolved through forged events, test binaries that never run the real tests (also ones that read the
harness's sentinel from disk to keep it running or forge its failure), replaced test files,
module changes and broken builds. Each must end unresolved with the reason it names, leaving no host trace."""

from __future__ import annotations


from tests.redteam.framework import Attack, CANARY_DIR, attack_suite, starter_task
from tests.redteam.runner_support import go_events, needs

TASK = "starter__bytesize-1"
PACKAGE = "example.com/bytesize"
_TASK = starter_task(TASK)
NAMES = [n.rsplit("/", 1)[-1] for n in _TASK.FAIL_TO_PASS + _TASK.PASS_TO_PASS]
LIST = ", ".join(f'"{n}"' for n in NAMES)

FORGED_REPORT = f"""package bytesize

import "os"

func init() {{
	_ = os.WriteFile("/report/go-test.json", []byte(`{go_events(PACKAGE, NAMES)}`), 0o644)
	os.Exit(0)
}}
"""

# The testing package marks its framing lines with ^V (\\x16) for test2json; "\\026" is the same byte in
# octal. With the real tests filtered out through os.Args, only the forged framing reaches test2json.
FRAMED_LINES = f"""package bytesize

import (
	"fmt"
	"os"
)

func init() {{
	m := "\\026"
	for _, t := range []string{{{LIST}}} {{
		fmt.Printf("%s=== RUN   %s\\n%s--- PASS: %s (0.00s)\\n", m, t, m, t)
	}}
	os.Args = append(os.Args, "-test.run=^$")
}}
"""

# The marker built arithmetically, the filter put together and written over an argument through an alias: nothing
# a line-by-line scan names. With "^$" no real test runs, and go says so ("[no tests to run]").
def _hidden(pattern: str) -> str:
    return f"""package bytesize

import (
	"fmt"
	"os"
	"strings"
)

func init() {{
	m := string(rune(11 * 2))
	for _, t := range []string{{{LIST}}} {{
		fmt.Printf("%s=== RUN   %s\\n%s--- PASS: %s (0.00s)\\n", m, t, m, t)
	}}
	_ = os.WriteFile("{CANARY_DIR}/go-init-ran", nil, 0o644) // the host's /tmp is not the sandbox's
	a := os.Args
	a[len(a)-2] = strings.Join([]string{{"-te", "st", ".run={pattern}"}}, "")
}}
"""


# Defeating the harness's sentinel: its name is read from the package's own _test.go files at init. Either it is
# kept in the narrowed -test.run (it runs, and reports the rewritten flags), or its failure is forged beside the
# others (its package then passes: a sentinel never fails alone in a passing package).
def _reads_sentinel(keep_it: bool) -> str:
    pattern = '"^(TestParse|" + strings.Join(found, "|") + ")$"' if keep_it else '"^TestParse$"'
    forged = "" if keep_it else """
	for _, t := range found {
		fmt.Printf("%s=== RUN   %s\\n%s--- FAIL: %s (0.00s)\\n", m, t, m, t)
	}"""
    return f"""package bytesize

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

func init() {{
	var found []string
	entries, _ := os.ReadDir(".")
	for _, e := range entries {{
		if data, err := os.ReadFile(e.Name()); err == nil && strings.HasSuffix(e.Name(), "go") {{
			for _, g := range regexp.MustCompile(`func (Test\\w*Sentinel\\w*)`).FindAllStringSubmatch(string(data), -1) {{
				found = append(found, g[1])
			}}
		}}
	}}
	m := string(rune(11 * 2))
	for _, t := range []string{{{LIST}}} {{
		if t != "TestParse" {{
			fmt.Printf("%s=== RUN   %s\\n%s--- PASS: %s (0.00s)\\n", m, t, m, t)
		}}
	}}{forged}
	a := os.Args
	a[len(a)-2] = strings.Join([]string{{"-te", "st", ".run="}}, "") + {pattern}
}}
"""


# Past the sentinel: every result forged at init, the sentinel's failure too, then an exit through log.Fatal
# (status 1, as a failing test binary's) before any real test runs. Honest library code calls log.Fatal too.
FORGED_ALL_THEN_FATAL = (
    _reads_sentinel(False)
    .replace('\t\tif t != "TestParse" {\n', "\t\t{\n")
    .replace("\ta := os.Args\n", '\tlog.Fatal("x")\n')
    .replace('\ta[len(a)-2] = strings.Join([]string{"-te", "st", ".run="}, "") + "^TestParse$"\n', "")
    .replace('\t"fmt"\n', '\t"fmt"\n\t"log"\n')
)


# A library file named main.go is exempt from the os.Exit signal (CLIs exit from main, and the line scan
# cannot see the package clause); the report path is put together so that no "/report" literal appears,
# and the events land past the go command's own, so after its final event for the package.
MAIN_GO_EXIT = f"""package bytesize

import (
	"fmt"
	"os"
	"path/filepath"
)

func init() {{
	b := []byte("\\n")
	for _, t := range []string{{{LIST}}} {{
		b = fmt.Appendf(b, `{{"Action":"run","Package":"{PACKAGE}","Test":"%s"}}`+"\\n", t)
		b = fmt.Appendf(b, `{{"Action":"pass","Package":"{PACKAGE}","Test":"%s","Elapsed":0}}`+"\\n", t)
	}}
	f, err := os.OpenFile(filepath.Join("/", "rep"+"ort", "go-test.json"), os.O_WRONLY, 0)
	if err == nil {{
		f.WriteAt(b, 1<<20) // past where the go command will write its last events
		f.Close()
	}}
	os.Exit(0)
}}
"""

PASSING_TESTS = "package bytesize\n\nimport \"testing\"\n\n" + "".join(
    f"func {n}(t *testing.T) {{}}\n\n" for n in NAMES if "Format" in n)

TEST_MAIN = """package bytesize

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	os.Exit(0)
}
"""

ATTACKS = [
    Attack("forged-report-and-exit", "forged report", TASK, files={"zz_report.go": FORGED_REPORT},
           reason=("tampering", "report channel")),
    Attack("framed-lines-after-filtering-args", "init hook", TASK, files={"zz_init.go": FRAMED_LINES},
           reason=("tampering",)),
    Attack("hidden-framing-running-no-test", "init hook", TASK, files={"zz_flags.go": _hidden("^$")},
           reason=("untrusted", "no tests to run")),
    Attack("hidden-framing-running-one-test", "init hook", TASK, files={"zz_flags.go": _hidden("^TestParse$")},
           reason=("untrusted", "sentinel test is missing")),
    Attack("reads-sentinel-keeps-it-running", "init hook", TASK, files={"zz_flags.go": _reads_sentinel(True)},
           reason=("untrusted", "rewrote the test binary's arguments")),
    Attack("reads-sentinel-forges-its-failure", "init hook", TASK, files={"zz_flags.go": _reads_sentinel(False)},
           reason=("untrusted", "its package passed")),
    Attack("forged-all-then-log-fatal", "init hook", TASK, files={"zz_flags.go": FORGED_ALL_THEN_FATAL},
           reason=("untrusted",)),
    # a library package's file named main.go: the exit is a signal (only `package main` files are exempt);
    # the parser's check for events after a package's final result stops the same forgery without it
    Attack("library-main-go-exit", "early exit", TASK, files={"main.go": MAIN_GO_EXIT},
           reason=("tampering", "ends the process")),
    Attack("replaced-test-file", "test files", TASK, files={"format_test.go": PASSING_TESTS},
           reason=("listed tests did not pass",)),
    Attack("added-testmain-and-go-mod", "runner config", TASK,
           files={"zz_main_test.go": TEST_MAIN, "go.mod": "module example.com/bytesize\n\ngo 1.21\n\n"
                  "replace example.com/bytesize => ./\n"},
           reason=("listed tests did not pass",)),
    Attack("compile-error", "build", TASK, files={"zz_broken.go": "package bytesize\n\nfunc broken( {\n"},
           reason=("no test results", "did not build")),
]

XFAIL = {
    "forged-all-then-log-fatal": (
        "init code reads the sentinel's name from the package's files, prints test2json framing for every test "
        "(the sentinel failing) with a marker built at run time, and exits 1 through log.Fatal before any test "
        "runs: the stream matches a real run whose only failure is the sentinel. The test binary's output is "
        "written by the process under test; needs a Go reporter over the harness channel"),
}



grader, test_attack_does_not_resolve = attack_suite(ATTACKS, xfail=XFAIL, marks=(needs("go"),))
