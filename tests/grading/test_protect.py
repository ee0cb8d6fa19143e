"""Protection rules as data: globs, per-language sets, section comparisons, link-safe removal."""

from __future__ import annotations

import os

from swegauge.grading.protect import _section_values, glob_regex, remove_inside, rules_for


def test_globs_read_like_gitignore_double_stars():
    rx = glob_regex("**/conftest.py")
    assert rx.match("conftest.py") and rx.match("a/b/conftest.py") and not rx.match("a/conftest.pyc")
    assert glob_regex("tests/**").match("tests/x/y.py") and not glob_regex("tests/**").match("src/tests.py")
    assert glob_regex("*.pth").match("x.pth") and not glob_regex("*.pth").match("a/x.pth")


def test_python_rules_reset_tests_and_remove_shadows():
    rules = rules_for("python")
    assert rules.why_reset("tests/test_x.py") and rules.why_reset("pkg/conftest.py") and rules.why_reset("tox.ini")
    assert rules.why_reset("pkg/core.py") is None
    assert rules.why_removed("pytest.py") and rules.why_removed("_pytest/main.py") and rules.why_removed("json.py")
    assert rules.why_removed("pkg/json.py") is None  # only the top level shadows the standard library


def test_languages_share_rules_through_same_as():
    assert rules_for("typescript").why_reset("src/a.test.ts") and rules_for("cpp").why_reset("tests/t.cpp")
    assert rules_for("go").why_reset("pkg/x_test.go") and rules_for("go").why_reset("pkg/x.go") is None


def test_sections_compare_only_the_protected_keys():
    base = "[metadata]\nname = a\n[tool:pytest]\naddopts = -q\n"
    other = "[metadata]\nname = b\n[tool:pytest]\naddopts = -q\n"
    changed = "[metadata]\nname = a\n[tool:pytest]\naddopts = --ignore=tests\n"
    keys = ("tool:pytest", "pytest")
    assert _section_values(base, "ini", keys) == _section_values(other, "ini", keys)
    assert _section_values(base, "ini", keys) != _section_values(changed, "ini", keys)
    assert _section_values('{"scripts": {"test": "jest"}}', "json", ("scripts.test",)) == {"scripts.test": "jest"}


def test_removal_never_follows_a_link_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.py").write_text("keep")
    root = tmp_path / "ws"
    root.mkdir()
    os.symlink(outside, root / "tests")
    remove_inside(root, "tests/victim.py")
    assert (outside / "victim.py").read_text() == "keep"
    remove_inside(root, "tests")
    assert not (root / "tests").exists() and (outside / "victim.py").exists()
