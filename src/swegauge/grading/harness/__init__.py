"""The harness's own reporters, run inside the sandbox next to a runner to send results to the host.

A parser with a reporter here gets, in graded runs, this folder's subfolder mounted read-only at
/harness/<name>, the variables below, a result channel and a per-run secret (see sandbox SandboxSpec).
Only what arrives on the channel with the secret is believed; the runner's own files are not read.
"""

from __future__ import annotations

from pathlib import Path

from swegauge.sandbox import Mount

HERE = Path(__file__).parent
MOUNT_ROOT = "/harness"


def _pytest(env: dict[str, str]) -> dict[str, str]:
    target = f"{MOUNT_ROOT}/pytest"
    path = env.get("PYTHONPATH")
    addopts = env.get("PYTEST_ADDOPTS")
    return {
        "PYTHONPATH": f"{target}:{path}" if path else target,
        "PYTEST_ADDOPTS": f"{addopts} -p swegauge_report" if addopts else "-p swegauge_report",
    }


REPORTERS = {"pytest": _pytest}
"""Parser name -> the variables its reporter needs, given the recipe's own."""


def has_reporter(parser: str) -> bool:
    return parser in REPORTERS


def reporter_setup(parser: str, env: dict[str, str]) -> tuple[tuple[Mount, ...], dict[str, str]]:
    """(mounts, variables) that put the parser's reporter next to the runner; nothing for other parsers."""
    if parser not in REPORTERS:
        return (), {}
    mount = Mount(source=HERE / parser, target=f"{MOUNT_ROOT}/{parser}")
    return (mount,), REPORTERS[parser](env)


__all__ = ["has_reporter", "reporter_setup", "REPORTERS"]
