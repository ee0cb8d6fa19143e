"""Where the agent's actions run, and how its state (one patch) survives throw-away workspaces.

The state is the accumulated patch: a binary-safe unified diff against the base commit. A bash action
runs in a fresh sandbox workspace (Workbench.run) with the current patch applied; after the command the
same script records the workspace's changes (`git add -A` + `git diff --cached --binary <base>`) into a
file under the mounted /report directory, and that diff is the new state. The workspace's .git is
read-only in the sandbox, so the recording keeps its index and new objects under /report. Nothing the command prints can
be mistaken for the diff, and a command that exits, cds away or times out (it runs under `timeout`
inside the script) still has its changes recorded. The editor does the same on a host copy
(agent_editor.py calls `record_changes`).

What is not kept: files ignored by the repository or by EXCLUDES (caches, build products), and new
files over MAX_NEW_FILE_BYTES (a compiled binary is not a fix); the observation names the skipped ones.
"""

from __future__ import annotations

import os
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from swegauge.envs.repos import git_env
from swegauge.sandbox import ExecResult
from swegauge.solvers.base import Workbench

MAX_NEW_FILE_BYTES = 1_000_000
MAX_PATCH_BYTES = 20_000_000  # a patch is never cut: a step whose diff is bigger loses its changes
EXCLUDES = ("__pycache__", "*.py[cod]", ".pytest_cache", ".mypy_cache", ".ruff_cache", "node_modules",
            "*.o", "*.class")
RECORD_MARGIN_S = 60.0  # sandbox time beyond the command's own timeout, for applying and recording
KILL_AFTER_S = 5
OUT = "agent"  # our files live in <report dir>/agent; the command may use the rest of /report
_STATUS = {90: "cannot enter the workspace", 91: "git cannot read the base commit",
           93: "git cannot stage the changes", 94: "git cannot diff the changes"}

# The index copy keeps the whole second the workspace's index was written in (its fraction dropped): with
# checkStat=minimal git compares whole seconds, so a same-size rewrite in that second would look clean unless
# git, seeing an entry no older than its index, checks that entry's content (racy git).
RECORD_SCRIPT = """\
export GIT_INDEX_FILE="$out/index" GIT_OBJECT_DIRECTORY="$out/objects"
export GIT_ALTERNATE_OBJECT_DIRECTORIES="$PWD/.git/objects"
mkdir -p "$GIT_OBJECT_DIRECTORY" && cp .git/index "$GIT_INDEX_FILE" 2>/dev/null &&
    touch -d "@$(stat -c %Y .git/index)" "$GIT_INDEX_FILE"
g() {{ git -c core.excludesFile="$out/exclude" -c core.autocrlf=false -c core.safecrlf=false \\
        -c core.quotepath=off -c core.checkStat=minimal "$@"; }}
g add -A . || exit 93
g diff --cached --name-only --diff-filter=A -z "$base" | while IFS= read -r -d '' f; do
    if [ -f "$f" ] && [ "$(stat -c %s -- "$f")" -gt {max_new} ]; then
        g rm -q --cached -- ":(literal)$f" && printf '%s\\n' "$f" >> "$out/skipped"
    fi
done
g diff --cached --binary --no-color --no-ext-diff --no-textconv --no-renames "$base" > "$out/patch.diff" || exit 94
"""

STEP_SCRIPT = """\
out=/report/{out}
cd /workspace || exit 90
base=$(git rev-parse HEAD) || exit 91
timeout -k {kill} {timeout} bash "$out/command.sh" > "$out/output" 2>&1 < /dev/null
echo $? > "$out/exit_code"
cd /workspace || exit 90
{record}"""


@dataclass(frozen=True)
class ToolResult:
    """What an action gave: the observation for the model and the patch after it."""

    observation: str
    patch: str
    exit_code: int | None = None
    seconds: float = 0.0


