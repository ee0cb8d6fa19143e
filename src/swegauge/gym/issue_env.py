"""`swegauge/Issue-v0`: an agent episode on one issue task, with text actions.

Actions (text):
- a bash command: one ```bash fenced block, or JSON {"tool": "bash", "command": "..."}; it runs in a fresh
  sandbox over base + the episode's changes (no network, no host files), its output is observed;
- a file edit: JSON {"tool": "str_replace_editor", "command": "view|create|str_replace|insert", "path": ...};
- submit: the text SUBMIT, or JSON {"tool": "submit"}.
Anything else is a format error (observed, counted as a step). The episode's state is the workspace's diff
against base (solvers/agent_sandbox.py: how it survives throw-away workspaces). Reward 0 until submit, then
the grader's verdict on that diff; terminated on submit; truncated when a step, time or token limit is hit
(no grading then: reward 0). `suspend()` / `resume()` make partial rollouts (snapshot.py).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from swegauge.gym.base import GymError, TaskEnv
from swegauge.gym.snapshot import SNAPSHOT_VERSION, Snapshot, Step
from swegauge.models import ToolCall
from swegauge.runner.workbench import SandboxWorkbench, WorkbenchError
from swegauge.solvers.agent_actions import Action, text_action, tool_call_action
from swegauge.solvers.agent_editor import run_editor
from swegauge.solvers.agent_sandbox import ToolResult, run_bash

FORMAT_HELP = ("actions: one ```bash block (or {\"tool\": \"bash\", \"command\": ...}), "
               "{\"tool\": \"str_replace_editor\", \"command\": \"view|create|str_replace|insert\", \"path\": ...}, "
               "or SUBMIT (or {\"tool\": \"submit\"})")


def parse_action(text: str) -> Action:
    """A text action -> the agent's Action (JSON tool form, else the agent's plain-text form)."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as err:
            return Action("format_error", error=f"the action looks like JSON but is not: {err}")
        if isinstance(data, dict) and isinstance(data.get("tool"), str):
            args = {k: v for k, v in data.items() if k != "tool"}
            return tool_call_action(ToolCall(id="gym", name=data["tool"], arguments=json.dumps(args)))
        return Action("format_error", error="a JSON action needs a string field `tool`")
    return text_action(text)


def tokens_of(*texts: str) -> int:
    """Tokens of exchanged text, counted as UTF-8 bytes / 4 (rounded up)."""
    return sum(-(-len(t.encode("utf-8")) // 4) for t in texts)


@dataclass
class Episode:
    seed: int | None
    patch: str = ""
    output: str = ""
    steps: int = 0
    tokens: int = 0
    seconds_before: float = 0.0
    started: float = field(default_factory=time.monotonic)
    trajectory: list[Step] = field(default_factory=list)
    done: bool = False

    def seconds(self) -> float:
        return self.seconds_before + time.monotonic() - self.started


class IssueEnv(TaskEnv):
    env_id = "swegauge/Issue-v0"

    episode: Episode | None = None
    _benches: dict[str, SandboxWorkbench] | None = None

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.task = self.choose(options)
        self.episode = Episode(seed=seed)
        return self.observe(), self._info()

    def step(self, action: str):
        episode = self._live()
        act = parse_action(action)
        reward, terminated, extra, exit_code = 0.0, False, {}, None
        if act.tool == "submit":
            reward, extra = self.grade(episode.patch)
            episode.output, terminated = f"submitted: {extra['outcome']}", True
        else:
            result, extra = self._act(act)
            episode.output, episode.patch, exit_code = result.observation, result.patch, result.exit_code
        episode.steps += 1
        episode.tokens += tokens_of(action, episode.output)
        episode.trajectory.append(Step(action=action, tool=act.tool, exit_code=exit_code,
                                       output_chars=len(episode.output)))
        truncated = not terminated and (bool(extra.get("error")) or self._limit() is not None)
        episode.done = terminated or truncated
        info = {**self._info(), **extra}
        if truncated and not extra.get("error"):
            info["truncated_by"] = self._limit()
        return self.observe(output=episode.output, diff=episode.patch), reward, terminated, truncated, info

    def _act(self, act: Action) -> tuple[ToolResult, dict[str, Any]]:
        episode = self._live()
        note = f"note: {act.note}\n" if act.note else ""
        if act.tool == "format_error":
            return ToolResult(f"error: {act.error}\n{FORMAT_HELP}", episode.patch), {}
        try:
            if act.tool == "bash":
                result = run_bash(self._bench(), episode.patch, act.args["command"],
                                  timeout_s=self.settings.command_timeout_s, max_chars=self.settings.max_output_chars)
            else:
                result = run_editor(self.tree(self.task), episode.patch, act.args,
                                    max_chars=self.settings.max_output_chars)
        except WorkbenchError as err:  # the environment is ours to fix: end the episode, say why
            return ToolResult(f"error: {err}", episode.patch), {"error": str(err)}
        return ToolResult(note + result.observation, result.patch, exit_code=result.exit_code), {}

    def _bench(self) -> SandboxWorkbench:
        assert self.task is not None
        if self._benches is None:
            self._benches = {}
        if self.task.instance_id not in self._benches:
            self._benches[self.task.instance_id] = SandboxWorkbench(self.grader, self.task)
        return self._benches[self.task.instance_id]

    def _live(self) -> Episode:
        if self.episode is None or self.task is None:
            raise GymError("call reset() (or resume()) before step()")
        if self.episode.done:
            raise GymError("the episode is over; call reset()")
        return self.episode

    def _limit(self) -> str | None:
        episode, settings = self.episode, self.settings
        assert episode is not None
        if episode.steps >= settings.max_steps:
            return "step_limit"
        if settings.max_tokens is not None and episode.tokens >= settings.max_tokens:
            return "token_limit"
        if settings.max_seconds is not None and episode.seconds() >= settings.max_seconds:
            return "time_limit"
        return None

    def _info(self) -> dict[str, Any]:
        assert self.task is not None and self.episode is not None
        return {"instance_id": self.task.instance_id, "steps": self.episode.steps, "tokens": self.episode.tokens}

    def suspend(self) -> Snapshot:
        """The live episode as a snapshot (the episode goes on here too; resume it anywhere)."""
        episode = self._live()
        assert self.task is not None
        return Snapshot(env_id=self.env_id, instance_id=self.task.instance_id, base_commit=self.task.base_commit,
                        seed=episode.seed, patch=episode.patch, last_output=episode.output, steps=episode.steps,
                        tokens=episode.tokens, seconds=episode.seconds(), trajectory=tuple(episode.trajectory))

    def resume(self, snapshot: Snapshot | str):
        """Continue a suspended episode here: returns (observation, info) as the episode last showed them."""
        snap = Snapshot.model_validate_json(snapshot) if isinstance(snapshot, str) else snapshot
        if snap.version != SNAPSHOT_VERSION or snap.env_id != self.env_id:
            raise GymError(f"snapshot of {snap.env_id} v{snap.version} cannot resume in {self.env_id} "
                           f"v{SNAPSHOT_VERSION}")
        task = self._by_id.get(snap.instance_id)
        if task is None or task.base_commit != snap.base_commit:
            raise GymError(f"snapshot task {snap.instance_id}@{snap.base_commit[:12]} is not in this environment")
        super().reset(seed=snap.seed)
        self.task = task
        self.episode = Episode(seed=snap.seed, patch=snap.patch, output=snap.last_output, steps=snap.steps,
                               tokens=snap.tokens, seconds_before=snap.seconds, trajectory=list(snap.trajectory))
        return self.observe(output=snap.last_output, diff=snap.patch), self._info()
