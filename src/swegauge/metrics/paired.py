"""Paired comparison of two runs on the same tasks, and sample-size planning. Pure functions, no I/O.

Two runs scored on shared tasks give per-task pairs (a_i, b_i) in [0, 1]. Pairing removes the task
difficulty that both runs share, so the difference d_i = a_i - b_i is measured far more precisely than
the two means separately (Miller 2024, sec. 4).

References
- Miller 2024, "Adding Error Bars to Evals" (arXiv:2411.00640): sec. 4, paired differences and their
  standard error sqrt(var(d)/n); sec. 5, power analysis n = (z_{1-alpha/2} + z_power)^2 var(d) / delta^2.
- McNemar 1947, "Note on the sampling error of the difference between correlated proportions or
  percentages", Psychometrika 12:153-157; exact conditional form and mid-p: Fagerland, Lydersen & Laake
  2013, "The McNemar test for binary matched-pairs data", BMC Med Res Methodol 13:91.
- Efron & Tibshirani 1993, "An Introduction to the Bootstrap": the paired (task-resampling) bootstrap.
- Cameron & Miller 2015, "A Practitioner's Guide to Cluster-Robust Inference", J Human Resources
  50:317-372, sec. VI: clustered tests use t(G - 1); with few clusters they over-reject (see MIN_CLUSTERS).

Where a method does not apply it says so and an exact method stands in: when every task has the same
difference (e.g. both runs solve nothing) neither the bootstrap nor the CLT has any spread, and 0/1 runs
get the exact interval `exact_difference_interval`; tests on clustered differences need MIN_CLUSTERS
clusters, below that McNemar's exact test (0/1 scores) or the unclustered paired t-test decides.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from swegauge.metrics._scipy import stats as _stats
from swegauge.metrics.estimators import (
    MIN_CLUSTERS,
    Estimate,
    FloatArray,
    _as_values,
    _bootstrap_estimate,
    _check_level,
    _cluster_codes,
    _constant,
    _interval,
    is_binary,
    clustered_standard_error,
    confidence_label,
    standard_error,
    z_value,
)
from swegauge.metrics.proportions import union_bound_difference

MCNEMAR_METHOD = "McNemar exact (two-sided binomial on discordant pairs)"


@dataclass(frozen=True)
class McNemarResult:
    """McNemar's exact test: `b` tasks only A solved, `c` tasks only B solved."""

    b: int
    c: int
    p_value: float
    """Exact conditional two-sided p: binomial test of b out of b + c at 1/2."""
    mid_p_value: float
    """Mid-p (Fagerland 2013): 2 * P(X <= min(b, c)) - P(X = min(b, c)), X ~ Bin(b + c, 1/2): the exact
    two-sided p (before it is capped at 1) minus the point probability; exactly 1 when b = c."""
    method: str = MCNEMAR_METHOD


def mcnemar_exact(b: int, c: int) -> McNemarResult:
    """McNemar's exact test from the discordant counts b (A right, B wrong) and c (A wrong, B right).

    Under "no difference" each discordant task is a fair coin, so b ~ Binomial(b + c, 1/2).
    With no discordant tasks there is no evidence either way and both p-values are 1.
    """
    b, c = operator.index(b), operator.index(c)
    if b < 0 or c < 0:
        raise ValueError(f"discordant counts must be >= 0, got b={b}, c={c}")
    n = b + c
    if n == 0:
        return McNemarResult(b, c, 1.0, 1.0)
    low = min(b, c)
    p = float(_stats().binomtest(b, n, 0.5, alternative="two-sided").pvalue)
    point = float(_stats().binom.pmf(low, n, 0.5))
    # 2 * P(X <= low) - P(X = low); at b = c the two tails overlap in the middle term and this is 1
    mid_p = 1.0 if b == c else 2.0 * float(_stats().binom.cdf(low, n, 0.5)) - point
    return McNemarResult(b, c, min(1.0, p), min(1.0, mid_p))


def _paired(scores_a: ArrayLike, scores_b: ArrayLike) -> tuple[FloatArray, FloatArray]:
    a = _as_values(scores_a, "scores_a")
    b = _as_values(scores_b, "scores_b")
    if a.size != b.size:
        raise ValueError(f"paired scores need the same tasks: {a.size} vs {b.size} scores")
    return a, b


