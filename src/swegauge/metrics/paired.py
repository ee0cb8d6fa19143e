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
"""

from __future__ import annotations

import math
import operator
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from swegauge.metrics.estimators import (
    Estimate,
    FloatArray,
    _as_values,
    _bootstrap_estimate,
    _check_level,
    _interval,
    clustered_standard_error,
    confidence_label,
    standard_error,
    z_value,
)

MCNEMAR_METHOD = "McNemar exact (two-sided binomial on discordant pairs)"


@dataclass(frozen=True)
class McNemarResult:
    """McNemar's exact test: `b` tasks only A solved, `c` tasks only B solved."""

    b: int
    c: int
    p_value: float
    """Exact conditional two-sided p: binomial test of b out of b + c at 1/2."""
    mid_p_value: float
    """Mid-p version (exact p minus the point probability of the observed split; Fagerland 2013)."""
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
    p = float(stats.binomtest(b, n, 0.5, alternative="two-sided").pvalue)
    point = float(stats.binom.pmf(min(b, c), n, 0.5))
    mid_p = 1.0 - 0.5 * point if b == c else p - point
    return McNemarResult(b, c, min(1.0, p), min(1.0, mid_p))


def _paired(scores_a: ArrayLike, scores_b: ArrayLike) -> tuple[FloatArray, FloatArray]:
    a = _as_values(scores_a, "scores_a")
    b = _as_values(scores_b, "scores_b")
    if a.size != b.size:
        raise ValueError(f"paired scores need the same tasks: {a.size} vs {b.size} scores")
    return a, b


def _is_binary(x: FloatArray) -> bool:
    return bool(np.all((x == 0.0) | (x == 1.0)))


def discordant_counts(scores_a: ArrayLike, scores_b: ArrayLike) -> tuple[int, int]:
    """(b, c) = (#tasks A solved and B did not, #tasks B solved and A did not); scores must be 0/1."""
    a, b = _paired(scores_a, scores_b)
    if not (_is_binary(a) and _is_binary(b)):
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

    With `clusters` the SE of the differences is clustered (Miller 2024, sec. 2.2). Clipped to [-1, 1].
    """
    a, b = _paired(scores_a, scores_b)
    d = a - b
    if clusters is None:
        se = standard_error(d)
        method = f"paired CLT {confidence_label(confidence)}"
    else:
        se = clustered_standard_error(d, clusters)
        method = f"paired CLT {confidence_label(confidence)}, SE clustered by {cluster_name}"
    value = float(d.mean())
    lo, hi = _interval(value, se, confidence, (-1.0, 1.0))
    return Estimate(value, lo, hi, int(d.size), method, confidence, se)


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
    est = _bootstrap_estimate(
        a - b, clusters, confidence=confidence, n_resamples=n_resamples, seed=seed, cluster_name=cluster_name
    )
    return replace(est, method=f"paired {est.method}")


def _check_power_args(var_diff: float, power: float, alpha: float) -> float:
    _check_level(power, "power")
    _check_level(alpha, "alpha")
    if not (math.isfinite(var_diff) and var_diff >= 0.0):
        raise ValueError(f"var_diff must be finite and >= 0, got {var_diff!r}")
    return z_value(1.0 - alpha) + float(stats.norm.ppf(power))


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

    The interval is the paired bootstrap; the p-value is McNemar's exact test when every score is
    0/1 and tasks are not clustered, otherwise a two-sided z-test on the paired (clustered) CLT SE.
    A winner is named only when the test rejects at 1 - confidence and the interval excludes 0.
    """
    a, b = _paired(scores_a, scores_b)
    boot = paired_bootstrap_interval(
        a, b, confidence=confidence, n_resamples=n_resamples, seed=seed,
        clusters=clusters, cluster_name=cluster_name,
    )
    clt = paired_clt_interval(a, b, confidence=confidence, clusters=clusters, cluster_name=cluster_name)
    mcnemar: McNemarResult | None = None
    if clusters is None and _is_binary(a) and _is_binary(b):
        mcnemar = mcnemar_exact(*discordant_counts(a, b))
        p_value, test = mcnemar.p_value, MCNEMAR_METHOD
    else:
        se = clt.stderr or 0.0
        if se > 0.0:
            p_value = float(2.0 * stats.norm.sf(abs(clt.value) / se))
        else:
            p_value = 1.0 if clt.value == 0.0 else 0.0
        test = f"two-sided z-test on the {clt.method} SE"
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
