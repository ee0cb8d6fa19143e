from __future__ import annotations

from swegauge.grading.parsers import TestStatus
from swegauge.mining.judge import derive_lists

P, F, E = TestStatus.PASSED, TestStatus.FAILED, TestStatus.ERROR


def test_fail_to_pass_includes_new_tests_and_excludes_flaky():
    before = [{"old": P, "fix": F, "flaky": P}, {"old": P, "fix": F, "flaky": F}]
    after = [{"old": P, "fix": P, "new": P, "flaky": P}, {"old": P, "fix": P, "new": P, "flaky": P}]
    f2p, p2p, flaky = derive_lists(before, after)
    assert f2p == ["fix", "new"] and p2p == ["old"] and flaky == ["flaky"]


def test_a_test_broken_by_the_fix_is_in_neither_list():
    f2p, p2p, flaky = derive_lists([{"a": P, "b": E}], [{"a": F, "b": P}])
    assert f2p == ["b"] and p2p == [] and flaky == []
