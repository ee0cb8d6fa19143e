"""The output checker: tokens, lines, exact, numeric tolerance, case folding; function results."""

from __future__ import annotations

import pytest

from swegauge.grading.codegen.checker import check_output, check_value, values_equal
from swegauge.tasks.codegen import Checker, CodegenTest


@pytest.mark.parametrize(("expected", "got", "ok"), [
    ("1 2 3\n", "1 2 3", True),
    ("1 2 3\n", "1\n2\n   3\n\n", True),
    ("1 2 3\n", "1 2 3 4\n", False),
    ("1 2 3\n", "1 2\n", False),
    ("YES\n", "yes\n", False),
    ("", "\n\n", True),
])
def test_tokens_ignore_spacing_and_line_breaks(expected, got, ok):
    assert check_output(expected, got, Checker())[0] is ok


def test_a_wrong_token_is_named_with_both_sides():
    ok, why = check_output("1 2 3", "1 5 3", Checker())
    assert not ok and "token 2" in why and "'2'" in why and "'5'" in why


def test_lines_keep_line_structure_but_not_trailing_space():
    checker = Checker(mode="lines")
    assert check_output("a b\nc\n", "a b   \nc\n\n\n", checker)[0]
    assert not check_output("a b\nc\n", "a\nb c\n", checker)[0]
    assert not check_output("a  b\n", "a b\n", checker)[0]  # inner spacing is part of a line


def test_exact_is_byte_for_byte():
    assert check_output("x\n", "x\n", Checker(mode="exact"))[0]
    assert not check_output("x\n", "x", Checker(mode="exact"))[0]


@pytest.mark.parametrize(("got", "ok"), [
    ("3.1415926", True),            # within 1e-6 absolute
    ("3.14159", False),             # 2.7e-6 off: outside both bounds
    ("3.141593", True),
    ("3.2", False),
    ("abc", False),                 # not a number: compared as text
    ("inf", False),
])
def test_float_tolerance(got, ok):
    checker = Checker(abs_tol=1e-6, rel_tol=1e-7)
    assert check_output("3.14159265", got, checker)[0] is ok


def test_relative_tolerance_scales_with_the_value():
    checker = Checker(rel_tol=1e-6)
    assert check_output("1000000000", "1000000900", checker)[0]      # 9e-7 relative
    assert not check_output("1000000000", "1000002000", checker)[0]  # 2e-6 relative
    assert not check_output("0.001", "0.0011", checker)[0]


def test_without_tolerance_numbers_are_text():
    assert not check_output("1.0", "1", Checker())[0]
    assert not check_output("0.5", "0.50", Checker())[0]


def test_case_insensitive():
    assert check_output("YES NO", "yes No", Checker(case_insensitive=True))[0]


def test_special_mode_needs_a_program_and_is_not_compared_here():
    with pytest.raises(ValueError, match="special judge needs its program"):
        Checker(mode="special")
    with pytest.raises(ValueError, match="runs as a program"):
        check_output("1", "1", Checker(mode="special", program="import sys; sys.exit(0)"))


@pytest.mark.parametrize(("want", "got", "ok"), [
    ([1, [2, 3]], [1, [2, 3]], True),
    ([1, 2], [2, 1], False),
    ({"a": 1}, {"a": 1}, True),
    ({"a": 1}, {"a": 1, "b": 2}, False),
    (True, True, True),
    (True, 1, True),                # as Python's `assert f(x) == True` judges it
    (True, "true", False),
    ("1", 1, False),
    (0.30000000000000004, 0.3, True),
    (0.3, 0.31, False),
    (None, None, True),
])
def test_values(want, got, ok):
    assert values_equal(want, got, Checker()) is ok


def test_values_with_tolerance_and_expect_kinds():
    assert check_value(CodegenTest(args=[], expected=0.33), 0.3300004, Checker(abs_tol=1e-6))[0]
    assert not check_value(CodegenTest(args=[], expected=0.33), 0.331, Checker(abs_tol=1e-6))[0]
    assert check_value(CodegenTest(args=[], expect="truthy"), [0], Checker())[0]
    assert not check_value(CodegenTest(args=[], expect="truthy"), [], Checker())[0]
    assert check_value(CodegenTest(args=[], expect="falsy"), 0, Checker())[0]
    assert check_value(CodegenTest(args=[], expected=[4, 5], expect="set"), [5, 4, 4], Checker())[0]
    assert not check_value(CodegenTest(args=[], expected=[4, 5], expect="set"), [5], Checker())[0]
