"""Grading `choice` tasks (SWE-Lancer Manager style): the chosen proposal id against the right one.

Exact match after trimming whitespace: resolved when equal, unresolved otherwise (no id, or an id that is
not one of the task's proposals, is unresolved with that reason). A task without a right answer is a
dataset error. Nothing runs: there is no patch and no sandbox.
"""

from __future__ import annotations

from swegauge.grading.grader import patch_hash
from swegauge.grading.verdict import Verdict
from swegauge.tasks import Task


def grade_choice(task: Task, choice: str | None, *, patch: str = "", note: str | None = None) -> Verdict:
    """The verdict on `choice` (a proposal id, or None when the solver named none; `note` says why)."""
    base = {"instance_id": task.instance_id, "patch_hash": patch_hash(patch), "apply_method": "choice",
            "empty_patch": choice is None}
    correct = (task.correct_proposal or "").strip()
    if not correct:
        return Verdict(**base, outcome="error", reason="dataset error: the task has no correct_proposal")
    if choice is None or not str(choice).strip():
        return Verdict(**base, outcome="unresolved", reason=f"no proposal chosen: {note or 'no answer'}")
    chosen = str(choice).strip()
    ids = [str(p.get("id", "")).strip() for p in task.proposals]
    if ids and chosen not in ids:
        return Verdict(**base, outcome="unresolved",
                       reason=f"chose {chosen!r}, which is not one of the proposals ({', '.join(ids)})")
    if chosen != correct:
        return Verdict(**base, outcome="unresolved", reason=f"chose proposal {chosen}; the right one is {correct}")
    return Verdict(**base, outcome="resolved")
