"""Mining: turn a git history into validated issue tasks (a private suite)."""

from swegauge.mining.classify import Screened, is_test_path, screen
from swegauge.mining.history import Change, main_line_changes, pull_request_changes
from swegauge.mining.judge import ChangeJudge, Judgement, derive_lists
from swegauge.mining.miner import FUNNEL, MineSettings, mine, problem_statement

__all__ = [
    "FUNNEL", "Change", "ChangeJudge", "Judgement", "MineSettings", "Screened", "derive_lists", "is_test_path",
    "main_line_changes", "mine", "problem_statement", "pull_request_changes", "screen",
]
