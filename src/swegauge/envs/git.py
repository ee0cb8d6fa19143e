"""Git on the host, hardened: the one environment and runner every host-side git call uses.

Host-side git reads workspaces a candidate wrote, so nothing a repository's `.git/config`, `.gitattributes`
or hooks say may make it run a program; and no system, global or user configuration may change what it
does (so commits made here have the same SHAs on every machine).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "swegauge",
    "GIT_AUTHOR_EMAIL": "swegauge@localhost",
    "GIT_COMMITTER_NAME": "swegauge",
    "GIT_COMMITTER_EMAIL": "swegauge@localhost",
    "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z",
}


class RepoError(Exception):
    """A repository or commit could not be found or checked out."""


HARDENED_CONFIG: tuple[tuple[str, str], ...] = (
    ("core.hooksPath", "/dev/null"),  # no hook of any repository ever runs
    ("core.fsmonitor", "false"),
    ("core.untrackedCache", "false"),
    ("core.pager", "cat"),
    ("core.editor", "false"),
    ("core.sshCommand", "false"),
    ("core.askPass", "false"),
    ("core.attributesFile", "/dev/null"),
    ("core.excludesFile", "/dev/null"),
    ("core.symlinks", "true"),
    ("core.protectNTFS", "true"),
    ("credential.helper", ""),
    ("protocol.ext.allow", "never"),
    ("gpg.program", "false"),
    ("commit.gpgSign", "false"),
    ("safe.directory", "*"),
)
"""Given to every host-side git call as command-line configuration (which outranks any repository's own
config file): nothing a workspace's `.git/config` or `.gitattributes` says can make git run a program."""

def git_env(identity: Mapping[str, str] | None = None) -> dict[str, str]:
    """A clean, hardened environment for git on the host: no system, global or user config, a fixed
    identity, hooks and fsmonitor off, and no configured program (see HARDENED_CONFIG).

    `identity` replaces some of GIT_IDENTITY's author/committer names, emails and dates (e.g. a patch
    series' committer); nothing else can be overridden."""
    extra = dict(identity or {})
    unknown = sorted(key for key in extra if key not in GIT_IDENTITY)
    if unknown:
        raise ValueError(f"git_env: only author/committer identity can be set, not {', '.join(unknown)}")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": _empty_home(),
        "XDG_CONFIG_HOME": _empty_home(),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_ATTR_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "GIT_CONFIG_COUNT": str(len(HARDENED_CONFIG)),
        **GIT_IDENTITY,
        **extra,
    }
    for index, (key, value) in enumerate(HARDENED_CONFIG):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env


def _empty_home() -> str:
    """An empty directory of our own, so no ~/.gitconfig or ~/.config/git is read."""
    home = Path(tempfile.gettempdir()) / f"swegauge-git-home-{os.getuid()}"
    if not home.is_dir():
        home.mkdir(mode=0o700, exist_ok=True)
    return str(home)


def git(*args: str, cwd: Path | None = None, check: bool = True, input_text: str | None = None,
        identity: Mapping[str, str] | None = None) -> str:
    """Run one hardened git command; RepoError with git's own message when it fails and `check`."""
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=git_env(identity), capture_output=True, text=True, input=input_text
    )
    if check and proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip()
        raise RepoError(f"git {' '.join(args)} failed in {cwd}: {detail}")
    return proc.stdout
