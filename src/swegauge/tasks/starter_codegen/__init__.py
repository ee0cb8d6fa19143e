"""The bundled `starter-codegen` suite: original problems written for swegauge, each in two languages.

problems/<id>.json holds the prompt, the hidden tests (the `public` indices are the examples a solver may
see), limits, the checker (a special judge's program in problems/<file>) and the date the problem was
written (created_at, for `report --cutoff`); solutions/<id>.<ext> is the reference program per language,
the task's gold "patch". Each (problem, language) is one task: codegen-<id>-<language>.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from swegauge.tasks.schema import Task

HERE = Path(__file__).parent
REPO = "swegauge/starter-codegen"
EXTENSIONS = {"python": "py", "javascript": "js", "cpp": "cpp", "java": "java", "go": "go", "rust": "rs"}


def _spec(problem: dict[str, Any]) -> dict[str, Any]:
    checker = dict(problem.get("checker") or {})
    program_file = checker.pop("program_file", None)
    if program_file:
        checker["program"] = (HERE / "problems" / program_file).read_text(encoding="utf-8")
    tests = problem["tests"]
    return {"style": problem.get("style", "stdio"), "tests": tests,
            "public_tests": [tests[i] for i in problem.get("public", [])],
            "entry_point": problem.get("entry_point"), "time_limit_s": problem.get("time_limit_s", 2.0),
            "memory_mb": problem.get("memory_mb", 256), "checker": checker, "platform": "swegauge"}


@lru_cache(maxsize=1)
def _tasks() -> tuple[Task, ...]:
    tasks = []
    for path in sorted((HERE / "problems").glob("*.json")):
        problem = json.loads(path.read_text(encoding="utf-8"))
        spec = _spec(problem)
        for language in problem["languages"]:
            solution = HERE / "solutions" / f"{problem['id']}.{EXTENSIONS[language]}"
            tasks.append(Task(
                instance_id=f"codegen-{problem['id']}-{language}", repo=REPO, base_commit="none", kind="codegen",
                language=language, problem_statement=problem["prompt"], patch=solution.read_text(encoding="utf-8"),
                created_at=problem["created_at"], source="starter-codegen", codegen=spec,
                tags=[f"style:{spec['style']}", f"checker:{spec['checker'].get('mode', 'tokens')}"]))
    return tuple(tasks)


def starter_codegen_tasks() -> list[Task]:
    return list(_tasks())
