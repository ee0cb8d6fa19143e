"""Build an environment once per (repo, version, recipe), cache it, share it read-only.

The install steps run in a sandbox that has the network, over a throw-away copy of the repository at the
environment commit, with the environment directory writable at /env. Afterwards every test sandbox mounts
that directory read-only. A failed build is an environment error (kept with its log), never a model failure.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import shutil
import sqlite3
import threading
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from swegauge.envs.dedupe import dedupe
from swegauge.envs.recipe import Recipe
from swegauge.envs.repos import RepoError, file_lock, prepared_base
from swegauge.envs.toolchains import ToolchainError
from swegauge.envs.toolchain_mounts import Toolchain, toolchain_for
from swegauge.paths import cache_subdir
from swegauge.sandbox import Limits, Mount, Sandbox, SandboxSpec, fresh_workspace, hand_over_once

ENV_MOUNT = "/env"


class Environment(BaseModel):
    """A built environment: where it lives, the recipe it came from, what a sandbox must mount."""

    model_config = ConfigDict(frozen=True)

    key: str
    recipe: Recipe
    path: Path
    mounts: tuple[Mount, ...]
    variables: dict[str, str]

    @property
    def log_path(self) -> Path:
        return self.path / "build.log"


class BuildOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    environment: Environment | None
    error: str | None = None
    log_path: Path | None = None
    reused: bool = False
    seconds: float = 0.0


def build_script(lines: list[str]) -> str:
    """The install steps as one shell script that echoes each step (quoted, so any line is safe)."""
    body = [f"printf '+ %s\\n' {shlex.quote(line[:300])}\n{line}" for line in lines]
    return "set -e\n" + "\n".join(body) + "\n"


def env_dir_for(key: str, recipe: Recipe, chain: Toolchain) -> Path:
    setup = "\n".join(chain.setup)
    digest = hashlib.sha256(f"{key}\n{recipe.fingerprint}\n{setup}".encode()).hexdigest()[:16]
    safe = key.replace("/", "__").replace("@", "-")[:80]
    return cache_subdir("envs") / f"{safe}-{digest}"


def first_failure_log(path: Path) -> Path:
    return path.with_name(path.name + ".first-failure.log")


def keep_first_failure(path: Path) -> None:
    """Before a retry wipes a failed build, keep its log beside it (only the first failure's)."""
    log, first = path / "build.log", first_failure_log(path)
    if (path / "failed.json").exists() and log.exists() and not first.exists():
        shutil.copyfile(log, first)


def _share_files(path: Path, log: Path) -> None:
    """Hard-link the new environment's files to identical ones of earlier environments (envs.dedupe)."""
    try:
        stats = dedupe(path, index_dir=path.parent)
        note = f"dedupe: {stats.linked} of {stats.files} files shared, {stats.bytes_saved / 1e6:.1f} MB saved"
    except (OSError, sqlite3.Error) as err:
        note = f"dedupe skipped: {err}"
    with log.open("a", encoding="utf-8") as handle:
        handle.write(note + "\n")


class EnvironmentBuilder:
    """Builds environments on demand; one build per key even with many workers."""

    def __init__(self, sandbox: Sandbox) -> None:
        self._sandbox = sandbox
        self._known: dict[tuple[str, str], BuildOutcome] = {}
        self._lock = threading.Lock()

    def get(self, *, key: str, recipe: Recipe, repo: str, repo_source: str | None, commit: str) -> BuildOutcome:
        """The environment for (key, recipe): built once; ready or failed outcomes are remembered in this
        process (a failed build is retried by the next process, not by every task of this one)."""
        memo = (key, recipe.model_dump_json())
        with self._lock:
            if memo in self._known:
                known = self._known[memo]
                return known.model_copy(update={"reused": True}) if known.environment else known
        try:
            chain = toolchain_for(recipe)
        except ToolchainError as err:
            return BuildOutcome(environment=None, error=f"environment build failed: {err}")
        path = env_dir_for(key, recipe, chain)
        with file_lock(path.with_name(path.name + ".lock")):  # not with_suffix: versions have dots
            with self._lock:
                if memo in self._known:  # another worker of this process finished while we waited
                    return self._known[memo]
            if (path / "ready.json").exists():
                hand_over_once(path)  # built before sandboxes ran as their own uid: readable by it from now on
                outcome = BuildOutcome(environment=self._describe(key, recipe, path, chain), reused=True)
            else:
                outcome = self._build(key=key, recipe=recipe, chain=chain, path=path, repo=repo,
                                      repo_source=repo_source, commit=commit)
            with self._lock:  # before the file lock goes: a waiting worker must find it
                self._known[memo] = outcome
        return outcome

    @staticmethod
    def _describe(key: str, recipe: Recipe, path: Path, chain: Toolchain) -> Environment:
        mounts = (Mount(source=path, target=ENV_MOUNT), *chain.mounts)
        variables = {**chain.variables, **recipe.env}
        return Environment(key=key, recipe=recipe, path=path, mounts=mounts, variables=variables)

    def _build(self, *, key: str, recipe: Recipe, chain: Toolchain, path: Path, repo: str, repo_source: str | None,
               commit: str) -> BuildOutcome:
        started = time.monotonic()
        keep_first_failure(path)
        shutil.rmtree(path, ignore_errors=True)  # a retry starts from an empty directory
        path.mkdir(parents=True, exist_ok=True)
        log = path / "build.log"
        try:
            base = prepared_base(repo, repo_source, commit)
        except RepoError as err:
            return self._fail(path, log, f"{type(err).__name__}: {err}", started)
        script = build_script([*chain.setup, *recipe.install])
        mounts = (Mount(source=path, target=ENV_MOUNT, writable=True), *chain.mounts, *chain.build_mounts)
        spec_env = {**chain.variables, **chain.build_variables, **recipe.env}
        limits = Limits(wall_seconds=recipe.build_timeout_s, memory_mb=max(recipe.memory_mb, 4096), output_bytes=4_000_000)
        with fresh_workspace(base) as workspace:
            spec = SandboxSpec(workspace=workspace, mounts=mounts, env=spec_env, network=True, limits=limits)
            result = self._sandbox.run(spec, ["bash", "-c", script])
        log.write_text(f"$ build {key}\n{result.stdout}\n--- stderr ---\n{result.stderr}\n", encoding="utf-8")
        if not result.ok:
            why = f"install steps ended by {result.ended_by} (exit {result.exit_code})"
            return self._fail(path, log, why, started)
        _share_files(path, log)
        (path / "ready.json").write_text(json.dumps({"key": key, "recipe": recipe.model_dump()}), encoding="utf-8")
        return BuildOutcome(environment=self._describe(key, recipe, path, chain), log_path=log, seconds=time.monotonic() - started)

    @staticmethod
    def _fail(path: Path, log: Path, why: str, started: float) -> BuildOutcome:
        first = first_failure_log(path)
        earlier = f" (first failure's log: {first})" if first.exists() else ""
        message = f"environment build failed: {why}; log: {log}{earlier}"
        (path / "failed.json").write_text(json.dumps({"error": message}), encoding="utf-8")
        if not log.exists():
            log.write_text(message + "\n", encoding="utf-8")
        return BuildOutcome(environment=None, error=message, log_path=log, seconds=time.monotonic() - started)
