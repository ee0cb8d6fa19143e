from pathlib import PurePosixPath, PureWindowsPath

import pytest

from pathglob import PatternError, match, translate


def test_literal_path():
    assert match("setup.py", "setup.py")
    assert not match("setup.py", "src/setup.py")
    assert not match("setup.py", "setup.pyc")


def test_star_stays_in_its_segment():
    assert match("docs/*.md", "docs/index.md")
    assert not match("docs/*.md", "docs/api/index.md")
    assert match("*/*.md", "docs/index.md")
    assert not match("*.md", "docs/index.md")


def test_star_matches_empty():
    assert match("data*.csv", "data.csv")


def test_double_star_crosses_directories():
    assert match("src/**/*.py", "src/pkg/app.py")
    assert match("src/**/*.py", "src/pkg/sub/deep/app.py")
    assert not match("src/**/*.py", "lib/pkg/app.py")
    assert not match("src/**/*.py", "src/pkg/app.pyc")


def test_double_star_at_the_start():
    assert match("**/__pycache__/*", "a/b/__pycache__/x.pyc")


def test_double_star_at_the_end():
    assert match("build/**", "build/lib/x.so")
    assert match("build/**", "build/x")
    assert not match("build/**", "builder/x")


def test_double_star_matches_zero_directories():
    assert match("src/**/*.py", "src/main.py")
    assert match("docs/**/index.md", "docs/index.md")
    assert match("a/**/b", "a/b")
    assert match("a/**/b", "a/x/y/b")


def test_leading_double_star_matches_top_level_paths():
    assert match("**/*.py", "setup.py")
    assert match("**/__pycache__/*", "__pycache__/x.pyc")
    assert match("**/migrations/**", "migrations/0002_fix.py")


def test_repeated_double_star_segments():
    assert match("a/**/**/b", "a/b")
    assert match("a/**/**/b", "a/x/b")


def test_double_star_still_respects_segment_boundaries():
    assert not match("src/**/*.py", "srcx/main.py")
    assert not match("src/**/*.py", "src.py")
    assert not match("**/b", "ab")
    assert not match("a/**/b", "ab")
    assert not match("a/**/b", "a/xb")


def test_lone_double_star_matches_everything():
    assert match("**", "x")
    assert match("**", "a/b/c.txt")


def test_double_star_inside_a_segment_is_a_single_star():
    assert match("a**b", "axxb")
    assert not match("a**b", "a/b")


def test_question_mark():
    assert match("v?.txt", "v1.txt")
    assert not match("v?.txt", "v10.txt")
    assert not match("a?b", "a/b")


def test_character_classes():
    assert match("img/logo-[0-9].png", "img/logo-2.png")
    assert not match("img/logo-[0-9].png", "img/logo-x.png")
    assert match("[abc]*", "beta")
    assert match("file.[!o]", "file.c")
    assert not match("file.[!o]", "file.o")
    assert match("file.[^o]", "file.h")


def test_class_never_matches_a_slash():
    assert not match("a[!x]b", "a/b")


def test_literal_bracket_first_in_class():
    assert match("x[]]y", "x]y")
    assert match("x[!]]y", "xay")


def test_special_regex_characters_are_literal():
    assert match("a+b(1).txt", "a+b(1).txt")
    assert not match("a.b", "axb")


def test_leading_dot_slash_and_backslashes():
    assert match("src/*.py", "./src/app.py")
    assert match("src/*.py", "src\\app.py")
    assert match("src/*.py", PureWindowsPath("src\\app.py"))
    assert match("src/*.py", PurePosixPath("src/app.py"))


def test_case_insensitive():
    assert not match("*.JPG", "photo.jpg")
    assert match("*.JPG", "photo.jpg", case_sensitive=False)
    assert match("Docs/[a-c]*.md", "docs/Best.md", case_sensitive=False)


def test_unterminated_class():
    with pytest.raises(PatternError):
        translate("file[abc")


def test_empty_pattern():
    with pytest.raises(PatternError):
        match("", "x")
