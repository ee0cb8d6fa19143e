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


# SWE-bench and Multi-SWE-bench spellings (names_swebench)

FLASK = 'tests/test_cli.py::test_locate_app[cliapp.factory-create_app2("foo",'


def test_truncated_id_stands_for_every_id_it_was_cut_from() -> None:
    statuses = {
        'tests/test_cli.py::test_locate_app[cliapp.factory-create_app2("foo", "bar")-app2_foo_bar]': P,
        'tests/test_cli.py::test_locate_app[cliapp.factory-create_app2("foo", "bar", )-app2_foo_bar]': P,
        'tests/test_cli.py::test_locate_app[cliapp.factory-create_app2("foo",)-app2_foo]': F,
    }
    assert match_test_names([FLASK], statuses) == {FLASK: P}  # the third id does not go on with a space
    assert len(candidates_for(FLASK, statuses)) == 2
    statuses['tests/test_cli.py::test_locate_app[cliapp.factory-create_app2("foo", "bar", )-app2_foo_bar]'] = F
    assert match_test_names([FLASK], statuses) == {FLASK: F}


def test_truncated_id_without_a_space_after_the_cut_and_not_found() -> None:
    statuses = {"t.py::test_g[log(photon/s)]": P, "t.py::test_g[log(photon-x)]": S, "t.py::test_h[a b]": P}
    assert match_test_names(["t.py::test_g[log(photon"], statuses) == {"t.py::test_g[log(photon": S}
    assert match_test_names(["t.py::test_g[sin(", "t.py::test_h[a"], statuses) == {
        "t.py::test_g[sin(": None, "t.py::test_h[a": P}
    # a balanced id never matches by prefix
    assert match_test_names(["t.py::test_h[a]"], statuses) == {"t.py::test_h[a]": None}
    # the truncated id found after a separator (a run named from another root)
    assert match_test_names(["test_g[log(photon"], {"pkg/t.py::test_g[log(photon / s)]": E}) == {
        "test_g[log(photon": E}


def test_repository_root_is_one_spelling_on_both_sides() -> None:
    statuses = {"tests/test_x.py::test_read[/workspace/data/a.txt]": P, "tests/test_x.py::test_cwd[/workspace]": F}
    got = match_test_names(["tests/test_x.py::test_read[/testbed/data/a.txt]", "tests/test_x.py::test_cwd[/testbed]",
                            "tests/test_x.py::test_read[/testbedx/data/a.txt]"], statuses)
    assert list(got.values()) == [P, F, None]
    ours = {"tests/test_x.py::test_read[/testbed/data/a.txt]": P}
    assert match_test_names(["tests/test_x.py::test_read[/workspace/data/a.txt]"], ours) == {
        "tests/test_x.py::test_read[/workspace/data/a.txt]": P}


def test_django_ids_in_both_python_spellings() -> None:
    statuses = {"test_ticket7095 (queries.tests.Queries1Tests.test_ticket7095)": F,
                "test_ticket7098 (queries.tests.Queries1Tests)": P}
    got = match_test_names(["test_ticket7095 (queries.tests.Queries1Tests)",
                            "test_ticket7098 (queries.tests.Queries1Tests.test_ticket7098)",
                            "test_other (queries.tests.Queries1Tests)"], statuses)
    assert list(got.values()) == [F, P, None]
    # a forged line in the other spelling cannot pass a test the runner failed
    statuses["test_ticket7095 (queries.tests.Queries1Tests)"] = P
    assert match_test_names(["test_ticket7095 (queries.tests.Queries1Tests)"], statuses) == {
        "test_ticket7095 (queries.tests.Queries1Tests)": F}
    # docstring names are plain names
    assert match_test_names(["Regression for #20509"], {"Regression for #20509": P}) == {"Regression for #20509": P}


def test_multi_swe_bench_file_level_names() -> None:
    statuses = {"tests/test_api.py::test_get": P, "tests/test_api.py::TestPost::test_post": P,
                "tests/test_io.py::test_read": P, "tests/test_io.py::test_write": F,
                "src/utils.test.ts > utils > formats": P}
    got = match_test_names(["tests/test_api.py", "tests/test_io.py", "test_api.py", "tests/test_none.py",
                            "packages/app/src/utils.test.ts"], statuses)
    assert got == {"tests/test_api.py": P, "tests/test_io.py": F, "test_api.py": P, "tests/test_none.py": None,
                   "packages/app/src/utils.test.ts": P}


def test_multi_swe_bench_file_and_title_names() -> None:
    statuses = {"tests/renderStatsCard.test.js > renderStatsCard > should render correctly": P,
                "tests/renderStatsCard.test.js > renderStatsCard > should hide title": F,
                "tests/renderStatsCard.test.js > other > should hide title": P,
                "tests/fetchStats.test.js > should fetch": P}
    got = match_test_names(["tests/renderStatsCard.test.js:should render correctly",
                            "tests/renderStatsCard.test.js:should hide title",
                            "tests/fetchStats.test.js:should fetch",
                            "tests/fetchStats.test.js:renderStatsCard should render correctly"], statuses)
    assert list(got.values()) == [P, F, P, None]
    assert match_test_names(["tests/renderStatsCard.test.js:renderStatsCard should render correctly"],
                            statuses) == {"tests/renderStatsCard.test.js:renderStatsCard should render correctly": P}


def test_bare_go_names_repeated_across_packages() -> None:
    statuses = {"github.com/cli/cli/pkg/a/TestNew": P, "github.com/cli/cli/pkg/b/TestNew": P,
                "github.com/cli/cli/pkg/a/TestRun": P, "github.com/cli/cli/pkg/b/TestRun": F}
    assert match_test_names(["TestNew", "TestRun"], statuses) == {"TestNew": None, "TestRun": None}
    assert match_test_names(["TestNew", "TestRun"], statuses, unanimous=True) == {"TestNew": P, "TestRun": None}
    assert candidates_for("TestRun", statuses) == ["github.com/cli/cli/pkg/a/TestRun",
                                                   "github.com/cli/cli/pkg/b/TestRun"]


def test_many_truncated_names_are_fast() -> None:
    statuses = {f"t/test_{i % 40}.py::test_p[case {i} x]": P for i in range(20000)}
    expected = [f"t/test_{i % 40}.py::test_p[case" for i in range(0, 20000, 50)]
    got = match_test_names(expected, statuses)
    assert set(got.values()) == {P}


def test_swebench_shortened_path_parameters() -> None:
    # SWE-bench wrote a "/"-parameter as "/" + its last component (psf__requests-6028's listed names)
    base = "tests/test_utils.py::TestExtractZippedPaths::test_unzipped_paths_unchanged"
    ours = {f"{base}[/]": P, f"{base}[/workspace/tests/test_utils.py]": P,
            f"{base}[/venv/lib/python3.9/site-packages/pytest/__init__.py]": F,
            f"{base}[/etc/invalid/location]": P, "tests/test_b.py::test_c[//double/x]": P}
    got = match_test_names([f"{base}[/test_utils.py]", f"{base}[/__init__.py]", f"{base}[/location]",
                            f"{base}[/]", f"{base}[/other.py]", "tests/test_b.py::test_c[/x]"], ours)
    assert got == {f"{base}[/test_utils.py]": P, f"{base}[/__init__.py]": F, f"{base}[/location]": P,
                   f"{base}[/]": P, f"{base}[/other.py]": None, "tests/test_b.py::test_c[/x]": None}
