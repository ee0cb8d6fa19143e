"""Point estimators and confidence intervals for eval scores. Pure functions, no I/O.

Scores are per-task numbers in [0, 1] (a 0/1 verdict, a pass@k value, an Avg@k value). Every interval
comes back as an `Estimate` that says how it was made (`method`), so a report can print it verbatim.

References
- Chen et al. 2021, "Evaluating Large Language Models Trained on Code" (arXiv:2107.03374), sec. 2.1:
  the unbiased pass@k estimator and its numerically stable product form.
- Kimi Team 2025, "Kimi K2: Open Agentic Intelligence" (arXiv:2507.20534), evaluation settings:
  Avg@k, repeated sampling k times and averaging the results.
- Miller 2024, "Adding Error Bars to Evals: A Statistical Approach to Language Model Evaluations"
  (arXiv:2411.00640), sec. 2: CLT standard error and the clustered standard error.
- Wilson 1927, "Probable Inference, the Law of Succession, and Statistical Inference", JASA 22:209-212;
  Newcombe 1998, "Two-sided confidence intervals for the single proportion", Stat Med 17:857-872.
- Clopper & Pearson 1934, "The use of confidence or fiducial limits illustrated in the case of the
  binomial", Biometrika 26:404-413: the exact interval, Beta quantiles.
- Efron & Tibshirani 1993, "An Introduction to the Bootstrap", ch. 13: the percentile interval.
- Cameron & Miller 2015, "A Practitioner's Guide to Cluster-Robust Inference", J Human Resources
  50:317-372, sec. VI: with G clusters use t(G - 1) critical values; with few clusters even that over-rejects.

Where a method does not apply it says so and an exact method stands in (never a [0, 0] interval that only
means "no spread was seen"): a constant sample gives the percentile bootstrap and the CLT no spread, so
0/1 scores get the Clopper-Pearson interval; a clustered interval needs MIN_CLUSTERS clusters. The
method string of the returned Estimate names what was computed and why (e.g. "Clopper-Pearson exact
95% (bootstrap n/a: every score is 0)"); a non-0/1 constant sample has no exact interval and is marked
`degenerate`.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Hashable, Sequence
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from swegauge.metrics.proportions import (
    MIN_CLUSTERS,
    Estimate,
    FloatArray,
    _as_values,
    _check_level,
    _cluster_codes,
    _constant,
    _interval,
    clopper_pearson_interval,
    confidence_label,
    is_binary,
    not_applicable,
    t_value,
    union_bound_difference,
    wilson_interval,
    z_value,
)

__all__ = [
    "MIN_CLUSTERS", "Estimate", "FloatArray", "avg_at_k", "avg_at_k_per_task", "bootstrap_interval",
    "clopper_pearson_interval", "clt_interval", "clustered_interval", "clustered_standard_error",
    "confidence_label", "estimate_mean", "exact_match_accuracy", "exact_match_scores", "is_binary",
    "mean_pass_at_k", "not_applicable", "pass_at_k", "pass_at_k_per_task", "standard_error", "t_value",
    "unpaired_difference_interval", "wilson_interval", "z_value",
]

# ---------------------------------------------------------------------------------------------
# point estimators


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one task with `n` samples of which `c` are correct (Chen et al. 2021).

    pass@k = 1 - C(n-c, k) / C(n, k), computed as 1 - prod_{i=n-c+1}^{n} (1 - k/i), which avoids
    huge binomial coefficients. Equals 1.0 whenever n - c < k (every k-subset holds a correct one).
    """
    n, c, k = operator.index(n), operator.index(c), operator.index(k)
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    if not 0 <= c <= n:
        raise ValueError(f"need 0 <= c <= n, got c={c}, n={n}")
    if n < k:
        raise ValueError(f"pass@{k} needs at least k={k} samples, got n={n}")
    if n - c < k:
        return 1.0
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1, dtype=np.float64)))


