"""Known-value tests for swegauge.metrics.estimators."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from swegauge.metrics.estimators import (
    MIN_CLUSTERS,
    Estimate,
    clopper_pearson_interval,
    t_value,
    avg_at_k,
    avg_at_k_per_task,
    bootstrap_interval,
    clt_interval,
    clustered_interval,
    clustered_standard_error,
    estimate_mean,
    exact_match_accuracy,
    exact_match_scores,
    mean_pass_at_k,
    pass_at_k,
    pass_at_k_per_task,
    standard_error,
    wilson_interval,
    z_value,
)

Z95 = 1.959963984540054  # scipy.stats.norm.ppf(0.975)

# ---------------------------------------------------------------------------------------------
# pass@k (Chen et al. 2021): 1 - C(n-c, k) / C(n, k)


@pytest.mark.parametrize("k", range(1, 11))
def test_pass_at_k_matches_closed_form_n10_c3(k: int) -> None:
    expected = 1.0 - math.comb(7, k) / math.comb(10, k)  # comb(7, k) == 0 for k > 7
    assert pass_at_k(10, 3, k) == pytest.approx(expected, abs=1e-12)


def test_pass_at_k_hand_values() -> None:
    assert pass_at_k(10, 3, 1) == pytest.approx(0.3)
    assert pass_at_k(10, 3, 2) == pytest.approx(1 - 21 / 45)  # 0.5333...
    assert pass_at_k(10, 3, 7) == pytest.approx(1 - 1 / 120)
    assert pass_at_k(10, 3, 8) == 1.0  # n - c = 7 < k


def test_pass_at_k_edges() -> None:
    assert pass_at_k(10, 0, 1) == 0.0
    assert pass_at_k(10, 0, 10) == 0.0
    assert pass_at_k(10, 10, 1) == 1.0
    assert pass_at_k(5, 1, 5) == 1.0  # n - c = 4 < k = 5
    assert pass_at_k(1, 1, 1) == 1.0
    assert pass_at_k(1, 0, 1) == 0.0


def test_pass_at_1_is_the_success_rate() -> None:
    for n, c in [(7, 3), (40, 13), (200, 199)]:
        assert pass_at_k(n, c, 1) == pytest.approx(c / n)


def test_pass_at_k_stable_for_large_n() -> None:
    # C(199, 100) / C(200, 100) = 100 / 200 exactly; the naive ratio of ~1e59-sized numbers is avoided.
    assert pass_at_k(200, 1, 100) == pytest.approx(0.5, abs=1e-12)
    assert pass_at_k(1000, 3, 500) == pytest.approx(1 - math.comb(997, 500) / math.comb(1000, 500))


@pytest.mark.parametrize("n,c,k", [(10, 11, 1), (10, -1, 1), (10, 3, 0), (3, 1, 5)])
def test_pass_at_k_rejects_bad_arguments(n: int, c: int, k: int) -> None:
    with pytest.raises(ValueError):
        pass_at_k(n, c, k)


def test_pass_at_k_rejects_non_integers() -> None:
    with pytest.raises(TypeError):
        pass_at_k(10, 2.5, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        pass_at_k_per_task([10, 10], [2.5, 1.0], 1)


def test_mean_pass_at_k_over_tasks() -> None:
    ns, cs = [10, 10, 5], [3, 0, 5]
    per = pass_at_k_per_task(ns, cs, 2)
    assert per == pytest.approx([1 - 21 / 45, 0.0, 1.0])
    assert mean_pass_at_k(ns, cs, 2) == pytest.approx((1 - 21 / 45 + 0.0 + 1.0) / 3)
    assert mean_pass_at_k(10, [3, 0, 10], 1) == pytest.approx(13 / 30)  # one n for every task


# ---------------------------------------------------------------------------------------------
# Avg@k and exact match


def test_avg_at_k_hand_example() -> None:
    attempts = [[1, 0, 1, 1], [0, 0, 0, 1], [1, 1, 1, 1]]
    assert avg_at_k_per_task(attempts) == pytest.approx([0.75, 0.25, 1.0])
    assert avg_at_k(attempts) == pytest.approx(2.0 / 3.0)
    assert avg_at_k(attempts, k=2) == pytest.approx((0.5 + 0.0 + 1.0) / 3)  # first 2 attempts only


def test_avg_at_k_equals_pass_at_1_averaged() -> None:
    attempts = [[1, 0, 1], [0, 0, 0], [1, 1, 0]]
    counts = [sum(row) for row in attempts]
    assert avg_at_k(attempts, 3) == pytest.approx(mean_pass_at_k(3, counts, 1))


def test_avg_at_k_needs_k_attempts_per_task() -> None:
    with pytest.raises(ValueError, match="Avg@4"):
        avg_at_k([[1, 0, 1, 1], [1, 1]], k=4)
    with pytest.raises(ValueError):
        avg_at_k([[1, 2]])  # scores outside [0, 1]
    with pytest.raises(ValueError):
        avg_at_k([])


def test_exact_match() -> None:
    preds = ["42", " 7\n", "b", None]
    refs = ["42", "7", "B", "x"]
    assert exact_match_scores(preds, refs).tolist() == [1.0, 1.0, 0.0, 0.0]
    assert exact_match_accuracy(preds, refs) == 0.5
    assert exact_match_accuracy(preds, refs, normalize=lambda s: s.strip().lower()) == 0.75
    assert exact_match_accuracy(preds, refs, normalize=None) == 0.25
    with pytest.raises(ValueError):
        exact_match_accuracy(["a"], ["a", "b"])


# ---------------------------------------------------------------------------------------------
# Wilson score interval against Newcombe 1998 (Stat Med 17:857-872): the paper's worked examples
# 81/263, 15/148, 0/20, 1/29, 29/29 for the score method without continuity correction (method 3).


@pytest.mark.parametrize(
    "k,n,lower,upper",
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0000),
    ],
)
def test_wilson_matches_newcombe_1998(k: int, n: int, lower: float, upper: float) -> None:
    est = wilson_interval(k, n)
    assert est.lower == pytest.approx(lower, abs=5e-5)
    assert est.upper == pytest.approx(upper, abs=5e-5)
    assert est.value == pytest.approx(k / n)
    assert est.n == n and est.method == "Wilson 95%" and est.confidence == 0.95


def test_wilson_wider_at_99_and_rejects_bad_counts() -> None:
    assert wilson_interval(81, 263, confidence=0.99).half_width > wilson_interval(81, 263).half_width
    assert wilson_interval(81, 263, confidence=0.99).method == "Wilson 99%"
    for k, n in [(3, 2), (-1, 5), (0, 0)]:
        with pytest.raises(ValueError):
            wilson_interval(k, n)


# ---------------------------------------------------------------------------------------------
# CLT and clustered standard errors (Miller 2024)


def test_clt_hand_computed() -> None:
    # mean 0.75, sample variance 0.25, SE = sqrt(0.25 / 4) = 0.25
    est = clt_interval([0, 1, 1, 1])
    assert est.value == 0.75 and est.stderr == pytest.approx(0.25)
    assert est.lower == pytest.approx(0.75 - Z95 * 0.25)
    assert est.upper == 1.0  # 0.75 + 0.49 clipped to the score range
    assert z_value(0.95) == pytest.approx(Z95)


def test_clustered_equals_plain_with_singleton_clusters() -> None:
    rng = np.random.default_rng(3)
    scores = rng.random(57)
    clusters = [f"repo{i}" for i in range(57)]
    assert clustered_standard_error(scores, clusters) == pytest.approx(standard_error(scores), rel=1e-12)
    est = clustered_interval(scores, clusters, cluster_name="repo")
    plain = clt_interval(scores)
    assert est.stderr == pytest.approx(plain.stderr, rel=1e-12)
    # the same SE, with the t(56) quantile 2.003241 (scipy.stats.t.ppf(0.975, 56)) in place of z
    assert est.half_width == pytest.approx(plain.half_width * 2.003240718847872 / Z95, rel=1e-9)
    assert est.method == "CLT 95%, SE clustered by repo, t(56 df)"


def test_clustered_hand_computed() -> None:
    # scores 1,1 in repo x and 0,0 in repo y: residuals +-0.5, SE_CLT^2 = 1 / (4 * 3) = 1/12;
    # cross terms: cluster x 2 * 0.25, cluster y 2 * 0.25 -> 1, divided by n^2 = 16.
    se = clustered_standard_error([1, 1, 0, 0], ["x", "x", "y", "y"])
    assert se == pytest.approx(math.sqrt(1 / 12 + 1 / 16))
    # perfectly mixed clusters: negative within-cluster covariance shrinks the SE
    assert clustered_standard_error([1, 0, 1, 0], ["x", "x", "y", "y"]) < standard_error([1, 0, 1, 0])


def test_clustered_needs_two_clusters_and_matching_length() -> None:
    with pytest.raises(ValueError, match="2 clusters"):
        clustered_standard_error([1, 0, 1], ["a", "a", "a"])
    with pytest.raises(ValueError):
        clustered_standard_error([1, 0, 1], ["a", "b"])


# ---------------------------------------------------------------------------------------------
# percentile bootstrap


def test_bootstrap_is_seeded_and_labelled() -> None:
    scores = np.random.default_rng(0).integers(0, 2, size=120)
    first = bootstrap_interval(scores)
    assert first == bootstrap_interval(scores)
    assert first.method == "bootstrap 95% (10,000 resamples, seed 0)"
    other = bootstrap_interval(scores, seed=1)
    assert other.method.endswith("seed 1)")
    assert (other.lower, other.upper) != (first.lower, first.upper)
    assert first.lower < first.value < first.upper
    # the bootstrap SE of a proportion is close to sqrt(p(1-p)/n)
    p = scores.mean()
    assert first.stderr == pytest.approx(math.sqrt(p * (1 - p) / 120), rel=0.05)


def test_bootstrap_covers_true_rate_about_95_percent() -> None:
    rng = np.random.default_rng(2024)
    true_rate, n_tasks, runs = 0.3, 100, 400
    covered = 0
    for run in range(runs):
        scores = (rng.random(n_tasks) < true_rate).astype(float)
        est = bootstrap_interval(scores, n_resamples=1000, seed=run)
        covered += est.lower <= true_rate <= est.upper
    assert 0.91 <= covered / runs <= 0.98


def test_bootstrap_coverage_exact_over_the_binomial() -> None:
    # Coverage without simulation noise: weight each possible success count k of Bin(100, 0.3) by
    # its probability and add up where the (seeded) interval holds 0.3. Percentile bootstrap ~ 0.95.
    from scipy.stats import binom

    coverage = 0.0
    for k in range(1, 100):
        scores = np.r_[np.ones(k), np.zeros(100 - k)]
        if bootstrap_interval(scores, n_resamples=1000, seed=k).contains(0.3):
            coverage += float(binom.pmf(k, 100, 0.3))
    assert 0.93 <= coverage <= 0.97


def test_cluster_bootstrap_is_wider_when_clusters_move_together() -> None:
    rng = np.random.default_rng(7)
    repo_skill = rng.random(20)  # 20 repositories, 15 tasks each, success driven by the repository
    clusters = np.repeat(np.arange(20), 15)
    scores = (rng.random(300) < repo_skill[clusters]).astype(float)
    iid = bootstrap_interval(scores, n_resamples=2000)
    clustered = bootstrap_interval(scores, n_resamples=2000, clusters=clusters.tolist(), cluster_name="repo")
    assert clustered.half_width > 1.5 * iid.half_width
    assert clustered.method.endswith("clustered by repo)")
    assert clustered.stderr == pytest.approx(clustered_standard_error(scores, clusters.tolist()), rel=0.15)


# ---------------------------------------------------------------------------------------------
# dispatcher and result type


def test_estimate_mean_dispatch() -> None:
    assert estimate_mean([1, 0, 1, 1]).method == "Wilson 95%"
    assert estimate_mean([0.5, 0.25, 1.0]).method.startswith("bootstrap 95%")
    assert "clustered by repo" in estimate_mean([1, 0, 1, 1], clusters=list("aabb"), cluster_name="repo").method
    assert estimate_mean([1, 0, 1, 1], method="clt").method == "CLT normal 95%"
    with pytest.raises(ValueError):
        estimate_mean([0.5, 1.0], method="wilson")
    with pytest.raises(ValueError):
        estimate_mean([0.5, 1.0], method="nope")  # type: ignore[arg-type]


def test_estimate_is_frozen_and_serialisable() -> None:
    est = wilson_interval(15, 148)
    with pytest.raises(dataclasses.FrozenInstanceError):
        est.value = 0.5  # type: ignore[misc]
    d = est.to_dict()
    assert set(d) == {"value", "lower", "upper", "n", "method", "confidence", "stderr"}
    assert Estimate(**d) == est
    assert est.contains(0.1) and not est.contains(0.2)
    assert "Wilson 95%" in str(est)


@pytest.mark.parametrize("bad", [[], [0.5, float("nan")], [1.2, 0.0], [[0.1, 0.2]]])
def test_intervals_reject_bad_scores(bad: list) -> None:
    with pytest.raises(ValueError):
        clt_interval(bad)


# ---------------------------------------------------------------------------------------------
# Clopper-Pearson, and what stands in where a method does not apply (never a [0, 0] interval)


@pytest.mark.parametrize("value", [0.0, 1.0])
def test_all_zero_or_all_one_scores_never_give_a_zero_width_interval(value: float) -> None:
    scores = np.full(26, value)
    repos = [f"repo{i % 19}" for i in range(26)]
    every = [
        ("CLT n/a", clt_interval(scores)),
        ("bootstrap n/a", bootstrap_interval(scores)),
        ("bootstrap n/a", bootstrap_interval(scores, clusters=repos, cluster_name="repository")),
        ("clustered by repository n/a", clustered_interval(scores, repos, cluster_name="repository")),
    ]
    exact = clopper_pearson_interval(int(scores.sum()), 26)
    assert exact.upper - exact.lower == pytest.approx(1 - 0.025 ** (1 / 26))  # 0.1322 wide
    for why, est in every:
        assert not est.degenerate and est.half_width > 0.06, est.method
        assert (est.lower, est.upper) == (exact.lower, exact.upper), est.method
        assert est.method == f"Clopper-Pearson exact 95% ({why}: every score is {value:g})"
    assert wilson_interval(int(scores.sum()), 26).half_width > 0.06


def test_a_constant_non_binary_sample_says_it_has_no_interval() -> None:
    est = bootstrap_interval([0.5, 0.5, 0.5])
    assert est.degenerate and est.value == 0.5
    assert est.method == "no interval (bootstrap n/a: every score is 0.5)"


def test_too_few_clusters_fall_back_to_the_exact_interval() -> None:
    scores = [1, 0, 0, 1, 0, 0, 0, 1]
    est = clustered_interval(scores, list("aabbccdd"), cluster_name="repository")
    exact = clopper_pearson_interval(3, 8)
    assert (est.lower, est.upper) == (exact.lower, exact.upper)
    assert est.method == ("Clopper-Pearson exact 95% (clustered by repository n/a: 4 clusters, "
                          "fewer than 10; clustering ignored)")
    assert MIN_CLUSTERS == 10


def test_clustered_interval_uses_t_with_clusters_minus_one_df() -> None:
    rng = np.random.default_rng(12)
    scores = (rng.random(40) < 0.4).astype(float)
    clusters = [i % 19 for i in range(40)]
    est = clustered_interval(scores, clusters, cluster_name="repository")
    se = clustered_standard_error(scores, clusters)
    # t(18 df) two-sided 95%: 2.100922 (scipy.stats.t.ppf(0.975, 18))
    assert t_value(0.95, 18) == pytest.approx(2.1009220402410382, rel=1e-12)
    assert est.lower == pytest.approx(max(0.0, scores.mean() - 2.1009220402410382 * se), rel=1e-12)
    assert est.method == "CLT 95%, SE clustered by repository, t(18 df)"

