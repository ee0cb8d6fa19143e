"""Money earned out of money available (SWE-Lancer's headline): each task pays its price times its score.

With one attempt a task's score is 0 or 1; with k attempts it is Avg@k, so the sum is the expected payout
of one attempt per task. The share earned/available gets a paired percentile bootstrap interval over
tasks (scipy.stats.bootstrap resampling (price, score) pairs together); a constant share (all or nothing
solved) has no sampling spread, so its interval is the point itself and says so. Tasks without a price
are left out and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from swegauge.metrics._scipy import stats as _stats
from swegauge.metrics.estimators import Estimate, confidence_label


@dataclass(frozen=True)
class MoneySummary:
    earned: float
    available: float
    n_priced: int
    n_unpriced: int
    share: Estimate | None
    """earned / available with its interval (None when nothing is priced)."""


def _share(prices: np.ndarray, scores: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.sum(prices * scores, axis=axis) / np.sum(prices, axis=axis)


def money_earned(prices: Sequence[float | None], scores: Sequence[float], *, confidence: float = 0.95,
                 n_resamples: int = 10_000, seed: int = 0) -> MoneySummary:
    """Per-task prices (None: not priced) and scores in [0, 1], in the same task order."""
    if len(prices) != len(scores):
        raise ValueError(f"{len(prices)} prices for {len(scores)} scores")
    pairs = [(float(p), float(s)) for p, s in zip(prices, scores) if p is not None]
    if any(p < 0 for p, _ in pairs) or any(not 0.0 <= s <= 1.0 for _, s in pairs):
        raise ValueError("prices must be >= 0 and scores in [0, 1]")
    unpriced = len(prices) - len(pairs)
    price = np.array([p for p, _ in pairs], dtype=np.float64)
    score = np.array([s for _, s in pairs], dtype=np.float64)
    available = float(price.sum())
    earned = float((price * score).sum())
    if not pairs or available <= 0:
        return MoneySummary(earned, available, len(pairs), unpriced, None)
    share = earned / available
    label = confidence_label(confidence)
    if len(pairs) < 2 or np.all(score == score[0]):
        est = Estimate(share, share, share, len(pairs), f"no spread: every priced task scored {score[0]:g}",
                       confidence)
        return MoneySummary(earned, available, len(pairs), unpriced, est)
    result = _stats().bootstrap((price, score), _share, paired=True, vectorized=True, n_resamples=n_resamples,
                             confidence_level=confidence, method="percentile", random_state=np.random.default_rng(seed))
    low, high = float(result.confidence_interval.low), float(result.confidence_interval.high)
    method = f"paired bootstrap {label} ({n_resamples:,} resamples, seed {seed})"
    est = Estimate(share, low, high, len(pairs), method, confidence, float(result.standard_error))
    return MoneySummary(earned, available, len(pairs), unpriced, est)
