"""Multi-SWE-bench records (ByteDance-Seed/Multi-SWE-bench JSONL) mapped onto Task fields.

A Multi-SWE-bench record looks like::

    {"org": "fmtlib", "repo": "fmt", "number": 3248, "instance_id": "fmtlib__fmt-3248",
     "base": {"label": "fmtlib:master", "ref": "master", "sha": "840ec85..."},
     "resolved_issues": [{"number": 3247, "title": "...", "body": "..."}],
     "fix_patch": "diff --git ...", "test_patch": "diff --git ...",
     "f2p_tests": {"test-name": {"run": "FAIL", "test": "FAIL", "fix": "PASS"}},
     "p2p_tests": {...}, "s2p_tests": {...}, "n2p_tests": {...}}

Mapping: repo = "org/repo", base_commit = base.sha, patch = fix_patch, problem_statement = the resolved
issues' titles and bodies (the PR's own title and body when no issue is listed), FAIL_TO_PASS = the test
names of f2p + s2p + n2p (sorted, without duplicates), PASS_TO_PASS = the names of p2p (sorted).
language comes from a `language` / `lang` field when present, else from the files the fix touches (".h"
counts as C unless the fix also touches C++ files).

Records carry no version: every instance names its own base commit. The environment such a task builds
is keyed by the dependency manifests at that commit (envs.auto.environment_key), so instances whose
manifests agree share one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

SOURCE = "multi-swe-bench"

FIELD_OF = {
    "repo": "org/repo",
    "base_commit": "base.sha",
    "patch": "fix_patch",
    "problem_statement": "resolved_issues",
    "FAIL_TO_PASS": "f2p_tests",
    "PASS_TO_PASS": "p2p_tests",
}
"""Task field -> the Multi-SWE-bench field it came from, so validation errors name the input field."""

LANGUAGE_ALIASES = {
    "js": "javascript",
    "ts": "typescript",
    "c++": "cpp",
    "cxx": "cpp",
    "golang": "go",
    "rs": "rust",
    "py": "python",
}

EXTENSION_LANGUAGE = {
    ".py": "python",
    ".java": "java",
    ".kt": "kotlin",
    ".go": "go",
    ".rs": "rust",
    ".c": "c",
    ".h": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".hpp": "cpp",
    ".hh": "cpp",
    ".js": "javascript",
    ".jsx": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".ts": "typescript",
    ".tsx": "typescript",
}


class FieldProblem(ValueError):
    """One field of a record cannot be mapped; `field` names the input field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def looks_like_multiswe(keys: Mapping[str, Any] | set[str]) -> bool:
    """True when a record's keys are Multi-SWE-bench's rather than SWE-bench's."""
    names = set(keys)
    return "fix_patch" in names or {"org", "number", "base"} <= names


def multiswe_instance_id(raw: Mapping[str, Any]) -> str | None:
    """The record's instance_id, else f"{org}__{repo}-{number}"; None when neither can be made."""
    given = raw.get("instance_id")
    if isinstance(given, str) and given:
        return given
    org, repo, number = raw.get("org"), raw.get("repo"), raw.get("number")
    if isinstance(org, str) and org and isinstance(repo, str) and repo and number not in (None, ""):
        return f"{org}__{repo}-{number}"
    return None


