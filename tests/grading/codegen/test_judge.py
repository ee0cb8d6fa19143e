"""Every verdict kind from a real program in the real sandbox, and how the task verdict follows from them."""

from __future__ import annotations

import pytest

from swegauge.grading.codegen.judge import ACCEPTED, COMPILE, MEMORY, RUNTIME, TIME, WRONG, VERDICTS
from tests.grading.codegen.support import codegen_task, judge

SUM = "a, b = map(int, input().split())\nprint(a + b)\n"


def grade(program: str, **spec):
    return judge().grade(codegen_task("python", **spec), program)


def test_accepted_on_every_test():
    verdict = grade(SUM)
    assert verdict.outcome == "resolved" and verdict.judgement == ACCEPTED
    assert list(verdict.test_verdicts.values()) == [ACCEPTED] * 3
    assert set(verdict.tests.values()) == {"PASSED"} and verdict.test_seconds > 0


def test_wrong_answer_stops_at_the_first_failing_test():
    verdict = grade("a, b = map(int, input().split())\nprint(a + b if a > 0 else 7)\n")
    assert verdict.outcome == "unresolved" and verdict.judgement == WRONG
    assert verdict.test_verdicts == {"test 1": ACCEPTED, "test 2": WRONG}
    assert "wrong answer on test 2" in verdict.reason and "'0'" in verdict.reason and "'7'" in verdict.reason


def test_time_limit_on_a_busy_loop_and_on_a_sleep():
    busy = grade("while True:\n    pass\n", time_limit_s=0.5)
    assert busy.judgement == TIME and busy.outcome == "unresolved"
    sleepy = grade("import time\ntime.sleep(30)\n", time_limit_s=0.5)
    assert sleepy.judgement == TIME and sleepy.test_seconds < 10


def test_memory_limit():
    verdict = grade("x = bytearray(400 * 1024 * 1024)\nx[::4096] = b'1' * len(x[::4096])\nprint(3)\n", memory_mb=64)
    assert verdict.judgement == MEMORY, verdict.reason


def test_runtime_error_from_an_exception_and_from_an_exit_status():
    raised = grade("raise ValueError('boom')\n")
    assert raised.judgement == RUNTIME and "boom" in raised.reason
    status = grade("import sys\nprint(3)\nsys.exit(3)\n")
    assert status.judgement == RUNTIME and "exit status 3" in status.reason


def test_compile_error_and_the_empty_program():
    broken = grade("def f(:\n")
    assert broken.judgement == COMPILE and broken.outcome == "unresolved" and broken.test_verdicts == {"compile": COMPILE}
    empty = grade("  \n")
    assert empty.judgement == COMPILE and empty.empty_patch and "empty" in empty.reason


def test_output_limit_is_a_runtime_error():
    from swegauge.grading.codegen import JudgeSettings, CodegenJudge

    small = CodegenJudge(sandbox=judge()._sandbox, settings=JudgeSettings(output_bytes=10_000))
    verdict = small.grade(codegen_task("python"), "print('x' * 100000)\n")
    assert verdict.judgement == RUNTIME and "output limit" in verdict.reason


def test_every_test_judged_when_asked():
    from swegauge.grading.codegen import JudgeSettings, CodegenJudge

    full = CodegenJudge(sandbox=judge()._sandbox, settings=JudgeSettings(stop_at_first_failure=False))
    verdict = full.grade(codegen_task("python"), "a, b = map(int, input().split())\nprint(a + b if a != -5 else 1)\n")
    assert verdict.test_verdicts == {"test 1": ACCEPTED, "test 2": WRONG, "test 3": ACCEPTED}
    assert verdict.judgement == WRONG


def test_float_tolerance_in_the_judge():
    tests = [{"input": "2\n", "output": "0.6666666667\n"}]
    assert grade("print(2/3)\n", tests=tests, checker={"abs_tol": 1e-6}).resolved
    assert not grade("print(0.6667)\n", tests=tests, checker={"abs_tol": 1e-6}).resolved


CHECKER = """import sys
inp, exp, out = (open(p).read().split() for p in sys.argv[1:4])
n = int(inp[0])
if len(out) != 2 or int(out[0]) + int(out[1]) != n or min(int(out[0]), int(out[1])) < 1:
    print(f"not two positive numbers summing to {n}")
    sys.exit(1)
"""


def test_special_judge_accepts_any_valid_answer_and_rejects_the_rest():
    tests = [{"input": "10\n", "output": "5 5\n"}, {"input": "3\n", "output": "1 2\n"}]
    checker = {"mode": "special", "program": CHECKER}
    assert grade("n = int(input())\nprint(1, n - 1)\n", tests=tests, checker=checker).resolved
    wrong = grade("n = int(input())\nprint(0, n)\n", tests=tests, checker=checker)
    assert wrong.judgement == WRONG and "not two positive numbers summing to 10" in wrong.reason


def test_a_broken_special_judge_is_an_error_not_the_candidates_fault():
    checker = {"mode": "special", "program": "raise SystemExit(7)\n"}
    verdict = grade(SUM, checker=checker)
    assert verdict.outcome == "error" and "special judge failed" in verdict.reason


def test_function_style_python_and_javascript():
    tests = [{"args": [[1, [2, [3]]]], "expected": [1, 2, 3]}, {"args": [[]], "expected": []}]
    py = "def flatten(x):\n    out = []\n    for i in x:\n        out += flatten(i) if isinstance(i, list) else [i]\n    return out\n"
    spec = {"style": "function", "entry_point": "flatten", "tests": tests}
    assert judge().grade(codegen_task("python", **spec), py).resolved
    js = "const flatten = (x) => x.flat(Infinity);\nconsole.log('noise on stdout');\n"
    assert judge().grade(codegen_task("javascript", **spec), js).resolved
    wrong = judge().grade(codegen_task("javascript", **spec), "function flatten(x) { return x; }\n")
    assert wrong.judgement == WRONG and "expected [1, 2, 3]" in wrong.reason
    missing = judge().grade(codegen_task("python", **spec), "def other(x):\n    return x\n")
    assert missing.judgement == RUNTIME and "no function 'flatten'" in missing.reason


def test_leetcode_style_solution_class():
    spec = {"style": "function", "entry_point": "twice", "tests": [{"args": [4], "expected": 8}]}
    program = "class Solution:\n    def twice(self, n: int) -> int:\n        return 2 * n\n"
    assert judge().grade(codegen_task("python", **spec), program).resolved


def test_the_verdict_kinds_are_the_six_named():
    assert VERDICTS == (ACCEPTED, WRONG, TIME, MEMORY, RUNTIME, COMPILE)


def test_unknown_language_is_an_environment_error():
    verdict = judge().grade(codegen_task("cobol"), "DISPLAY 'HI'.")
    assert verdict.outcome == "error" and "no judge for language 'cobol'" in verdict.reason