def pass_at_k_per_task(n: ArrayLike, c: ArrayLike, k: int) -> FloatArray:
    """pass@k of each task; `n` may be one number for all tasks or one per task."""
    cs = np.atleast_1d(np.asarray(c))
    ns = np.broadcast_to(np.atleast_1d(np.asarray(n)), cs.shape)
    if cs.ndim != 1 or cs.size == 0:
        raise ValueError("c must be a non-empty one-dimensional sequence of counts")
    if not (np.issubdtype(cs.dtype, np.integer) and np.issubdtype(ns.dtype, np.integer)):
        raise ValueError("n and c must be integer counts")
    return np.array([pass_at_k(int(ni), int(ci), k) for ni, ci in zip(ns, cs)], dtype=np.float64)


def mean_pass_at_k(n: ArrayLike, c: ArrayLike, k: int) -> float:
    """pass@k of a suite: the mean over tasks of the per-task unbiased estimate (Chen et al. 2021)."""
    return float(pass_at_k_per_task(n, c, k).mean())


def avg_at_k_per_task(attempts: Sequence[Sequence[float]], k: int | None = None) -> FloatArray:
    """Mean success of each task over its first `k` attempts (all attempts when k is None).

    `attempts[i]` holds task i's per-attempt scores in [0, 1], in attempt order.
    """
    if len(attempts) == 0:
        raise ValueError("attempts must hold at least one task")
    if k is not None and operator.index(k) < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    out = np.empty(len(attempts), dtype=np.float64)
    for i, row in enumerate(attempts):
        arr = _as_values(row, f"attempts[{i}]")
        if k is not None and arr.size < k:
            raise ValueError(f"task {i} has {arr.size} attempt(s), Avg@{k} needs {k}")
        out[i] = arr[:k].mean()
    return out


def avg_at_k(attempts: Sequence[Sequence[float]], k: int | None = None) -> float:
    """Avg@k (Kimi K2 report): per-attempt success averaged over k attempts, then over tasks."""
    return float(avg_at_k_per_task(attempts, k).mean())


def _strip(s: str) -> str:
    return s.strip()


def exact_match_scores(
    predictions: Sequence[str | None],
    references: Sequence[str],
    *,
    normalize: Callable[[str], str] | None = _strip,
) -> FloatArray:
    """1.0 where prediction == reference after `normalize` (default: strip whitespace), else 0.0.

    A None prediction (no answer) scores 0.
    """
    if len(predictions) != len(references):
        raise ValueError(f"{len(predictions)} predictions for {len(references)} references")
    norm = normalize or (lambda s: s)
    return np.array(
        [float(p is not None and norm(p) == norm(r)) for p, r in zip(predictions, references)],
        dtype=np.float64,
    )


def exact_match_accuracy(
    predictions: Sequence[str | None],
    references: Sequence[str],
    *,
    normalize: Callable[[str], str] | None = _strip,
) -> float:
    """Share of exact matches (used for `choice` tasks, e.g. SWE-Lancer Manager proposal ids)."""
    scores = exact_match_scores(predictions, references, normalize=normalize)
    if scores.size == 0:
        raise ValueError("exact-match accuracy of zero items is undefined")
    return float(scores.mean())


# ---------------------------------------------------------------------------------------------
# standard errors and intervals


def standard_error(values: ArrayLike) -> float:
    """CLT standard error of the mean, sqrt(s^2 / n) with the n-1 sample variance (Miller 2024)."""
    arr = _as_values(values, "values", unit=False, min_n=2)
    return float(math.sqrt(arr.var(ddof=1) / arr.size))


def clustered_standard_error(values: ArrayLike, clusters: Sequence[Hashable]) -> float:
    """Standard error of the mean clustered by a group key (Miller 2024, sec. 2.2).

    SE_c^2 = SE_CLT^2 + (1/n^2) * sum_c sum_i sum_{j != i} (s_ic - mean)(s_jc - mean).
    With one item per cluster the double sum is empty and SE_c equals the CLT SE.
    """
    arr = _as_values(values, "values", unit=False, min_n=2)
    codes, n_clusters = _cluster_codes(clusters, arr.size)
    resid = arr - arr.mean()
    per_cluster = np.bincount(codes, weights=resid, minlength=n_clusters)
    cross = float(np.sum(per_cluster**2) - np.sum(resid**2))
    var = arr.var(ddof=1) / arr.size + cross / arr.size**2
    return float(math.sqrt(max(var, 0.0)))


