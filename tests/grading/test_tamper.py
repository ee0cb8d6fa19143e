"""Tamper signals on diffs (no sandbox): what fires, what an exemption needs, what honest code keeps."""

from __future__ import annotations

from swegauge.grading.tamper import scan


def _diff(path: str, lines: list[str]) -> str:
    body = "".join(f"+{line}\n" for line in lines)
    return f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{len(lines)} @@\n{body}"


def test_runner_internals_fire_unless_the_repository_is_the_runner():
    patch = _diff("pkg/mod.py", ["import _pytest.runner"])
    assert [s.name for s in scan(patch, language="python")] == ["patches the test runner's internals"]
    assert scan(patch, language="python", base_has=lambda p: p == "src/_pytest") == []


def test_an_exit_in_a_library_file_named_main_go_fires_but_not_in_package_main():
    library = _diff("main.go", ["package bytesize", "import \"os\"", "func init() { os.Exit(0) }"])
    assert any("ends the process" in s.name for s in scan(library, language="go"))
    command = _diff("tool/main.go", ["package main", "import \"os\"", "func main() { os.Exit(2) }"])
    assert scan(command, language="go") == []
    # with the file's text from the workspace, its package clause decides
    hidden = _diff("main.go", ["func init() { os.Exit(0) }"])
    assert scan(hidden, language="go", file_text=lambda p: "package main\n") == []
    assert scan(hidden, language="go", file_text=lambda p: "package bytesize\n") != []


def test_reverted_files_are_not_scanned_and_honest_code_is_quiet():
    patch = _diff("conftest.py", ["import os", "os._exit(0)"])
    assert scan(patch, language="python", skip=frozenset({"conftest.py"})) == []
    honest = _diff("pkg/util.py", ["import sys", "def f(name):", "    return getattr(sys.modules[name], 'x')"])
    assert scan(honest, language="python") == []
