from __future__ import annotations

from swegauge.tasks.multiswe import language_of_patch, multiswe_fields


def _diff(*paths: str) -> str:
    return "".join(f"diff --git a/{p} b/{p}\n--- a/{p}\n+++ b/{p}\n@@ -1 +1 @@\n-a\n+b\n" for p in paths)


def test_headers_with_cpp_sources_are_cpp_and_alone_are_c():
    assert language_of_patch(_diff("include/fmt/core.h", "include/fmt/format.h", "src/format.cc")) == "cpp"
    assert language_of_patch(_diff("src/jv.h", "src/jv.c")) == "c"
    assert language_of_patch(_diff("README.md")) is None


def test_a_record_without_language_or_version_maps_with_a_guessed_language():
    record = {"org": "fmtlib", "repo": "fmt", "number": 3248, "base": {"sha": "840ec85", "ref": "master", "label": "x"},
              "fix_patch": _diff("include/fmt/format.h", "include/fmt/core.h", "src/os.cc"), "test_patch": _diff("test/a-test.cc"),
              "f2p_tests": {"format-test": {}}, "p2p_tests": {"args-test": {}}, "n2p_tests": {"new-test": {}}}
    fields = multiswe_fields(record)
    assert fields["language"] == "cpp" and "version" not in fields
    assert fields["FAIL_TO_PASS"] == ["format-test", "new-test"] and fields["PASS_TO_PASS"] == ["args-test"]
