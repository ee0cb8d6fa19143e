"""Test selectors: how the test files a test patch touches become the test runner's arguments.

pytest, SymPy's bin/test and most runners take file paths; Django's tests/runtests.py takes dotted module
labels relative to tests/. A recipe names its selector in `test_selector` ("paths" by default); the grader
calls `select_tests(recipe.test_selector, files)` before substituting `{tests}`.
"""

from __future__ import annotations

from collections.abc import Callable

Selector = Callable[[list[str]], list[str]]
_SELECTORS: dict[str, Selector] = {}


class SelectorError(ValueError):
    """A recipe names a test selector that is not registered."""


def register_selector(name: str, selector: Selector) -> None:
    _SELECTORS[name] = selector


def selector_names() -> list[str]:
    return sorted(_SELECTORS)


def select_tests(selector: str, files: list[str]) -> list[str]:
    """The runner arguments for `files` (repository-relative paths) under the named selector, in order,
    without duplicates."""
    try:
        chosen = _SELECTORS[selector]
    except KeyError:
        raise SelectorError(f"unknown test selector {selector!r} (known: {', '.join(selector_names())})") from None
    return list(dict.fromkeys(chosen(list(files))))


def paths(files: list[str]) -> list[str]:
    return files


def django_labels(files: list[str]) -> list[str]:
    """tests/admin_views/tests.py -> admin_views.tests; tests/foo/bar/test_x.py -> foo.bar.test_x.

    Files outside tests/ (Django's own package, docs) are not test modules and are dropped."""
    labels = []
    for path in files:
        if not path.startswith("tests/") or not path.endswith(".py"):
            continue
        module = path[len("tests/"):-len(".py")]
        if module.endswith("/__init__"):
            module = module[: -len("/__init__")]
        if module and module != "runtests":
            labels.append(module.replace("/", "."))
    return labels


def python_modules(files: list[str]) -> list[str]:
    """Dotted module names for runners that import tests by name (unittest, nose): a/b/test_c.py -> a.b.test_c."""
    return [path[: -len(".py")].replace("/", ".") for path in files if path.endswith(".py")]


register_selector("paths", paths)
register_selector("django_labels", django_labels)
register_selector("python_modules", python_modules)
