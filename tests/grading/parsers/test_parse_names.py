"""match_test_names: exact, canonical, unique suffix, ambiguity."""

from __future__ import annotations

from parser_support import E, F, P, S

from swegauge.grading.parsers.names import candidates_for, canonical, match_test_names

GO = {
    "example.com/m/a/TestPass": P,
    "example.com/m/b/TestPass": F,
    "example.com/m/a/TestSub": F,
    "example.com/m/a/TestSub/ok": P,
    "example.com/m/a/TestSub/bad_case": F,
    "example.com/m/a/TestOnly": S,
}


def test_exact_name_wins() -> None:
    assert match_test_names(["example.com/m/a/TestPass"], GO) == {"example.com/m/a/TestPass": P}


def test_unique_suffix_after_separator() -> None:
    got = match_test_names(["TestOnly", "TestSub/ok", "a/TestSub", "TestSub"], GO)
    assert got == {"TestOnly": S, "TestSub/ok": P, "a/TestSub": F, "TestSub": F}


def test_suffix_must_start_at_a_separator() -> None:
    assert match_test_names(["Only", "estOnly"], GO) == {"Only": None, "estOnly": None}


def test_ambiguous_is_none_unless_unanimous() -> None:
    assert match_test_names(["TestPass"], GO) == {"TestPass": None}
    same = {"x/a/TestA": P, "x/b/TestA": P}
    assert match_test_names(["TestA"], same) == {"TestA": None}
    assert match_test_names(["TestA"], same, unanimous=True) == {"TestA": P}
    assert match_test_names(["TestPass"], GO, unanimous=True) == {"TestPass": None}
    assert candidates_for("TestPass", GO) == ["example.com/m/a/TestPass", "example.com/m/b/TestPass"]


def test_absent_is_none() -> None:
    assert match_test_names(["TestMissing", ""], GO) == {"TestMissing": None, "": None}


def test_pytest_ids() -> None:
    statuses = {
        "tests/test_x.py::test_a": P,
        "tests/test_x.py::TestC::test_m": F,
        "tests/test_x.py::test_p[a::b]": E,
        "tests/other/test_x.py::test_b": P,
    }
    got = match_test_names(["tests/test_x.py::test_a", "TestC::test_m", "test_x.py::test_b", "test_p[a::b]"],
                           statuses)
    assert got == {"tests/test_x.py::test_a": P, "TestC::test_m": F, "test_x.py::test_b": P, "test_p[a::b]": E}


def test_java_spellings_through_canonical_names() -> None:
    statuses = {"com.ex.CalcTest.fails": F, "com.ex.CalcTest": F, "com.ex.OtherTest.ok()": P}
    got = match_test_names(
        ["com.ex.CalcTest#fails", "CalcTest#fails", "com.ex.CalcTest > fails", "com.ex.OtherTest#ok",
         "CalcTest", "OtherTest > ok()"], statuses)
    assert got == {"com.ex.CalcTest#fails": F, "CalcTest#fails": F, "com.ex.CalcTest > fails": F,
                   "com.ex.OtherTest#ok": P, "CalcTest": F, "OtherTest > ok()": P}
    assert canonical("a.B > c()") == "a.B.c"


def test_js_title_paths() -> None:
    statuses = {"src/a.test.js > math > adds": P, "src/a.test.js": F, "src/b.test.js > math > adds": F,
                "src/b.test.js > other": P}
    got = match_test_names(["other", "math > adds", "a.test.js > math > adds", "a.test.js"], statuses)
    assert got == {"other": P, "math > adds": None, "a.test.js > math > adds": P, "a.test.js": F}
    nested = {"t/a.test.js > math > nested > deep": P, "t/m.test.js > math adds": F}
    got = match_test_names(["math nested deep", "nested deep", "math adds", "adds"], nested)
    assert got == {"math nested deep": P, "nested deep": P, "math adds": F, "adds": None}


def test_large_suite_is_fast() -> None:
    statuses = {f"example.com/m/p{i % 50}/TestCase{i}/sub{j}": P for i in range(2000) for j in range(5)}
    expected = [f"TestCase{i}/sub{j}" for i in range(0, 2000, 3) for j in range(5)]
    got = match_test_names(expected, statuses)
    assert all(v == P for v in got.values())
