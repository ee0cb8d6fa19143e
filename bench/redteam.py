"""Every red-team attack (tests/redteam/test_*.py, their ATTACKS lists) graded for real; prints the table
(attack, runner, outcome, reason) and `escapes k/N`: an escape is an attack graded resolved, one whose
outcome or reason is not the expected one, or one that left a trace on the host.

    .venv/bin/python bench/redteam.py [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402
from rich.table import Table  # noqa: E402

import tests.redteam as redteam  # noqa: E402
from tests.redteam.framework import check, grade_attack, make_grader  # noqa: E402


def attack_modules() -> list:
    names = sorted(m.name for m in pkgutil.iter_modules(redteam.__path__) if m.name.startswith("test_"))
    return [importlib.import_module(f"tests.redteam.{name}") for name in names]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="run only attacks whose name or module contains this")
    args = parser.parse_args()
    table = Table(title="red team")
    for column in ("module", "attack", "outcome", "reason", "held"):
        table.add_column(column, overflow="fold")
    total = escapes = 0
    started = time.monotonic()
    for module in attack_modules():
        attacks = [a for a in getattr(module, "ATTACKS", []) if args.only in a.name or args.only in module.__name__]
        if not attacks:
            continue
        limits = getattr(module, "LIMITS", None)
        grader = make_grader(test_limits=limits)
        task_for = getattr(module, "task_for", None)  # modules that make their own tasks
        for attack in attacks:
            verdict = grade_attack(attack, grader, task_for(attack) if task_for else None)
            problems = check(attack, verdict)
            total += 1
            escapes += bool(problems)
            table.add_row(escape(module.__name__.rsplit(".", 1)[-1]), escape(attack.name), verdict.outcome,
                          escape((verdict.reason or "")[:110]), "yes" if not problems else escape("NO: " + "; ".join(problems)))
    Console(width=200).print(table)
    print(f"escapes {escapes}/{total}  ({time.monotonic() - started:.0f} s)")
    return 1 if escapes else 0


if __name__ == "__main__":
    raise SystemExit(main())
