"""Codegen suite formats: LiveCodeBench, HumanEval, MBPP and MultiPL-E records -> codegen Tasks.

`detect_codegen(record)` names the schema of a record by its keys; `codegen_fields(record, schema)`
returns Task fields or raises FieldError naming the field. loaders.py calls both, so one bad record is a
RecordError and the rest load.

* LiveCodeBench (code_generation_lite): `public_test_cases` and `private_test_cases` (JSON text; the
  private ones may also be base64 of zlib of a pickled JSON string, read by an unpickler that builds
  nothing but strings), `contest_date` -> created_at (so `report --cutoff` splits it), `testtype`
  stdin -> stdio tests, functional -> calls of `metadata.func_name` (LeetCode's `class Solution`).
* HumanEval: `prompt` + `canonical_solution` is the reference program; `test`'s asserts become calls.
* MBPP (original and sanitized): `test_list` (+ `challenge_test_list`) asserts; the prompt shows the first.
* MultiPL-E: Python (`py`) tests as HumanEval's; JavaScript (`js`) `assert.deepEqual(candidate(..), ..)`
  lines read as JSON. Other languages' MultiPL-E tests are in-language code whose expected values would
  have to run inside the sandbox: such records are refused with that reason.
"""

from __future__ import annotations

import ast
import base64
import io
import json
import pickle
import re
import zlib
from collections.abc import Mapping
from typing import Any

from swegauge.tasks.codegen_asserts import AssertFormError, convert_asserts

CODEGEN_SCHEMAS = ("livecodebench", "humaneval", "mbpp", "multipl-e")
MULTIPLE_LANGUAGES = {"py": "python", "js": "javascript"}
_IDENT = re.compile(r"^[A-Za-z_]\w*$")


class FieldError(ValueError):
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def detect_codegen(record: Mapping[str, Any]) -> str | None:
    keys = set(record)
    if {"question_content", "public_test_cases"} <= keys:
        return "livecodebench"
    if {"name", "language", "tests", "prompt", "stop_tokens"} <= keys:
        return "multipl-e"
    if {"task_id", "prompt", "test", "entry_point"} <= keys:
        return "humaneval"
    if {"task_id", "test_list"} <= keys and ("text" in keys or "prompt" in keys):
        return "mbpp"
    return None


def codegen_fields(record: Mapping[str, Any], schema: str) -> dict[str, Any]:
    if schema == "livecodebench":
        return livecodebench_fields(record)
    if schema == "humaneval":
        return humaneval_fields(record)
    if schema == "mbpp":
        return mbpp_fields(record)
    if schema == "multipl-e":
        return multiple_fields(record)
    raise FieldError(None, f"unknown codegen schema {schema!r}")


def _text(record: Mapping[str, Any], name: str, *, required: bool = True) -> str:
    value = record.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise FieldError(name, "missing or empty")
        return ""
    if not isinstance(value, str):
        raise FieldError(name, f"expected text, got {type(value).__name__}")
    return value


class _StringsOnly(pickle.Unpickler):
    """Unpickles plain data only: any class or function reference is refused (no code runs)."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refused to load {module}.{name}")


def decode_test_cases(value: Any, field: str) -> list[dict[str, Any]]:
    """LiveCodeBench's test cases: a list, JSON text, or base64(zlib(pickle(JSON text)))."""
    if isinstance(value, list):
        cases = value
    elif isinstance(value, str) and value.strip().startswith("["):
        try:
            cases = json.loads(value)
        except ValueError as err:
            raise FieldError(field, f"not JSON: {err}") from None
    elif isinstance(value, str) and value.strip():
        try:
            raw = _StringsOnly(io.BytesIO(zlib.decompress(base64.b64decode(value)))).load()
            cases = json.loads(raw) if isinstance(raw, (str, bytes)) else raw
        except (ValueError, zlib.error, pickle.UnpicklingError, EOFError) as err:
            raise FieldError(field, f"neither JSON nor base64/zlib/pickle of JSON: {err}") from None
    else:
        return []
    if not isinstance(cases, list) or not all(isinstance(c, Mapping) for c in cases):
        raise FieldError(field, "expected a list of {input, output, testtype} objects")
    return [dict(c) for c in cases]


