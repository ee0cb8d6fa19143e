"""The per (repo, version) validation table of src/swegauge/envs/recipes/VALIDATION.md, from results stores.

    python bench/validation_table.py --suite verified.jsonl RUN_DIR [RUN_DIR ...]

Reads the gold and empty verdicts that bench/swebench_gold.py (or `swegauge validate`) stored in each run
directory (a later directory's verdict for the same instance and label wins) and prints a Markdown table:
per (repo, version), instances with both verdicts, gold resolved, empty resolved, error verdicts; then the
totals and every instance whose gold patch did not resolve or whose empty patch did, with the reason.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from swegauge.store import Store
from swegauge.tasks import load_suite


def latest_verdicts(run_dirs: list[Path]) -> dict[tuple[str, str], object]:
    found = {}
    for run_dir in run_dirs:
        store = Store(run_dir)
        for row in store.results():
            if row.label in ("gold", "empty"):
                found[(row.instance_id, row.label)] = row.verdict
        store.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", required=True)
    parser.add_argument("run_dirs", nargs="+", type=Path)
    args = parser.parse_args(argv)
    tasks = {t.instance_id: t for t in load_suite(args.suite).tasks}
    verdicts = latest_verdicts(args.run_dirs)
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    notes = []
    for instance_id, task in sorted(tasks.items()):
        gold, empty = verdicts.get((instance_id, "gold")), verdicts.get((instance_id, "empty"))
        if gold is None or empty is None:
            continue
        row = table[(task.repo, task.version or "-")]
        row[0] += 1
        row[1] += gold.outcome == "resolved"
        row[2] += empty.outcome == "resolved"
        row[3] += (gold.outcome == "error") + (empty.outcome == "error")
        if gold.outcome != "resolved":
            notes.append(f"- {instance_id} ({task.version}): gold {gold.outcome}: {(gold.reason or '')[:240]}")
        if empty.outcome == "resolved":
            notes.append(f"- {instance_id} ({task.version}): empty resolved")
    print("| repo | version | tried | gold resolved | empty resolved | error verdicts |\n|---|---|---|---|---|---|")
    for (repo, version), (tried, gold, empty, errors) in sorted(table.items()):
        print(f"| {repo} | {version} | {tried} | {gold} | {empty} | {errors} |")
    tried, gold, empty, errors = (sum(r[i] for r in table.values()) for i in range(4))
    repos = len({repo for repo, _ in table})
    print(f"\nTotal: {tried} instances over {repos} repositories; gold resolved {gold} "
          f"({100 * gold / tried if tried else 0:.1f}%), empty resolved {empty}, error verdicts {errors}.\n")
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
