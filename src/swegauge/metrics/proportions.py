"""The Estimate type and the exact intervals for proportions every other interval falls back on.

`Estimate` is a number with its interval and the name of the method that made it. Wilson's score interval
(Wilson 1927; Newcombe 1998, method 3) and the Clopper-Pearson exact interval (Clopper & Pearson 1934)
are the proportion intervals; `not_applicable` is what stands in, and says why, when another method
(CLT, bootstrap, clustered) does not apply to a sample, so no report prints a [0, 0] interval that only
means "no spread was seen". References are listed in swegauge.metrics.estimators.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from swegauge.metrics._scipy import stats as _stats

FloatArray = NDArray[np.float64]

MIN_CLUSTERS = 10
"""Fewest clusters a clustered interval or test is computed from. The clustered variance is a sum over
clusters, so it rests on G independent units and has at most G - 1 degrees of freedom; Cameron & Miller
(2015, sec. VI) show that with few clusters it is biased down and tests over-reject even with t(G - 1)
critical values. Below 10 clusters (e.g. a suite drawn from 4 repositories) the clustered numbers would
claim a precision they do not have, so the exact, unclustered method is used and the note says so."""


@dataclass(frozen=True)
class Estimate:
    """A number with its uncertainty: `value` with a `confidence` interval [lower, upper]."""

    value: float
    lower: float
    upper: float
    n: int
    """How many scored units (tasks) went in."""
    method: str
    """Short human description, e.g. "Wilson 95%" or "bootstrap 95% (10,000 resamples, seed 0)"."""
    confidence: float = 0.95
    stderr: float | None = None

    @property
    def half_width(self) -> float:
        return (self.upper - self.lower) / 2.0

    def contains(self, x: float) -> bool:
        return self.lower <= x <= self.upper

    @property
    def degenerate(self) -> bool:
        """No interval: a constant sample for which no method gives one (the method string says why)."""
        return self.lower == self.upper

    def to_dict(self) -> dict[str, float | int | str | None]:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.value:.4f} ({self.method}: {self.lower:.4f}..{self.upper:.4f}, n={self.n})"


# ---------------------------------------------------------------------------------------------
# validation helpers


def z_value(confidence: float) -> float:
    """Two-sided normal quantile z_{1-(1-confidence)/2}, e.g. 1.95996... for 0.95."""
    _check_level(confidence, "confidence")
    return float(_stats().norm.ppf(0.5 + confidence / 2.0))


def confidence_label(confidence: float) -> str:
    """0.95 -> "95%", 0.999 -> "99.9%"."""
    return f"{confidence * 100:g}%"


def _check_level(x: float, name: str) -> None:
    if not (isinstance(x, (int, float)) and 0.0 < float(x) < 1.0):
        raise ValueError(f"{name} must be strictly between 0 and 1, got {x!r}")


def _as_values(values: ArrayLike, name: str = "scores", *, unit: bool = True, min_n: int = 1) -> FloatArray:
    """1-D finite float array of at least `min_n` items; in [0, 1] when `unit`."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.size < min_n:
        raise ValueError(f"{name} needs at least {min_n} item(s), got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    if unit and (arr.min() < 0.0 or arr.max() > 1.0):
        raise ValueError(f"{name} must lie in [0, 1]")
    return arr


def _cluster_codes(clusters: Sequence[Hashable], n: int) -> tuple[NDArray[np.intp], int]:
    """Map cluster keys (any hashables) to 0..G-1 codes in order of first appearance."""
    keys = list(clusters)
    if len(keys) != n:
        raise ValueError(f"clusters has {len(keys)} keys for {n} scores")
    index: dict[Hashable, int] = {}
    codes = np.fromiter((index.setdefault(k, len(index)) for k in keys), dtype=np.intp, count=n)
    if len(index) < 2:
        raise ValueError("clustered estimates need at least 2 clusters")
    return codes, len(index)


def t_value(confidence: float, df: int) -> float:
    """Two-sided Student t quantile t_{1-(1-confidence)/2, df}, e.g. 2.0930... for 0.95 and 19 df."""
    _check_level(confidence, "confidence")
    return float(_stats().t.ppf(0.5 + confidence / 2.0, df))


def _interval(value: float, se: float, confidence: float, bounds: tuple[float, float],
              df: int | None = None) -> tuple[float, float]:
    half = (z_value(confidence) if df is None else t_value(confidence, df)) * se
    return max(bounds[0], value - half), min(bounds[1], value + half)


def is_binary(scores: ArrayLike) -> bool:
    """The one 0/1-score check: every score is exactly 0.0 or 1.0 (verdicts, not pass@k or Avg@k values)."""
    arr = np.asarray(scores, dtype=np.float64)
    return bool(np.all((arr == 0.0) | (arr == 1.0)))




def _score_text(x: float) -> str:
    return f"{x:g}"


def not_applicable(arr: FloatArray, confidence: float, why: str) -> Estimate:
    """The stand-in when a method does not apply: Clopper-Pearson for 0/1 scores, else no interval.

    `why` is printed: "bootstrap n/a: every score is 0"."""
    if is_binary(arr):
        est = clopper_pearson_interval(int(arr.sum()), int(arr.size), confidence=confidence)
        return replace(est, method=f"{est.method} ({why})")
    value = float(arr.mean())
    return Estimate(value, value, value, int(arr.size), f"no interval ({why})", confidence, None)


def _constant(arr: FloatArray) -> str | None:
    """'every score is 0' when the sample is constant, else None."""
    return f"every score is {_score_text(float(arr[0]))}" if arr.size and np.all(arr == arr[0]) else None


def wilson_interval(successes: int, n: int, *, confidence: float = 0.95) -> Estimate:
    """Wilson score interval for a binomial proportion, no continuity correction (Wilson 1927).

    centre = (p + z^2/2n) / (1 + z^2/n),  half = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2).
    Newcombe 1998 (method 3) recommends it; it behaves at 0/n and n/n where the Wald interval fails.
    `stderr` is the plain binomial sqrt(p(1-p)/n).
    """
    successes, n = operator.index(successes), operator.index(n)
    if n < 1 or not 0 <= successes <= n:
        raise ValueError(f"need n >= 1 and 0 <= successes <= n, got {successes}/{n}")
    z = z_value(confidence)
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo = 0.0 if successes == 0 else max(0.0, centre - half)
    hi = 1.0 if successes == n else min(1.0, centre + half)
    se = math.sqrt(p * (1 - p) / n)
    return Estimate(p, lo, hi, n, f"Wilson {confidence_label(confidence)}", confidence, se)


def clopper_pearson_interval(successes: int, n: int, *, confidence: float = 0.95) -> Estimate:
    """Clopper-Pearson exact interval for a binomial proportion (Clopper & Pearson 1934).

    lower = Beta(a/2; k, n - k + 1) (0 when k = 0), upper = Beta(1 - a/2; k + 1, n - k) (1 when k = n),
    a = 1 - confidence. Coverage is at least `confidence` for every true rate (it is conservative).
    """
    successes, n = operator.index(successes), operator.index(n)
    if n < 1 or not 0 <= successes <= n:
        raise ValueError(f"need n >= 1 and 0 <= successes <= n, got {successes}/{n}")
    _check_level(confidence, "confidence")
    alpha = 1.0 - confidence
    lo = 0.0 if successes == 0 else float(_stats().beta.ppf(alpha / 2, successes, n - successes + 1))
    hi = 1.0 if successes == n else float(_stats().beta.ppf(1 - alpha / 2, successes + 1, n - successes))
    p = successes / n
    method = f"Clopper-Pearson exact {confidence_label(confidence)}"
    return Estimate(p, lo, hi, n, method, confidence, math.sqrt(p * (1 - p) / n))


def union_bound_difference(k_a: int, n_a: int, k_b: int, n_b: int, *, confidence: float) -> tuple[float, float]:
    """An exact (conservative) interval for p_a - p_b from k_a of n_a and k_b of n_b: each proportion's
    Clopper-Pearson interval at level 1 - alpha/2, combined by the union (Bonferroni) bound,
    [lower_a - upper_b, upper_a - lower_b], so it covers with probability at least `confidence` whatever
    the dependence between the two counts (it holds for paired cells as for independent groups)."""
    level = 1.0 - (1.0 - confidence) / 2.0
    a = clopper_pearson_interval(k_a, n_a, confidence=level)
    b = clopper_pearson_interval(k_b, n_b, confidence=level)
    return max(-1.0, a.lower - b.upper), min(1.0, a.upper - b.lower)
