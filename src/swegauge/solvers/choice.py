"""The `choice` solver (SWE-Lancer Manager style): the issue and N proposals in, the id of one out.

One model call shows the issue and every proposal (each fitted to the context window on its own, the
answer instructions never trimmed) and asks for a last line `ANSWER: <id>`. The answer is read back by
`parse_choice`: that line, else a `selected_proposal_id` JSON field (SWE-Lancer's own format), else a
reply that is nothing but an id. An id that is not one of the proposals, or no id at all, leaves
`choice` None with the reason in the detail; grading/choice.py scores it by exact match.

The solver is built with the run's tasks and keeps only their proposals (id and text), never the right
answer: ProblemView carries neither.
"""

from __future__ import annotations

import re
from typing import Any

from swegauge.models import fit_messages
from swegauge.solvers.prompts import render
from swegauge.solvers.base import Candidate, SolveContext
from swegauge.solvers.registry import register_solver
from swegauge.tasks import Task

SYSTEM = "You are a careful senior software engineer. Answer exactly in the format asked for."
ANSWER_CHARS = 4000  # of the model's reply kept in the detail
_ID = r"[A-Za-z0-9][\w.-]*"
_ANSWER = re.compile(rf"ANSWER\s*[:=]\s*[*`\"'(\[<]*\s*(?:proposal\s*)?(?:id\s*)?#?\s*({_ID})", re.I)
_JSON = re.compile(rf"selected_proposal_id\W{{0,4}}\s*({_ID})", re.I)
_ANSWER_LINE = re.compile(r"ANSWER\s*[:=]([^\n]*)", re.I)
_SEVERAL = re.compile(rf"\s*[*`\"'(\[<]*\s*(?:proposal\s*)?#?\s*({_ID}?)\s*(?:,|/|&|\bor\b|\band\b)\s*"
                      rf"(?:proposal\s*)?#?\s*({_ID})", re.I)
_PROPOSAL_REF = rf"(?:proposal|option|solution|candidate)\s*(?:id\s*)?#?\s*[`*\"']*({_ID})"
_PICK = re.compile(rf"\b(?:choose|chose|pick|picked|select|selected|recommend|accept|prefer|go with|going with|"
                   rf"vote for|answer is|choice is)\s+(?:the\s+)?{_PROPOSAL_REF}", re.I)
_BEST = re.compile(rf"{_PROPOSAL_REF}[`*\"']*\s+(?:is|seems|looks)\s+(?:clearly\s+|the\s+)*"
                   rf"(?:best|right|correct|strongest|one to accept|winner)", re.I)
_BARE = re.compile(rf"^\W*(?:proposal\s*)?(?:id\s*)?#?\s*({_ID})\W*$", re.I)


def parse_choice(text: str, ids: list[str]) -> tuple[str | None, str]:
    """(the chosen id or None, how it was read / why not).

    In order: the last `ANSWER: <id>` line (one naming several proposals, "ANSWER: 1 or 2", is ambiguous),
    a `selected_proposal_id` field, a reply that is only an id, then the decisions stated in prose
    ("I would accept proposal 2", "Proposal #3 is the best"): one id named that way is the answer, several
    different ones are ambiguous, none is no answer."""
    lines = _ANSWER_LINE.findall(text)
    several = _SEVERAL.match(lines[-1]) if lines else None
    if several:
        named = [_known(raw, ids, "")[0] or raw for raw in several.groups()]
        if named[0] != named[1]:
            return None, f"the answer line names several proposals ({', '.join(named)})"
    for how, pattern in (("answer line", _ANSWER), ("selected_proposal_id", _JSON)):
        found = pattern.findall(text)
        if found:
            return _known(found[-1], ids, how)
    bare = _BARE.match(text.strip())
    if bare:
        return _known(bare.group(1), ids, "bare id")
    decided = list(dict.fromkeys(_known(m, ids, "")[0] for m in _decisions(text)))
    decided = [d for d in decided if d is not None]
    if len(decided) == 1:
        return decided[0], "a decision stated in prose"
    if len(decided) > 1:
        return None, f"the reply picks several proposals ({', '.join(decided)}) and no ANSWER line settles it"
    shown = " ".join(text.split())[:200]
    return None, f"no 'ANSWER: <id>' line in the reply: {shown!r}" if shown else "the reply is empty"


def _decisions(text: str) -> list[str]:
    """Ids named in decision phrases, in the order they appear."""
    found = [(m.start(), m.group(1)) for m in _PICK.finditer(text)]
    found += [(m.start(), m.group(1)) for m in _BEST.finditer(text)]
    return [raw for _, raw in sorted(found)]


def _known(raw: str, ids: list[str], how: str) -> tuple[str | None, str]:
    token = raw.strip().rstrip(".")
    if token in ids:
        return token, how
    folded = {i.lower(): i for i in ids}
    if token.lower() in folded:
        return folded[token.lower()], how
    return None, f"the answer names {token!r}, which is not one of the proposal ids ({', '.join(ids)})"


class ChoiceSolver:
    name = "choice"
    needs_model = True

    def __init__(self, tasks: list[Task]) -> None:
        self._proposals = {t.instance_id: [(str(p.get("id", "")).strip(), str(p.get("text", "")))
                                           for p in t.proposals] for t in tasks if t.proposals}

    async def solve(self, ctx: SolveContext) -> Candidate:
        problem = ctx.problem
        proposals = self._proposals.get(problem.instance_id)
        if not proposals:
            return Candidate(error=f"task {problem.instance_id} has no proposals (not a choice task?)")
        ids = [pid for pid, _ in proposals]
        window, answer = await ctx.session.budget()
        parts = [{"role": "user", "content": render("choice", repo=problem.repo, proposals=proposals,
                                                    problem_statement=problem.problem_statement.strip())}]
        parts += [{"role": "user", "content": render("choice_proposal", id=pid, text=text.strip())}
                  for pid, text in proposals]
        parts.append({"role": "system", "content": render("choice_answer", ids=ids)})  # never trimmed
        fitted = fit_messages([{"role": "system", "content": SYSTEM}, *parts], window, answer)
        messages = [fitted[0], {"role": "user", "content": "".join(m["content"] for m in fitted[1:])}]
        completion = await ctx.session.chat(messages, stage="choice")
        text = completion.text or ""
        choice, how = parse_choice(text, ids)
        detail: dict[str, Any] = {"solver": "choice", "choice": choice, "proposal_ids": ids,
                                  "answer": text[-ANSWER_CHARS:]}
        detail["parsed_by" if choice is not None else "reason"] = how
        return Candidate(patch="", detail=detail)


def _factory(tasks: list[Task], options: dict[str, Any]) -> ChoiceSolver:
    del options
    return ChoiceSolver(tasks)


register_solver("choice", _factory)
