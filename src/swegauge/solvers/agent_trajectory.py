"""Reading an agent's trajectory: markdown from Candidate.detail, or straight from a run directory.

    format_trajectory(detail, patch=...)            -> markdown of one attempt
    trajectory_markdown(run_dir, instance_id, k)    -> the same, read from the run's store
    write_trajectories(run_dir)                     -> one .md file per agent attempt, for reports to link

Every code block is fenced with more backticks than its content holds, so no observation can break the
page; observations are shown as the model saw them (already cut to the agent's limit).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from swegauge.money import usd
from swegauge.store import DB_NAME, AttemptRow, Store

TRAJECTORY_DIR = "trajectories"


def fence(text: str, lang: str = "") -> str:
    """`text` in a fenced block that its own backticks cannot close."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    body = text if text.endswith("\n") else text + "\n"
    return f"{ticks}{lang}\n{body}{ticks}\n"


def _num(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "?"


def format_trajectory(detail: dict[str, Any], *, patch: str | None = None, title: str = "Agent trajectory") -> str:
    """Markdown of an agent attempt's detail (Candidate.detail / AttemptRow.detail)."""
    steps = detail.get("trajectory") or []
    lines = [f"# {title}", "",
             f"- stop reason: **{detail.get('stop_reason')}**"
             + (f" ({detail['stop_detail']})" if detail.get("stop_detail") else ""),
             f"- steps: {detail.get('steps', len(steps))} · action format: {detail.get('format', '?')}",
             f"- tokens: {_num(detail.get('prompt_tokens'))} prompt + {_num(detail.get('completion_tokens'))} "
             f"completion · cost: {usd(detail.get('cost_usd'))} · time: {detail.get('elapsed_s', '?')} s"]
    if detail.get("error"):
        lines.append(f"- error: {detail['error']}")
    lines.append("")
    for step in steps:
        lines.extend(_step(step))
    if patch is not None:
        lines += ["## Final patch", "", fence(patch, "diff") if patch.strip() else "(empty: no changes)", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _step(step: dict[str, Any]) -> list[str]:
    head = (f"## Step {step.get('step')} · {_num(step.get('prompt_tokens'))} + "
            f"{_num(step.get('completion_tokens'))} tokens · {step.get('latency_s', '?')} s")
    if step.get("cached"):
        head += " · cached"
    lines = [head, ""]
    thought = (step.get("thought") or "").strip()
    if thought:
        lines += ["".join(f"> {line}\n" for line in thought.splitlines()).rstrip("\n"), ""]
    for action in step.get("actions") or []:
        lines += _action(action)
    return lines


def _action(action: dict[str, Any]) -> list[str]:
    tool = action.get("tool")
    args = action.get("args") or {}
    if tool == "bash":
        shown = fence(str(args.get("command", "")), "bash")
    elif tool == "str_replace_editor":
        rest = {k: v for k, v in args.items() if k not in ("command", "path")}
        shown = f"`{args.get('command')}` `{args.get('path')}`\n" + (
            fence(json.dumps(rest, indent=2, ensure_ascii=False), "json") if rest else "")
    elif tool == "format_error":
        shown = f"format error: {action.get('error')}\n"
    else:
        shown = ""
    status = ""
    if action.get("exit_code") is not None:
        status = f" · exit {action['exit_code']}"
    if action.get("seconds") is not None:
        status += f" · {action['seconds']} s"
    lines = [f"**{tool}**{status}", ""]
    if shown:
        lines += [shown.rstrip("\n"), ""]
    observation = action.get("observation", "")
    lines += ["<details><summary>observation</summary>", "", fence(observation).rstrip("\n"), "", "</details>", ""]
    return lines


def _attempts(run_dir: Path) -> list[AttemptRow]:
    if not (Path(run_dir) / DB_NAME).is_file():
        raise FileNotFoundError(f"no results store in {run_dir}")
    store = Store(Path(run_dir))
    try:
        return store.attempts()
    finally:
        store.close()


def trajectory_markdown(run_dir: Path, instance_id: str, attempt: int = 0) -> str:
    """The markdown of one stored agent attempt (KeyError when there is none)."""
    for row in _attempts(run_dir):
        if row.instance_id == instance_id and row.attempt == attempt and "trajectory" in row.detail:
            return format_trajectory(row.detail, patch=row.patch, title=f"{instance_id} · attempt {attempt}")
    raise KeyError(f"no agent trajectory for {instance_id} attempt {attempt} in {run_dir}")


def trajectory_path(run_dir: Path, instance_id: str, attempt: int) -> Path:
    """Where write_trajectories puts an attempt's page (for links from reports)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", instance_id)
    return Path(run_dir) / TRAJECTORY_DIR / f"{safe}.{attempt}.md"


def write_trajectories(run_dir: Path) -> list[Path]:
    """Write <run_dir>/trajectories/<instance>.<attempt>.md for every agent attempt; returns the paths."""
    written = []
    for row in _attempts(run_dir):
        if "trajectory" not in row.detail:
            continue
        path = trajectory_path(run_dir, row.instance_id, row.attempt)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(format_trajectory(row.detail, patch=row.patch,
                                          title=f"{row.instance_id} · attempt {row.attempt}"), encoding="utf-8")
        written.append(path)
    return written
