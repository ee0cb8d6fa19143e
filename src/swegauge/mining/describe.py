"""`--describe-with MODEL`: an issue-style description written by a model from the failing tests and the
behaviour. The prompt is built only from the test patch, the failing test names, the failing run's
output and the change's message: never from the gold patch."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from swegauge.models import ChatModel, fit_messages
from swegauge.tasks import Task

_TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "prompts"), undefined=StrictUndefined,
                         keep_trailing_newline=True, autoescape=False)


def describe_prompt(task: Task, *, message: str, failure_log: str) -> str:
    return _TEMPLATES.get_template("describe.j2").render(
        repo=task.repo, message=message.strip()[:2000], failing_tests=task.FAIL_TO_PASS,
        test_patch=task.test_patch, failure_log=failure_log[-3000:])


async def describe(model: ChatModel, task: Task, *, message: str, failure_log: str) -> str:
    """The model's issue text, or the original message when the model gives nothing."""
    messages = [{"role": "user", "content": describe_prompt(task, message=message, failure_log=failure_log)}]
    window = await model.context_window() or 8192
    fitted = fit_messages(messages, window, model.settings.max_tokens or 1024)
    completion = await model.complete(fitted)
    text = (completion.text or "").strip()
    return text or message
