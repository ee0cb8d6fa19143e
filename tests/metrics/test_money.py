"""Money earned out of money available, with its paired bootstrap interval."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from swegauge.metrics.money import money_earned


def test_earned_is_price_times_score_summed():
    money = money_earned([250, 1000, 500, None], [1, 0, 1, 1])
    assert money.earned == 750 and money.available == 1750 and money.n_priced == 3 and money.n_unpriced == 1
    assert money.share.value == pytest.approx(750 / 1750)


def test_avg_at_k_scores_pay_their_expected_value():
    money = money_earned([100, 300], [0.5, 0.25])
    assert money.earned == pytest.approx(125.0) and money.share.value == pytest.approx(125 / 400)


def test_the_interval_is_scipys_paired_percentile_bootstrap_of_the_ratio():
    prices = [250, 1000, 500, 4000, 125, 2000]
    scores = [1, 0, 1, 0, 1, 1]
    money = money_earned(prices, scores, n_resamples=2000, seed=7)
    expected = stats.bootstrap((np.array(prices, float), np.array(scores, float)),
                               lambda p, s, axis=-1: np.sum(p * s, axis=axis) / np.sum(p, axis=axis), paired=True,
                               vectorized=True, n_resamples=2000, method="percentile",
                               random_state=np.random.default_rng(7))
    assert money.share.lower == pytest.approx(expected.confidence_interval.low)
    assert money.share.upper == pytest.approx(expected.confidence_interval.high)
    assert money.share.lower <= money.share.value <= money.share.upper
    assert money_earned(prices, scores, n_resamples=2000, seed=7) == money  # seeded: the same every time


def test_all_or_nothing_has_no_spread_and_says_so():
    money = money_earned([100, 200], [1, 1])
    assert (money.share.lower, money.share.upper) == (1.0, 1.0) and "no spread" in money.share.method
    assert money_earned([100, 200], [0, 0]).share.value == 0.0


def test_nothing_priced_and_bad_input():
    assert money_earned([None, None], [1, 0]).share is None
    with pytest.raises(ValueError, match="2 prices for 1 scores"):
        money_earned([1, 2], [1])
    with pytest.raises(ValueError, match="scores in"):
        money_earned([1], [2])
