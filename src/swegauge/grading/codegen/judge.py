"""Judging a codegen candidate: compile once in a sandbox, run every hidden test in its own sandbox, compare
on the host.

What the program can reach: its own build directory (read-only at /prog), an empty workspace, and the
current test's input as its stdin (an open file, never a path). Expected outputs, the other tests and the
task file never enter any sandbox the program runs in; the comparison happens here, on what the sandbox
captured from the program's stdout. A special judge is a separate sandbox, started after the program's
sandbox is gone. Each test ends as one of VERDICTS; the task is accepted when every test is.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from swegauge.envs.toolchains import ToolchainError
from swegauge.grading.codegen.checker import check_output, check_value
from swegauge.grading.codegen.languages import DRIVERS, Runtime, extra_mounts, runtime
from swegauge.grading.parsers import TestStatus
from swegauge.grading.verdict import Verdict
from swegauge.sandbox import ExecResult, Limits, Mount, Sandbox, SandboxSpec
from swegauge.tasks import Task
from swegauge.tasks.codegen import CodegenSpec, CodegenTest

ACCEPTED, WRONG, TIME, MEMORY, RUNTIME, COMPILE = (
    "accepted", "wrong_answer", "time_limit", "memory_limit", "runtime_error", "compile_error")
VERDICTS = (ACCEPTED, WRONG, TIME, MEMORY, RUNTIME, COMPILE)
RESULT_MARK = "@@swegauge-result@@ "
OUT_OF_MEMORY = re.compile(r"OutOfMemoryError|\bMemoryError\b|std::bad_alloc|heap out of memory|"
                           r"memory allocation of \d+ bytes failed|runtime: out of memory|Cannot allocate memory")
TAIL = 1500


class JudgeSettings(BaseModel):
    """How the judge runs (per-task limits come from the task's CodegenSpec)."""

    model_config = ConfigDict(frozen=True)

    stop_at_first_failure: bool = True
    compile_seconds: float = 180.0
    compile_memory_mb: int = 2048
    output_bytes: int = 16_000_000
    max_program_bytes: int = 512_000


class TestOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    verdict: str
    message: str = ""
    seconds: float = 0.0
    judge_error: str | None = None


class CodegenJudge:
    """Grades programs for codegen tasks. Knows nothing of where programs came from."""

    def __init__(self, *, sandbox: Sandbox, settings: JudgeSettings | None = None) -> None:
        self._sandbox = sandbox
        self.settings = settings or JudgeSettings()

    def grade(self, task: Task, program: str) -> Verdict:
        from swegauge.grading.grader import patch_hash

        spec = task.codegen
        base = {"instance_id": task.instance_id, "patch_hash": patch_hash(program), "empty_patch": not program.strip(),
                "apply_method": f"codegen:{task.language}"}
        if spec is None:
            return Verdict(**base, outcome="error", reason="dataset error: a codegen task without its tests")
        if not program.strip():
            return _finish(base, [], compile_log="", first=TestOutcome(name="compile", verdict=COMPILE,
                                                                        message="the program is empty"))
        if len(program.encode()) > self.settings.max_program_bytes:
            return _finish(base, [], compile_log="", first=TestOutcome(
                name="compile", verdict=COMPILE, message=f"the program is over {self.settings.max_program_bytes} bytes"))
        try:
            rt = runtime(task.language)
            extra = extra_mounts(self._sandbox, rt, program)
        except ToolchainError as err:
            return Verdict(**base, outcome="error", reason=f"environment error: {err}")
        with tempfile.TemporaryDirectory(prefix="swegauge-codegen-") as work:
            build = Path(work) / "build"
            build.mkdir()
            compiled = self.compile(rt, program, build, extra)
            if compiled.verdict != ACCEPTED:
                return _finish(base, [], compile_log=compiled.message, first=compiled)
            outcomes = self.run_tests(task, spec, rt, program, build, Path(work))
        return _finish(base, outcomes, compile_log="")

    def compile(self, rt: Runtime, program: str, build: Path, extra: tuple[Mount, ...] = ()) -> TestOutcome:
        """Write the program and build it in a sandbox (the check of a script language's syntax, for Python
        and JavaScript). A failed build is the candidate's compile error; a sandbox that cannot start, ours."""
        (build / rt.source_name(program)).write_text(program, encoding="utf-8")
        limits = Limits(wall_seconds=self.settings.compile_seconds, cpu_seconds=int(self.settings.compile_seconds) * 2,
                        memory_mb=self.settings.compile_memory_mb, processes=256, output_bytes=200_000)
        spec = SandboxSpec(workspace=build, mounts=(*rt.mounts, *extra), env=rt.variables, limits=limits)
        result = self._sandbox.run(spec, ["bash", "-c", rt.command(rt.spec.compile, program=program)])
        log = (result.stdout + result.stderr)[-TAIL:]
        if result.ended_by == "start_error":
            return TestOutcome(name="compile", verdict=COMPILE, judge_error=f"sandbox could not start: {log}")
        if not result.ok:
            how = "did not finish" if result.ended_by != "exit" else f"failed (exit {result.exit_code})"
            return TestOutcome(name="compile", verdict=COMPILE, message=f"the build {how}: {log.strip()}",
                               seconds=result.duration_s)
        return TestOutcome(name="compile", verdict=ACCEPTED, seconds=result.duration_s)

    def run_tests(self, task: Task, spec: CodegenSpec, rt: Runtime, program: str, build: Path,
                  work: Path) -> list[TestOutcome]:
        outcomes: list[TestOutcome] = []
        for index, test in enumerate(spec.tests):
            outcome = self.run_test(spec, rt, program, build, work, test, name=test.name or f"test {index + 1}")
            outcomes.append(outcome)
            if outcome.judge_error or (outcome.verdict != ACCEPTED and self.settings.stop_at_first_failure):
                break
        return outcomes

    def run_test(self, spec: CodegenSpec, rt: Runtime, program: str, build: Path, work: Path, test: CodegenTest,
                 *, name: str) -> TestOutcome:
        """One test in a fresh sandbox: the input on stdin, the output captured, then judged here."""
        function = spec.style == "function"
        stdin = work / "stdin"
        stdin.write_text(json.dumps(test.args) if function else test.input, encoding="utf-8")
        limit = spec.time_limit_s * rt.spec.time_factor + rt.spec.time_extra_s
        memory = spec.memory_mb + rt.spec.memory_extra_mb
        limits = Limits(wall_seconds=2 * limit + 1.0, cpu_seconds=max(1, math.ceil(limit)), memory_mb=memory,
                        processes=rt.spec.processes, output_bytes=self.settings.output_bytes, file_size_mb=16,
                        disk_mb=64)
        template = rt.spec.run_function if function else rt.spec.run
        if template is None:
            return TestOutcome(name=name, verdict=COMPILE, judge_error=f"no function-level driver for {rt.language}")
        mounts = (*rt.mounts, Mount(source=build, target="/prog"),
                  *((Mount(source=DRIVERS, target="/judge"),) if function else ()))
        command = rt.command(template, program=program, memory_mb=spec.memory_mb, entry=spec.entry_point or "")
        with tempfile.TemporaryDirectory(prefix="run-", dir=work) as scratch:
            sandbox_spec = SandboxSpec(workspace=Path(scratch), mounts=mounts, env=rt.variables, limits=limits,
                                       stdin_file=stdin)
            result = self._sandbox.run(sandbox_spec, ["bash", "-c", command])
        trouble = classify(result)
        if trouble is not None:
            verdict, message = trouble
            if verdict == "judge_error":
                return TestOutcome(name=name, verdict=RUNTIME, judge_error=message, seconds=result.duration_s)
            return TestOutcome(name=name, verdict=verdict, message=message, seconds=result.duration_s)
        ok, why = self.judge_answer(spec, test, result.stdout, function=function, work=work)
        if ok is None:
            return TestOutcome(name=name, verdict=WRONG, judge_error=why, seconds=result.duration_s)
        return TestOutcome(name=name, verdict=ACCEPTED if ok else WRONG, message=why, seconds=result.duration_s)

    def judge_answer(self, spec: CodegenSpec, test: CodegenTest, stdout: str, *, function: bool,
                     work: Path) -> tuple[bool | None, str]:
        """(accepted, why not); None when the special judge itself failed."""
        if function:
            lines = [line for line in stdout.splitlines() if line.startswith(RESULT_MARK)]
            if not lines:
                return False, "the function returned no result"
            try:
                value = json.loads(lines[-1][len(RESULT_MARK):])
            except ValueError:
                return False, "the result is not JSON"
            return check_value(test, value, spec.checker)
        if spec.checker.mode == "special":
            return self.special_judge(spec, test, stdout, work)
        return check_output(test.output, stdout, spec.checker)

    def special_judge(self, spec: CodegenSpec, test: CodegenTest, stdout: str, work: Path) -> tuple[bool | None, str]:
        """The task's checker program, sandboxed, over input.txt / expected.txt / output.txt: exit 0 accepts,
        1 rejects; anything else is the judge's failure."""
        rt = runtime("python")
        with tempfile.TemporaryDirectory(prefix="checker-", dir=work) as scratch:
            folder = Path(scratch)
            for file, text in (("input.txt", test.input), ("expected.txt", test.output), ("output.txt", stdout),
                               ("checker.py", spec.checker.program or "")):
                (folder / file).write_text(text, encoding="utf-8")
            limits = Limits(wall_seconds=30, cpu_seconds=20, memory_mb=512, processes=16, output_bytes=100_000)
            result = self._sandbox.run(SandboxSpec(workspace=folder, mounts=rt.mounts, env=rt.variables, limits=limits),
                                       [rt.values["python"], "-I", "checker.py", "input.txt", "expected.txt",
                                        "output.txt"])
        message = result.stdout.strip()[-300:]
        if result.ended_by == "exit" and result.exit_code in (0, 1):
            return result.exit_code == 0, message or ("" if result.exit_code == 0 else "rejected by the checker")
        return None, f"special judge failed ({result.ended_by}, exit {result.exit_code}): {result.stderr.strip()[-300:]}"


def classify(result: ExecResult) -> tuple[str, str] | None:
    """How a test run that did not exit cleanly ended: (verdict, message); None for a clean exit."""
    tail = result.stderr.strip()[-300:]
    if result.ended_by == "start_error":
        return "judge_error", f"sandbox could not start: {tail}"
    if result.ended_by in ("timeout", "cpu"):
        return TIME, f"over the time limit ({result.ended_by}, {result.duration_s:.2f}s)"
    if result.ended_by == "memory":
        return MEMORY, "over the memory limit"
    if result.ended_by in ("output_limit", "disk_limit"):
        return RUNTIME, f"{result.ended_by.replace('_', ' ')} exceeded"
    if result.ended_by == "signal" or result.exit_code != 0:
        if OUT_OF_MEMORY.search(result.stderr):
            return MEMORY, f"ran out of memory: {tail}"
        how = "killed by a signal" if result.ended_by == "signal" else f"exit status {result.exit_code}"
        extra = " (process limit reached)" if result.process_limit_hit else ""
        return RUNTIME, f"{how}{extra}: {tail}"
    return None


def _finish(base: dict, outcomes: list[TestOutcome], *, compile_log: str, first: TestOutcome | None = None) -> Verdict:
    """The task verdict from the tests' verdicts: accepted iff every test is; else the first failure."""
    if first is not None and first.judge_error:
        return Verdict(**base, outcome="error", reason=f"judge error: {first.judge_error}")
    judged = [first] if first is not None else outcomes
    broken = next((o for o in judged if o.judge_error), None)
    statuses = {o.name: (TestStatus.PASSED if o.verdict == ACCEPTED else TestStatus.FAILED) for o in outcomes}
    verdicts = {o.name: o.verdict for o in judged}
    seconds = sum(o.seconds for o in judged)
    if broken is not None:
        return Verdict(**base, outcome="error", reason=f"judge error on {broken.name}: {broken.judge_error}",
                       tests=statuses, test_verdicts=verdicts, test_seconds=seconds)
    failed = next((o for o in judged if o.verdict != ACCEPTED), None)
    if failed is None:
        return Verdict(**base, outcome="resolved", tests=statuses, test_verdicts=verdicts, judgement=ACCEPTED,
                       test_seconds=seconds)
    where = "" if failed.name == "compile" else f" on {failed.name}"
    reason = f"{failed.verdict.replace('_', ' ')}{where}: {failed.message}".rstrip(": ")
    return Verdict(**base, outcome="unresolved", reason=reason, tests=statuses, test_verdicts=verdicts,
                   judgement=failed.verdict, test_seconds=seconds, log_tail=compile_log[-TAIL:])
