"""Loaders: SWE-bench JSON / JSONL / Parquet, Multi-SWE-bench JSONL, hf: datasets, bad records."""

from __future__ import annotations

import gzip
import json
import sys
import types
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from swegauge.tasks import Difficulty, LoadReport, RecordError, SuiteError, load_file, load_hf, load_records
from swegauge.tasks.loaders import detect_container, parse_hf_spec

PATCH = """diff --git a/src/textkit/wrap.py b/src/textkit/wrap.py
--- a/src/textkit/wrap.py
+++ b/src/textkit/wrap.py
@@ -1,2 +1,3 @@
 def wrap(text, width):
-    return text
+    lines = [text[i : i + width] for i in range(0, len(text), width)]
+    return "\\n".join(lines)
"""

JAVA_PATCH = """diff --git a/src/main/java/com/fasterxml/jackson/core/JsonParser.java b/src/main/java/com/fasterxml/jackson/core/JsonParser.java
--- a/src/main/java/com/fasterxml/jackson/core/JsonParser.java
+++ b/src/main/java/com/fasterxml/jackson/core/JsonParser.java
@@ -100,3 +100,3 @@ public abstract class JsonParser
     public int getFeatureMask() {
-        return _features;
+        return _features & MASK;
     }
"""


def swe_record(number: int, **overrides: Any) -> dict[str, Any]:
    """A SWE-bench record as the hub serves it: test lists as JSON strings, dates as text."""
    record: dict[str, Any] = {
        "repo": "starter/textkit",
        "instance_id": f"starter__textkit-{number}",
        "base_commit": f"{number:04d}" + "a" * 36,
        "patch": PATCH,
        "test_patch": "",
        "problem_statement": f"wrap() ignores width (#{number})",
        "hints_text": "",
        "created_at": "2024-03-01T10:00:00Z",
        "version": "1.0",
        "FAIL_TO_PASS": json.dumps([f"tests/test_wrap.py::test_width_{number}"]),
        "PASS_TO_PASS": json.dumps(["tests/test_wrap.py::test_empty"]),
        "environment_setup_commit": "b" * 40,
    }
    record.update(overrides)
    return record


def multi_record(**overrides: Any) -> dict[str, Any]:
    """A Multi-SWE-bench record written after the published dataset's shape."""
    status = {"run": "FAIL", "test": "FAIL", "fix": "PASS"}
    record: dict[str, Any] = {
        "org": "fasterxml",
        "repo": "jackson-core",
        "number": 1016,
        "state": "closed",
        "title": "Fix feature mask",
        "body": "Fixes #1015",
        "base": {"label": "fasterxml:2.16", "ref": "2.16", "sha": "b472243f565d919b1b4ce6a74ec8e78838162784"},
        "resolved_issues": [
            {"number": 1015, "title": "getFeatureMask leaks bits", "body": "Calling it returns internal bits."},
            {"number": 1014, "title": "Related: mask docs", "body": ""},
        ],
        "fix_patch": JAVA_PATCH,
        "test_patch": "diff --git a/src/test/java/T.java b/src/test/java/T.java\n",
        "fixed_tests": {"com.fasterxml.jackson.core.TestMask": status},
        "p2p_tests": {
            "com.fasterxml.jackson.core.TestZ": {"run": "PASS", "test": "PASS", "fix": "PASS"},
            "com.fasterxml.jackson.core.TestA": {"run": "PASS", "test": "PASS", "fix": "PASS"},
        },
        "f2p_tests": {"com.fasterxml.jackson.core.TestMask": status},
        "s2p_tests": {"com.fasterxml.jackson.core.TestSkipped": {"run": "SKIP", "test": "SKIP", "fix": "PASS"}},
        "n2p_tests": {
            "com.fasterxml.jackson.core.TestNew": {"run": "NONE", "test": "NONE", "fix": "PASS"},
            "com.fasterxml.jackson.core.TestMask": status,
        },
        "run_result": {"passed_count": 10, "failed_count": 0},
        "instance_id": "fasterxml__jackson-core-1016",
    }
    record.update(overrides)
    return record


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def errors_by_field(report: LoadReport) -> dict[str | None, RecordError]:
    return {error.field: error for error in report.errors}


