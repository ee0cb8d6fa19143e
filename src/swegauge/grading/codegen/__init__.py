"""Judging codegen tasks: programs built and run by hidden tests in sandboxes, compared on the host."""

from swegauge.grading.codegen.judge import VERDICTS, CodegenJudge, JudgeSettings

__all__ = ["VERDICTS", "CodegenJudge", "JudgeSettings"]
