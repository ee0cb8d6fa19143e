"""Picking a patch from a self-play matrix (works on the stored form, so it can be recomputed later).

Default rule: a test name is fail-first when it FAILED or ERRORed on the base, pass-first when it PASSED
there (skipped and unreported names count for neither). A patch scores
    (fail-first names it makes pass) / (fail-first names) + (pass-first names it keeps passing) / (pass-first names)
(a term with no names is 0). A name a patch run did not report counts as passing only when its test
candidate did report names under that patch and none of them failed (a test file that failed to import
on the base and runs cleanly under the patch). Empty patches and patches that do not apply are picked only
when nothing else is left. Ties go to the patch whose normalized form (diffs.normalized_form) is the most
common among all patches, then to the earliest.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict

FAILING = ("F", "E")


class Scored(BaseModel):
    model_config = ConfigDict(frozen=True)

    index: int
    score: float
    fail_first_passed: int
    pass_first_kept: int
    eligible: bool


class Selection(BaseModel):
    model_config = ConfigDict(frozen=True)

    selected: int
    rule: str = "fail_first_fraction + pass_first_fraction; ties: most common normalized form, then earliest"
    fail_first: int
    pass_first: int
    scores: list[Scored]


def _clean_under(row: str, columns: list[tuple[int, str]]) -> set[int]:
    """Test candidates that reported names under this run and had no failures."""
    reported: set[int] = set()
    failed: set[int] = set()
    for (j, _), code in zip(columns, row, strict=True):
        if code != "-":
            reported.add(j)
        if code in FAILING:
            failed.add(j)
    return reported - failed


def _passes(row: str, c: int, columns: list[tuple[int, str]], clean: set[int]) -> bool:
    return row[c] == "P" or (row[c] == "-" and columns[c][0] in clean)


def score_rows(matrix: dict[str, Any]) -> tuple[list[int], list[int], list[tuple[float, int, int] | None]]:
    """(fail-first column ids, pass-first column ids, per patch (score, ff passed, pf kept) or None)."""
    columns = [(int(j), str(n)) for j, n in matrix["columns"]]
    base = matrix["base"] or ""
    ff = [c for c, code in enumerate(base) if code in FAILING]
    pf = [c for c, code in enumerate(base) if code == "P"]
    out: list[tuple[float, int, int] | None] = []
    for row in matrix["rows"]:
        if row is None:
            out.append(None)
            continue
        clean = _clean_under(row, columns)
        ff_ok = sum(1 for c in ff if _passes(row, c, columns, clean))
        pf_ok = sum(1 for c in pf if _passes(row, c, columns, clean))
        score = (ff_ok / len(ff) if ff else 0.0) + (pf_ok / len(pf) if pf else 0.0)
        out.append((score, ff_ok, pf_ok))
    return ff, pf, out


def select(matrix: dict[str, Any], patches: list[str], normalized: list[str]) -> Selection:
    """Apply the default rule to a stored matrix (Matrix.as_dict()) over these patches."""
    ff, pf, rows = score_rows(matrix)
    scored = [Scored(index=i, score=r[0] if r else 0.0, fail_first_passed=r[1] if r else 0,
                     pass_first_kept=r[2] if r else 0, eligible=r is not None and bool(patches[i].strip()))
              for i, r in enumerate(rows)]
    pool = [s for s in scored if s.eligible] or scored
    if not pool:
        raise ValueError("no patches to select from")
    common = Counter(normalized)
    best = min(pool, key=lambda s: (-round(s.score, 9), -common[normalized[s.index]], s.index))
    return Selection(selected=best.index, fail_first=len(ff), pass_first=len(pf), scores=scored)
