"""The codegen solver: what its prompt shows (public examples only), how it reads the program back."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from swegauge.models import Completion, ModelSettings
from swegauge.solvers import ModelSession, ProblemView, SolveContext, make_solver
from swegauge.solvers.codegen import extract_program
from swegauge.tasks import load_suite


class EchoModel:
    def __init__(self, answer: str) -> None:
        self.settings = ModelSettings(name="fake/coder", context_window=8192, max_tokens=512, use_cache=False)
        self.answer = answer
        self.prompts: list[list[dict[str, Any]]] = []

    @property
    def name(self) -> str:
        return self.settings.name

    async def complete(self, messages, *, tools=None, tool_choice=None, attempt=0) -> Completion:
        self.prompts.append(messages)
        return Completion(model=self.name, attempt=attempt, text=self.answer, prompt_tokens=50, completion_tokens=9,
                          latency_s=0.01)


def task(instance_id: str):
    return next(t for t in load_suite("starter-codegen").tasks if t.instance_id == instance_id)


def solve(instance_id: str, answer: str):
    t = task(instance_id)
    model = EchoModel(answer)
    session = ModelSession(model, instance_id=t.instance_id, attempt=0)
    ctx = SolveContext(problem=ProblemView.of(t), attempt=0, session=session, bench=None)
    candidate = asyncio.run(make_solver("codegen", tasks=[t]).solve(ctx))
    return t, model.prompts[0][-1]["content"], candidate, session


def test_the_prompt_shows_public_examples_and_never_the_hidden_tests():
    t, prompt, candidate, session = solve("codegen-count-primes-cpp", "```cpp\nint main(){}\n```")
    public = t.codegen.public_tests[0]
    assert public.input.strip() in prompt and "C++17" in prompt and "standard input" in prompt
    hidden = [x for x in t.codegen.tests if x not in t.codegen.public_tests]
    assert hidden and all(h.output.strip() not in prompt for h in hidden if len(h.output.strip()) > 3)
    assert t.patch.strip() not in prompt
    assert candidate.patch == "int main(){}\n" and session.calls[0].completion_tokens == 9


def test_a_function_task_names_the_function():
    _, prompt, candidate, _ = solve("codegen-flatten-javascript", "```js\nfunction flatten(x) { return x.flat(9); }\n```")
    assert "defines the function `flatten`" in prompt and "flatten([1, [2, [3, 4]], 5])" in prompt
    assert candidate.patch.startswith("function flatten") and candidate.detail["extracted_by"].startswith("last")


@pytest.mark.parametrize(("text", "language", "program", "how"), [
    ("```python\nprint(1)\n```\ntext\n```python\nprint(2)\n```", "python", "print(2)\n", "last ```python"),
    ("```bash\nls\n```\n```\nprint(3)\n```", "python", "print(3)\n", "untagged"),
    ("~~~rust\nfn main() {}\n~~~", "rust", "fn main() {}\n", "last ```rust"),
    ("```c++\nint main(){}\n```", "cpp", "int main(){}\n", "last ```cpp"),
    ("Sure!\n```go\npackage main\nfunc main() {", "go", "package main\nfunc main() {\n", "unterminated"),
    ("```java\nclass A {}\n```", "python", "", "no python code block (blocks tagged java)"),
    ("print(1)", "python", "", "no fenced code block"),
])
def test_extract_program(text, language, program, how):
    got, why = extract_program(text, language)
    assert got == program and how in why


def test_no_block_gives_an_empty_program_with_the_reason():
    _, _, candidate, _ = solve("codegen-sum-list-python", "I cannot solve this.")
    assert candidate.patch == "" and candidate.detail["reason"] == "no fenced code block in the answer"