def _lcb_test(case: Mapping[str, Any], field: str, index: int) -> tuple[str, dict[str, Any]]:
    kind = str(case.get("testtype", "stdin"))
    given, wanted = case.get("input"), case.get("output")
    if not isinstance(given, str) or not isinstance(wanted, str):
        raise FieldError(f"{field}[{index}]", "input and output must be text")
    if kind == "stdin":
        return "stdio", {"input": given, "output": wanted}
    if kind != "functional":
        raise FieldError(f"{field}[{index}].testtype", f"unknown test type {kind!r}")
    try:
        args = [json.loads(line) for line in given.split("\n") if line.strip()]
        expected = json.loads(wanted)
    except ValueError as err:
        raise FieldError(f"{field}[{index}]", f"a functional test's input lines and output must be JSON: {err}") from None
    return "function", {"args": args, "expected": expected}


def livecodebench_fields(record: Mapping[str, Any], *, language: str = "python") -> dict[str, Any]:
    qid = _text(record, "question_id")
    public = decode_test_cases(record.get("public_test_cases"), "public_test_cases")
    private = decode_test_cases(record.get("private_test_cases"), "private_test_cases")
    converted = [_lcb_test(c, "public_test_cases", i) for i, c in enumerate(public)]
    converted += [_lcb_test(c, "private_test_cases", i) for i, c in enumerate(private)]
    if not converted:
        raise FieldError("private_test_cases", "no tests at all")
    styles = {style for style, _ in converted}
    if len(styles) > 1:
        raise FieldError("public_test_cases", "mixes stdin and functional tests")
    style = styles.pop()
    metadata = record.get("metadata") or {}
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata) if metadata.strip() else {}
        except ValueError as err:
            raise FieldError("metadata", f"not JSON: {err}") from None
    entry = metadata.get("func_name") if isinstance(metadata, Mapping) else None
    if style == "function" and not (isinstance(entry, str) and _IDENT.match(entry)):
        raise FieldError("metadata.func_name", "functional tests need the function's name")
    if style == "function" and language != "python":
        raise FieldError("public_test_cases", "LiveCodeBench's functional (LeetCode) tests are judged in Python")
    tests = [t for _, t in converted]
    title = _text(record, "question_title", required=False)
    statement = f"{title}\n\n{_text(record, 'question_content')}".strip()
    difficulty = _text(record, "difficulty", required=False)
    platform = _text(record, "platform", required=False)
    return {
        "instance_id": f"lcb-{qid}" + ("" if language == "python" else f"-{language}"), "repo": f"livecodebench/{platform or 'unknown'}",
        "base_commit": "none", "kind": "codegen", "language": language, "problem_statement": statement,
        "created_at": record.get("contest_date") or None, "source": "livecodebench",
        "tags": [t for t in (f"difficulty:{difficulty}" if difficulty else "", f"contest:{record.get('contest_id')}"
                             if record.get("contest_id") else "") if t],
        "codegen": {"style": style, "tests": tests, "public_tests": tests[:len(public)], "entry_point": entry,
                    "starter_code": _text(record, "starter_code", required=False), "platform": platform},
    }


def _assert_spec(code: str, names: set[str], *, label: str) -> dict[str, Any]:
    try:
        converted = convert_asserts(code, names, label=label)
    except AssertFormError as err:
        raise FieldError(label, str(err)) from None
    checker = {"mode": "tokens", "abs_tol": converted.abs_tol, "rel_tol": converted.rel_tol}
    return {"style": "function", "tests": converted.tests, "checker": checker}


def humaneval_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    task_id, prompt = _text(record, "task_id"), _text(record, "prompt")
    entry = _text(record, "entry_point")
    spec = _assert_spec(_text(record, "test"), {"candidate", entry}, label="test")
    solution = _text(record, "canonical_solution", required=False)
    return {"instance_id": task_id.replace("/", "__"), "repo": "openai/human-eval", "base_commit": "none",
            "kind": "codegen", "language": "python", "problem_statement": prompt, "source": "humaneval",
            "patch": prompt + solution if solution else "",
            "codegen": {**spec, "entry_point": entry, "starter_code": prompt, "platform": "humaneval"}}


