"""pytest results from the harness's reporter (grading/harness/pytest/swegauge_report.py).

Each line the reporter sent carries the run's secret; a line without it was written by something else in
the sandbox and is counted as forged (the results are then untrusted). Statuses per node id, as SWE-bench
reads pytest: a failed setup or teardown is ERROR, a failed call FAILED, a skip SKIPPED, an xfail PASSED,
a non-strict xpass PASSED (a strict one arrives as a failed call); the worst phase wins. A module that
fails to collect is ERROR under its own node id.
"""

from __future__ import annotations

import json

from swegauge.grading.parsers._common import StatusBook
from swegauge.grading.parsers.base import ParsedTests, TestStatus

_PHASE = {
    ("setup", "failed"): TestStatus.ERROR,
    ("teardown", "failed"): TestStatus.ERROR,
    ("call", "failed"): TestStatus.FAILED,
    ("call", "passed"): TestStatus.PASSED,
}


def _status(record: dict) -> TestStatus | None:
    when, outcome = record.get("when"), record.get("outcome")
    if outcome == "skipped":
        return TestStatus.PASSED if record.get("xfail") else TestStatus.SKIPPED
    if (when, outcome) in _PHASE:
        return _PHASE[(when, outcome)]
    return None  # a passed setup or teardown says nothing by itself


def parse_channel(channel: str, secret: str) -> ParsedTests:
    book = StatusBook()
    forged = starts = finishes = 0
    runner_exit = None
    phases: dict[str, set[str]] = {}
    for line in channel.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            forged += 1
            continue
        if not isinstance(record, dict) or record.get("k") != secret:
            forged += 1
            continue
        event = record.get("e")
        if event == "start":
            starts += 1
        elif event == "finish":
            finishes += 1
            runner_exit = record.get("exitstatus")
        elif event == "collect":
            book.add(str(record.get("nodeid")), TestStatus.ERROR)
        elif event == "test":
            node = str(record.get("nodeid"))
            phases.setdefault(node, set()).add(str(record.get("when")))
            status = _status(record)
            if status is not None:
                book.add(node, status)
    for node, seen in phases.items():
        if node not in book.statuses and "setup" in seen:
            book.add(node, TestStatus.ERROR)  # set up, then nothing: the call never reported
    untrusted = [f"{forged} line(s) on the result channel were not written by the harness"] if forged else []
    return ParsedTests(statuses=book.statuses, structured=True, notes=book.all_notes(), untrusted=untrusted,
                       started=starts > 0, finished=starts > 0 and finishes >= starts, runner_exit=runner_exit)
