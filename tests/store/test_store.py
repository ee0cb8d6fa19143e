from __future__ import annotations

import sqlite3

from swegauge.grading.verdict import Verdict
from swegauge.store import DB_NAME, ResultRow, Store


def _row(outcome="resolved", instance="t-1", label="gold", repeat=0) -> ResultRow:
    verdict = Verdict(instance_id=instance, patch_hash="abc", outcome=outcome)
    return ResultRow(instance_id=instance, label=label, attempt=0, repeat=repeat, patch_hash="abc", patch="diff",
                     verdict=verdict)


KEY = {"instance_id": "t-1", "label": "gold", "attempt": 0, "repeat": 0, "patch_hash": "abc"}


def test_stored_result_is_found_and_never_duplicated(tmp_path):
    store = Store(tmp_path)
    assert not store.has(**KEY)
    store.add_result(_row())
    store.add_result(_row())
    assert store.has(**KEY)
    assert len(store.results()) == 1
    store.close()
    reopened = Store(tmp_path)
    assert reopened.has(**KEY) and reopened.results()[0].verdict.resolved


def test_error_results_are_retried_and_replaced(tmp_path):
    store = Store(tmp_path)
    store.add_result(_row(outcome="error"))
    assert not store.has(**KEY)  # environment trouble: a rerun tries again
    store.add_result(_row(outcome="unresolved"))
    rows = store.results()
    assert len(rows) == 1 and rows[0].verdict.outcome == "unresolved"


def test_results_filter_by_label_and_meta_round_trips(tmp_path):
    store = Store(tmp_path)
    store.add_result(_row(label="gold"))
    store.add_result(_row(label="empty", outcome="unresolved"))
    store.set_meta("suite", "starter")
    assert [r.label for r in store.results(label="empty")] == ["empty"]
    assert store.meta()["suite"] == "starter"


def test_rows_are_committed_immediately(tmp_path):
    store = Store(tmp_path)
    store.add_result(_row())
    # Another connection (as after a kill -9) sees the row without any close or flush.
    other = sqlite3.connect(tmp_path / DB_NAME)
    assert other.execute("SELECT count(*) FROM results").fetchone()[0] == 1
