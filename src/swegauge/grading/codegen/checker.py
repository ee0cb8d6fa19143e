"""Comparing a program's answer with the expected one, on the host (the program never sees the latter).

`check_output` judges stdio tests by the task's Checker (tokens, lines, exact; numeric tolerance);
`check_value` judges function-level tests: the JSON value returned against the expected one (lists and
tuples alike, numbers within the tolerance, `expect` truthy/falsy as `assert f(x)` / `assert not f(x)`).
Special judges run as programs in a sandbox (judge.py), not here. Each returns (accepted, why not).
"""

from __future__ import annotations

import json
import math
from typing import Any

from swegauge.tasks.codegen import Checker, CodegenTest

SHOWN = 60  # characters of a token shown in a reason


def _short(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN] + "..."


def _number(token: str) -> float | None:
    try:
        value = float(token)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _close(a: float, b: float, checker: Checker) -> bool:
    if a == b:
        return True
    if checker.abs_tol is not None and abs(a - b) <= checker.abs_tol:
        return True
    return checker.rel_tol is not None and abs(a - b) <= checker.rel_tol * max(abs(a), abs(b))


def _tolerant(checker: Checker) -> bool:
    return checker.abs_tol is not None or checker.rel_tol is not None


def tokens_equal(want: str, got: str, checker: Checker) -> bool:
    if checker.case_insensitive:
        want, got = want.lower(), got.lower()
    if want == got:
        return True
    if not _tolerant(checker):
        return False
    a, b = _number(want), _number(got)
    return a is not None and b is not None and _close(a, b, checker)


def _compare_tokens(want: list[str], got: list[str], checker: Checker, unit: str) -> tuple[bool, str]:
    for index, (w, g) in enumerate(zip(want, got), start=1):
        if not tokens_equal(w, g, checker):
            return False, f"{unit} {index} differs: expected {_short(w)!r}, got {_short(g)!r}"
    if len(want) != len(got):
        return False, f"expected {len(want)} {unit}s, got {len(got)}"
    return True, ""


def _lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def check_output(expected: str, got: str, checker: Checker) -> tuple[bool, str]:
    """A stdio test's output against the expected output (modes other than special)."""
    if checker.mode == "exact":
        return (True, "") if got == expected else (False, "output differs byte for byte")
    if checker.mode == "lines":
        want, have = _lines(expected), _lines(got)
        for index, (w, g) in enumerate(zip(want, have), start=1):
            ok, why = _compare_tokens(w.split(), g.split(), checker, "token") if _tolerant(checker) else \
                (tokens_equal(w, g, checker), "")
            if not ok:
                return False, f"line {index} differs: expected {_short(w)!r}, got {_short(g)!r}"
        if len(want) != len(have):
            return False, f"expected {len(want)} lines, got {len(have)}"
        return True, ""
    if checker.mode == "special":
        raise ValueError("a special judge runs as a program (see judge.py)")
    return _compare_tokens(expected.split(), got.split(), checker, "token")


def values_equal(want: Any, got: Any, checker: Checker) -> bool:
    # numbers compare as Python's == does (True == 1), as the asserts these tests come from did
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        if isinstance(want, int) and isinstance(got, int):
            return want == got
        return _close(float(want), float(got), checker) or (not _tolerant(checker) and math.isclose(want, got,
                                                                                                   rel_tol=1e-9))
    if isinstance(want, (list, tuple)) and isinstance(got, (list, tuple)):
        return len(want) == len(got) and all(values_equal(w, g, checker) for w, g in zip(want, got))
    if isinstance(want, dict) and isinstance(got, dict):
        return want.keys() == got.keys() and all(values_equal(want[k], got[k], checker) for k in want)
    return type(want) is type(got) and want == got


def truthy(value: Any) -> bool:
    return bool(value)


def check_value(test: CodegenTest, got: Any, checker: Checker) -> tuple[bool, str]:
    """A function-level test's returned value (already decoded from JSON) against the expected one."""
    if test.expect == "truthy":
        return (True, "") if truthy(got) else (False, f"expected a true value, got {_short(repr(got))}")
    if test.expect == "falsy":
        return (True, "") if not truthy(got) else (False, f"expected a false value, got {_short(repr(got))}")
    if test.expect == "set":
        same = isinstance(got, list) and isinstance(test.expected, list) and \
            {json.dumps(v, sort_keys=True) for v in got} == {json.dumps(v, sort_keys=True) for v in test.expected}
        return (True, "") if same else (False, f"expected the elements {_short(repr(test.expected))}, "
                                               f"got {_short(repr(got))}")
    if values_equal(test.expected, got, checker):
        return True, ""
    return False, f"expected {_short(repr(test.expected))}, got {_short(repr(got))}"
