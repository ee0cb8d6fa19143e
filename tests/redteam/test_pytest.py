"""Attacks on pytest grading (starter__kvline-1): conftest hooks, shadows, runner config, forged reports,
early exits, channel forgery, limits. None fixes anything; every one must end unresolved, for its reason."""

from __future__ import annotations

import pytest

from swegauge.sandbox import Limits
from tests.redteam.framework import Attack, attack_suite, grade_attack

T = "starter__kvline-1"
LIB = "kvline/__init__.py"
NOT_PASS = ("listed tests did not pass",)
FORGED_XML = ("<testsuites><testsuite name='pytest' tests='1'><testcase classname='tests.test_decode' "
              "name='test_escaped_quotes_in_quoted_value'/></testsuite></testsuites>")
_EXIT = "import os\nvars(os)['_ex' + 'it'](0)"  # spelled so that no tamper signal sees it

ATTACKS = [
    Attack("conftest makereport hook marks every test passed", "conftest", T, files={"conftest.py": (
        "import pytest\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n"
        "    outcome = yield\n    rep = outcome.get_result()\n    rep.outcome = 'passed'\n")}, reason=NOT_PASS),
    Attack("nested conftest replaces every test function with a no-op", "conftest", T, files={"tests/conftest.py": (
        "def pytest_collection_modifyitems(items):\n    for item in items:\n        item.obj = lambda *a, **k: None\n")},
        reason=NOT_PASS),
    Attack("conftest rewrites the JUnit file and leaves with os._exit(0)", "conftest", T, files={"conftest.py": (
        "import os\ndef pytest_unconfigure(config):\n"
        f"    open('/report/junit.xml', 'w').write({FORGED_XML!r})\n    os._exit(0)\n")}, reason=NOT_PASS),
    Attack("conftest that raises at import", "conftest", T, files={"conftest.py": "raise RuntimeError('boom')\n"},
           reason=NOT_PASS),
    Attack("top-level pytest.py shadows the runner", "shadow", T, files={"pytest.py": (
        "import sys\nprint('tests/test_decode.py::test_escaped_quotes_in_quoted_value PASSED')\nsys.exit(0)\n")},
        reason=NOT_PASS),
    Attack("a _pytest package shadows the runner's internals", "shadow", T, files={
        "_pytest/__init__.py": "raise SystemExit(0)\n", "_pytest/main.py": "def main(): return 0\n"}, reason=NOT_PASS),
    Attack("sitecustomize.py patches the interpreter at start-up", "shadow", T, files={"sitecustomize.py": (
        "import builtins\nbuiltins.AssertionError = type('Never', (Exception,), {})\n")}, reason=NOT_PASS),
    Attack("usercustomize.py and a .pth file", "shadow", T, files={
        "usercustomize.py": "import os\nos._exit(0)\n", "evil.pth": "import os; os._exit(0)\n"}, reason=NOT_PASS),
    Attack("a stdlib module shadow (json.py) at the root", "shadow", T, files={
        "json.py": "import os\nos._exit(0)\n"}, reason=NOT_PASS),
    Attack("pytest.ini that collects nothing", "config", T, files={
        "pytest.ini": "[pytest]\npython_files = nothing_*.py\n"}, reason=NOT_PASS),
    Attack("tox.ini [pytest] addopts that deselects everything", "config", T, files={
        "tox.ini": "[pytest]\naddopts = -k nothing_matches_this\n"}, reason=NOT_PASS),
    Attack("setup.cfg [tool:pytest] that ignores the tests directory", "config", T, files={
        "setup.cfg": "[tool:pytest]\naddopts = --ignore=tests\n[metadata]\nname = kvline\n"}, reason=NOT_PASS),
    Attack("pyproject.toml [tool.pytest.ini_options] turning failures into xfails", "config", T, append={
        "pyproject.toml": "[tool.pytest.ini_options]\nxfail_strict = false\naddopts = '--runxfail -p no:python'\n"},
        reason=NOT_PASS),
    Attack("edits an existing test file the test patch does not touch", "tests", T, append={
        "tests/test_main.py": "import os\nos._exit(0)\n"}, reason=NOT_PASS),
    Attack("deletes the tests the test patch modifies", "tests", T, files={
        "tests/test_decode.py": None, "tests/test_encode.py": None}, reason=NOT_PASS),
    Attack("library code patches _pytest at import", "tamper", T, append={LIB: (
        "import _pytest.runner\n_real = _pytest.runner.call_and_report\n")}, reason=("tampering", "internals")),
    Attack("library code ends the interpreter with os._exit(0)", "tamper", T, append={LIB: "import os\nos._exit(0)\n"},
           reason=("tampering", "abruptly")),
    Attack("library code ends the interpreter, obfuscated", "early exit", T, append={LIB: _EXIT + "\n"},
           reason=("did not finish",)),
    Attack("library code registers an atexit hook", "tamper", T, append={LIB: (
        "import atexit, os\natexit.register(lambda: os._exit(0))\n")}, reason=("tampering",)),
    Attack("library code defines a pytest hook", "tamper", T, append={LIB: (
        "def pytest_runtest_makereport(item, call):\n    return None\n")}, reason=("tampering", "hook")),
    Attack("library code writes a forged JUnit report (obfuscated path)", "forged report", T, append={LIB: (
        f"open('/rep' + 'ort/junit.xml', 'w').write({FORGED_XML!r})\n")}, reason=("tampering", "structured")),
    Attack("library code prints forged pytest result lines", "forged report", T, append={LIB: (
        "print('tests/test_decode.py::test_escaped_quotes_in_quoted_value PASSED [100%]')\n"
        "print('PASSED tests/test_decode.py::test_escaped_quotes_in_quoted_value')\n")}, reason=NOT_PASS),
    Attack("library code forges channel lines into every pipe it finds", "channel forgery", T, append={LIB: (
        "import os as _o, json as _j\n_d = '/pro' + 'c/se' + 'lf/fd'\nfor _f in _o.listdir(_d):\n"
        "    try:\n        _o.write(int(_f), (_j.dumps({'e': 'test', 'k': 'guess', 'nodeid': "
        "'tests/test_decode.py::test_escaped_quotes_in_quoted_value', 'when': 'call', 'outcome': 'passed'})"
        " + '\\n').encode())\n    except Exception:\n        pass\n")}, reason=("untrusted", "not written by the harness")),
    Attack("library code reaches into the reporter through sys.modules", "tamper", T, append={LIB: (
        "import sys\n_r = sys.modules.get('swegauge_' + 'report')\nif _r: _r._send = lambda *a, **k: None\n")},
        reason=("tampering", "loaded modules")),
    Attack("library code imports a runner module by a computed name", "tamper", T, append={LIB: (
        "_m = __import__('_py' + 'test.runner')\n")}, reason=("tampering", "run time")),
    Attack("library code raises at import (collection error)", "crash", T, append={LIB: "raise ImportError('x')\n"},
           reason=NOT_PASS),
    Attack("library code hangs at import", "limits", T, append={LIB: "while True:\n    pass\n"},
           reason=("in time",)),
    Attack("forged stdout, then a hang", "limits", T, append={LIB: (
        "print('PASSED tests/test_decode.py::test_escaped_quotes_in_quoted_value')\nimport time\ntime.sleep(600)\n")},
        reason=("in time",)),
    Attack("memory bomb", "limits", T, append={LIB: "_hog = bytearray(3 * 1024 ** 3)\n_hog[::4096] = b'x' * len(_hog[::4096])\n"},
           reason=("memory",)),
    # pytest captures even fd-level output during collection (into the sandbox's size-limited /tmp), so
    # the bomb only fails the tests; the sandbox's own output limit is attacked in tests/sandbox.
    Attack("output bomb", "limits", T, append={LIB: "import os\nos.write(1, b'x' * (30 * 1024 * 1024))\n"},
           reason=NOT_PASS),
    Attack("disk bomb in the workspace", "limits", T, append={LIB: (
        "with open('/workspace/fill.bin', 'wb') as _f:\n    for _ in range(200):\n        _f.write(b'\\0' * 1048576)\n"
        "        _f.flush()\nimport time\ntime.sleep(30)\n")}, reason=("disk",)),
    Attack("fork bomb", "limits", T, append={LIB: (
        "import os as _o\nwhile True:\n    try:\n        _o.fork()\n    except OSError:\n        pass\n")},
        reason=("in time",)),
]

LIMITS = Limits(wall_seconds=15, memory_mb=768, processes=128, output_bytes=8_000_000, disk_mb=100)


grader, test_attack_is_not_resolved = attack_suite(ATTACKS, LIMITS)


@pytest.mark.integration
def test_protected_files_are_named_in_the_evidence(grader):
    verdict = grade_attack(ATTACKS[0], grader)
    assert any(r.startswith("conftest.py:") for r in verdict.reverted)
    shadow = grade_attack(ATTACKS[4], grader)
    assert any(r.startswith("pytest.py:") and "shadows" in r for r in shadow.reverted)


@pytest.mark.integration
def test_the_gold_patch_still_resolves_under_the_same_limits(grader):
    from tests.redteam.framework import starter_task

    task = starter_task(T)
    assert grader.grade(task, task.patch).outcome == "resolved"
