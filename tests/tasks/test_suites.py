"""The suite registry: starter, paths, directories, hf:, suites.json and suites/, filtering."""

from __future__ import annotations

import json
import os
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from swegauge.tasks import SuiteError, SuiteInfo, Task, filter_tasks, list_suites, load_suite, register_suite
from swegauge.tasks.suites import known_suite_names
from swegauge.tasks import public_suites
from swegauge.tasks.public_suites import PUBLIC_SUITES
from swegauge.tasks.suites import registered_suites, registry_path


def record(instance_id: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "instance_id": instance_id,
        "repo": "starter/textkit",
        "base_commit": "c" * 40,
        "FAIL_TO_PASS": '["tests/test_a.py::test_a"]',
        "PASS_TO_PASS": "[]",
    }
    data.update(overrides)
    return data


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(item) + "\n" for item in records), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("SWEGAUGE_CACHE", str(root))
    return root


@pytest.fixture
def fake_starter(monkeypatch: pytest.MonkeyPatch) -> list[Task]:
    tasks = [
        Task.model_validate(record("starter__textkit-1")),
        Task.model_validate(record("starter__calc-1", repo="starter/calc", language="go")),
    ]
    module = types.ModuleType("swegauge.tasks.starter")
    module.starter_tasks = lambda: list(tasks)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "swegauge.tasks.starter", module)
    return tasks


def test_starter_comes_from_the_bundled_module(fake_starter: list[Task]) -> None:
    report = load_suite("starter")
    assert report.tasks == fake_starter and report.ok  # as the module gives them: loading builds no repository


def test_missing_starter_module_is_a_suite_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "swegauge.tasks.starter", None)
    with pytest.raises(SuiteError, match="bundled starter suite is not available"):
        load_suite("starter")


def test_real_starter_suite_when_present() -> None:
    pytest.importorskip("swegauge.tasks.starter")
    report = load_suite("starter")
    assert report.ok, [str(error) for error in report.errors]
    if not report.tasks:
        pytest.skip("the starter suite has no tasks yet")
    assert all(isinstance(task, Task) for task in report.tasks)
    assert all(task.repo_source and Path(task.repo_source).is_dir() for task in report.tasks)
    assert {task.instance_id for task in filter_tasks(report.tasks, limit=1)} <= {
        task.instance_id for task in report.tasks
    }


def test_a_file_path_and_a_path_object(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "mine.jsonl", [record("a-1"), record("a-2")])
    assert [task.instance_id for task in load_suite(str(path)).tasks] == ["a-1", "a-2"]
    assert len(load_suite(path).tasks) == 2


def test_a_directory_loads_every_suite_file_and_refuses_duplicates(tmp_path: Path) -> None:
    root = tmp_path / "multi"
    write_jsonl(root / "java" / "a.jsonl", [record("j-1"), record("shared-1")])
    write_jsonl(root / "go" / "b.jsonl", [record("g-1"), record("shared-1")])
    (root / "README.md").write_text("not a suite", encoding="utf-8")
    write_jsonl(root / ".hidden" / "c.jsonl", [record("h-1")])
    report = load_suite(str(root))
    assert [task.instance_id for task in report.tasks] == ["g-1", "shared-1", "j-1"]
    assert report.skipped == 1
    (error,) = report.errors
    assert error.file.endswith("a.jsonl") and error.line == 2 and error.field == "instance_id"
    assert "b.jsonl:2 record 1" in error.message
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SuiteError, match="no suite files"):
        load_suite(str(empty))


def test_hf_specs_go_to_the_hub_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("datasets")
    fake.load_dataset = lambda name, split: [record(f"{name}-{split}")]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "datasets", fake)
    report = load_suite("hf:princeton-nlp/SWE-bench_Lite")
    assert [task.instance_id for task in report.tasks] == ["princeton-nlp/SWE-bench_Lite-test"]


