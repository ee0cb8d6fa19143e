"""BwrapSandbox limits: wall clock, CPU, memory, processes, output, file size; and that nothing survives."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pytest

from swegauge.sandbox import WORKSPACE, BwrapSandbox, Limits
from swegauge.sandbox.output import truncation_marker
from tests.sandbox.support import PYTHON, needs_cgroups, our_cgroups, processes_with, skip_without_bwrap, wait_until_gone

pytestmark = [pytest.mark.integration, skip_without_bwrap]


def daemon_then_spin(marker: str) -> str:
    """Double-fork a detached `sleep` in its own session, then spin forever."""
    return f"(setsid sh -c 'sleep {marker} &' &); sleep 0.2; while :; do :; done"


def unique_sleep_marker() -> str:
    return f"{4000 + uuid.uuid4().int % 1000}.{uuid.uuid4().int % 10**6:06d}"


def test_wall_timeout_kills_the_whole_tree(run) -> None:
    marker = unique_sleep_marker()
    result = run(daemon_then_spin(marker), limits=Limits(wall_seconds=1.5, cpu_seconds=30))
    assert (result.ended_by, result.exit_code) == ("timeout", None)
    assert 1.4 <= result.duration_s < 4.0
    assert processes_with(marker) == []  # gone the moment run() returns


def test_wall_timeout_kills_the_tree_without_cgroups(run) -> None:
    marker = unique_sleep_marker()
    plain = BwrapSandbox(use_cgroups=False)
    result = run(daemon_then_spin(marker), limits=Limits(wall_seconds=1.0, cpu_seconds=30), using=plain)
    assert result.ended_by == "timeout"
    assert wait_until_gone(marker) == []


def test_closing_the_pipes_does_not_escape_the_timeout(run) -> None:
    result = run("exec >/dev/null 2>&1; sleep 30", limits=Limits(wall_seconds=1.0))
    assert result.ended_by == "timeout" and result.duration_s < 4.0


def test_background_children_die_with_the_command(run) -> None:
    marker = unique_sleep_marker()
    result = run(f"(setsid sleep {marker} &); echo started")
    assert result.ok and result.stdout == "started\n"
    assert processes_with(marker) == []


def test_cpu_limit(run) -> None:
    result = run([PYTHON, "-c", "while True: pass"], limits=Limits(wall_seconds=20, cpu_seconds=1))
    assert (result.ended_by, result.exit_code) == ("cpu", None)
    assert result.duration_s < 10


def test_cpu_limit_catches_processes_that_ignore_sigxcpu(run) -> None:
    spin = "import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\nwhile True: pass\n"
    result = run([PYTHON, "-c", spin], limits=Limits(wall_seconds=20, cpu_seconds=1))
    assert result.ended_by == "cpu" and result.duration_s < 10


@needs_cgroups
def test_memory_hog_is_killed_and_reported(run) -> None:
    hog = "chunks = []\nwhile True: chunks.append(bytearray(8 << 20))\n"
    result = run([PYTHON, "-c", hog], limits=Limits(wall_seconds=20, memory_mb=64))
    assert (result.ended_by, result.exit_code) == ("memory", None)
    assert result.duration_s < 10


@needs_cgroups
def test_tmpfs_counts_against_memory(run) -> None:
    result = run("head -c 200000000 /dev/zero > /tmp/fill; echo survived", limits=Limits(wall_seconds=20, memory_mb=64))
    assert result.ended_by == "memory", (result.ended_by, result.stdout, result.stderr[-300:])


@needs_cgroups
def test_memory_within_the_limit_is_fine(run) -> None:
    result = run([PYTHON, "-c", "x = bytearray(16 << 20); print(len(x))"], limits=Limits(memory_mb=96))
    assert result.ok and result.stdout == f"{16 << 20}\n"


@needs_cgroups
def test_fork_bomb_is_contained_and_reported(run) -> None:
    marker = f"bomb-{uuid.uuid4().hex}"
    bomb = "bomb() { bomb | bomb & }; bomb; sleep 30"
    limits = Limits(wall_seconds=2, processes=32, cpu_seconds=30)
    result = run(["bash", "-c", bomb, marker], limits=limits)
    assert result.process_limit_hit
    assert result.ended_by in ("timeout", "exit")
    assert result.duration_s < 6
    assert processes_with(marker) == []


SPAWN_UNTIL_REFUSED = """
import subprocess
children = []
try:
    for _ in range(40):
        children.append(subprocess.Popen(["sleep", "5"]))
except OSError as err:
    print(len(children), err.errno)
"""


@needs_cgroups
def test_process_limit_counts_every_process_in_the_sandbox(run) -> None:
    result = run([PYTHON, "-c", SPAWN_UNTIL_REFUSED], limits=Limits(processes=10))
    assert result.process_limit_hit and result.ok, result.stderr
    started, error = map(int, result.stdout.split())
    assert started == 10 - 2  # the sandbox's init and python itself count too
    assert error == 11  # EAGAIN


def test_output_flood_is_truncated_and_stopped(run) -> None:
    result = run(["yes"], limits=Limits(output_bytes=10_000, wall_seconds=10))
    assert (result.ended_by, result.exit_code) == ("output_limit", None)
    assert result.stdout_truncated and not result.stderr_truncated
    assert result.stdout.endswith(truncation_marker(10_000))
    assert result.stdout == "y\n" * 5000 + truncation_marker(10_000)
    assert result.duration_s < 5


def test_stderr_flood_is_capped_too(run) -> None:
    result = run("yes error >&2", limits=Limits(output_bytes=4_096))
    assert result.ended_by == "output_limit" and result.stderr_truncated
    assert len(result.stderr) == 4_096 + len(truncation_marker(4_096))


def test_output_under_the_cap_is_untouched(run) -> None:
    result = run("head -c 5000 /dev/zero | tr '\\0' a", limits=Limits(output_bytes=5_000))
    assert result.ok and result.stdout == "a" * 5000 and not result.stdout_truncated


def test_file_size_limit(run, workspace: Path) -> None:
    result = run(f"head -c 3000000 /dev/zero > {WORKSPACE}/big", limits=Limits(file_size_mb=1))
    assert not result.ok
    assert (workspace / "big").stat().st_size <= 1024 * 1024


@needs_cgroups
def test_cgroups_are_removed_after_each_run(run) -> None:
    run(["true"])
    run("sleep 10", limits=Limits(wall_seconds=0.5))
    run(["yes"], limits=Limits(output_bytes=1000))
    assert our_cgroups() == []


def test_unwritable_cgroups_fall_back_with_a_warning(run, tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from swegauge.sandbox import cgroups

    monkeypatch.setattr(cgroups, "_warned", False)
    fake_mount = tmp_path / "not-a-cgroup-fs"
    fake_mount.write_text("a file, so nothing can be made under it")
    degraded = BwrapSandbox(cgroup_mount=fake_mount)
    with caplog.at_level(logging.WARNING, logger="swegauge.sandbox.cgroups"):
        result = run("echo still works", using=degraded)
    assert result.ok and result.stdout == "still works\n"
    assert "without memory and process limits" in caplog.text