def clt_interval(scores: ArrayLike, *, confidence: float = 0.95) -> Estimate:
    """Mean with the normal (CLT) interval mean +- z * SE, clipped to [0, 1] (Miller 2024, sec. 2.1).

    A constant sample has SE 0 and no CLT interval: the exact stand-in says so (see `not_applicable`)."""
    arr = _as_values(scores, min_n=2)
    constant = _constant(arr)
    if constant:
        return not_applicable(arr, confidence, f"CLT n/a: {constant}")
    se = standard_error(arr)
    value = float(arr.mean())
    lo, hi = _interval(value, se, confidence, (0.0, 1.0))
    method = f"CLT normal {confidence_label(confidence)}"
    return Estimate(value, lo, hi, int(arr.size), method, confidence, se)


def clustered_interval(
    scores: ArrayLike,
    clusters: Sequence[Hashable],
    *,
    confidence: float = 0.95,
    cluster_name: str = "cluster",
) -> Estimate:
    """Mean +- t(G - 1) * clustered SE, e.g. tasks clustered by repository (G clusters; Cameron & Miller
    2015, sec. VI). With fewer than MIN_CLUSTERS clusters, or a constant sample, the clustered interval
    does not apply and the exact stand-in says so (see `not_applicable`)."""
    arr = _as_values(scores, min_n=2)
    _, n_clusters = _cluster_codes(clusters, arr.size)
    constant = _constant(arr)
    if n_clusters < MIN_CLUSTERS or constant:
        why = constant or f"{n_clusters} clusters, fewer than {MIN_CLUSTERS}; clustering ignored"
        return not_applicable(arr, confidence, f"clustered by {cluster_name} n/a: {why}")
    se = clustered_standard_error(arr, clusters)
    value = float(arr.mean())
    lo, hi = _interval(value, se, confidence, (0.0, 1.0), df=n_clusters - 1)
    method = f"CLT {confidence_label(confidence)}, SE clustered by {cluster_name}, t({n_clusters - 1} df)"
    return Estimate(value, lo, hi, int(arr.size), method, confidence, se)