def multiswe_fields(raw: Mapping[str, Any], *, source: str | None = None) -> dict[str, Any]:
    """Task fields for one Multi-SWE-bench record; raises FieldProblem naming the input field."""
    org, repo = _text(raw, "org"), _text(raw, "repo")
    instance_id = multiswe_instance_id(raw)
    if instance_id is None:
        raise FieldProblem("number", "field required (no instance_id given to fall back on)")
    base = raw.get("base")
    if not isinstance(base, Mapping):
        raise FieldProblem("base", "expected an object with sha, ref and label")
    sha = base.get("sha")
    if not isinstance(sha, str) or not sha:
        raise FieldProblem("base.sha", "expected the base commit sha as a non-empty string")
    fail_to_pass: set[str] = set()
    for key in ("f2p_tests", "s2p_tests", "n2p_tests"):
        fail_to_pass.update(_test_names(raw, key))
    fix_patch = raw.get("fix_patch") or ""
    fields: dict[str, Any] = {
        "instance_id": instance_id,
        "repo": f"{org}/{repo}",
        "base_commit": sha,
        "patch": fix_patch,
        "test_patch": raw.get("test_patch") or "",
        "problem_statement": problem_statement(raw),
        "FAIL_TO_PASS": sorted(fail_to_pass),
        "PASS_TO_PASS": sorted(set(_test_names(raw, "p2p_tests"))),
        "source": source or SOURCE,
        "language": _language(raw, fix_patch),
    }
    for key in ("created_at", "hints_text", "version", "environment_setup_commit", "tags"):
        if raw.get(key) not in (None, ""):
            fields[key] = raw[key]
    return fields


def problem_statement(raw: Mapping[str, Any]) -> str:
    """The resolved issues' "title\\n\\nbody", joined by blank lines; the PR's own when none."""
    issues = raw.get("resolved_issues")
    if isinstance(issues, str):
        try:
            issues = json.loads(issues)
        except ValueError:
            raise FieldProblem("resolved_issues", "not a JSON list of issues") from None
    if issues is None:
        issues = []
    if not isinstance(issues, list):
        raise FieldProblem("resolved_issues", "expected a list of {number, title, body}")
    parts = []
    for position, issue in enumerate(issues):
        if not isinstance(issue, Mapping):
            raise FieldProblem(f"resolved_issues.{position}", "expected an object {number, title, body}")
        parts.append(_title_and_body(issue))
    parts = [part for part in parts if part]
    if not parts:
        parts = [_title_and_body(raw)]
    return "\n\n".join(parts)


def _title_and_body(item: Mapping[str, Any]) -> str:
    title = str(item.get("title") or "").strip()
    body = str(item.get("body") or "").strip()
    return "\n\n".join(part for part in (title, body) if part)


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise FieldProblem(key, "field required: a non-empty string")
    return value


def _test_names(raw: Mapping[str, Any], key: str) -> list[str]:
    """Test names from a dict keyed by test name (also a list, or either as a JSON string)."""
    value = raw.get(key)
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else None
        except ValueError:
            raise FieldProblem(key, "not valid JSON") from None
    if value is None:
        return []
    if isinstance(value, Mapping):
        names = list(value)
    elif isinstance(value, list):
        names = value
    else:
        raise FieldProblem(key, f"expected an object keyed by test name, got {type(value).__name__}")
    for name in names:
        if not isinstance(name, str):
            raise FieldProblem(key, f"test names must be strings, got {type(name).__name__}")
    return names


def _language(raw: Mapping[str, Any], fix_patch: Any) -> str:
    for key in ("language", "lang"):
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            name = value.strip().lower()
            return LANGUAGE_ALIASES.get(name, name)
    guessed = language_of_patch(fix_patch) if isinstance(fix_patch, str) else None
    return guessed or "unknown"


def language_of_patch(patch: str) -> str | None:
    """The language most of a diff's touched files are written in, by file extension."""
    counts: Counter[str] = Counter()
    for line in patch.splitlines():
        if line.startswith("+++ ") or line.startswith("--- "):
            path = line[4:].strip().split("\t")[0]
            if path == "/dev/null":
                continue
            language = EXTENSION_LANGUAGE.get(PurePosixPath(path).suffix.lower())
            if language:
                counts[language] += 1
    if not counts:
        return None
    best = counts.most_common(1)[0][0]
    if best == "c" and counts["cpp"]:
        return "cpp"  # headers (.h) are shared; any C++ source makes it a C++ change
    return best
