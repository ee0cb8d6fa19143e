"""False positives of the tamper signals on honest fixes: SWE-bench gold patches must raise none.

usage: python bench/tamper_scan.py [FILE.jsonl ...]   (default: ../shared/data/swebench_verified.jsonl)

Without the repositories at hand, "the base has path P" is read off the gold patch itself: a file the
patch modifies or deletes exists in the base, so a patch editing src/_pytest/... shows the base has it.
Prints each false positive, the count and the time taken.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from unidiff import PatchSet

from swegauge.grading.tamper import scan

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "swebench_verified.jsonl"


def base_paths(patch: str) -> set[str]:
    return {f.path for f in PatchSet(patch) if not f.is_added_file}


def main(files: list[str]) -> int:
    started = time.perf_counter()
    total = hits = 0
    for name in files or [str(DEFAULT)]:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            known = base_paths(record["patch"])
            has = lambda p, known=known: any(k == p or k.startswith(p.rstrip("/") + "/") for k in known)  # noqa: E731
            signals = scan(record["patch"], language=record.get("language", "python"), base_has=has)
            total += 1
            if signals:
                hits += 1
                print(f"FALSE POSITIVE {record['instance_id']}: " + "; ".join(map(str, signals)))
    seconds = time.perf_counter() - started
    print(f"gold patches scanned: {total}; false positives: {hits}; {seconds:.2f} s "
          f"({1000 * seconds / max(total, 1):.2f} ms per patch)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
