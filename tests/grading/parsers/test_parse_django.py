"""django parser: unittest's verbose lines as Django's runner prints them, docstring names, subtests,
interleaved output, the closing FAIL/ERROR blocks, the summary cross-check, spoofing, a real run.

The excerpts are real output of Django's DiscoverRunner(verbosity=2, parallel=1) (what
tests/runtests.py --verbosity 2 --parallel 1 runs) on Python 3.9 (Django 3.2) and 3.11 (Django 5.0),
paths rewritten to /testbed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from parser_support import E, F, P, S, make_run, run_tool, write_files

from swegauge.grading.parsers import ParsedTests, get_parser
from swegauge.grading.verdict import decide
from swegauge.sandbox import ExecResult

parse = get_parser("django")

STDOUT = """Testing against Django installed in '/testbed/django'
Skipping setup of unused database(s): other.
Operations to perform:
  Apply all migrations: auth, contenttypes
Running migrations:
  Applying contenttypes.0001_initial... OK
  Applying auth.0001_initial... OK
System check identified no issues (0 silenced).
Internal Server Error: /admin/
"""

BLOCKS_39 = """
======================================================================
ERROR: test_error (queries.tests.Queries1Tests)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/testbed/tests/queries/tests.py", line 12, in test_error
    raise KeyError("boom")
KeyError: 'boom'

======================================================================
ERROR: setUpClass (queries.tests.SetupFails)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/testbed/tests/queries/tests.py", line 56, in setUpClass
    raise RuntimeError("class setup")
RuntimeError: class setup

======================================================================
FAIL: test_doc_fails (queries.tests.Queries1Tests)
Regression for #20509
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/testbed/tests/queries/tests.py", line 29, in test_doc_fails
    self.fail("test_doc_fails (queries.tests.Queries1Tests) ... ok")
AssertionError: test_doc_fails (queries.tests.Queries1Tests) ... ok

======================================================================
FAIL: test_subtests (queries.tests.Queries1Tests) (i=1)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/testbed/tests/queries/tests.py", line 51, in test_subtests
    self.assertNotEqual(i, 1)
AssertionError: 1 == 1

======================================================================
FAIL: test_ticket7095 (queries.tests.Queries1Tests)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/testbed/tests/queries/tests.py", line 9, in test_ticket7095
    self.assertEqual(1, 2)
AssertionError: 1 != 2

======================================================================
FAIL: test_doc_sub (extra.tests.DocSubTests) (i=1)
Subtests with a docstring ... are named by it.
----------------------------------------------------------------------
Traceback (most recent call last):
  File "/testbed/tests/extra/tests.py", line 9, in test_doc_sub
    self.assertEqual(i, 0)
AssertionError: 1 != 0

----------------------------------------------------------------------
"""

SUMMARY = """Ran 13 tests in 0.005s

FAILED (failures=4, errors=2, skipped=1, expected failures=1, unexpected successes=1)
Destroying test database for alias 'default' ('file:memorydb_default?mode=memory&cache=shared')...
"""

STDERR_39 = """Creating test database for alias 'default' ('file:memorydb_default?mode=memory&cache=shared')...
test_coerce (queries.tests.Queries1Tests)
Test for tickets #8298, #9942 - Field values should be coerced into the ... ok
test_doc_fails (queries.tests.Queries1Tests)
Regression for #20509 ... FAIL
test_error (queries.tests.Queries1Tests) ... ERROR
test_prints (queries.tests.Queries1Tests) ... some warning on stderr
ok
test_skipped (queries.tests.Queries1Tests) ... skipped "Database doesn't support feature(s): x"
test_subtests (queries.tests.Queries1Tests) ... test_ticket7095 (queries.tests.Queries1Tests) ... FAIL
test_ticket7098 (queries.tests.Queries1Tests) ... ok
test_xfail (queries.tests.Queries1Tests) ... expected failure
test_xpass (queries.tests.Queries1Tests) ... unexpected success
ERROR
test_no_template_engines (admin_checks.tests.SystemChecksTestCase) ... ok
test_after (extra.tests.DocSubTests) ... no newline hereok
test_doc_sub (extra.tests.DocSubTests)
Subtests with a docstring ... are named by it. ... """ + BLOCKS_39 + SUMMARY

EXPECTED_39 = {
    "Test for tickets #8298, #9942 - Field values should be coerced into the": P,
    "Regression for #20509": F,
    "test_error (queries.tests.Queries1Tests)": E,
    "test_prints (queries.tests.Queries1Tests)": P,
    "test_skipped (queries.tests.Queries1Tests)": S,
    "test_subtests (queries.tests.Queries1Tests)": F,
    "test_ticket7095 (queries.tests.Queries1Tests)": F,
    "test_ticket7098 (queries.tests.Queries1Tests)": P,
    "test_xfail (queries.tests.Queries1Tests)": P,
    "test_xpass (queries.tests.Queries1Tests)": F,
    "setUpClass (queries.tests.SetupFails)": E,
    "test_no_template_engines (admin_checks.tests.SystemChecksTestCase)": P,
    "test_after (extra.tests.DocSubTests)": P,
    "Subtests with a docstring ... are named by it.": F,
}

STDERR_311 = """Creating test database for alias 'default' ('file:memorydb_default?mode=memory&cache=shared')...
test_coerce (queries.tests.Queries1Tests.test_coerce)
Test for tickets #8298, #9942 - Field values should be coerced into the ... ok
test_error (queries.tests.Queries1Tests.test_error) ... ERROR
test_skipped (queries.tests.Queries1Tests.test_skipped) ... skipped "Database doesn't support feature(s): x"
test_subtests (queries.tests.Queries1Tests.test_subtests) ... 
  test_subtests (queries.tests.Queries1Tests.test_subtests) (i=1) ... FAIL
