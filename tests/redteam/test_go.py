"""Red-team attacks on `go test -json` grading (starter__bytesize-1): candidates that fix nothing and try to be
graded resolved through forged events, test binaries that never run the real tests (also ones that find the
harness's sentinel on disk or in the test binary to keep it running or forge its failure, its token guessed
or read from its source), replaced test files, module changes and broken builds. Each must end unresolved
with the reason it names, leaving no host trace."""

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


# Defeating the harness's sentinel: its name is looked for in the package's own files at init (gone by then: the
# harness's -exec wrapper deletes the sentinel's source before the binary starts) and in the test binary itself
# (os.Args[0], where the name is a string). Either it is kept in the narrowed -test.run (it runs, and reports the
# rewritten flags), or its failure is forged beside the others: without the token its real failure prints (a
# number in the binary's code, no string of it anywhere), and with its package passing.
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
	seen := map[string]bool{{}}
	files := []string{{os.Args[0]}}
	entries, _ := os.ReadDir(".")
	for _, e := range entries {{
		if strings.HasSuffix(e.Name(), "go") {{
			files = append(files, e.Name())
		}}
	}}
	for _, name := range files {{
		if data, err := os.ReadFile(name); err == nil {{
			for _, g := range regexp.MustCompile(`TestSwegaugeSentinel_[0-9a-f]{{12}}`).FindAllString(string(data), -1) {{
				if !seen[g] {{
					seen[g] = true
					found = append(found, g)
				}}
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


_FORGED_FAILURE = '\t\tfmt.Printf("%s=== RUN   %s\\n%s--- FAIL: %s (0.00s)\\n", m, t, m, t)\n'


def _with_sentinel_output(body: str, *imports: str) -> str:
    """FORGED_ALL_THEN_FATAL with `body` (Go, inside the loop over found sentinels `t`) printing between the
    sentinel's forged RUN and FAIL lines, and `imports` added."""
    forged = FORGED_ALL_THEN_FATAL.replace(_FORGED_FAILURE, '\t\tfmt.Printf("%s=== RUN   %s\\n", m, t)\n' + body
                                           + '\t\tfmt.Printf("%s--- FAIL: %s (0.00s)\\n", m, t)\n')
    return forged.replace('\t"fmt"\n', "".join(f'\t"{name}"\n' for name in sorted(("fmt", *imports))))


# The same, with the token guessed: every 8-byte word of the test binary's first 32 KiB printed as a sentinel
# failure line (the token is a number in the binary's code); the judge wants those lines to carry the token only.
FORGED_WITH_GUESSES = _with_sentinel_output(
    '\t\tif exe, err := os.ReadFile(os.Args[0]); err == nil {\n'
    '\t\t\tfor i := 0; i+8 <= len(exe) && i < 1<<15; i += 8 {\n'
    '\t\t\t\tw := binary.LittleEndian.Uint64(exe[i:])\n'
    '\t\t\t\tfmt.Printf("    s_test.go:44: swegauge sentinel: must fail %016x\\n", w)\n'
    '\t\t\t}\n\t\t}\n', "encoding/binary")

# The token read off the sentinel's source, as the code under test would if the source were still there when its
# binary runs (the -exec wrapper deletes it first): this escapes the moment the wrapper does not run.
FORGED_WITH_SOURCE_TOKEN = _with_sentinel_output(
    '\t\tsources, _ := filepath.Glob("zz_swegauge_sentinel_*_test.go")\n'
    '\t\tfor _, name := range sources {\n'
    '\t\t\tdata, _ := os.ReadFile(name)\n'
    '\t\t\tif g := regexp.MustCompile(`uint64\\(0x([0-9a-f]+)\\)`).FindStringSubmatch(string(data)); g != nil {\n'
    '\t\t\t\tfmt.Printf("    %s:44: swegauge sentinel: must fail %s\\n", name, g[1])\n'
    '\t\t\t}\n\t\t}\n', "path/filepath")
assert "binary.LittleEndian" in FORGED_WITH_GUESSES and "filepath.Glob" in FORGED_WITH_SOURCE_TOKEN


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
           reason=("untrusted", "its package passed", "does not carry the run's token")),
    Attack("forged-all-then-log-fatal", "init hook", TASK, files={"zz_flags.go": FORGED_ALL_THEN_FATAL},
           reason=("untrusted", "does not carry the run's token")),
    Attack("forged-all-with-token-guesses", "init hook", TASK, files={"zz_flags.go": FORGED_WITH_GUESSES},
           reason=("untrusted", "does not carry the run's token")),
    Attack("forged-all-with-the-sources-token", "init hook", TASK, files={"zz_flags.go": FORGED_WITH_SOURCE_TOKEN},
           reason=("untrusted", "does not carry the run's token")),
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

grader, test_attack_does_not_resolve = attack_suite(ATTACKS, marks=(needs("go"),))