def test_suites_json_names_paths_hf_specs_and_forced_formats(cache: Path, tmp_path: Path) -> None:
    write_jsonl(cache / "data" / "lite.jsonl", [record("lite-1")])
    absolute = write_jsonl(tmp_path / "elsewhere.txt", [record("abs-1")])
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "suites.json").write_text(
        json.dumps(
            {
                "lite": "data/lite.jsonl",
                "forced": {"path": str(absolute), "format": "jsonl"},
                "verified": "hf:princeton-nlp/SWE-bench_Verified",
            }
        ),
        encoding="utf-8",
    )
    assert [task.instance_id for task in load_suite("lite").tasks] == ["lite-1"]
    assert [task.instance_id for task in load_suite("forced").tasks] == ["abs-1"]
    entries = registered_suites()
    assert entries["lite"].target == str(cache / "data" / "lite.jsonl")
    assert entries["verified"].target == "hf:princeton-nlp/SWE-bench_Verified"


def test_suites_dir_entries_and_suites_json_wins_clashes(cache: Path, tmp_path: Path) -> None:
    write_jsonl(cache / "suites" / "mine.jsonl", [record("mine-1")])
    write_jsonl(cache / "suites" / "bundle" / "part.jsonl", [record("bundle-1"), record("bundle-2")])
    write_jsonl(cache / "suites" / "clash.jsonl", [record("from-dir")])
    (cache / "suites" / "notes.txt").write_text("ignored", encoding="utf-8")
    other = write_jsonl(tmp_path / "clash.jsonl", [record("from-json")])
    (cache / "suites.json").write_text(json.dumps({"clash": str(other)}), encoding="utf-8")
    assert sorted(registered_suites()) == ["bundle", "clash", "mine"]
    assert [task.instance_id for task in load_suite("mine").tasks] == ["mine-1"]
    assert len(load_suite("bundle").tasks) == 2
    assert [task.instance_id for task in load_suite("clash").tasks] == ["from-json"]


def test_unknown_names_list_the_known_ones(cache: Path) -> None:
    write_jsonl(cache / "suites" / "mine.jsonl", [record("mine-1")])
    with pytest.raises(SuiteError) as caught:
        load_suite("lite")
    message = str(caught.value)
    assert "unknown suite 'lite'" in message and "Known suites: starter, starter-codegen, starter-choice, mine" in message
    assert "suites.json" in message