def discordant_counts(scores_a: ArrayLike, scores_b: ArrayLike) -> tuple[int, int]:
    """(b, c) = (#tasks A solved and B did not, #tasks B solved and A did not); scores must be 0/1."""
    a, b = _paired(scores_a, scores_b)
    if not (is_binary(a) and is_binary(b)):
        raise ValueError("discordant counts need 0/1 scores")
    return int(np.sum((a == 1.0) & (b == 0.0))), int(np.sum((a == 0.0) & (b == 1.0)))


def paired_clt_interval(
    scores_a: ArrayLike,
    scores_b: ArrayLike,
    *,
    confidence: float = 0.95,
    clusters: Sequence[Hashable] | None = None,
    cluster_name: str = "cluster",
) -> Estimate:
    """Mean difference A - B with the paired CLT interval, SE = sqrt(var(d)/n) (Miller 2024, sec. 4).

    With `clusters` (G of them) the SE of the differences is clustered (Miller 2024, sec. 2.2) and the
    quantile is t(G - 1); with fewer than MIN_CLUSTERS clusters the clustered SE is not used (the method
    says so) and the interval is the plain paired one. Every task with the same difference: no spread,
    the exact stand-in (see `paired_not_applicable`). Clipped to [-1, 1].
    """
    a, b = _paired(scores_a, scores_b)
    d = a - b
    label = f"paired CLT {confidence_label(confidence)}"
    constant = _constant(d)
    if constant:
        return paired_not_applicable(a, b, confidence, f"{label} n/a: {constant.replace('score', 'difference')}")
    df, note = None, ""
    if clusters is not None:
        n_clusters = _cluster_codes(clusters, d.size)[1]
        if n_clusters >= MIN_CLUSTERS:
            se, df = clustered_standard_error(d, clusters), n_clusters - 1
            label += f", SE clustered by {cluster_name}, t({df} df)"
        else:
            note = (f" (clustered by {cluster_name} n/a: {n_clusters} clusters, fewer than {MIN_CLUSTERS}; "
                    "clustering ignored)")
    if df is None:
        se = standard_error(d)
    value = float(d.mean())
    lo, hi = _interval(value, se, confidence, (-1.0, 1.0), df=df)
    return Estimate(value, lo, hi, int(d.size), label + note, confidence, se)


def exact_difference_interval(b: int, c: int, n: int, *, confidence: float = 0.95) -> Estimate:
    """An exact (conservative) interval for the paired difference p_b - p_c of n 0/1 pairs, where b pairs
    only A solved and c only B solved: each cell's Clopper-Pearson interval at level 1 - alpha/2, combined
    by the union (Bonferroni) bound, [lower_b - upper_c, upper_b - lower_c], so it covers with probability
    at least 1 - alpha. With b = c = 0 of 26 tasks at 95% it is about +-0.155: agreeing on 26 tasks does not
    show the runs are the same to within less."""
    b, c, n = operator.index(b), operator.index(c), operator.index(n)
    if n < 1 or b < 0 or c < 0 or b + c > n:
        raise ValueError(f"need n >= 1 and b, c >= 0 with b + c <= n, got b={b}, c={c}, n={n}")
    _check_level(confidence, "confidence")
    lo, hi = union_bound_difference(b, n, c, n, confidence=confidence)
    method = f"exact paired {confidence_label(confidence)} (Clopper-Pearson per discordant cell, union bound)"
    return Estimate((b - c) / n, lo, hi, n, method, confidence, None)


def paired_not_applicable(a: FloatArray, b: FloatArray, confidence: float, why: str) -> Estimate:
    """The stand-in when every task has the same difference: the exact interval for 0/1 runs, else none."""
    if is_binary(a) and is_binary(b):
        est = exact_difference_interval(*discordant_counts(a, b), int(a.size), confidence=confidence)
        return replace(est, method=f"{est.method}; {why}")
    value = float((a - b).mean())
    return Estimate(value, value, value, int(a.size), f"no interval ({why})", confidence, None)


