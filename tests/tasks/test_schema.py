"""The Task schema: SWE-bench field compatibility, JSON-string test lists, dates, difficulty."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from swegauge.tasks import Difficulty, Task

PATCH = """diff --git a/src/textkit/wrap.py b/src/textkit/wrap.py
--- a/src/textkit/wrap.py
+++ b/src/textkit/wrap.py
@@ -1,4 +1,4 @@
 def wrap(text, width):
-    return text
+    return text[:width]
 
 
diff --git a/src/textkit/util.py b/src/textkit/util.py
--- a/src/textkit/util.py
+++ b/src/textkit/util.py
@@ -10,2 +10,4 @@ def helper():
     pass
+
+
 # end
"""


def base(**overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        "instance_id": "starter__textkit-1",
        "repo": "starter/textkit",
        "base_commit": "0123456789abcdef0123456789abcdef01234567",
    }
    record.update(overrides)
    return record


def test_test_lists_accept_json_encoded_strings_as_on_the_hub() -> None:
    names = ["tests/test_wrap.py::test_width", "tests/test_wrap.py::test_empty"]
    task = Task.model_validate(base(FAIL_TO_PASS=json.dumps(names), PASS_TO_PASS="[]"))
    assert task.FAIL_TO_PASS == names
    assert task.PASS_TO_PASS == []


def test_test_lists_accept_real_lists_empty_strings_and_none() -> None:
    task = Task.model_validate(base(FAIL_TO_PASS=["a", "b"], PASS_TO_PASS=""))
    assert task.FAIL_TO_PASS == ["a", "b"]
    assert task.PASS_TO_PASS == []
    assert Task.model_validate(base(FAIL_TO_PASS=None)).FAIL_TO_PASS == []


@pytest.mark.parametrize("value", ["not json", '{"a": 1}', '"one"', 5, {"a": 1}, [1, 2]])
def test_bad_test_lists_are_rejected_at_the_field(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Task.model_validate(base(FAIL_TO_PASS=value))
    assert all(error["loc"][0] == "FAIL_TO_PASS" for error in caught.value.errors())


def test_created_at_parses_iso_text_and_treats_empty_as_missing() -> None:
    task = Task.model_validate(base(created_at="2023-05-04T12:30:00Z"))
    assert task.created_at == datetime(2023, 5, 4, 12, 30, tzinfo=timezone.utc)
    assert Task.model_validate(base(created_at="")).created_at is None
    with pytest.raises(ValidationError) as caught:
        Task.model_validate(base(created_at="last tuesday"))
    assert caught.value.errors()[0]["loc"] == ("created_at",)


def test_version_is_text_even_when_numeric() -> None:
    assert Task.model_validate(base(version=3.0)).version == "3.0"
    assert Task.model_validate(base(version=None)).version == ""


def test_required_fields_and_short_commits_are_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        Task.model_validate({"repo": "a/b", "base_commit": "abc"})
    locations = {error["loc"] for error in caught.value.errors()}
    assert locations == {("instance_id",), ("base_commit",)}


def test_difficulty_is_measured_from_the_gold_patch() -> None:
    task = Task.model_validate(base(patch=PATCH))
    assert task.difficulty == Difficulty(lines_changed=4, files_changed=2, hunks=2)
    assert task.difficulty.bucket == "<5"


def test_difficulty_is_none_without_a_patch_and_kept_when_given() -> None:
    assert Task.model_validate(base()).difficulty is None
    given = {"lines_changed": 50, "files_changed": 3, "hunks": 4}
    task = Task.model_validate(base(patch=PATCH, difficulty=given))
    assert task.difficulty is not None and task.difficulty.bucket == "20-100"


def test_difficulty_is_none_when_the_patch_is_not_a_diff() -> None:
    assert Task.model_validate(base(patch="just words")).difficulty is None


def test_defaults_extra_fields_and_frozen() -> None:
    task = Task.model_validate(base(image_name="ignored", version="1.2"))
    assert (task.kind, task.language, task.recipe) == ("issue", "python", "auto")
    assert not hasattr(task, "image_name")
    assert task.env_key == "starter/textkit@1.2"
    with pytest.raises(ValidationError):
        task.repo = "other/repo"  # type: ignore[misc]


def test_env_key_falls_back_to_environment_commit_then_base_commit() -> None:
    assert Task.model_validate(base(environment_setup_commit="feedbeef")).env_key.endswith("@feedbeef")
    assert Task.model_validate(base()).env_key.endswith("@0123456789abcdef0123456789abcdef01234567")


def test_round_trips_through_json() -> None:
    task = Task.model_validate(base(patch=PATCH, FAIL_TO_PASS='["t1"]', created_at="2024-01-02T03:04:05Z"))
    assert Task.model_validate_json(task.model_dump_json()) == task