def test_bad_registry_and_dangling_entries_are_clear(cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "suites.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SuiteError, match="cannot read the suite registry"):
        load_suite("anything")
    (cache / "suites.json").write_text(json.dumps({"gone": "/nonexistent/x.jsonl"}), encoding="utf-8")
    with pytest.raises(SuiteError, match="suite 'gone': .*no such file"):
        load_suite("gone")
    (cache / "suites.json").write_text(json.dumps({"odd": {"path": "x", "format": "csv"}}), encoding="utf-8")
    with pytest.raises(SuiteError, match="unknown format 'csv'"):
        registered_suites()


def test_register_suite_writes_the_registry(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "m.jsonl", [record("m-1")])
    entry = register_suite("mine", path)
    register_suite("verified", "hf:princeton-nlp/SWE-bench_Verified:test")
    register_suite("msb", path, format="multi-swe-bench")
    assert entry.target == str(path.resolve())
    assert json.loads(registry_path().read_text(encoding="utf-8")) == {
        "mine": str(path.resolve()),
        "msb": {"format": "multi-swe-bench", "path": str(path.resolve())},
        "verified": "hf:princeton-nlp/SWE-bench_Verified:test",
    }
    assert [task.instance_id for task in load_suite("mine").tasks] == ["m-1"]
    with pytest.raises(SuiteError, match="already registered"):
        register_suite("mine", path)
    register_suite("mine", path, replace=True)
    for bad in ("starter", "hf:x", "../up", ""):
        with pytest.raises(SuiteError, match="suite name"):
            register_suite(bad, path)
    with pytest.raises(SuiteError, match="no such file"):
        register_suite("ghost", tmp_path / "ghost.jsonl")


def test_list_suites_counts_tasks_and_languages(fake_starter: list[Task], tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "g.jsonl", [record("g-1", language="rust"), record("g-2"), {"bad": 1}])
    register_suite("good", good)
    register_suite("remote", "hf:princeton-nlp/SWE-bench_Lite")
    dangling = write_jsonl(tmp_path / "d.jsonl", [record("d-1")])
    register_suite("dangling", dangling)
    dangling.unlink()
    infos = {info.name: info for info in list_suites()}
    assert list(infos) == ["starter", "starter-codegen", "starter-choice", "dangling", "good", "remote", *PUBLIC_SUITES]
    assert infos["swebench-verified"] == SuiteInfo("swebench-verified", "hf:SWE-bench/SWE-bench_Verified:test")
    assert infos["starter"] == SuiteInfo("starter", "bundled", 2, ["go", "python"])
    assert infos["good"] == SuiteInfo("good", str(good.resolve()), 2, ["python", "rust"], skipped=1)
    assert infos["remote"].tasks is None and infos["remote"].error is None
    assert infos["dangling"].tasks is None and "no such file" in (infos["dangling"].error or "")
    assert all(info.tasks is None for info in list_suites(count=False))


def test_filter_tasks_by_ids_language_and_limit() -> None:
    tasks = [
        Task.model_validate(record("django__django-1")),
        Task.model_validate(record("django__django-2", language="python")),
        Task.model_validate(record("fmt__fmt-3", language="cpp")),
        Task.model_validate(record("tokio__tokio-4", language="Rust")),
    ]
    ids = [task.instance_id for task in filter_tasks(tasks, ids=["django__*", "tokio__tokio-4"])]
    assert ids == ["django__django-1", "django__django-2", "tokio__tokio-4"]
    assert [t.instance_id for t in filter_tasks(tasks, ids="fmt__fmt-3")] == ["fmt__fmt-3"]
    assert [t.instance_id for t in filter_tasks(tasks, language="rust")] == ["tokio__tokio-4"]
    assert len(filter_tasks(tasks, language=["CPP", "rust"])) == 2
    assert [t.instance_id for t in filter_tasks(tasks, language="python", limit=1)] == ["django__django-1"]
    assert filter_tasks(tasks, limit=0) == []
    assert filter_tasks(tasks, ids=[]) == []
    assert filter_tasks(tasks) == tasks
    with pytest.raises(ValueError, match="limit"):
        filter_tasks(tasks, limit=-1)


# public suites by name: $SWEGAUGE_DATA, then the hub, else a clear error

def hf_record(instance_id: str) -> dict[str, Any]:
    """A record in the Hugging Face layout (FAIL_TO_PASS / PASS_TO_PASS as JSON-encoded strings)."""
    return record(instance_id, repo="django/django", FAIL_TO_PASS=json.dumps(["test_a (m.tests.T)"]),
                  PASS_TO_PASS=json.dumps(["Docstring line of a test"]), difficulty="<15 min fix")


@pytest.fixture
def no_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SWEGAUGE_DATA", raising=False)
    monkeypatch.setitem(sys.modules, "datasets", None)  # import datasets -> ImportError


def test_public_names_load_a_local_copy_from_swegauge_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           no_hub: None, fake_starter: list[Task]) -> None:
    empty, data = tmp_path / "empty", tmp_path / "data"
    empty.mkdir()
    write_jsonl(data / "swebench_verified.jsonl", [hf_record("django__django-11099"), hf_record("sympy__sympy-20590")])
    write_jsonl(data / "swebench_lite_test.jsonl", [hf_record("django__django-11133")])
    write_jsonl(data / "swebench-lite-dev.jsonl", [hf_record("sqlfluff__sqlfluff-1625")])
    msb = {"org": "cli", "repo": "cli", "number": 7, "base": {"sha": "a" * 40, "ref": "trunk", "label": "cli:trunk"},
           "fix_patch": "diff --git a/x.go b/x.go\n--- a/x.go\n+++ b/x.go\n", "test_patch": "", "resolved_issues": [],
           "f2p_tests": {"TestNew": {"run": "NONE", "test": "FAIL", "fix": "PASS"}}, "p2p_tests": {}}
    write_jsonl(data / "multi_swe_bench" / "go" / "cli__cli_dataset.jsonl", [msb])
    monkeypatch.setenv("SWEGAUGE_DATA", os.pathsep.join([str(tmp_path / "absent"), str(empty), str(data)]))
    verified = load_suite("swebench-verified")
    assert [t.instance_id for t in verified.tasks] == ["django__django-11099", "sympy__sympy-20590"]
    assert verified.tasks[0].FAIL_TO_PASS == ["test_a (m.tests.T)"] and verified.ok
    assert [t.instance_id for t in load_suite("swebench-lite").tasks] == ["django__django-11133"]
    assert [t.instance_id for t in load_suite("swebench-lite-dev").tasks] == ["sqlfluff__sqlfluff-1625"]
    [task] = load_suite("multi-swe-bench").tasks
    assert (task.instance_id, task.FAIL_TO_PASS, task.language) == ("cli__cli-7", ["TestNew"], "go")
    infos = {info.name: info for info in list_suites()}
    assert infos["swebench-verified"].tasks == 2
    assert infos["swebench-verified"].source.endswith("swebench_verified.jsonl")
    assert infos["swebench-full"].tasks is None and infos["swebench-full"].source == "hf:SWE-bench/SWE-bench:test"


