"""SWE-Lancer Manager tasks from the benchmark's CSV (swelancer_tasks.csv / swelancer_tasks_lite.csv).

Each `swe_manager` row becomes a `choice` task: the issue (title + description), the proposals
(id + text) and the id of the proposal the real manager accepted, from the row's `manager_data` (a Python
literal or JSON). IC rows (`ic_swe`: browser end-to-end tests on the Expensify app) are skipped and
counted. `base_commit` is the row's manager_commit (SWE-Lancer checks out its parent); the choice solver
does not need the repository.

    read = read_swelancer_csv("swelancer_tasks.csv")  # .tasks, .skipped_ic, .errors (row numbers)
"""

from __future__ import annotations

import ast
import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swegauge.tasks.schema import Task

REPO = "Expensify/App"
SOURCE = "swe-lancer"
NO_COMMIT = "unknown"
_FIELD_LIMIT = 1 << 30  # manager_data cells hold every proposal: far above csv's default 128 KiB


class SwelancerError(ValueError):
    """A row that cannot be read as a manager task (the message names the row)."""


def parse_literal(text: str) -> Any:
    """manager_data as stored: a Python literal (single quotes) or JSON."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return json.loads(text)


def proposals_of(data: dict[str, Any]) -> list[dict[str, str]]:
    game = data.get("game") or {}
    raw = game.get("all_proposals") or game.get("all_formal_proposals") or data.get("all_proposals") or []
    proposals = []
    for item in raw:
        text = item.get("content") or item.get("full_text") or ""
        proposals.append({"id": str(item["id"]).strip(), "text": str(text)})
    return proposals


def manager_task(row: dict[str, str]) -> Task:
    """One swe_manager CSV row -> a choice Task."""
    qid = (row.get("question_id") or "").strip()
    try:
        data = parse_literal(row.get("manager_data") or "")
        correct = data["game"]["correct_proposal"]["id"]
    except (ValueError, SyntaxError, KeyError, TypeError) as err:
        raise SwelancerError(f"{qid or '?'}: unreadable manager_data ({type(err).__name__}: {err})") from err
    proposals = proposals_of(data)
    if not proposals:
        raise SwelancerError(f"{qid}: manager_data lists no proposals")
    title = str(data.get("title") or row.get("title") or "").strip()
    body = str(data.get("html_description") or row.get("description") or "").strip()
    price = row.get("price") or data.get("price")
    split = (row.get("set") or "").strip()
    return Task(instance_id=qid, repo=REPO, base_commit=(row.get("manager_commit") or "").strip() or NO_COMMIT,
                kind="choice", language="javascript", source=SOURCE,
                problem_statement=f"{title}\n\n{body}".strip(), proposals=proposals, correct_proposal=str(correct),
                price=_price(qid, price),
                tags=["swe-lancer-manager", *([f"price:{price}"] if price else []), *([f"set:{split}"] if split else [])])


def _price(qid: str, value: object) -> float | None:
    if value in (None, ""):
        return None
    try:
        price = float(str(value).replace("$", "").replace(",", ""))
    except ValueError:
        raise SwelancerError(f"{qid}: price {value!r} is not a number") from None
    if price < 0:
        raise SwelancerError(f"{qid}: price {value!r} is negative")
    return price


@dataclass
class SwelancerRead:
    """What a CSV gave: the manager tasks, how many IC rows were left out, and each malformed manager row
    as (data row number, 1-based after the header; its first line in the file; question_id; message)."""

    tasks: list[Task] = field(default_factory=list)
    skipped_ic: int = 0
    errors: list[tuple[int, int, str, str]] = field(default_factory=list)


def read_swelancer_csv(path: str | Path) -> SwelancerRead:
    """Every manager row of a SWE-Lancer CSV (Lite or Diamond); a malformed row is recorded, not raised."""
    csv.field_size_limit(max(csv.field_size_limit(), min(_FIELD_LIMIT, sys.maxsize)))
    out = SwelancerRead()
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        start = reader.line_num + 1
        for number, row in enumerate(reader, start=1):
            line, start = start, reader.line_num + 1
            if None in row:  # more cells than the header names: a broken quote or a stray delimiter
                out.errors.append((number, line, (row.get("question_id") or "").strip(),
                                   f"{len(row[None])} more cells than the header has"))
                continue
            if (row.get("variant") or "").strip() != "swe_manager":
                out.skipped_ic += 1
                continue
            try:
                out.tasks.append(manager_task(row))
            except (SwelancerError, ValueError) as err:
                out.errors.append((number, line, (row.get("question_id") or "").strip(), str(err)))
    return out


def load_swelancer_csv(path: str | Path) -> tuple[list[Task], int]:
    """Strict: (the manager tasks, how many other rows were skipped); raises SwelancerError naming the first
    malformed row. Suites load through read_swelancer_csv, which skips such rows and reports them."""
    read = read_swelancer_csv(path)
    if read.errors:
        number, line, qid, message = read.errors[0]
        raise SwelancerError(f"row {number} (line {line}): {message}")
    return read.tasks, read.skipped_ic