# --- SWE-bench formats round-trip -------------------------------------------------------------


def test_json_list_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "lite.json"
    path.write_text(json.dumps([swe_record(1), swe_record(2)]), encoding="utf-8")
    report = load_file(path)
    assert report.ok and report.skipped == 0
    assert [task.instance_id for task in report.tasks] == ["starter__textkit-1", "starter__textkit-2"]
    task = report.tasks[0]
    assert task.FAIL_TO_PASS == ["tests/test_wrap.py::test_width_1"]
    assert task.PASS_TO_PASS == ["tests/test_wrap.py::test_empty"]
    assert task.created_at is not None and task.created_at.year == 2024
    assert task.source == "swe-bench"
    assert task.difficulty == Difficulty(lines_changed=3, files_changed=1, hunks=1)


def test_jsonl_round_trip_with_real_lists_and_blank_lines(tmp_path: Path) -> None:
    records = [swe_record(1, FAIL_TO_PASS=["t::a", "t::b"], PASS_TO_PASS=[]), swe_record(2)]
    path = tmp_path / "tasks.jsonl"
    path.write_text(json.dumps(records[0]) + "\n\n" + json.dumps(records[1]) + "\n", encoding="utf-8")
    report = load_file(path)
    assert report.ok and len(report.tasks) == 2
    assert report.tasks[0].FAIL_TO_PASS == ["t::a", "t::b"]
    assert report.tasks[0].model_dump() == load_records([records[0]]).tasks[0].model_dump()


def test_task_dump_reloads_identically(tmp_path: Path) -> None:
    original = load_records([swe_record(7, language="Rust", tags=["x"])]).tasks[0]
    path = write_jsonl(tmp_path / "dump.jsonl", [json.loads(original.model_dump_json())])
    assert load_file(path).tasks == [original]


def test_parquet_round_trip_with_json_string_and_list_columns(tmp_path: Path) -> None:
    strings = tmp_path / "strings.parquet"
    pq.write_table(pa.Table.from_pylist([swe_record(1), swe_record(2)]), strings)
    lists = tmp_path / "lists.pq"
    rows = [swe_record(3, FAIL_TO_PASS=["t::x"], PASS_TO_PASS=["t::y", "t::z"], hints_text=None)]
    pq.write_table(pa.Table.from_pylist(rows), lists)

    first, second = load_file(strings), load_file(lists)
    assert first.ok and [task.instance_id for task in first.tasks] == ["starter__textkit-1", "starter__textkit-2"]
    assert first.tasks[1].FAIL_TO_PASS == ["tests/test_wrap.py::test_width_2"]
    assert second.ok and second.tasks[0].PASS_TO_PASS == ["t::y", "t::z"]
    assert second.tasks[0].hints_text == ""
    assert first.tasks[0].difficulty is not None and first.tasks[0].difficulty.lines_changed == 3


def test_parquet_with_a_bad_row_reports_it_by_index(tmp_path: Path) -> None:
    path = tmp_path / "mixed.parquet"
    rows = [swe_record(1), swe_record(2, FAIL_TO_PASS="[broken"), swe_record(3)]
    pq.write_table(pa.Table.from_pylist(rows), path)
    report = load_file(path)
    assert len(report.tasks) == 2 and report.skipped == 1
    (error,) = report.errors
    assert (error.file, error.index, error.line) == (str(path), 1, None)
    assert (error.instance_id, error.field) == ("starter__textkit-2", "FAIL_TO_PASS")


def test_gzipped_jsonl_and_json_file_holding_json_lines(tmp_path: Path) -> None:
    gz = tmp_path / "tasks.jsonl.gz"
    gz.write_bytes(gzip.compress((json.dumps(swe_record(1)) + "\n").encode()))
    lines_in_json = write_jsonl(tmp_path / "actually-lines.json", [swe_record(2), swe_record(3)])
    single = tmp_path / "single.json"
    single.write_text(json.dumps(swe_record(4), indent=2), encoding="utf-8")
    assert [task.instance_id for task in load_file(gz).tasks] == ["starter__textkit-1"]
    assert len(load_file(lines_in_json).tasks) == 2
    assert [task.instance_id for task in load_file(single).tasks] == ["starter__textkit-4"]