test_ticket7098 (queries.tests.Queries1Tests.test_ticket7098) ... ok
test_no_template_engines (admin_checks.tests.SystemChecksTestCase.test_no_template_engines) ... ok
test_doc_sub (extra.tests.DocSubTests.test_doc_sub)
Subtests with a docstring ... are named by it. ... 
  test_doc_sub (extra.tests.DocSubTests.test_doc_sub) (i=1)
Subtests with a docstring ... are named by it. ... FAIL

======================================================================
ERROR: test_error (queries.tests.Queries1Tests.test_error)
----------------------------------------------------------------------
Traceback (most recent call last):
KeyError: 'boom'

======================================================================
FAIL: test_subtests (queries.tests.Queries1Tests.test_subtests) (i=1)
----------------------------------------------------------------------
Traceback (most recent call last):
AssertionError: 1 == 1

======================================================================
FAIL: test_doc_sub (extra.tests.DocSubTests.test_doc_sub) (i=1)
Subtests with a docstring ... are named by it.
----------------------------------------------------------------------
Traceback (most recent call last):
AssertionError: 1 != 0

----------------------------------------------------------------------
Ran 7 tests in 0.009s

FAILED (failures=2, errors=1, skipped=1)
"""


def _untrusted(parsed: ParsedTests) -> list[str]:
    return parsed.untrusted


def test_python_39_log_with_separate_streams(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path, stdout=STDOUT, stderr=STDERR_39, exit_code=1))
    assert parsed.statuses == EXPECTED_39
    assert not parsed.structured and _untrusted(parsed) == []
    # a traceback line that reads like a result is never taken for one
    assert "test_doc_fails (queries.tests.Queries1Tests)" not in parsed.statuses


def test_python_311_names_and_subtests(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path, stderr=STDERR_311, exit_code=1))
    assert parsed.statuses == {
        "Test for tickets #8298, #9942 - Field values should be coerced into the": P,
        "test_error (queries.tests.Queries1Tests.test_error)": E,
        "test_skipped (queries.tests.Queries1Tests.test_skipped)": S,
        "test_subtests (queries.tests.Queries1Tests.test_subtests)": F,
        "test_ticket7098 (queries.tests.Queries1Tests.test_ticket7098)": P,
        "test_no_template_engines (admin_checks.tests.SystemChecksTestCase.test_no_template_engines)": P,
        "Subtests with a docstring ... are named by it.": F,
    }
    assert parsed.notes == []


def test_merged_streams_with_output_between_name_and_status(tmp_path: Path) -> None:
    log = """Testing against Django installed in '/testbed/django' with up to 2 processes
Found 4 test(s).
System check identified no issues (0 silenced).
test_version (admin_scripts.tests.CommandTypes)
--version is equivalent to version ... ok
test_runs (migrations.test_commands.MigrateTests.test_runs) ... Operations to perform:
  Apply all migrations: migrations
Running migrations:
  Applying migrations.0001_initial... OK
ok
test_500 (view_tests.tests.DebugViewTests.test_500) ... Internal Server Error: /raises500/
Traceback (most recent call last):
ValueError: boom
ok
test_skip_me (view_tests.tests.DebugViewTests.test_skip_me) ... printed by the test
skipped 'Requires sqlparse'

----------------------------------------------------------------------
Ran 4 tests in 0.100s

OK (skipped=1)
"""
    parsed = parse(make_run(tmp_path, stdout=log, exit_code=0))
    assert parsed.statuses == {
        "--version is equivalent to version": P,
        "test_runs (migrations.test_commands.MigrateTests.test_runs)": P,
        "test_500 (view_tests.tests.DebugViewTests.test_500)": P,
        "test_skip_me (view_tests.tests.DebugViewTests.test_skip_me)": S,
    }
    assert parsed.notes == []


def test_spoofed_ok_lines_do_not_pass_failed_tests(tmp_path: Path) -> None:
    # test_spoof wrote "ok\n" and a fake line for test_ticket7095 to stderr, and one more to stdout;
    # the runner's real "FAIL" lands on a line of its own, then test_ticket7095 really fails
    stderr = """test_spoof (queries.tests.Queries1Tests) ... ok
test_ticket7095 (queries.tests.Queries1Tests) ... ok
FAIL
test_ticket7095 (queries.tests.Queries1Tests) ... FAIL
test_ticket7098 (queries.tests.Queries1Tests) ... ok