def mbpp_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    task_id = record.get("task_id")
    text = _text(record, "prompt", required=False) or _text(record, "text")
    lines = record.get("test_list") or []
    extra = record.get("challenge_test_list") or []
    if not isinstance(lines, list) or not lines or not all(isinstance(x, str) for x in [*lines, *extra]):
        raise FieldError("test_list", "expected a non-empty list of assert lines")
    if (record.get("test_setup_code") or "").strip():
        raise FieldError("test_setup_code", "setup code would have to run beside the program's tests")
    entry = _called_function(lines[0], _text(record, "code", required=False))
    if entry is None:
        raise FieldError("test_list", f"cannot tell which function the first assert calls: {lines[0][:80]!r}")
    spec = _assert_spec("\n".join([*lines, *extra]), {entry}, label="test_list")
    statement = f"{text.strip()}\nYour code should pass this test:\n{lines[0].strip()}"
    return {"instance_id": f"mbpp-{task_id}", "repo": "google-research/mbpp", "base_commit": "none",
            "kind": "codegen", "language": "python", "problem_statement": statement, "source": "mbpp",
            "patch": _text(record, "code", required=False),
            "codegen": {**spec, "public_tests": spec["tests"][:1], "entry_point": entry, "platform": "mbpp"}}


_WRAPPERS = frozenset({"set", "sorted", "list", "tuple", "abs", "round", "str", "int", "float", "len", "isclose",
                       "math", "fabs", "frozenset", "dict", "bool"})


def _called_function(line: str, code: str) -> str | None:
    """The function an MBPP assert line tests: one the reference code defines, else the first call that is
    not a builtin wrapper (set(...), sorted(...), math.isclose(...))."""
    try:
        calls = [n.func.id for n in ast.walk(ast.parse(line.strip())) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Name)]
    except SyntaxError:
        return None
    try:
        defined = {n.name for n in ast.walk(ast.parse(code)) if isinstance(n, ast.FunctionDef)} if code else set()
    except SyntaxError:
        defined = set()
    return next((c for c in calls if c in defined), None) or next((c for c in calls if c not in _WRAPPERS), None)


_JS_ASSERT = re.compile(r"assert\.(?:deepEqual|strictEqual|equal|deepStrictEqual)\(\s*candidate\(")


def _balanced_end(text: str, start: int) -> int:
    """Index just past the bracket closing the one opened before `start` (strings skipped)."""
    depth, i, quote = 1, start, None
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'`":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced brackets")


def js_tests(tests: str) -> list[dict[str, Any]]:
    out = []
    for number, line in enumerate(tests.splitlines(), start=1):
        found = _JS_ASSERT.search(line)
        if not found:
            if "assert" in line and "require(" not in line:
                raise FieldError("tests", f"line {number}: not an assert.deepEqual(candidate(...), ...) line")
            continue
        try:
            args_end = _balanced_end(line, found.end())
            args = json.loads("[" + line[found.end():args_end - 1] + "]")
            rest = line[args_end:].lstrip().removeprefix(",")
            value_end = _balanced_end("(" + rest, 1) - 1
            expected = json.loads(rest[:value_end - 1].strip())
        except ValueError as err:
            raise FieldError("tests", f"line {number}: arguments or expected value are not JSON ({err})") from None
        out.append({"args": args, "expected": expected})
    if not out:
        raise FieldError("tests", "no assert.deepEqual(candidate(...), ...) lines")
    return out


def multiple_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    name, prompt, tests = _text(record, "name"), _text(record, "prompt"), _text(record, "tests")
    raw_language = _text(record, "language").strip().lower()
    language = MULTIPLE_LANGUAGES.get(raw_language)
    if language is None:
        raise FieldError("language", f"MultiPL-E {raw_language!r} tests are {raw_language} code whose expected values "
                                     "would run inside the sandbox; swegauge judges py and js records")
    if language == "python":
        entry = re.search(r"^\s*check\(\s*([A-Za-z_]\w*)\s*\)", tests, re.MULTILINE)
        entry_name = entry.group(1) if entry else name.split("_", 2)[-1]
        spec = _assert_spec(tests, {"candidate", entry_name}, label="tests")
    else:
        entry = re.search(r"(?:const|let|var)\s+candidate\s*=\s*([A-Za-z_$][\w$]*)", tests)
        if not entry:
            raise FieldError("tests", "no `const candidate = <function>` line")
        entry_name = entry.group(1)
        spec = {"style": "function", "tests": js_tests(tests)}
    return {"instance_id": f"multipl-e-{raw_language}-{name}", "repo": "nuprl/MultiPL-E", "base_commit": "none",
            "kind": "codegen", "language": language, "problem_statement": prompt, "source": "multipl-e",
            "codegen": {**spec, "entry_point": entry_name, "starter_code": prompt, "platform": "multipl-e"}}