def paired_bootstrap_interval(
    scores_a: ArrayLike,
    scores_b: ArrayLike,
    *,
    confidence: float = 0.95,
    n_resamples: int = 10_000,
    seed: int = 0,
    clusters: Sequence[Hashable] | None = None,
    cluster_name: str = "cluster",
) -> Estimate:
    """Mean difference A - B with a seeded percentile bootstrap that resamples whole tasks (pairs),
    or whole clusters of tasks when `clusters` is given."""
    a, b = _paired(scores_a, scores_b)
    if a.size < 2:
        raise ValueError("a paired bootstrap needs at least 2 tasks")
    constant = _constant(a - b)
    if constant:
        why = f"paired bootstrap {confidence_label(confidence)} n/a: {constant.replace('score', 'difference')}"
        return paired_not_applicable(a, b, confidence, why)
    est = _bootstrap_estimate(
        a - b, clusters, confidence=confidence, n_resamples=n_resamples, seed=seed, cluster_name=cluster_name
    )
    return replace(est, method=f"paired {est.method}")


def paired_test(scores_a: ArrayLike, scores_b: ArrayLike, *, clusters: Sequence[Hashable] | None = None,
                cluster_name: str = "cluster") -> tuple[float, str, McNemarResult | None]:
    """(two-sided p of "A and B score the same", which test, the McNemar result when it was McNemar).

    - 0/1 scores, unclustered or with fewer than MIN_CLUSTERS clusters: McNemar's exact test (it needs
      no large-sample assumption; with few clusters it treats tasks as independent, and says so).
    - clustered with G >= MIN_CLUSTERS clusters: t = mean(d) / clustered SE against t(G - 1)
      (Cameron & Miller 2015, sec. VI), not the normal, which over-rejects with few clusters.
    - otherwise: the paired t-test, t = mean(d) / SE against t(n - 1) (= scipy.stats.ttest_rel).
    - every task with the same difference: no variance to test with; a sign test (p = 2 / 2^n when the
      difference is not 0, else 1).
    """
    a, b = _paired(scores_a, scores_b)
    d = a - b
    n_clusters = _cluster_codes(clusters, d.size)[1] if clusters is not None else 0
    few = f" (clustered by {cluster_name} n/a: {n_clusters} clusters, fewer than {MIN_CLUSTERS}; clustering ignored)"
    if is_binary(a) and is_binary(b) and n_clusters < MIN_CLUSTERS:
        result = mcnemar_exact(*discordant_counts(a, b))
        return result.p_value, MCNEMAR_METHOD + (few if clusters is not None else ""), result
    if _constant(d):
        p = 1.0 if d[0] == 0.0 else min(1.0, 2.0 * 0.5 ** d.size)
        return p, "exact sign test (every task has the same difference: no variance for a t-test)", None
    if n_clusters >= MIN_CLUSTERS:
        se, df = clustered_standard_error(d, clusters), n_clusters - 1  # type: ignore[arg-type]
        test = f"two-sided t-test on the paired SE clustered by {cluster_name}, t({df} df)"
    else:
        se, df = standard_error(d), d.size - 1
        test = f"two-sided paired t-test, t({df} df)" + (few if clusters is not None else "")
    if se == 0.0:  # a clustered SE can vanish when clusters offset each other exactly
        return (1.0 if d.mean() == 0.0 else 0.0), test, None
    return float(2.0 * _stats().t.sf(abs(float(d.mean())) / se, df)), test, None


def _check_power_args(var_diff: float, power: float, alpha: float) -> float:
    _check_level(power, "power")
    _check_level(alpha, "alpha")
    if not (math.isfinite(var_diff) and var_diff >= 0.0):
        raise ValueError(f"var_diff must be finite and >= 0, got {var_diff!r}")
    return z_value(1.0 - alpha) + float(_stats().norm.ppf(power))


def tasks_needed(delta: float, var_diff: float, *, power: float = 0.8, alpha: float = 0.05) -> int:
    """Tasks needed to detect a true difference `delta` (as a fraction: 0.03 = 3 points) with a
    two-sided paired test at level `alpha` and the given power (Miller 2024, sec. 5):

        n = (z_{1-alpha/2} + z_{power})^2 * var(d) / delta^2, rounded up (at least 1),

    where var(d) is the variance of the per-task differences a_i - b_i, e.g. from a pilot run.
    """
    z_sum = _check_power_args(var_diff, power, alpha)
    if not (math.isfinite(delta) and delta > 0.0):
        raise ValueError(f"delta must be a positive difference, got {delta!r}")
    n = z_sum**2 * var_diff / delta**2
    return max(1, math.ceil(round(n, 9)))


