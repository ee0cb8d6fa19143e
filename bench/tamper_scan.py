"""False positives of the tamper signals on honest fixes: SWE-bench gold patches must raise none.

    .venv/bin/python bench/tamper_scan.py [FILE.jsonl ...]

Default: SWE-bench Verified, Lite test and Lite dev from ../shared/data (an instance in several is scanned
once); any file the suite loader reads works (Multi-SWE-bench's layout too, each task with its language).
Without the repositories at hand, "the base has path P" is read off the gold patch itself: a file
the patch modifies or deletes exists in the base, so a patch editing src/_pytest/... shows the base has it.
Prints each false positive, the count and the time taken; a record that cannot be read is named and skipped.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from unidiff import PatchSet
from unidiff.errors import UnidiffParseError

from swegauge.grading.tamper import scan
from swegauge.tasks import load_suite

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEFAULT = ("swebench_verified.jsonl", "swebench_lite_test.jsonl", "swebench_lite_dev.jsonl")


def base_paths(patch: str) -> set[str]:
    return {f.path for f in PatchSet(patch) if not f.is_added_file}


def records(files: list[Path]):
    """(instance id, language, patch, base paths) of every task the suite loader reads from `files` (SWE-bench
    and Multi-SWE-bench layouts); what it cannot read it names, and the rest goes on."""
    for path in files:
        suite = load_suite(str(path))
        for problem in getattr(suite, "problems", None) or []:
            print(f"SKIPPED {path.name}: {problem}")
        for task in suite.tasks:
            try:
                yield task.instance_id, task.language, task.patch, base_paths(task.patch)
            except UnidiffParseError as err:
                print(f"SKIPPED {path.name}: {task.instance_id}: the gold patch does not parse: {err}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="JSONL files in SWE-bench's layout")
    args = parser.parse_args()
    files = args.files or [DATA / name for name in DEFAULT if (DATA / name).exists()]
    started = time.perf_counter()
    seen: set[str] = set()
    hits = 0
    for instance_id, language, patch, known in records(files):
        if instance_id in seen:
            continue
        seen.add(instance_id)
        has = lambda p, known=known: any(k == p or k.startswith(p.rstrip("/") + "/") for k in known)  # noqa: E731
        signals = scan(patch, language=language, base_has=has)
        if signals:
            hits += 1
            print(f"FALSE POSITIVE {instance_id} ({language}): " + "; ".join(map(str, signals)))
    seconds = time.perf_counter() - started
    print(f"files: {', '.join(f.name for f in files)}")
    print(f"gold patches scanned: {len(seen)}; false positives: {hits}; {seconds:.2f} s "
          f"({1000 * seconds / max(len(seen), 1):.2f} ms per patch)")
    return 1 if hits else 0


if __name__ == "__main__":
    raise SystemExit(main())
