"""Number formatting shared by the terminal, JSON and HTML reports. Every interval names its method."""

from __future__ import annotations

from dataclasses import dataclass

from swegauge.metrics import Estimate
from swegauge.money import usd

__all__ = ["MeanStat", "bounds", "estimate_short", "estimate_text", "mean_text", "pct", "points", "seconds",
           "stand_in", "tokens", "usd"]


@dataclass(frozen=True)
class MeanStat:
    """A mean over tasks with its CLT standard error (None with fewer than 2 values)."""

    value: float
    stderr: float | None
    n: int
    method: str = "mean ± CLT SE"


def pct(x: float, digits: int = 1) -> str:
    return f"{100.0 * x:.{digits}f}%"


def points(x: float, digits: int = 1) -> str:
    return f"{100.0 * x:.{digits}f}"


def bounds(est: Estimate) -> str:
    """'38.1–57.9'; 'no interval' for a degenerate estimate (a constant sample no method bounds)."""
    return "no interval" if est.degenerate else f"{points(est.lower)}–{points(est.upper)}"


def estimate_short(est: Estimate | None, value: float | None = None) -> str:
    """'48.0% ± 9.8' (half-width of the interval, in points); '50.0%' when there is no interval."""
    if est is None:
        return "n/a" if value is None else pct(value)
    return pct(est.value) if est.degenerate else f"{pct(est.value)} ± {points(est.half_width)}"


def estimate_text(est: Estimate | None, value: float | None = None) -> str:
    """'48.0% ± 9.8 (Wilson 95%: 38.1–57.9)': the number, the half-width, the method and the bounds; an
    exact interval standing in for another says so in its method ('Clopper-Pearson exact 95% (bootstrap
    n/a: every score is 0): 0.0–13.2'), and a constant sample no method bounds prints '50.0% (no interval
    (bootstrap n/a: every score is 0.5))'."""
    if est is None:
        return "n/a" if value is None else f"{pct(value)} (no interval: too few tasks)"
    if est.degenerate:
        return f"{pct(est.value)} ({est.method})"
    return f"{estimate_short(est)} ({est.method}: {bounds(est)})"


def stand_in(est: Estimate | None) -> str | None:
    """Why an exact interval stands in for the one asked for ('bootstrap n/a: every score is 0'), or None."""
    if est is None or " n/a: " not in est.method:
        return None
    return est.method[est.method.index("(") + 1:].rstrip(")") if "(" in est.method else est.method


def seconds(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x < 1:
        return f"{1000 * x:.0f} ms"
    if x < 120:
        return f"{x:.1f} s"
    return f"{x / 60:.1f} min"


def tokens(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x >= 1e6:
        return f"{x / 1e6:.2f}M"
    if x >= 1e4:
        return f"{x / 1e3:.1f}k"
    return f"{x:,.0f}"


def mean_text(stat: MeanStat | None, unit: str = "usd") -> str:
    """'$0.0123 ± 0.0020 (mean ± CLT SE, n=8)'."""
    if stat is None:
        return "n/a"
    show = {"usd": usd, "seconds": seconds, "tokens": tokens}[unit]
    if stat.stderr is None:
        return f"{show(stat.value)} (n={stat.n})"
    err = "0" if stat.stderr == 0 else show(stat.stderr)
    return f"{show(stat.value)} ± {err} ({stat.method}, n={stat.n})"
