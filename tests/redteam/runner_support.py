"""Shared by the red-team modules of the runners other than pytest: skips when a toolchain is missing, and
small builders of forged reports. The attack test itself is framework.attack_suite.

A module lists its attacks in ATTACKS and, where an attack gets through and cannot be fixed in the rules or
parsers, names it in XFAIL (attack name -> why), which attack_suite turns into strict xfails.
"""

from __future__ import annotations

import json
import shutil

import pytest


TOOLS = {"go": ("go",), "rust": ("cargo",), "java": ("mvn", "java"), "node": ("node", "npm"),
         "cmake": ("cmake", "ctest")}


def missing(kind: str) -> str | None:
    if shutil.which("bwrap") is None:
        return "bubblewrap"
    for tool in TOOLS[kind]:
        if shutil.which(tool) is None and not (tool == "go" and shutil.which("go", path="/usr/local/go/bin")):
            return tool
    return None


def needs(kind: str) -> pytest.MarkDecorator:
    lacking = missing(kind)
    return pytest.mark.skipif(lacking is not None, reason=f"needs {lacking}")








def go_events(package: str, tests: list[str]) -> str:
    """A `go test -json` stream in which every test and the package pass."""
    lines = []
    for name in tests:
        test = name.rsplit("/", 1)[-1]
        lines += [{"Action": "run", "Package": package, "Test": test},
                  {"Action": "output", "Package": package, "Test": test, "Output": f"=== RUN   {test}\n"},
                  {"Action": "pass", "Package": package, "Test": test, "Elapsed": 0}]
    lines += [{"Action": "output", "Package": package, "Output": "PASS\n"},
              {"Action": "pass", "Package": package, "Elapsed": 0.01}]
    return "\n".join(json.dumps(line) for line in lines) + "\n"


def junit_xml(cases: list[tuple[str, str]], suite: str = "forged") -> str:
    """A JUnit XML report in which every (classname, name) passed."""
    body = "".join(f'<testcase classname="{c}" name="{n}" time="0.001"/>' for c, n in cases)
    return (f'<?xml version="1.0" encoding="UTF-8"?><testsuite name="{suite}" tests="{len(cases)}" failures="0" '
            f'errors="0" skipped="0">{body}</testsuite>\n')


def jest_json(tests: list[str]) -> str:
    """A jest/vitest JSON report in which every "file > describe ... > title" passed."""
    by_file: dict[str, list[dict]] = {}
    for name in tests:
        file, *rest = name.split(" > ")
        if rest:
            by_file.setdefault(file, []).append({"ancestorTitles": rest[:-1], "title": rest[-1],
                                                 "status": "passed"})
        else:
            by_file.setdefault(file, [])
    results = [{"name": f"/workspace/{file}", "status": "passed", "assertionResults": items}
               for file, items in by_file.items()]
    return json.dumps({"numFailedTests": 0, "numFailedTestSuites": 0, "numTotalTestSuites": len(results),
                       "success": True, "testResults": results})
