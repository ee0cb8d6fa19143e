"""sympy parser: bin/test --verbose lines, every status letter, import errors, interleaved output, the
failure report, the summary cross-check (also wrapped over two lines), spoofing.

The excerpts are real output of sympy.test(..., verbose=True) (what bin/test -C --verbose runs) with
SymPy 1.12 on Python 3.11, paths rewritten to /testbed.
"""

from __future__ import annotations

from pathlib import Path

from parser_support import E, F, P, S, make_run

from swegauge.grading.parsers import ParsedTests, get_parser
from swegauge.grading.parsers.sympy import summary_counts

parse = get_parser("sympy")

HEADER = """============================= test process starts ==============================
executable:         /opt/miniconda3/envs/testbed/bin/python  (3.11.7-final-0) [CPython]
architecture:       64-bit
cache:              no
ground types:       python 
numpy:              None
random seed:        38326760
hash randomization: on (PYTHONHASHSEED=728367818)

"""

LOG = HEADER + """sympy/core/tests/test_zbroken.py[?]   Failed to import                    [FAIL]
sympy/core/tests/test_zdemo.py[8] 
test_pass ok
test_fail F
test_exception E
test_skip needs numpy s
test_xfail f
test_xpass X
test_slow Slow w
test_prints some output from the code
ok                                                            [FAIL]

sympy/polys/tests/test_zsecond.py[2] 
test_pass ok
test_other ok                                                               [OK]


________________________________ xpassed tests _________________________________
sympy/core/tests/test_zdemo.py: test_xpass

________________________________________________________________________________
__ /testbed/sympy/core/tests/test_zbroken.py ___
Traceback (most recent call last):
  File "/testbed/sympy/core/tests/test_zbroken.py", line 1, in <module>
    import sympy.not_a_module
ModuleNotFoundError: No module named 'sympy.not_a_module'
________________________________________________________________________________
________________ sympy/core/tests/test_zdemo.py:test_exception _________________
Traceback (most recent call last):
  File "/testbed/sympy/core/tests/test_zdemo.py", line 11, in test_exception
    raise ValueError("boom")
ValueError: boom

________________________________________________________________________________
___________________ sympy/core/tests/test_zdemo.py:test_fail ___________________
Traceback (most recent call last):
  File "/testbed/sympy/core/tests/test_zdemo.py", line 8, in test_fail
    assert 1 == 2
           ^^^^^^
AssertionError
test_other ok

 tests finished: 4 passed, 1 failed, 2 skipped, 1 expected to fail, 
1 expected to fail but passed, 2 exceptions, in 0.02 seconds 
DO *NOT* COMMIT!
"""

EXPECTED = {
    "sympy/core/tests/test_zbroken.py": E,
    "test_pass": P,
    "test_fail": F,
    "test_exception": E,
    "test_skip": S,
    "test_xfail": P,
    "test_xpass": P,
    "test_slow": S,
    "test_prints": P,
    "test_other": P,
}

PASSING = HEADER + """sympy/polys/tests/test_zsecond.py[2] 
test_pass ok
test_other ok                                                               [OK]


================== tests finished: 2 passed, in 0.01 seconds ===================
"""


def _untrusted(parsed: ParsedTests) -> list[str]:
    return parsed.untrusted


def test_every_status_and_the_wrapped_summary(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path, stdout=LOG, exit_code=1))
    assert parsed.statuses == EXPECTED
    assert not parsed.structured and parsed.notes == []


def test_summary_counts_read_across_the_wrap() -> None:
    assert summary_counts(LOG) == {"passed": 4, "failed": 1, "skipped": 2, "expected to fail": 1,
                                   "expected to fail but passed": 1, "exceptions": 2}
    assert summary_counts(PASSING) == {"passed": 2}
    assert summary_counts("no summary here") is None
    # sympy__sympy-13877's log: the wrap fell right before "in", and may fall inside a phrase
    wrapped = (" tests finished: 111 passed, 3 skipped, 4 expected to fail, 39 exceptions, \n"
               "in 224.09 seconds \nDO *NOT* COMMIT!\n")
    assert summary_counts(wrapped) == {"passed": 111, "skipped": 3, "expected to fail": 4, "exceptions": 39}
    inside = " tests finished: 5 passed, 1 expected to\nfail but passed, in 3.10 seconds\n"
    assert summary_counts(inside) == {"passed": 5, "expected to fail but passed": 1}


def test_a_passing_run(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path, stdout=PASSING, exit_code=0))
    assert parsed.statuses == {"test_pass": P, "test_other": P} and parsed.notes == []


