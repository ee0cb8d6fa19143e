"""Difficulty of a task as the size of its gold patch: lines, files and hunks changed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from unidiff import PatchSet
from unidiff.errors import UnidiffParseError


class Difficulty(BaseModel):
    model_config = ConfigDict(frozen=True)

    lines_changed: int
    files_changed: int
    hunks: int

    @property
    def bucket(self) -> str:
        return lines_bucket(self.lines_changed)


def lines_bucket(lines_changed: int) -> str:
    """Gold patch size buckets used in breakdowns: <5, 5-20, 20-100, >100 changed lines."""
    if lines_changed < 5:
        return "<5"
    if lines_changed <= 20:
        return "5-20"
    if lines_changed <= 100:
        return "20-100"
    return ">100"


def measure_patch(patch: str) -> Difficulty | None:
    """Count added+removed lines, touched files and hunks; None when the text is not a diff."""
    try:
        patch_set = PatchSet(patch)
    except UnidiffParseError:
        return None
    if not patch_set:
        return None
    lines = sum(f.added + f.removed for f in patch_set)
    hunks = sum(len(f) for f in patch_set)
    return Difficulty(lines_changed=lines, files_changed=len(patch_set), hunks=hunks)