def _bootstrap_distribution(
    values: FloatArray,
    codes: NDArray[np.intp] | None,
    n_resamples: int,
    seed: int,
) -> FloatArray:
    """Means of `n_resamples` resamples drawn with replacement: of items, or of whole clusters.

    A cluster resample keeps each drawn cluster's items together; its mean is total / count.
    """
    if codes is None:
        sums, counts = values, np.ones_like(values)
    else:
        sums = np.bincount(codes, weights=values)
        counts = np.bincount(codes).astype(np.float64)
    rng = np.random.default_rng(seed)
    units = sums.size
    out = np.empty(n_resamples, dtype=np.float64)
    chunk = max(1, 2_000_000 // units)  # bound memory at ~16 MB of indices per step
    for start in range(0, n_resamples, chunk):
        m = min(chunk, n_resamples - start)
        idx = rng.integers(0, units, size=(m, units))
        out[start : start + m] = sums[idx].sum(axis=1) / counts[idx].sum(axis=1)
    return out


def _bootstrap_estimate(
    values: FloatArray,
    clusters: Sequence[Hashable] | None,
    *,
    confidence: float,
    n_resamples: int,
    seed: int,
    cluster_name: str,
) -> Estimate:
    _check_level(confidence, "confidence")
    if operator.index(n_resamples) < 100:
        raise ValueError(f"n_resamples must be >= 100, got {n_resamples}")
    codes = None if clusters is None else _cluster_codes(clusters, values.size)[0]
    constant = _constant(values)
    if constant:  # every resample has the same mean: a [x, x] "interval" would only say no spread was seen
        return not_applicable(values, confidence, f"bootstrap n/a: {constant}")
    boot = _bootstrap_distribution(values, codes, n_resamples, seed)
    alpha = 1.0 - confidence
    lo, hi = np.quantile(boot, [alpha / 2.0, 1.0 - alpha / 2.0])
    method = f"bootstrap {confidence_label(confidence)} ({n_resamples:,} resamples, seed {seed}"
    method += f", clustered by {cluster_name})" if clusters is not None else ")"
    se = float(boot.std(ddof=1))
    return Estimate(float(values.mean()), float(lo), float(hi), int(values.size), method, confidence, se)


def bootstrap_interval(
    scores: ArrayLike,
    *,
    confidence: float = 0.95,
    n_resamples: int = 10_000,
    seed: int = 0,
    clusters: Sequence[Hashable] | None = None,
    cluster_name: str = "cluster",
) -> Estimate:
    """Seeded percentile bootstrap interval of the mean (Efron & Tibshirani 1993, ch. 13).

    Resamples tasks with replacement (or whole clusters when `clusters` is given); the same seed
    gives the same interval. `stderr` is the standard deviation of the bootstrap means.
    """
    arr = _as_values(scores, min_n=2)
    return _bootstrap_estimate(
        arr, clusters, confidence=confidence, n_resamples=n_resamples, seed=seed, cluster_name=cluster_name
    )


IntervalMethod = Literal["auto", "wilson", "exact", "clt", "clustered", "bootstrap"]


def estimate_mean(
    scores: ArrayLike,
    *,
    method: IntervalMethod = "auto",
    clusters: Sequence[Hashable] | None = None,
    confidence: float = 0.95,
    n_resamples: int = 10_000,
    seed: int = 0,
    cluster_name: str = "cluster",
) -> Estimate:
    """Mean score with an interval. "auto": clustered CLT when `clusters` name 2+ groups, else
    Wilson when every score is 0 or 1, else the percentile bootstrap. "exact": Clopper-Pearson."""
    arr = _as_values(scores)
    binary = is_binary(arr)
    if method == "auto":
        if clusters is not None and len(set(clusters)) >= 2:
            method = "clustered"
        else:
            method = "wilson" if binary else "bootstrap"
    if method in ("wilson", "exact"):
        if not binary:
            raise ValueError(f"the {method} interval needs 0/1 scores")
        interval = wilson_interval if method == "wilson" else clopper_pearson_interval
        return interval(int(arr.sum()), int(arr.size), confidence=confidence)
    if method == "clt":
        return clt_interval(arr, confidence=confidence)
    if method == "clustered":
        if clusters is None:
            raise ValueError("method 'clustered' needs clusters")
        return clustered_interval(arr, clusters, confidence=confidence, cluster_name=cluster_name)
    if method == "bootstrap":
        return bootstrap_interval(
            arr, confidence=confidence, n_resamples=n_resamples, seed=seed,
            clusters=clusters, cluster_name=cluster_name,
        )
    raise ValueError(f"unknown interval method {method!r}")


def unpaired_difference_interval(scores_a: ArrayLike, scores_b: ArrayLike, *, confidence: float = 0.95) -> Estimate:
    """mean(A) - mean(B) of two independent groups of tasks, SE = sqrt(SE_a^2 + SE_b^2) (Miller 2024, sec. 3).

    When a group is constant (say every task before a cutoff failed), that group's SE is 0 and the CLT
    would claim its mean exactly: for 0/1 scores the exact stand-in is each group's Clopper-Pearson
    interval at level 1 - alpha/2 combined by the union bound, [lower_a - upper_b, upper_a - lower_b]."""
    a, b = _as_values(scores_a, "scores_a", min_n=2), _as_values(scores_b, "scores_b", min_n=2)
    value = float(a.mean() - b.mean())
    constant = _constant(a) or _constant(b)
    if constant and is_binary(a) and is_binary(b):
        lo, hi = union_bound_difference(int(a.sum()), int(a.size), int(b.sum()), int(b.size), confidence=confidence)
        method = (f"exact unpaired {confidence_label(confidence)} (Clopper-Pearson per group, union bound; "
                  f"CLT n/a: in one group {constant})")
        return Estimate(value, lo, hi, int(a.size + b.size), method, confidence, None)
    se = math.sqrt(standard_error(a) ** 2 + standard_error(b) ** 2)
    if se == 0.0:
        return Estimate(value, value, value, int(a.size + b.size),
                        f"no interval (CLT n/a: in each group {constant})", confidence, None)
    lo, hi = _interval(value, se, confidence, (-1.0, 1.0))
    return Estimate(value, lo, hi, int(a.size + b.size), f"unpaired CLT {confidence_label(confidence)}",
                    confidence, se)
