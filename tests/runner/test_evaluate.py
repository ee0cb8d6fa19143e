from __future__ import annotations

import json

from swegauge.grading.verdict import Verdict
from swegauge.grading.grader import patch_hash
from swegauge.runner.evaluate import evaluation_jobs, load_predictions, swebench_report
from swegauge.store import ResultRow
from swegauge.tasks import Task


def _task(i: str) -> Task:
    return Task(instance_id=i, repo="o/r", base_commit="abcdef")


def test_bad_prediction_records_are_named_and_the_rest_load(tmp_path):
    path = tmp_path / "preds.jsonl"
    path.write_text("\n".join([
        json.dumps({"instance_id": "a", "model_name_or_path": "m", "model_patch": "diff"}),
        "{not json",
        json.dumps({"model_name_or_path": "m", "model_patch": "x"}),
        json.dumps({"instance_id": "b", "model_name_or_path": "m", "model_patch": None}),
    ]))
    predictions, errors = load_predictions(path)
    assert [p.instance_id for p in predictions] == ["a", "b"]
    assert any("line 2" in str(e) and "invalid JSON" in str(e) for e in errors)
    assert any("line 3" in str(e) and "instance_id" in str(e) for e in errors)


def test_json_list_and_unknown_ids(tmp_path):
    path = tmp_path / "preds.json"
    path.write_text(json.dumps([{"instance_id": "a", "model_patch": "p"}, {"instance_id": "zzz", "model_patch": "p"}]))
    predictions, errors = load_predictions(path)
    jobs, unknown = evaluation_jobs([_task("a")], predictions)
    assert not errors and len(jobs) == 1 and unknown == ["zzz"]


def test_report_has_swebench_keys_and_buckets():
    tasks = [_task(i) for i in ("a", "b", "c", "d")]
    preds, _ = [], None
    from swegauge.runner.evaluate import Prediction

    preds = [Prediction(instance_id=i, model_name_or_path="m", model_patch=p)
             for i, p in (("a", "x"), ("b", "y"), ("c", ""), ("d", "z"))]
    outcomes = {"a": "resolved", "b": "unresolved", "c": "unresolved", "d": "error"}
    rows = [ResultRow(instance_id=i, label="m", attempt=0, repeat=0, patch_hash=patch_hash(p.model_patch),
                      patch=p.model_patch, verdict=Verdict(instance_id=i, patch_hash=patch_hash(p.model_patch),
                                                           outcome=outcomes[i], empty_patch=not p.model_patch))
            for i, p in zip("abcd", preds)]
    report = swebench_report(tasks, preds, rows)
    assert report["resolved_ids"] == ["a"]
    assert report["unresolved_ids"] == ["b"]
    assert report["empty_patch_ids"] == ["c"]
    assert report["error_ids"] == ["d"]
    assert report["total_instances"] == 4 and report["submitted_instances"] == 4
    assert set(report["instances"]) == {"a", "b", "c", "d"}


def test_report_uses_the_verdict_of_the_patch_in_this_predictions_file():
    from swegauge.runner.evaluate import Prediction

    tasks = [_task("a")]
    old, new = "old patch", "new patch"
    rows = [ResultRow(instance_id="a", label="m", attempt=0, repeat=0, patch_hash=patch_hash(text), patch=text,
                      verdict=Verdict(instance_id="a", patch_hash=patch_hash(text), outcome=outcome))
            for text, outcome in ((new, "unresolved"), (old, "resolved"))]  # the old one sorts last
    report = swebench_report(tasks, [Prediction(instance_id="a", model_name_or_path="m", model_patch=new)], rows)
    assert report["resolved_ids"] == [] and report["unresolved_ids"] == ["a"]
    report = swebench_report(tasks, [Prediction(instance_id="a", model_name_or_path="m", model_patch=old)], rows)
    assert report["resolved_ids"] == ["a"]
