"""Known-value tests for swegauge.metrics.paired."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from swegauge.metrics.estimators import clustered_standard_error

from swegauge.metrics.paired import (
    MCNEMAR_METHOD,
    compare_paired,
    discordant_counts,
    exact_difference_interval,
    mcnemar_exact,
    minimum_detectable_effect,
    paired_bootstrap_interval,
    paired_clt_interval,
    paired_test,
    tasks_needed,
)

Z975 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)
Z80 = 0.8416212335729143  # scipy.stats.norm.ppf(0.80)

# ---------------------------------------------------------------------------------------------
# McNemar's exact test


def test_mcnemar_fagerland_2013_worked_example() -> None:
    # Fagerland, Lydersen & Laake 2013 (BMC Med Res Methodol 13:91), Table 1: airway
    # hyper-responsiveness before/after stem cell transplantation in 21 children (Bentur et al.),
    # discordant pairs 1 and 7. Reported: exact conditional p = 0.070, mid-p = 0.039.
    # By hand: 2 * (C(8,0) + C(8,1)) / 2^8 = 18/256; mid-p = 18/256 - C(8,1)/2^8 = 10/256.
    res = mcnemar_exact(1, 7)
    assert res.p_value == pytest.approx(18 / 256)
    assert round(res.p_value, 3) == 0.070
    assert res.mid_p_value == pytest.approx(10 / 256)
    assert round(res.mid_p_value, 3) == 0.039
    assert (res.b, res.c, res.method) == (1, 7, MCNEMAR_METHOD)


def test_mcnemar_classic_b6_c2() -> None:
    # b = 6, c = 2: p = 2 * P(X <= 2 | X ~ Bin(8, 1/2)) = 2 * (1 + 8 + 28) / 256 = 74/256 = 0.2891
    assert mcnemar_exact(6, 2).p_value == pytest.approx(74 / 256)
    assert mcnemar_exact(2, 6).p_value == pytest.approx(74 / 256)  # symmetric in b and c


def test_mcnemar_larger_table_against_binomial_sum() -> None:
    # b = 6, c = 16 (n = 22): 2 * sum_{i<=6} C(22, i) / 2^22 = 0.05248; the chi-square version would
    # say 0.033, the exact test does not reject at 5%.
    expected = 2 * sum(math.comb(22, i) for i in range(7)) / 2**22
    assert mcnemar_exact(6, 16).p_value == pytest.approx(expected, rel=1e-12)
    assert mcnemar_exact(6, 16).p_value == pytest.approx(0.05248, abs=1e-5)


def test_mcnemar_degenerate_cases() -> None:
    assert mcnemar_exact(0, 0).p_value == 1.0 and mcnemar_exact(0, 0).mid_p_value == 1.0
    assert mcnemar_exact(5, 5).p_value == 1.0
    assert mcnemar_exact(0, 10).p_value == pytest.approx(2 / 1024)
    with pytest.raises(ValueError):
        mcnemar_exact(-1, 3)


def test_discordant_counts() -> None:
    a = [1, 1, 0, 0, 1, 0]
    b = [1, 0, 1, 0, 0, 0]
    assert discordant_counts(a, b) == (2, 1)
    with pytest.raises(ValueError, match="0/1"):
        discordant_counts([0.5, 1], [1, 0])
    with pytest.raises(ValueError, match="same tasks"):
        discordant_counts([1, 0], [1, 0, 1])


# ---------------------------------------------------------------------------------------------
# paired difference intervals


def test_paired_clt_hand_computed() -> None:
    a = [1, 1, 1, 0, 1]
    b = [0, 1, 0, 0, 1]  # d = 1, 0, 1, 0, 0: mean 0.4, sample variance 0.3
    est = paired_clt_interval(a, b)
    assert est.value == pytest.approx(0.4)
    assert est.stderr == pytest.approx(math.sqrt(0.3 / 5))
    assert est.lower == pytest.approx(0.4 - Z975 * math.sqrt(0.06))
    assert est.method == "paired CLT 95%"
    clustered = paired_clt_interval(a, b, clusters=list("abcde"), cluster_name="repo")
    assert clustered.stderr == pytest.approx(est.stderr)  # 5 clusters: too few, the plain paired interval
    assert clustered.method == ("paired CLT 95% (clustered by repo n/a: 5 clusters, fewer than 10; "
                                "clustering ignored)")


def test_pairing_beats_treating_runs_as_independent() -> None:
    rng = np.random.default_rng(11)
    difficulty = rng.random(400)  # shared task difficulty makes a_i and b_i strongly correlated
    a = (rng.random(400) < difficulty + 0.05).astype(float)
    b = (rng.random(400) < difficulty).astype(float)
    paired_se = paired_clt_interval(a, b).stderr
    unpaired_se = math.sqrt(a.var(ddof=1) / 400 + b.var(ddof=1) / 400)
    assert paired_se is not None and paired_se < unpaired_se


def test_paired_bootstrap_is_seeded() -> None:
    rng = np.random.default_rng(5)
    a, b = rng.random(80), rng.random(80)
    first = paired_bootstrap_interval(a, b)
    assert first == paired_bootstrap_interval(a, b)
    assert first.method == "paired bootstrap 95% (10,000 resamples, seed 0)"
    assert first.value == pytest.approx(float(np.mean(a - b)))
    assert first.stderr == pytest.approx(paired_clt_interval(a, b).stderr, rel=0.1)


# ---------------------------------------------------------------------------------------------
# compare_paired and its sentence


def _runs(n: int, p_a: float, p_b: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    u = rng.random(n)  # one shared uniform per task: a_i >= b_i when p_a >= p_b
    return (u < p_a).astype(float), (u < p_b).astype(float)


def test_compare_names_the_winner() -> None:
    a, b = _runs(300, 0.60, 0.45, seed=1)
    cmp = compare_paired(a, b, name_a="kimi-k2", name_b="gpt-4o")
    assert cmp.significant and cmp.mcnemar is not None and cmp.test == MCNEMAR_METHOD
    assert cmp.mcnemar.c == 0 and cmp.mcnemar.b == int(a.sum() - b.sum())
    points = 100 * (a.mean() - b.mean())
    lo, hi = 100 * cmp.difference.lower, 100 * cmp.difference.upper
    assert cmp.summary == f"kimi-k2 beats gpt-4o by {points:.1f} points (95% CI {lo:.1f}..{hi:.1f}, p<0.001, n=300 tasks)"


def test_compare_names_b_when_b_is_better() -> None:
    a, b = _runs(300, 0.45, 0.60, seed=2)
    cmp = compare_paired(a, b)
    assert cmp.significant and cmp.difference.value < 0
    assert cmp.summary.startswith(f"B beats A by {100 * (b.mean() - a.mean()):.1f} points (95% CI ")
    lo, hi = -100 * cmp.difference.upper, -100 * cmp.difference.lower
    assert f"CI {lo:.1f}..{hi:.1f}" in cmp.summary


def test_compare_no_detectable_difference() -> None:
    rng = np.random.default_rng(3)
    a = (rng.random(60) < 0.5).astype(float)
    b = (rng.random(60) < 0.5).astype(float)
    cmp = compare_paired(a, b, name_a="X", name_b="Y")
    assert not cmp.significant
    assert cmp.summary.startswith("no detectable difference between X and Y at this sample size (X - Y = ")
    assert f"p={cmp.p_value:.3f}" in cmp.summary and "n=60 tasks" in cmp.summary
    expected_mde = minimum_detectable_effect(60, float(np.var(a - b, ddof=1)))
    assert cmp.min_detectable_effect == pytest.approx(expected_mde)
    assert f"about {100 * expected_mde:.1f} points with 80% power" in cmp.summary


def test_compare_identical_runs() -> None:
    a = [1, 0, 1, 1, 0]
    cmp = compare_paired(a, a)
    assert not cmp.significant and cmp.p_value == 1.0 and cmp.min_detectable_effect == 0.0
    assert cmp.summary.endswith("p=1.000, n=5 tasks)")


def test_compare_fractional_scores_use_the_paired_t_test() -> None:
    rng = np.random.default_rng(4)
    base = rng.random(200)
    a = np.clip(base + 0.1, 0, 1)
    cmp = compare_paired(a, base)
    assert cmp.mcnemar is None and cmp.test == "two-sided paired t-test, t(199 df)"
    assert cmp.significant and cmp.summary.startswith("A beats B by ")
    assert cmp.to_dict()["difference"]["method"].startswith("paired bootstrap 95%")


def test_compare_clustered_uses_t_on_clustered_se() -> None:
    a, b = _runs(120, 0.6, 0.5, seed=9)
    clusters = [i % 12 for i in range(120)]
    cmp = compare_paired(a, b, clusters=clusters, cluster_name="repo")
    assert cmp.mcnemar is None and cmp.test == "two-sided t-test on the paired SE clustered by repo, t(11 df)"
    assert cmp.difference.method.endswith("clustered by repo)")
    se = clustered_standard_error(a - b, clusters)
    assert cmp.p_value == pytest.approx(2 * stats.t.sf(abs((a - b).mean()) / se, 11), rel=1e-12)


# ---------------------------------------------------------------------------------------------
# sample size and minimum detectable effect (Miller 2024, sec. 5)


def test_tasks_needed_hand_computed() -> None:
    # (1.959964 + 0.841621)^2 = 7.848879; * 0.25 / 0.05^2 = 784.89 -> 785 tasks
    assert (Z975 + Z80) ** 2 == pytest.approx(7.848879, abs=1e-6)
    assert tasks_needed(0.05, 0.25) == 785
    # var(d) = 0.1, delta = 0.1: 7.848879 * 0.1 / 0.01 = 78.49 -> 79
    assert tasks_needed(0.1, 0.1) == 79
    # 90% power, alpha 0.01: (2.575829 + 1.281552)^2 * 0.2 / 0.04^2 = 1859.92 -> 1860
    assert tasks_needed(0.04, 0.2, power=0.9, alpha=0.01) == 1860
    assert tasks_needed(0.05, 0.0) == 1


def test_minimum_detectable_effect_inverts_tasks_needed() -> None:
    assert minimum_detectable_effect(785, 0.25) == pytest.approx((Z975 + Z80) * math.sqrt(0.25 / 785))
    for delta, var in [(0.05, 0.25), (0.02, 0.1), (0.1, 0.3)]:
        n = tasks_needed(delta, var)
        assert minimum_detectable_effect(n, var) <= delta < minimum_detectable_effect(n - 1, var)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"delta": 0.0, "var_diff": 0.2},
        {"delta": 0.05, "var_diff": -0.1},
        {"delta": 0.05, "var_diff": 0.2, "power": 1.0},
        {"delta": 0.05, "var_diff": 0.2, "alpha": 0.0},
    ],
)
def test_tasks_needed_rejects_bad_arguments(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        tasks_needed(**kwargs)


# ---------------------------------------------------------------------------------------------
# mid-p at b = c, exact stand-ins, small-sample tests


@pytest.mark.parametrize("b", [1, 3, 5, 20])
def test_mid_p_at_b_equal_c_is_exactly_one(b: int) -> None:
    # Fagerland, Lydersen & Laake 2013, eq. for the mid-p McNemar test:
    # mid-p = 2 * [P(X <= min) - P(X = min) / 2]; at b = c: 2 * (1 + P(X = b)) / 2 - P(X = b) = 1.
    res = mcnemar_exact(b, b)
    assert res.p_value == 1.0 and res.mid_p_value == 1.0


def test_mid_p_is_the_uncapped_exact_p_minus_the_point_probability() -> None:
    # b = 2, c = 3 (n = 5): exact two-sided 2 * (1 + 5 + 10) / 32 = 1 (capped); mid-p = 32/32 - 10/32 = 22/32
    res = mcnemar_exact(2, 3)
    assert res.p_value == 1.0 and res.mid_p_value == pytest.approx(22 / 32, rel=1e-12)
    # b = 6, c = 16 (n = 22): 2 * P(X <= 6) - P(X = 6)
    expected = (2 * sum(math.comb(22, i) for i in range(7)) - math.comb(22, 6)) / 2**22
    assert mcnemar_exact(16, 6).mid_p_value == pytest.approx(expected, rel=1e-12)
    assert all(mcnemar_exact(x, y).mid_p_value <= mcnemar_exact(x, y).p_value for x in range(8) for y in range(8))


def test_exact_difference_interval_when_both_runs_solve_nothing() -> None:
    # b = c = 0 of 26: each cell's Clopper-Pearson upper at 97.5% is 1 - 0.0125^(1/26) = 0.155102
    est = exact_difference_interval(0, 0, 26)
    assert (est.lower, est.upper) == pytest.approx((-0.15510209883516113, 0.15510209883516113), rel=1e-9)
    assert est.value == 0.0 and not est.degenerate


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_identical_constant_runs_get_the_exact_interval_not_zero_width(value: float) -> None:
    a = np.full(26, value)
    boot = paired_bootstrap_interval(a, a)
    clt = paired_clt_interval(a, a)
    for est in (boot, clt):
        assert (est.lower, est.upper) == pytest.approx((-0.15510209883516113, 0.15510209883516113), rel=1e-9)
        assert "n/a: every difference is 0" in est.method and est.method.startswith("exact paired 95%")
    cmp = compare_paired(a, a)
    assert cmp.p_value == 1.0 and not cmp.significant


def test_paired_t_test_matches_scipy_ttest_rel() -> None:
    # scipy.stats.ttest_rel(a, b) on these numbers: t = 2.8762349126466145, p = 0.02377915522868359 (7 df)
    a = [0.9, 0.7, 0.8, 0.4, 0.6, 0.55, 0.75, 0.3]
    b = [0.8, 0.6, 0.85, 0.2, 0.5, 0.5, 0.6, 0.3]
    p, test, result = paired_test(a, b)
    assert p == pytest.approx(0.02377915522868359, rel=1e-9)
    assert test == "two-sided paired t-test, t(7 df)" and result is None


def test_few_clusters_yield_to_mcnemar() -> None:
    a, b = _runs(120, 0.6, 0.5, seed=9)
    cmp = compare_paired(a, b, clusters=[i % 6 for i in range(120)], cluster_name="repository")
    assert cmp.mcnemar is not None and cmp.p_value == mcnemar_exact(*discordant_counts(a, b)).p_value
    assert cmp.test == (f"{MCNEMAR_METHOD} (clustered by repository n/a: 6 clusters, fewer than 10; "
                        "clustering ignored)")


def test_every_task_with_the_same_nonzero_difference_is_a_sign_test() -> None:
    a, b = np.full(6, 0.75), np.full(6, 0.25)
    p, test, _ = paired_test(a, b)
    assert p == pytest.approx(2 / 2**6) and test.startswith("exact sign test")
    boot = paired_bootstrap_interval(a, b)
    assert boot.degenerate and boot.method == "no interval (paired bootstrap 95% n/a: every difference is 0.5)"
