"""Turning assert-style tests (HumanEval, MBPP, MultiPL-E) into calls judged outside the sandbox.

`assert candidate(1, [2]) == 3` becomes the test {args: [1, [2]], expected: 3}: the sandbox gets only the
arguments, the host compares the returned value. The forms understood:

    assert f(ARGS) == VALUE          (either side; also `is`)     -> equal
    assert set(f(ARGS)) == set(VALUE)                              -> equal as sets
    assert f(ARGS)  /  assert not f(ARGS)                          -> truthy / falsy
    assert abs(f(ARGS) - VALUE) < TOL   (or <=)                    -> equal within TOL
    assert math.isclose(f(ARGS), VALUE[, rel_tol=R][, abs_tol=A])  -> equal within the tolerance
    assert True                                                    -> nothing to judge, left out

ARGS and VALUE must be literals (`ast.literal_eval`) with a JSON form. Anything else (loops, helpers,
random inputs) raises AssertFormError naming the line: such a test could only be judged by running its
expected values inside the sandbox, where the program could read them.
"""

from __future__ import annotations

import ast
import json
import math
from dataclasses import dataclass
from typing import Any


class AssertFormError(ValueError):
    """An assert swegauge cannot judge from outside the sandbox (the message names its line)."""


@dataclass(frozen=True)
class Converted:
    tests: list[dict[str, Any]]
    abs_tol: float | None = None
    rel_tol: float | None = None


def jsonable(value: Any, where: str) -> Any:
    """The JSON form of a literal (tuples become lists); AssertFormError for what JSON cannot hold."""
    if isinstance(value, float) and not math.isfinite(value):
        raise AssertFormError(f"{where}: {value!r} has no JSON form")
    if isinstance(value, (list, tuple)):
        return [jsonable(v, where) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise AssertFormError(f"{where}: a dict with non-string keys has no JSON form")
        return {k: jsonable(v, where) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise AssertFormError(f"{where}: a {type(value).__name__} value has no JSON form")


def _literal(node: ast.AST, where: str) -> Any:
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise AssertFormError(f"{where}: {ast.unparse(node)[:80]!r} is not a literal") from None
    return jsonable(value, where)


def _call_args(node: ast.AST, names: set[str], where: str) -> list[Any] | None:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names):
        return None
    if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        raise AssertFormError(f"{where}: keyword or starred arguments are not supported")
    return [_literal(a, where) for a in node.args]


def _is_set(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "set"
            and len(node.args) == 1 and not node.keywords)


def _compare(test: ast.Compare, names: set[str], where: str) -> tuple[dict[str, Any], float | None] | None:
    if len(test.ops) != 1 or not isinstance(test.ops[0], (ast.Eq, ast.Is, ast.Lt, ast.LtE)):
        return None
    left, right = test.left, test.comparators[0]
    if isinstance(test.ops[0], ast.Eq) and _is_set(left) and _is_set(right):  # set(f(x)) == set(y)
        for call, value in ((left.args[0], right.args[0]), (right.args[0], left.args[0])):
            args = _call_args(call, names, where)
            if args is not None:
                return {"args": args, "expected": _literal(value, where), "expect": "set"}, None
    if isinstance(test.ops[0], (ast.Eq, ast.Is)):
        for call, value in ((left, right), (right, left)):
            args = _call_args(call, names, where)
            if args is not None:
                return {"args": args, "expected": _literal(value, where)}, None
        return None
    # abs(f(ARGS) - VALUE) < TOL
    if (isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id in ("abs", "fabs")
            and len(left.args) == 1 and isinstance(left.args[0], ast.BinOp) and isinstance(left.args[0].op, ast.Sub)):
        inner = left.args[0]
        for call, value in ((inner.left, inner.right), (inner.right, inner.left)):
            args = _call_args(call, names, where)
            if args is not None:
                return {"args": args, "expected": _literal(value, where)}, float(_literal(right, where))
    return None


def _isclose(test: ast.Call, names: set[str], where: str) -> tuple[dict[str, Any], float | None, float | None] | None:
    func = test.func
    named = (isinstance(func, ast.Attribute) and func.attr == "isclose") or (isinstance(func, ast.Name)
                                                                            and func.id == "isclose")
    if not named or len(test.args) != 2:
        return None
    tolerances = {k.arg: float(_literal(k.value, where)) for k in test.keywords}
    for call, value in ((test.args[0], test.args[1]), (test.args[1], test.args[0])):
        args = _call_args(call, names, where)
        if args is not None:
            return ({"args": args, "expected": _literal(value, where)}, tolerances.get("abs_tol"),
                    tolerances.get("rel_tol", 1e-9))
    return None


def convert_assert(node: ast.Assert, names: set[str], where: str) -> tuple[dict[str, Any] | None, float | None,
                                                                          float | None]:
    """(the test or None for a constant assert, absolute tolerance, relative tolerance)."""
    test = node.test
    if isinstance(test, ast.Constant):
        return None, None, None
    if isinstance(test, ast.Compare):
        found = _compare(test, names, where)
        if found is not None:
            return found[0], found[1], None
    if isinstance(test, ast.Call):
        close = _isclose(test, names, where)
        if close is not None:
            return close
        args = _call_args(test, names, where)
        if args is not None:
            return {"args": args, "expect": "truthy"}, None, None
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        args = _call_args(test.operand, names, where)
        if args is not None:
            return {"args": args, "expect": "falsy"}, None, None
    raise AssertFormError(f"{where}: `{ast.unparse(test)[:100]}` is not a form judged outside the sandbox")


def convert_asserts(code: str, names: set[str], *, label: str = "test") -> Converted:
    """Every assert in `code` (HumanEval's check(), MBPP's test_list lines) as tests."""
    try:
        tree = ast.parse(code)
    except SyntaxError as err:
        raise AssertFormError(f"{label}: not Python ({err.msg}, line {err.lineno})") from None
    tests: list[dict[str, Any]] = []
    abs_tol: float | None = None
    rel_tol: float | None = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.While, ast.comprehension)):
            if any(isinstance(n, ast.Assert) for n in ast.walk(node)):
                raise AssertFormError(f"{label} line {node.lineno}: asserts inside a loop are not supported")
        if not isinstance(node, ast.Assert):
            continue
        test, a, r = convert_assert(node, names, f"{label} line {node.lineno}")
        if test is None:
            continue
        tests.append(test)
        abs_tol = a if a is not None and (abs_tol is None or a > abs_tol) else abs_tol
        rel_tol = r if r is not None and (rel_tol is None or r > rel_tol) else rel_tol
    if not tests:
        raise AssertFormError(f"{label}: no assert calling {' or '.join(sorted(names))}")
    for test in tests:
        json.dumps(test)  # every value already has a JSON form; fail loudly if not
    return Converted(tests=tests, abs_tol=abs_tol, rel_tol=rel_tol)
