"""cgroup v2 (unified hierarchy) support, on a FakeCgroupV2 tree: this machine has v1, users' hosts
often v2. The fake is a plain directory with the files the kernel would show; what swegauge writes and
how it reads usage back are checked. (v1 is exercised for real by test_bwrap_limits.py.)"""

from __future__ import annotations

from pathlib import Path

from swegauge.sandbox import Limits
from swegauge.sandbox.cgroups import ExecutionCgroups, is_unified


def fake_v2(root: Path) -> Path:
    root.mkdir()
    (root / "cgroup.controllers").write_text("cpuset cpu io memory hugetlb pids rdma misc\n")
    (root / "cgroup.subtree_control").write_text("")
    return root


def test_unified_hierarchy_is_detected(tmp_path):
    assert is_unified(fake_v2(tmp_path / "cg"))
    (tmp_path / "v1" / "memory").mkdir(parents=True)
    assert not is_unified(tmp_path / "v1")


def test_limits_are_written_to_one_group_and_controllers_enabled(tmp_path):
    mount = fake_v2(tmp_path / "cg")
    group = ExecutionCgroups.create(Limits(memory_mb=256, processes=64), mount=mount)
    assert group is not None and group.unified
    path = group.paths["memory"]
    assert path.parent == mount / "swegauge" and group.paths["pids"] == path
    assert (path / "memory.max").read_text() == str(256 * 1024 * 1024)
    assert (path / "pids.max").read_text() == "64"
    assert "+memory" in (mount / "cgroup.subtree_control").read_text()
    assert "+pids" in (mount / "swegauge" / "cgroup.subtree_control").read_text()
    assert group.procs_files == (str(path / "cgroup.procs"),)


def test_usage_reads_v2_event_files(tmp_path):
    mount = fake_v2(tmp_path / "cg")
    group = ExecutionCgroups.create(Limits(), mount=mount)
    path = group.paths["memory"]
    (path / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
    (path / "pids.events").write_text("max 7\n")
    (path / "cpu.stat").write_text("usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n")
    (path / "memory.peak").write_text("1048576\n")
    usage = group.usage()
    assert (usage.oom_kills, usage.memory_limit_hits, usage.process_limit_hits) == (1, 3, 7)
    assert usage.cpu_seconds == 2.5 and usage.peak_memory_bytes == 1048576


def test_missing_controllers_mean_no_cgroups_not_a_crash(tmp_path):
    mount = tmp_path / "cg"
    mount.mkdir()
    (mount / "cgroup.controllers").write_text("cpu io\n")
    assert ExecutionCgroups.create(Limits(), mount=mount) is None
