"""Codegen loaders on small samples in each format's real layout (tests/tasks/fixtures/codegen/)."""

from __future__ import annotations

import base64
import os
import json
import pickle
import zlib
from pathlib import Path

import pytest

from swegauge.tasks import load_file, load_suite
from swegauge.tasks.codegen_asserts import AssertFormError, convert_asserts
from swegauge.tasks.codegen_loaders import FieldError, decode_test_cases, detect_codegen

FIXTURES = Path(__file__).parent / "fixtures" / "codegen"


def test_livecodebench_public_and_private_tests_and_the_contest_date():
    report = load_file(FIXTURES / "livecodebench.jsonl")
    stdio, functional = report.tasks
    assert stdio.instance_id == "lcb-abc300_a" and stdio.kind == "codegen" and stdio.codegen.style == "stdio"
    assert [t.output for t in stdio.codegen.tests] == ["3\n", "30\n", "0\n"]  # public, then the packed private
    assert [t.output for t in stdio.codegen.public_tests] == ["3\n"]
    assert stdio.created_at.date().isoformat() == "2023-04-29" and "difficulty:easy" in stdio.tags
    assert functional.codegen.style == "function" and functional.codegen.entry_point == "maxPair"
    assert functional.codegen.tests[1].args == [[-1, -2]] and functional.codegen.tests[1].expected == -3
    assert "class Solution" in functional.codegen.starter_code
    [error] = report.errors
    assert error.instance_id == "cf1" and error.field == "public_test_cases" and "not JSON" in error.message
    assert error.line == 3


def test_packed_private_tests_never_unpickle_objects(tmp_path):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):  # os.system pickles as posix.system whatever else this process loaded
            return (os.system, (f"touch {marker}",))

    packed = base64.b64encode(zlib.compress(pickle.dumps(Evil()))).decode()
    with pytest.raises(FieldError, match=r"refused to load (posix|os)\.system"):
        decode_test_cases(packed, "private_test_cases")
    assert not marker.exists()


def test_humaneval_asserts_become_calls_and_loops_are_refused():
    report = load_file(FIXTURES / "humaneval.jsonl")
    close, truncate = report.tasks
    assert close.instance_id == "HumanEval__0" and close.codegen.entry_point == "has_close_elements"
    assert close.codegen.tests[0].args == [[1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3] and close.codegen.tests[0].expected is True
    assert close.patch.startswith("from typing import List") and "return False" in close.patch
    assert truncate.codegen.checker.abs_tol == 1e-6 and truncate.codegen.tests[1].expected == 0.33
    [error] = report.errors
    assert error.instance_id == "HumanEval/32" and "inside a loop" in error.message


def test_mbpp_original_and_sanitized_records():
    report = load_file(FIXTURES / "mbpp.jsonl")
    ids = [t.instance_id for t in report.tasks]
    assert ids == ["mbpp-2", "mbpp-3", "mbpp-17", "mbpp-4"] and report.ok
    shared = report.tasks[0]
    assert shared.codegen.entry_point == "similar_elements" and shared.codegen.tests[0].expect == "set"
    assert "Your code should pass this test:" in report.tasks[1].problem_statement
    assert len(report.tasks[1].codegen.public_tests) == 1
    assert report.tasks[3].codegen.checker.rel_tol == 0.001


def test_multipl_e_js_and_py_records_load_and_other_languages_say_why_not():
    report = load_file(FIXTURES / "multipl_e.jsonl")
    js, substring, py = report.tasks
    assert js.language == "javascript" and js.codegen.entry_point == "has_close_elements"
    assert js.codegen.tests[1].expected is False
    assert substring.codegen.tests[1].expected == ["xxx", "xxxAAA", "xxx"]
    assert py.language == "python" and py.codegen.entry_point == "truncate_number"
    [error] = report.errors
    assert error.field == "language" and "'cpp'" in error.message


def test_schemas_are_detected_by_their_keys():
    assert detect_codegen({"question_content": "", "public_test_cases": ""}) == "livecodebench"
    assert detect_codegen({"task_id": 1, "prompt": "", "test": "", "entry_point": ""}) == "humaneval"
    assert detect_codegen({"task_id": 1, "text": "", "test_list": []}) == "mbpp"
    assert detect_codegen({"name": "", "language": "js", "prompt": "", "tests": "", "stop_tokens": []}) == "multipl-e"
    assert detect_codegen({"instance_id": "x", "repo": "a/b"}) is None


def test_assert_forms():
    code = ("def check(candidate):\n    assert candidate(1) == 2\n    assert 3 == candidate(2)\n"
            "    assert candidate('a')\n    assert not candidate('')\n    assert True\n"
            "    assert abs(candidate(0.5) - 0.25) <= 1e-3\n    assert candidate(None) is None\n")
    converted = convert_asserts(code, {"candidate"})
    assert [t.get("expect", "equal") for t in converted.tests] == ["equal", "equal", "truthy", "falsy", "equal", "equal"]
    assert converted.tests[1] == {"args": [2], "expected": 3} and converted.abs_tol == 1e-3
    with pytest.raises(AssertFormError, match="line 2: .*not a form"):
        convert_asserts("def check(candidate):\n    assert len(candidate(1)) > 2\n", {"candidate"})
    with pytest.raises(AssertFormError, match="not a literal"):
        convert_asserts("assert candidate(x) == 1\n", {"candidate"})
    with pytest.raises(AssertFormError, match="no JSON form"):
        convert_asserts("assert candidate(1) == {1: 2}\n", {"candidate"})


def test_a_humaneval_reference_is_accepted_by_the_judge():
    from tests.grading.codegen.support import judge

    close, truncate = load_file(FIXTURES / "humaneval.jsonl").tasks
    assert judge().grade(close, close.patch).resolved
    assert judge().grade(truncate, truncate.patch).resolved
    assert not judge().grade(truncate, "def truncate_number(x):\n    return 0.5\n").resolved


def test_the_bundled_codegen_suite():
    report = load_suite("starter-codegen")
    tasks = report.tasks
    assert report.ok and len(tasks) >= 24
    assert len({t.language for t in tasks}) >= 4
    for task in tasks:
        assert task.kind == "codegen" and task.patch.strip() and len(task.codegen.tests) >= 4, task.instance_id
        assert task.created_at is not None
    assert {t.codegen.style for t in tasks} == {"stdio", "function"}
    assert {t.codegen.checker.mode for t in tasks} >= {"tokens", "lines", "special"}
    assert any(t.codegen.checker.abs_tol for t in tasks)


def test_the_bundled_choice_suite():
    report = load_suite("starter-choice")
    assert report.ok and len(report.tasks) >= 12
    for task in report.tasks:
        assert task.kind == "choice" and task.price and task.correct_proposal in {p["id"] for p in task.proposals}
    assert len({t.correct_proposal for t in report.tasks}) >= 3  # the right answer is not always the same id