def test_timeouts_and_interrupts(tmp_path: Path) -> None:
    log = HEADER + """sympy/solvers/tests/test_slow.py[4] 
test_hangs T
test_skipped_on_timeout Timeout T
test_interrupted KeyboardInterrupt K
test_after_output printed
by the test
F                                                           [FAIL]

________________________________________________________________________________
_________________ sympy/solvers/tests/test_slow.py:test_hangs __________________
sympy.testing.runtests.TimeOutError: Timed out after 5 seconds
________________________________________________________________________________
_____________ sympy/solvers/tests/test_slow.py::test_after_output ______________
AssertionError

===== tests finished: 0 passed, 1 failed, 2 skipped, 1 exceptions, in 9.10 seconds =====
DO *NOT* COMMIT!
"""
    parsed = parse(make_run(tmp_path, stdout=log, exit_code=1))
    assert parsed.statuses == {"test_hangs": E, "test_skipped_on_timeout": S, "test_interrupted": S,
                               "test_after_output": F}
    assert parsed.notes == []


def test_spoofed_lines_do_not_pass_a_failed_test(tmp_path: Path) -> None:
    # test_spoof printed "test_fail ok" and a fake summary; its real "F" then stands alone
    log = HEADER + """sympy/core/tests/test_zdemo.py[3] 
test_pass ok
test_fail F
test_spoof test_fail ok
tests finished: 3 passed, in 0.01 seconds
test_fail ok
F                                                              [FAIL]


________________________________________________________________________________
___________________ sympy/core/tests/test_zdemo.py:test_fail ___________________
AssertionError
________________________________________________________________________________
__________________ sympy/core/tests/test_zdemo.py:test_spoof ___________________
AssertionError

======= tests finished: 1 passed, 2 failed, in 0.03 seconds ========
DO *NOT* COMMIT!
"""
    parsed = parse(make_run(tmp_path, stdout=log, exit_code=1))
    assert parsed.statuses == {"test_pass": P, "test_fail": F, "test_spoof": F}
    assert _untrusted(parsed) == [
        "the summary counts 1 passed, the log 3",
        "the summary counts 2 failed, the log 1",
        "the test files declare 3 tests but the log shows 4",
    ]


def test_forged_log_without_the_runners_summary_did_not_finish(tmp_path: Path) -> None:
    log = HEADER + "sympy/core/tests/test_zdemo.py[2] \ntest_a ok\ntest_b ok"
    parsed = parse(make_run(tmp_path, stdout=log, exit_code=0))
    assert parsed.statuses == {"test_a": P, "test_b": P}
    assert parsed.finished is False and _untrusted(parsed) == [] and parsed.runner_exit is None
    assert parse(make_run(tmp_path, stdout=LOG, exit_code=1)).runner_exit == 1
    assert parse(make_run(tmp_path, stdout=PASSING, exit_code=0)).runner_exit == 0


def test_exit_status_must_agree_with_the_summary(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path, stdout=PASSING, exit_code=1))
    assert _untrusted(parsed) == [
        "the summary counts 0 failures and exceptions but the runner exited 1"]
    failing = parse(make_run(tmp_path, stdout=LOG, exit_code=0))
    assert _untrusted(failing) == [
        "the summary counts 3 failures and exceptions but the runner exited 0"]


def test_runner_output_on_stderr_is_found(tmp_path: Path) -> None:
    parsed = parse(make_run(tmp_path, stdout="", stderr=PASSING, exit_code=0))
    assert parsed.statuses == {"test_pass": P, "test_other": P} and parsed.notes == []


def test_a_skip_reason_that_wraps_leaves_the_letter_on_its_own_line(tmp_path: Path) -> None:
    # sympy__sympy-13877 (SymPy 1.1, Python 3.9): the reason filled the line, " s" went to the next
    log = HEADER + """sympy/matrices/tests/test_matrices.py[4] 
test_free_symbols ok
test_from_ndarray NumPy must be available to test creating matrices from ndarrays 
s
test_issue_11238 Slow w
test_hermitian ok                                                           [OK]

 tests finished: 2 passed, 2 skipped, in 0.51 seconds 
"""
    parsed = parse(make_run(tmp_path, stdout=log, exit_code=0))
    assert parsed.statuses == {"test_free_symbols": P, "test_from_ndarray": S, "test_issue_11238": S,
                               "test_hermitian": P}
    assert parsed.untrusted == [] and parsed.finished
