"""The choice solver's answer reading: ids in prose, several candidates, none."""

from __future__ import annotations

import pytest

from swegauge.solvers.choice import parse_choice

IDS = ["0", "1", "2", "3"]


@pytest.mark.parametrize(("text", "chosen", "how"), [
    ("Reasoning...\nANSWER: 2", "2", "answer line"),
    ("ANSWER: **Proposal #3**", "3", "answer line"),
    ("ANSWER: 2 (proposal 2 handles it, unlike 1)", "2", "answer line"),
    ("First ANSWER: 1\nOn reflection:\nANSWER: 0", "0", "answer line"),
    ('{"selected_proposal_id": 1, "why": "..."}', "1", "selected_proposal_id"),
    ("  3.  ", "3", "bare id"),
    ("I would choose proposal 2 because it fixes the root cause.", "2", "prose"),
    ("Proposal #3 is clearly the best: it handles every case.", "3", "prose"),
    ("Proposal 1 looks tempting, but I pick proposal 3.", "3", "prose"),
    ("The answer is option 0.", "0", "prose"),
])
def test_ids_are_read(text, chosen, how):
    got, why = parse_choice(text, IDS)
    assert got == chosen and how in why


@pytest.mark.parametrize(("text", "why"), [
    ("ANSWER: 1 or 2", "names several proposals (1, 2)"),
    ("ANSWER: proposal 1, proposal 3", "names several proposals (1, 3)"),
    ("Proposal 1 is the best. Then again I'd choose proposal 2.", "picks several proposals (1, 2)"),
    ("ANSWER: 7", "not one of the proposal ids"),
    ("None of them fixes it.", "no 'ANSWER: <id>' line"),
    ("", "the reply is empty"),
])
def test_no_single_answer_is_none_with_the_reason(text, why):
    got, reason = parse_choice(text, IDS)
    assert got is None and why in reason