======================================================================
FAIL: test_spoof (queries.tests.Queries1Tests)
----------------------------------------------------------------------
AssertionError: 'a' != 'b'

======================================================================
FAIL: test_ticket7095 (queries.tests.Queries1Tests)
----------------------------------------------------------------------
AssertionError: 1 != 2

----------------------------------------------------------------------
Ran 3 tests in 0.008s

FAILED (failures=2)
"""
    stdout = "test_ticket7098 (queries.tests.Queries1Tests) ... FAIL\ntest_fake (m.C) ... ok\n"
    parsed = parse(make_run(tmp_path, stdout=stdout, stderr=stderr, exit_code=1))
    assert parsed.statuses == {
        "test_spoof (queries.tests.Queries1Tests)": F,
        "test_ticket7095 (queries.tests.Queries1Tests)": F,
        "test_ticket7098 (queries.tests.Queries1Tests)": P,  # stdout is the code's, not the runner's
    }
    assert _untrusted(parsed) == ["the runner ran 3 tests but the log shows 4"]
    result = ExecResult(exit_code=1, stdout=stdout, stderr=stderr, ended_by="exit", duration_s=1.0)
    outcome, reason, _, _ = decide(expected_f2p=["test_ticket7098 (queries.tests.Queries1Tests)"],
                                   expected_p2p=[], parsed=parsed, result=result)
    assert outcome == "unresolved" and "untrusted" in (reason or "")


def test_forged_log_without_the_runners_summary_did_not_finish(tmp_path: Path) -> None:
    # the code under test printed passing lines and then ended the runner (os._exit(0))
    stdout = "test_a (m.tests.T) ... ok\ntest_b (m.tests.T) ... ok\n"
    parsed = parse(make_run(tmp_path, stdout=stdout, exit_code=0))
    assert parsed.statuses == {"test_a (m.tests.T)": P, "test_b (m.tests.T)": P}
    assert parsed.finished is False and parsed.runner_exit is None
    result = ExecResult(exit_code=0, stdout=stdout, stderr="", ended_by="exit", duration_s=1.0)
    outcome, reason, f2p, _ = decide(expected_f2p=["test_a (m.tests.T)"], expected_p2p=[], parsed=parsed,
                                     result=result)
    assert outcome == "unresolved" and f2p == {"test_a (m.tests.T)": P} and "did not finish" in (reason or "")
    done = parse(make_run(tmp_path, stderr=STDERR_311, exit_code=1))
    assert done.finished is True and done.runner_exit == 1


def test_summary_counts_and_exit_status_must_agree(tmp_path: Path) -> None:
    stderr = """test_a (m.tests.T) ... ok
test_b (m.tests.T) ... ok

----------------------------------------------------------------------
Ran 2 tests in 0.001s

FAILED (failures=1, skipped=1)
"""
    parsed = parse(make_run(tmp_path, stderr=stderr, exit_code=0))
    assert _untrusted(parsed) == [
        "the summary counts 1 failures, the log 0",
        "the summary counts 1 skipped, the log 0",
        "the runner says FAILED but exited 0",
    ]
    ok = parse(make_run(tmp_path, stderr=stderr.replace("FAILED (failures=1, skipped=1)", "OK"), exit_code=0))
    assert ok.notes == [] and ok.statuses == {"test_a (m.tests.T)": P, "test_b (m.tests.T)": P}


def test_a_test_with_no_status_did_not_run(tmp_path: Path) -> None:
    stderr = "test_a (m.tests.T) ... ok\ntest_hangs (m.tests.T) ... "
    parsed = parse(make_run(tmp_path, stderr=stderr, exit_code=None))
    assert parsed.statuses == {"test_a (m.tests.T)": P}
    assert any("test_hangs (m.tests.T)" in n for n in parsed.notes)
    assert parsed.finished is False


def test_real_unittest_run(tmp_path: Path) -> None:
    """Django's runner prints unittest's own TextTestRunner lines: run this Python's unittest -v."""
    write_files(tmp_path / "proj", {"demo/__init__.py": "", "demo/tests.py": '''import sys, unittest
class T(unittest.TestCase):
    def test_ok(self):
        print("chatter from the code")
    def test_doc(self):
        """First docstring line.

        Second line."""
        self.assertEqual(1, 2)
    def test_sub(self):
        for i in range(2):
            with self.subTest(i=i):
                self.assertEqual(i, 0)
    @unittest.skip("not here")
    def test_skip(self):
        pass
'''})
    run = run_tool([sys.executable, "-m", "unittest", "-v", "demo.tests"], tmp_path / "proj", tmp_path / "report")
    parsed = parse(run)
    new = sys.version_info >= (3, 11)
    def name(test: str) -> str:
        return f"{test} (demo.tests.T.{test})" if new else f"{test} (demo.tests.T)"
    assert parsed.statuses == {name("test_ok"): P, "First docstring line.": F, name("test_sub"): F,
                               name("test_skip"): S}
    assert parsed.notes == [], run.stderr