def test_container_detection_and_forcing(tmp_path: Path) -> None:
    listing = tmp_path / "data.txt"
    listing.write_text(json.dumps([swe_record(1)]), encoding="utf-8")
    parquet = tmp_path / "data.bin"
    pq.write_table(pa.Table.from_pylist([swe_record(2)]), parquet)
    assert detect_container(listing) == "json"
    assert detect_container(parquet) == "parquet"
    assert detect_container(write_jsonl(tmp_path / "x.data", [swe_record(3)])) == "jsonl"
    assert len(load_file(parquet).tasks) == 1
    forced = write_jsonl(tmp_path / "odd.json", [swe_record(5)])
    assert len(load_file(forced, format="jsonl").tasks) == 1
    with pytest.raises(SuiteError, match="not valid JSON"):
        load_file(write_jsonl(tmp_path / "two.json", [swe_record(6), swe_record(7)]), format="json")


def test_source_defaults_to_the_records_own_and_can_be_overridden(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "s.jsonl", [swe_record(1), swe_record(2, source="mined")])
    assert [task.source for task in load_file(path).tasks] == ["swe-bench", "mined"]
    assert {task.source for task in load_file(path, source="lite").tasks} == {"lite"}


def test_verified_difficulty_label_becomes_a_tag_and_lang_is_read() -> None:
    report = load_records([swe_record(1, difficulty="<15 min fix", lang="JS")])
    task = report.tasks[0]
    assert task.tags == ["difficulty:<15 min fix"]
    assert task.difficulty is not None and task.difficulty.lines_changed == 3
    assert task.language == "javascript"


# --- bad records ------------------------------------------------------------------------------


