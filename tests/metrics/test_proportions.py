"""Known-value tests for swegauge.metrics.proportions: Clopper-Pearson, the 0/1 check, the union bound."""

from __future__ import annotations

import numpy as np
import pytest

from swegauge.metrics.proportions import clopper_pearson_interval, is_binary, union_bound_difference


@pytest.mark.parametrize(
    "k,n,lower,upper",
    [  # Newcombe 1998 (Stat Med 17:857-872), Table I, method 5 (Clopper-Pearson "exact")
        (81, 263, 0.2527, 0.3676),
        (15, 148, 0.0578, 0.1617),
        (0, 20, 0.0000, 0.1684),
        (1, 29, 0.0009, 0.1776),
        (29, 29, 0.8806, 1.0000),
    ],
)
def test_clopper_pearson_matches_newcombe_1998(k: int, n: int, lower: float, upper: float) -> None:
    est = clopper_pearson_interval(k, n)
    assert (est.lower, est.upper) == pytest.approx((lower, upper), abs=5e-5)
    assert est.method == "Clopper-Pearson exact 95%" and est.value == pytest.approx(k / n)


def test_clopper_pearson_closed_form_at_zero_and_n() -> None:
    # 0/n: upper = 1 - (alpha/2)^(1/n); n/n: lower = (alpha/2)^(1/n) (Clopper & Pearson 1934)
    assert clopper_pearson_interval(0, 26).upper == pytest.approx(1 - 0.025 ** (1 / 26), rel=1e-12)
    assert clopper_pearson_interval(26, 26).lower == pytest.approx(0.025 ** (1 / 26), rel=1e-12)
    for k, n in [(3, 2), (-1, 5), (0, 0)]:
        with pytest.raises(ValueError):
            clopper_pearson_interval(k, n)


def test_is_binary_is_the_one_zero_one_check() -> None:
    assert is_binary([0, 1, 1.0, 0.0]) and is_binary(np.zeros(3))
    assert not is_binary([0, 0.5]) and not is_binary([1, 2])


def test_union_bound_difference_of_two_groups() -> None:
    # 0 of 10 against 0 of 16 at 95%: each Clopper-Pearson upper at 97.5%, 1 - 0.0125^(1/n)
    lo, hi = union_bound_difference(0, 10, 0, 16, confidence=0.95)
    assert (lo, hi) == pytest.approx((-(1 - 0.0125 ** (1 / 16)), 1 - 0.0125 ** (1 / 10)), rel=1e-12)
