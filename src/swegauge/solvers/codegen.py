"""The `codegen` solver: a problem in, one whole program in the asked language out (k samples = --attempts k).

One model call shows the problem, the judging style (a stdin/stdout program, or a function the judge
calls), the limits, the starter code and the public examples only; hidden tests never reach the solver
(it is built with the run's tasks and keeps only `CodegenSpec.public_view()`). The program is read back
by `extract_program`: the last fenced block tagged with the task's language, else the longest untagged
block, else an unterminated block cut off by the token limit. No block at all is an empty program, which
the judge rejects with that reason.
"""

from __future__ import annotations

import json
import re
from typing import Any

from swegauge.models import fit_messages
from swegauge.solvers.base import Candidate, SolveContext
from swegauge.solvers.prompts import render
from swegauge.solvers.registry import register_solver
from swegauge.tasks import Task

SYSTEM = "You are an expert competitive programmer. Answer with correct, efficient code."
ANSWER_CHARS = 4000
NAMES = {"python": "Python 3", "javascript": "JavaScript (Node.js)", "cpp": "C++17", "java": "Java",
         "go": "Go", "rust": "Rust"}
TAGS = {"python": {"python", "py", "python3"}, "javascript": {"javascript", "js", "node", "nodejs"},
        "cpp": {"cpp", "c++", "cc", "cxx"}, "java": {"java"}, "go": {"go", "golang"}, "rust": {"rust", "rs"}}
FENCE = {"python": "python", "javascript": "javascript", "cpp": "cpp", "java": "java", "go": "go", "rust": "rust"}
_BLOCK = re.compile(r"^[ \t]*(```+|~~~+)[ \t]*([\w+#.-]*)[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
_OPEN = re.compile(r"^[ \t]*(```+|~~~+)[ \t]*([\w+#.-]*)[^\n]*\n", re.MULTILINE)


def extract_program(text: str, language: str) -> tuple[str, str]:
    """(the program, how it was found or why there is none)."""
    tags = TAGS.get(language, {language})
    blocks = [(m.group(2).lower(), m.group(3)) for m in _BLOCK.finditer(text)]
    tagged = [body for tag, body in blocks if tag in tags]
    if tagged:
        return tagged[-1].strip("\n") + "\n", f"last ```{language} block of {len(blocks)}"
    untagged = [body for tag, body in blocks if not tag]
    if untagged:
        return max(untagged, key=len).strip("\n") + "\n", "longest untagged block"
    opened = [m for m in _OPEN.finditer(text) if m.group(2).lower() in tags or not m.group(2)]
    if opened and not blocks:
        body = text[opened[-1].end():].strip("\n")
        if body.strip():
            return body + "\n", "an unterminated block (the answer was cut off)"
    others = sorted({tag for tag, _ in blocks if tag})
    if others:
        return "", f"no {language} code block (blocks tagged {', '.join(others)})"
    return "", "no fenced code block in the answer"


class CodegenSolver:
    name = "codegen"
    needs_model = True

    def __init__(self, tasks: list[Task]) -> None:
        self._public = {t.instance_id: t.codegen.public_view() for t in tasks if t.codegen is not None}

    def prompt(self, problem_id: str, language: str, statement: str) -> str:
        view = self._public[problem_id]
        examples = [{"args": ", ".join(json.dumps(a) for a in t["args"]), "expected": json.dumps(t["expected"]),
                     "input": t["input"], "output": t["output"]} for t in view["public_tests"]]
        return render("codegen", language=language, language_name=NAMES.get(language, language),
                      fence=FENCE.get(language, language), statement=statement.strip(), style=view["style"],
                      entry_point=view["entry_point"], starter_code=(view["starter_code"] or "").rstrip(),
                      time_limit_s=view["time_limit_s"], memory_mb=view["memory_mb"], examples=examples)

    async def solve(self, ctx: SolveContext) -> Candidate:
        problem = ctx.problem
        if problem.instance_id not in self._public:
            return Candidate(error=f"task {problem.instance_id} is not a codegen task")
        window, answer = await ctx.session.budget()
        user = self.prompt(problem.instance_id, problem.language, problem.problem_statement)
        messages = fit_messages([{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}],
                                window, answer)
        completion = await ctx.session.chat(messages, stage="codegen")
        text = completion.text or ""
        program, how = extract_program(text, problem.language)
        detail: dict[str, Any] = {"solver": "codegen", "language": problem.language, "answer": text[-ANSWER_CHARS:]}
        detail["extracted_by" if program else "reason"] = how
        return Candidate(patch=program, detail=detail)


def _factory(tasks: list[Task], options: dict[str, Any]) -> CodegenSolver:
    del options
    return CodegenSolver(tasks)


register_solver("codegen", _factory)