def truncate(text: str, limit: int) -> str:
    """Head and tail of `text` within about `limit` characters, with a visible marker between them."""
    if len(text) <= limit:
        return text
    half = max(limit // 2, 1)
    cut = text[half:len(text) - half]
    marker = (f"\n[... {len(cut)} characters ({cut.count(chr(10))} lines) cut from the middle; "
              "narrow the command (grep, head, sed -n) to see them ...]\n")
    return text[:half] + marker + text[len(text) - half:]


def read_capped(path: Path, limit: int) -> str | None:
    """A file the sandbox wrote, without following links and without reading more than `limit` bytes:
    head and tail with a marker when it is longer. None when missing or not a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None
        size = info.st_size
        if size <= limit:
            return handle.read().decode("utf-8", errors="replace")
        half = max(limit // 2, 1)
        head = handle.read(half)
        handle.seek(size - half)
        tail = handle.read(half)
    marker = f"\n[... {size - 2 * half} bytes cut from the middle of the output ...]\n"
    return head.decode("utf-8", errors="replace") + marker + tail.decode("utf-8", errors="replace")


def prepare_out(root: Path) -> Path:
    out = root / OUT
    out.mkdir()
    (out / "exclude").write_text("".join(f"{pattern}\n" for pattern in EXCLUDES), encoding="utf-8")
    return out


def run_bash(bench: Workbench, patch: str, command: str, *, timeout_s: float, max_chars: int) -> ToolResult:
    """Run `command` in a fresh sandbox over base + patch; the new patch is what the workspace holds after."""
    started = time.monotonic()
    timeout = max(1, int(round(timeout_s)))
    with tempfile.TemporaryDirectory(prefix="swegauge-agent-", ignore_cleanup_errors=True) as tmp:
        out = prepare_out(Path(tmp))
        (out / "command.sh").write_text(command.rstrip("\n") + "\n", encoding="utf-8")
        script = STEP_SCRIPT.format(out=OUT, kill=KILL_AFTER_S, timeout=timeout,
                                    record=RECORD_SCRIPT.format(max_new=MAX_NEW_FILE_BYTES))
        result = bench.run(script, patches=(patch,) if patch.strip() else (),
                           timeout_s=timeout + KILL_AFTER_S + RECORD_MARGIN_S, report_dir=Path(tmp))
        return _bash_result(out, result, patch, timeout=timeout, max_chars=max_chars,
                            seconds=time.monotonic() - started)


def _bash_result(out: Path, result: ExecResult, patch: str, *, timeout: int, max_chars: int,
                 seconds: float) -> ToolResult:
    if result.ended_by == "start_error":
        return ToolResult(f"error: the sandbox could not start: {result.stderr[-2000:]}", patch,
                          seconds=seconds)
    code_text = read_capped(out / "exit_code", 64)
    exit_code = int(code_text.strip()) if code_text and code_text.strip().lstrip("-").isdigit() else None
    output = read_capped(out / "output", max_chars) or ""
    lines = [_status_line(exit_code, timeout)]
    new_patch, notes = _recorded(out, result, patch)
    if result.ended_by != "exit":
        notes.append(f"the sandbox stopped the step ({result.ended_by}); this step's file changes were discarded")
    lines.extend(f"note: {n}" for n in notes)
    lines.append(truncate(output, max_chars) if output.strip() else "(no output)")
    return ToolResult("\n".join(lines), new_patch, exit_code=exit_code, seconds=seconds)


def _status_line(exit_code: int | None, timeout: int) -> str:
    if exit_code == 124:
        return f"exit code: 124 (timed out after {timeout} s; the command was stopped)"
    if exit_code is not None and exit_code > 128:
        return f"exit code: {exit_code} (killed by signal {exit_code - 128})"
    return f"exit code: {exit_code if exit_code is not None else 'unknown'}"


def _recorded(out: Path, result: ExecResult, patch: str) -> tuple[str, list[str]]:
    """The new patch the step recorded, or the old one with the reason the step's changes were lost."""
    if result.ended_by != "exit":
        return patch, []
    if result.exit_code in _STATUS:
        stderr = result.stderr.strip()[-500:]
        return patch, [f"{_STATUS[result.exit_code]}; the changes of this step were not recorded ({stderr})"]
    diff, notes = read_recording(out)
    return (patch if diff is None else diff), notes


def read_recording(out: Path) -> tuple[str | None, list[str]]:
    """(<out>/patch.diff, notes): None with the reason when it is missing or too big to keep."""
    try:
        info = os.lstat(out / "patch.diff")
    except OSError:
        return None, ["the changes of this step could not be recorded"]
    if info.st_size > MAX_PATCH_BYTES:
        return None, [f"the changes come to {info.st_size} bytes of diff (over {MAX_PATCH_BYTES}); "
                      "this step's changes were discarded"]
    diff = read_capped(out / "patch.diff", MAX_PATCH_BYTES)
    if diff is None:
        return None, ["the changes of this step could not be recorded"]
    skipped = read_capped(out / "skipped", 20_000)
    names = ", ".join(line for line in (skipped or "").splitlines() if line.strip())
    return diff, [f"new files over {MAX_NEW_FILE_BYTES} bytes are not kept in the patch: {names}"] if names else []


def record_changes(workspace: Path, out: Path) -> tuple[str | None, list[str]]:
    """On the host (the editor's workspace): the workspace's diff against its HEAD, with the same rules as
    the sandbox. Returns (patch, notes); patch None when it could not be recorded (the reason is in notes)."""
    script = f'out={_quote(str(out))}\nbase=$(git rev-parse HEAD) || exit 91\n' + RECORD_SCRIPT.format(
        max_new=MAX_NEW_FILE_BYTES)
    proc = subprocess.run(["bash", "-c", script], cwd=workspace, env=git_env(), capture_output=True, text=True)
    if proc.returncode != 0:
        return None, [f"{_STATUS.get(proc.returncode, 'git failed')}: {proc.stderr.strip()[-500:]}"]
    return read_recording(out)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"