def test_bad_jsonl_records_are_reported_and_the_rest_load(tmp_path: Path) -> None:
    good = [swe_record(1), swe_record(5)]
    missing_id = {key: value for key, value in swe_record(2).items() if key != "instance_id"}
    lines = [
        json.dumps(good[0]),
        json.dumps(missing_id),
        json.dumps(swe_record(3, FAIL_TO_PASS=7)),
        '{"instance_id": "starter__textkit-9", "repo": ',
        json.dumps(swe_record(4, FAIL_TO_PASS="not json")),
        json.dumps(swe_record(6, created_at=["2024"])),
        json.dumps(good[1]),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = load_file(path)

    assert [task.instance_id for task in report.tasks] == ["starter__textkit-1", "starter__textkit-5"]
    assert report.skipped == 5 and len(report.errors) == 5 and not report.ok
    assert all(error.file == str(path) for error in report.errors)
    found = {(e.line, e.index, e.instance_id, e.field) for e in report.errors}
    assert found == {
        (2, 1, None, "instance_id"),
        (3, 2, "starter__textkit-3", "FAIL_TO_PASS"),
        (4, 3, None, None),
        (5, 4, "starter__textkit-4", "FAIL_TO_PASS"),
        (6, 5, "starter__textkit-6", "created_at"),
    }
    by_line = {error.line: error for error in report.errors}
    assert "malformed JSON" in by_line[4].message
    assert "Field required" in by_line[2].message
    assert "Expecting value" in by_line[5].message
    assert str(by_line[3]).startswith(f"{path}:3 record 2 (starter__textkit-3): FAIL_TO_PASS: ")


def test_one_record_with_several_problems_is_skipped_once(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    bad = swe_record(1, base_commit="ab", FAIL_TO_PASS=["ok", 3], created_at="soon")
    path.write_text(json.dumps([bad, swe_record(2)]), encoding="utf-8")
    report = load_file(path)
    assert report.skipped == 1 and len(report.tasks) == 1
    assert {error.field for error in report.errors} == {"base_commit", "FAIL_TO_PASS.1", "created_at"}
    assert {(error.index, error.line) for error in report.errors} == {(0, None)}
    assert report.summary() == "loaded 1 tasks, skipped 1 records (3 errors)"


def test_non_object_records_and_duplicates_are_errors(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "d.jsonl", [swe_record(1), [1, 2], "text", swe_record(1)])
    report = load_file(path)
    assert len(report.tasks) == 1 and report.skipped == 3
    messages = [(error.line, error.field, error.message) for error in report.errors]
    assert messages[0] == (2, None, "expected a JSON object, got list")
    assert messages[1] == (3, None, "expected a JSON object, got str")
    assert messages[2][:2] == (4, "instance_id")
    assert "duplicate instance_id, first loaded from" in messages[2][2] and ":1 record 0" in messages[2][2]


def test_whole_file_problems_raise_suite_error(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match="no such file"):
        load_file(tmp_path / "missing.jsonl")
    with pytest.raises(SuiteError, match="not a file"):
        load_file(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('[{"instance_id": "x"', encoding="utf-8")
    with pytest.raises(SuiteError, match="broken.json: not valid JSON"):
        load_file(broken)
    not_parquet = tmp_path / "fake.parquet"
    not_parquet.write_text("hello", encoding="utf-8")
    with pytest.raises(SuiteError, match="not a readable Parquet file"):
        load_file(not_parquet)
    with pytest.raises(SuiteError, match="unknown format 'csv'"):
        load_file(broken, format="csv")  # type: ignore[arg-type]
    scalar = tmp_path / "scalar.json"
    scalar.write_text("1", encoding="utf-8")
    with pytest.raises(SuiteError, match="expected a JSON list"):
        load_file(scalar, format="json")


# --- Multi-SWE-bench --------------------------------------------------------------------------


def test_multi_swe_bench_record_maps_onto_task(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "java_verified.jsonl", [multi_record()])
    report = load_file(path)
    assert report.ok, report.errors
    (task,) = report.tasks
    assert task.instance_id == "fasterxml__jackson-core-1016"
    assert task.repo == "fasterxml/jackson-core"
    assert task.base_commit == "b472243f565d919b1b4ce6a74ec8e78838162784"
    assert task.patch == JAVA_PATCH
    assert task.test_patch.startswith("diff --git a/src/test/java/T.java")
    assert task.problem_statement == (
        "getFeatureMask leaks bits\n\nCalling it returns internal bits.\n\nRelated: mask docs"
    )
    assert task.FAIL_TO_PASS == [
        "com.fasterxml.jackson.core.TestMask",
        "com.fasterxml.jackson.core.TestNew",
        "com.fasterxml.jackson.core.TestSkipped",
    ]
    assert task.PASS_TO_PASS == ["com.fasterxml.jackson.core.TestA", "com.fasterxml.jackson.core.TestZ"]
    assert task.source == "multi-swe-bench"
    assert task.language == "java"
    assert task.difficulty == Difficulty(lines_changed=2, files_changed=1, hunks=1)


def test_multi_swe_bench_fallbacks_and_language_field(tmp_path: Path) -> None:
    record = multi_record(resolved_issues=[], lang="ts", s2p_tests={}, n2p_tests=None)
    del record["instance_id"]
    report = load_file(write_jsonl(tmp_path / "m.jsonl", [record]))
    (task,) = report.tasks
    assert task.instance_id == "fasterxml__jackson-core-1016"
    assert task.problem_statement == "Fix feature mask\n\nFixes #1015"
    assert task.language == "typescript"
    assert task.FAIL_TO_PASS == ["com.fasterxml.jackson.core.TestMask"]
    assert load_records([multi_record(language="Go")]).tasks[0].language == "go"


def test_bad_multi_swe_bench_records_name_their_own_fields(tmp_path: Path) -> None:
    records = [
        multi_record(number=1, instance_id=None, base="main"),
        multi_record(number=2, instance_id=None, f2p_tests=5),
        multi_record(number=3, instance_id=None, base={"sha": "abc", "ref": "main", "label": "x:main"}),
        multi_record(number=4, instance_id=None, resolved_issues=["not an object"]),
        {k: v for k, v in multi_record(instance_id=None).items() if k != "org"},
        multi_record(number=6, instance_id=None),
    ]
    path = write_jsonl(tmp_path / "bad.jsonl", records)
    report = load_file(path)
    assert [task.instance_id for task in report.tasks] == ["fasterxml__jackson-core-6"]
    assert report.skipped == 5
    found = {(error.line, error.instance_id, error.field) for error in report.errors}
    assert found == {
        (1, "fasterxml__jackson-core-1", "base"),
        (2, "fasterxml__jackson-core-2", "f2p_tests"),
        (3, "fasterxml__jackson-core-3", "base.sha"),
        (4, "fasterxml__jackson-core-4", "resolved_issues.0"),
        (5, None, "org"),
    }


def test_schema_detection_is_per_file_and_can_be_forced(tmp_path: Path) -> None:
    swe = write_jsonl(tmp_path / "swe.jsonl", [swe_record(1)])
    multi = write_jsonl(tmp_path / "multi.jsonl", [multi_record()])
    assert load_file(swe).tasks[0].source == "swe-bench"
    assert load_file(multi).tasks[0].source == "multi-swe-bench"
    forced = load_file(swe, format="multi-swe-bench")
    assert not forced.tasks and forced.errors[0].field == "org"
    as_swe = load_file(multi, format="swe-bench")
    assert as_swe.skipped == 1 and {"base_commit"} <= {error.field for error in as_swe.errors}


# --- Hugging Face -----------------------------------------------------------------------------


def test_parse_hf_spec() -> None:
    assert parse_hf_spec("hf:princeton-nlp/SWE-bench_Lite") == ("princeton-nlp/SWE-bench_Lite", "test")
    assert parse_hf_spec("hf:princeton-nlp/SWE-bench_Lite:dev") == ("princeton-nlp/SWE-bench_Lite", "dev")
    with pytest.raises(SuiteError, match="expected hf:"):
        parse_hf_spec("hf:")


def test_hf_without_datasets_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)
    with pytest.raises(SuiteError) as caught:
        load_hf("hf:princeton-nlp/SWE-bench_Lite")
    assert "install datasets" in str(caught.value) and "network" in str(caught.value)


def test_hf_loads_rows_through_datasets(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []

    def load_dataset(name: str, *, split: str) -> list[dict[str, Any]]:
        calls.append((name, split))
        if name == "nobody/missing":
            raise FileNotFoundError("Dataset 'nobody/missing' doesn't exist on the Hub")
        return [swe_record(1), swe_record(2, FAIL_TO_PASS="{")]

    fake = types.ModuleType("datasets")
    fake.load_dataset = load_dataset  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "datasets", fake)

    report = load_hf("hf:princeton-nlp/SWE-bench_Lite:dev")
    assert calls == [("princeton-nlp/SWE-bench_Lite", "dev")]
    assert len(report.tasks) == 1 and report.skipped == 1
    assert report.errors[0].file == "hf:princeton-nlp/SWE-bench_Lite:dev"
    assert report.errors[0].index == 1 and report.errors[0].field == "FAIL_TO_PASS"
    with pytest.raises(SuiteError, match="could not load dataset 'nobody/missing'"):
        load_hf("hf:nobody/missing")
    with pytest.raises(SuiteError, match="file container"):
        load_records([], format="parquet")


def test_reports_merge_and_refuse_duplicates_across_sources() -> None:
    first = load_records([swe_record(1), swe_record(2)], origin="a.jsonl")
    given = LoadReport(tasks=[load_records([swe_record(3)]).tasks[0]])
    merged = LoadReport()
    merged.extend(first)
    merged.extend(given)
    merged.extend(load_records([swe_record(2), swe_record(4)], origin="b.jsonl"))
    assert [task.instance_id for task in merged.tasks] == [f"starter__textkit-{n}" for n in (1, 2, 3, 4)]
    (error,) = merged.errors
    assert (error.file, error.index, error.field) == ("b.jsonl", 0, "instance_id")
    assert error.message == "duplicate instance_id, first loaded from a.jsonl record 1 (starter__textkit-2)"
    assert not given.add(given.tasks[0], file="c.jsonl") and given.skipped == 1