def test_a_registered_name_wins_over_swegauge_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   no_hub: None) -> None:
    write_jsonl(tmp_path / "data" / "swebench_verified.jsonl", [hf_record("from-data")])
    monkeypatch.setenv("SWEGAUGE_DATA", str(tmp_path / "data"))
    register_suite("swebench-verified", write_jsonl(tmp_path / "mine.jsonl", [hf_record("from-registry")]))
    assert [t.instance_id for t in load_suite("swebench-verified").tasks] == ["from-registry"]
    assert "swebench-verified" in known_suite_names() and known_suite_names().count("swebench-verified") == 1


def test_without_a_local_copy_or_datasets_the_error_says_how_to_get_the_file(no_hub: None) -> None:
    with pytest.raises(SuiteError) as caught:
        load_suite("swebench-verified")
    message = str(caught.value)
    for part in ("SWE-bench/SWE-bench_Verified", "split 'test'", "`datasets` package is not installed",
                 "SWEGAUGE_DATA", "swebench_verified.jsonl", "huggingface-cli download", "suites.json"):
        assert part in message


def _fake_datasets(monkeypatch: pytest.MonkeyPatch, calls: list[tuple[str, str]]) -> None:
    fake = types.ModuleType("datasets")

    def load_dataset(name: str, split: str) -> list[dict[str, Any]]:
        calls.append((name, split))
        return [hf_record("django__django-11099")]

    fake.load_dataset = load_dataset  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "datasets", fake)


def test_the_hub_is_used_when_datasets_is_there_and_the_hub_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SWEGAUGE_DATA", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("HF_DATASETS_OFFLINE", raising=False)
    calls: list[tuple[str, str]] = []
    _fake_datasets(monkeypatch, calls)
    dialed: list[tuple[str, int]] = []

    class _Socket:
        def close(self) -> None:
            pass

    monkeypatch.setattr(public_suites.socket, "create_connection",
                        lambda address, timeout: dialed.append(address) or _Socket())
    assert [t.instance_id for t in load_suite("swebench-lite-dev").tasks] == ["django__django-11099"]
    assert calls == [("SWE-bench/SWE-bench_Lite", "dev")] and dialed == [("huggingface.co", 443)]


def test_an_unreachable_hub_is_a_clear_error_and_offline_mode_skips_the_check(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SWEGAUGE_DATA", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("HF_DATASETS_OFFLINE", raising=False)
    calls: list[tuple[str, str]] = []
    _fake_datasets(monkeypatch, calls)

    def refuse(address: tuple[str, int], timeout: float) -> None:
        raise OSError("Network is unreachable")

    monkeypatch.setattr(public_suites.socket, "create_connection", refuse)
    with pytest.raises(SuiteError, match=r"hub \(huggingface.co\) cannot be reached: Network is unreachable"):
        load_suite("swebench-multilingual")
    assert calls == []
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")  # the local Hugging Face cache may have it
    assert len(load_suite("swebench-multilingual").tasks) == 1
    assert calls == [("SWE-bench/SWE-bench_Multilingual", "test")]


def test_real_verified_file_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    """With $SWEGAUGE_DATA pointing at a real copy, the task ids are SWE-bench's."""
    if not any((Path(d) / "swebench_verified.jsonl").is_file()
               for d in os.environ.get("SWEGAUGE_DATA", "").split(os.pathsep) if d):
        pytest.skip("no swebench_verified.jsonl in $SWEGAUGE_DATA")
    report = load_suite("swebench-verified")
    assert report.ok and len(report.tasks) == 500
    assert "django__django-11099" in {t.instance_id for t in report.tasks}
