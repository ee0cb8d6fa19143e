"""What a `codegen` task carries besides the Task's own fields: its tests, limits and output checker.

A codegen task is a prompt (Task.problem_statement) answered by a whole program in Task.language; the
reference program is Task.patch (what `validate` grades as gold). Two judging styles:

* ``stdio``: each test is an input fed on stdin and the expected stdout, compared by the `Checker`
  (whitespace-tolerant tokens by default, optional float tolerance, or a special judge program);
* ``function``: each test is a call: JSON arguments for `entry_point` and the JSON value it must return
  (HumanEval / MBPP / MultiPL-E / LeetCode style); Python and JavaScript.

Hidden tests (`tests`) never reach a solver: solvers see `public_tests` (the examples a prompt shows)
through `public_view()`. Judging feeds a test's input to the program and compares on the host.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Style = Literal["stdio", "function"]
CheckMode = Literal["tokens", "lines", "exact", "special"]
Expect = Literal["equal", "truthy", "falsy", "set"]
FUNCTION_LANGUAGES = ("python", "javascript")


class Checker(BaseModel):
    """How a stdio test's output is compared with the expected one.

    tokens: whitespace-separated tokens equal (any spacing and line breaks); lines: line by line with
    trailing spaces and trailing blank lines ignored; exact: byte for byte. `abs_tol`/`rel_tol` let
    numeric tokens differ by that much (either bound suffices). `case_insensitive` folds case.
    special: `program` (Python source) judges: it runs sandboxed with input.txt, expected.txt and
    output.txt in its directory and exits 0 to accept, 1 to reject (stdout says why); any other
    exit is a judge error, never the candidate's fault.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: CheckMode = "tokens"
    abs_tol: float | None = Field(default=None, ge=0)
    rel_tol: float | None = Field(default=None, ge=0)
    case_insensitive: bool = False
    program: str | None = None

    @model_validator(mode="after")
    def _special_has_program(self) -> Checker:
        if self.mode == "special" and not (self.program or "").strip():
            raise ValueError("a special judge needs its program")
        return self


class CodegenTest(BaseModel):
    """One test. stdio: `input` and `output`. function: `args` (a JSON list) and `expected`, read by
    `expect` (equal with the checker's float tolerance; truthy / falsy as `assert f(x)` does; set: the same
    elements, as `set(f(x)) == set(y)`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = ""
    input: str = ""
    output: str = ""
    args: list[Any] = Field(default_factory=list)
    expected: Any = None
    expect: Expect = "equal"


class CodegenSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    style: Style = "stdio"
    tests: list[CodegenTest] = Field(min_length=1)
    public_tests: list[CodegenTest] = Field(default_factory=list)
    entry_point: str | None = None
    """function style: the function (or Solution method) to call."""
    starter_code: str = ""
    time_limit_s: float = Field(default=2.0, gt=0, le=60)
    memory_mb: int = Field(default=256, ge=16, le=4096)
    checker: Checker = Checker()
    platform: str = ""
    """Where the problem comes from (atcoder, leetcode, codeforces, humaneval, mbpp, swegauge)."""

    @model_validator(mode="after")
    def _function_has_entry(self) -> CodegenSpec:
        if self.style == "function" and not self.entry_point:
            raise ValueError("a function-style task needs its entry_point")
        return self

    def public_view(self) -> dict[str, Any]:
        """What a solver may see: style, entry point, starter code, limits and the public examples."""
        return {"style": self.style, "entry_point": self.entry_point, "starter_code": self.starter_code,
                "time_limit_s": self.time_limit_s, "memory_mb": self.memory_mb,
                "public_tests": [t.model_dump() for t in self.public_tests]}
