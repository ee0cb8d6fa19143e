"""Disk taken by built environments, before and after sharing identical files (envs.dedupe).

    python bench/env_disk.py [--match SUBSTRING ...] [--apply]

Prints, for the ready environments under $SWEGAUGE_CACHE/envs whose folder name contains one of the
substrings (all of them without --match): how many, the sum of their sizes measured one by one (what they
would take unshared), their size measured together (`du` counts a shared inode once), and with --apply the
same after running the dedupe pass over every one of them (oldest first; builds since the pass landed are
already shared). Ratios: together / one-by-one.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from swegauge.envs.dedupe import dedupe
from swegauge.paths import cache_subdir


def du_mb(paths: list[Path]) -> float:
    if not paths:
        return 0.0
    out = subprocess.run(["du", "-sck", *map(str, paths)], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1].split()[0]) / 1024


def ready_envs(match: list[str] | None) -> list[Path]:
    root = cache_subdir("envs")
    found = [p for p in root.iterdir() if p.is_dir() and (p / "ready.json").exists()]
    if match:
        found = [p for p in found if any(m in p.name for m in match)]
    return sorted(found, key=lambda p: (p / "ready.json").stat().st_mtime)


def report(label: str, envs: list[Path]) -> float:
    alone = sum(du_mb([p]) for p in envs)
    together = du_mb(envs)
    ratio = together / alone if alone else 0.0
    print(f"{label:8} {len(envs):5d} envs  one by one {alone:9.0f} MB  together {together:9.0f} MB  "
          f"ratio {ratio:.2f}", flush=True)
    return together


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--match", nargs="*", default=None)
    parser.add_argument("--apply", action="store_true", help="run the dedupe pass over them first")
    args = parser.parse_args(argv)
    envs = ready_envs(args.match)
    before = report("before", envs)
    if args.apply:
        started, linked, saved = time.monotonic(), 0, 0
        for path in envs:
            stats = dedupe(path, index_dir=path.parent)
            linked, saved = linked + stats.linked, saved + stats.bytes_saved
        print(f"dedupe: {linked} files linked, {saved / 2**20:.0f} MB saved, {time.monotonic() - started:.0f} s")
        after = report("after", envs)
        print(f"after / before: {after / before:.2f}" if before else "nothing to measure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
