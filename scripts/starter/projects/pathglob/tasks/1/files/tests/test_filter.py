import pytest

from pathglob import PathFilter, PatternError

TREE = [
    "README.md",
    "src/pkg/__init__.py",
    "src/pkg/core.py",
    "src/pkg/__pycache__/core.cpython-311.pyc",
    "src/pkg/sub/util.py",
    "docs/index.md",
    "docs/api/pkg.md",
]


def test_include_and_exclude():
    rules = PathFilter(include=["src/**/*.py", "docs/*.md"], exclude=["src/pkg/sub/*"])
    assert rules.select(TREE) == ["src/pkg/__init__.py", "src/pkg/core.py", "docs/index.md"]


def test_empty_include_means_everything():
    rules = PathFilter(exclude=["**/__pycache__/*", "docs/api/*"])
    assert rules.select(TREE) == [
        "README.md",
        "src/pkg/__init__.py",
        "src/pkg/core.py",
        "src/pkg/sub/util.py",
        "docs/index.md",
    ]


def test_top_level_files_and_folders():
    rules = PathFilter(include=["**/*.py"], exclude=["**/migrations/**", "tests/**"])
    paths = [
        "setup.py",
        "manage.py",
        "app/models.py",
        "app/migrations/0001_initial.py",
        "migrations/0002_fix.py",
        "tests/test_app.py",
    ]
    assert rules.select(paths) == ["setup.py", "manage.py", "app/models.py"]


def test_select_normalizes_paths():
    assert PathFilter(include=["docs/*.md"]).select(["./docs/a.md", "docs\\b.md", "x.md"]) == ["docs/a.md", "docs/b.md"]


def test_accepts():
    rules = PathFilter(include=["*.md"])
    assert rules.accepts("README.md")
    assert not rules.accepts("docs/index.md")


def test_bad_pattern_fails_early():
    with pytest.raises(PatternError):
        PathFilter(include=["[oops"])


def test_repr():
    assert repr(PathFilter(include=["a"], exclude=["b"])) == "PathFilter(include=['a'], exclude=['b'])"


def test_case_insensitive_filter():
    rules = PathFilter(include=["*.jpg"], exclude=["thumbs/*"], case_sensitive=False)
    assert rules.select(["A.JPG", "b.jpg", "Thumbs/c.jpg", "d.png"]) == ["A.JPG", "b.jpg"]