def minimum_detectable_effect(
    n: int, var_diff: float, *, power: float = 0.8, alpha: float = 0.05
) -> float:
    """Smallest true difference that `n` paired tasks detect with the given power at level alpha:
    (z_{1-alpha/2} + z_{power}) * sqrt(var(d) / n), the inverse of `tasks_needed`."""
    z_sum = _check_power_args(var_diff, power, alpha)
    n = operator.index(n)
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    return z_sum * math.sqrt(var_diff / n)


@dataclass(frozen=True)
class PairedComparison:
    """Everything a report says about "is A better than B on these tasks"."""

    name_a: str
    name_b: str
    n: int
    mean_a: float
    mean_b: float
    difference: Estimate
    """Mean of a_i - b_i with the paired bootstrap interval."""
    clt: Estimate
    """Mean of a_i - b_i with the paired (optionally clustered) CLT interval."""
    p_value: float
    test: str
    """Which test gave `p_value`: McNemar exact for 0/1 scores without clusters, else a z-test."""
    mcnemar: McNemarResult | None
    significant: bool
    """True when p < 1 - confidence and the bootstrap interval excludes 0."""
    power: float
    min_detectable_effect: float
    """Difference detectable at `power` with these n tasks and this variance (fraction, not points)."""
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _format_p(p: float) -> str:
    return "p<0.001" if p < 0.001 else f"p={p:.3f}"


def _summary(cmp: PairedComparison) -> str:
    pct = confidence_label(cmp.difference.confidence)
    d, lo, hi = (100.0 * x for x in (cmp.difference.value, cmp.difference.lower, cmp.difference.upper))
    tail = f"{_format_p(cmp.p_value)}, n={cmp.n} tasks"
    if cmp.significant:
        if d > 0:
            return f"{cmp.name_a} beats {cmp.name_b} by {d:.1f} points ({pct} CI {lo:.1f}..{hi:.1f}, {tail})"
        return f"{cmp.name_b} beats {cmp.name_a} by {-d:.1f} points ({pct} CI {-hi:.1f}..{-lo:.1f}, {tail})"
    text = (
        f"no detectable difference between {cmp.name_a} and {cmp.name_b} at this sample size "
        f"({cmp.name_a} - {cmp.name_b} = {d:+.1f} points, {pct} CI {lo:+.1f}..{hi:+.1f}, {tail}"
    )
    if cmp.min_detectable_effect > 0.0:
        text += (
            f"; {cmp.n} tasks detect a true difference of about "
            f"{100.0 * cmp.min_detectable_effect:.1f} points with {cmp.power:.0%} power"
        )
    return text + ")"


def compare_paired(
    scores_a: ArrayLike,
    scores_b: ArrayLike,
    *,
    name_a: str = "A",
    name_b: str = "B",
    confidence: float = 0.95,
    n_resamples: int = 10_000,
    seed: int = 0,
    power: float = 0.8,
    clusters: Sequence[Hashable] | None = None,
    cluster_name: str = "cluster",
) -> PairedComparison:
    """Compare run A with run B on shared tasks (scores aligned by task, each in [0, 1]).

    The interval is the paired bootstrap; the p-value comes from `paired_test`. A winner is named only
    when the test rejects at 1 - confidence and the interval excludes 0.
    """
    a, b = _paired(scores_a, scores_b)
    boot = paired_bootstrap_interval(
        a, b, confidence=confidence, n_resamples=n_resamples, seed=seed,
        clusters=clusters, cluster_name=cluster_name,
    )
    clt = paired_clt_interval(a, b, confidence=confidence, clusters=clusters, cluster_name=cluster_name)
    p_value, test, mcnemar = paired_test(a, b, clusters=clusters, cluster_name=cluster_name)
    alpha = 1.0 - confidence
    excludes_zero = boot.lower > 0.0 or boot.upper < 0.0
    var_eff = a.size * (clt.stderr or 0.0) ** 2  # var(d), or its clustered equivalent
    mde = minimum_detectable_effect(int(a.size), var_eff, power=power, alpha=alpha)
    partial = PairedComparison(
        name_a=name_a, name_b=name_b, n=int(a.size), mean_a=float(a.mean()), mean_b=float(b.mean()),
        difference=boot, clt=clt, p_value=p_value, test=test, mcnemar=mcnemar,
        significant=bool(p_value < alpha and excludes_zero), power=power,
        min_detectable_effect=mde, summary="",
    )
    return replace(partial, summary=_summary(partial))
