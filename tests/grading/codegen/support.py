"""Small codegen tasks made on the spot, and one judge over the real bubblewrap sandbox."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from swegauge.grading.codegen import CodegenJudge
from swegauge.sandbox import BwrapSandbox
from swegauge.tasks import Task

SUM_TESTS = [{"input": "1 2\n", "output": "3\n"}, {"input": "-5 5\n", "output": "0\n"},
             {"input": "1000000000000 1\n", "output": "1000000000001\n"}]


def codegen_task(language: str = "python", *, tests: list[dict[str, Any]] | None = None, **spec: Any) -> Task:
    return Task(instance_id=f"t-{language}", repo="swegauge/tests", base_commit="none", kind="codegen",
                language=language, problem_statement="Print a + b.",
                codegen={"tests": tests or SUM_TESTS, **spec})


@lru_cache(maxsize=1)
def judge() -> CodegenJudge:
    return CodegenJudge(sandbox=BwrapSandbox())
