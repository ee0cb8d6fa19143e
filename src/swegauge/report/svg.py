"""Inline SVG plots made in Python: no JavaScript, no external assets, readable without a network.

Each function returns one <svg> element as a string (escaped), sized by a viewBox so it scales with the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from swegauge.money import usd

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#7F7F7F", "#332288")
INK, GRID, MUTED = "#1f2933", "#e4e7eb", "#616e7c"
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif\""


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


@dataclass(frozen=True)
class Bar:
    """One value in [0, 1] with its interval (lower/upper may equal value when there is none)."""

    label: str
    value: float
    lower: float
    upper: float
    color: str
    note: str = ""
    """Shown after the value, e.g. "n=8"."""
    title: str = ""
    """Tooltip text: the method of the interval."""


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    bars: dict[str, Bar]
    """group key -> bar."""


@dataclass(frozen=True)
class Point:
    label: str
    x: float
    y: float
    lower: float
    upper: float
    color: str
    title: str = ""


def _text(x: float, y: float, s: str, *, size: int = 12, anchor: str = "start", fill: str = INK,
          weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}">{escape(s)}</text>')


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'role="img" aria-label="{escape(label)}" {FONT} class="plot">' + "".join(body) + "</svg>")


def _pct_axis(x0: float, x1: float, y0: float, y1: float, size: int = 11) -> list[str]:
    out = []
    for tick in (0, 25, 50, 75, 100):
        x = x0 + (x1 - x0) * tick / 100
        out.append(f'<line x1="{x:.1f}" y1="{y0:.1f}" x2="{x:.1f}" y2="{y1:.1f}" stroke="{GRID}"/>')
        out.append(_text(x, y1 + 6 + size, f"{tick}%", size=size, anchor="middle", fill=MUTED))
    return out


def _whisker(xl: float, xh: float, y: float, half: float, stroke: str) -> str:
    return (f'<path d="M{xl:.1f},{y - half:.1f}v{2 * half:.1f}M{xl:.1f},{y:.1f}H{xh:.1f}'
            f'M{xh:.1f},{y - half:.1f}v{2 * half:.1f}" stroke="{stroke}" stroke-width="1.6" fill="none"/>')


def _bar(b: Bar, x0: float, scale: float, y: float, h: float, *, size: int = 11) -> list[str]:
    w = max(0.0, b.value) * scale
    title = f"<title>{escape(b.title or b.label)}</title>"
    out = [f'<g><rect x="{x0:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="2" fill="{b.color}" '
           f'fill-opacity="0.78">{title}</rect>']
    if b.upper > b.lower:
        out.append(_whisker(x0 + b.lower * scale, x0 + b.upper * scale, y + h / 2, min(h / 2, 7), INK))
    tx = x0 + max(b.upper, b.value) * scale + 6
    out.append(_text(tx, y + h / 2 + size / 3, f"{100 * b.value:.1f}%" + (f"  {b.note}" if b.note else ""),
                     size=size, fill=INK))
    out.append("</g>")
    return out


def score_chart(bars: Sequence[Bar], *, title: str = "score per run") -> str:
    """Horizontal bars (value) with interval whiskers, one row per run, on a 0-100% axis."""
    label_w, width, row_h = 250, 1000, 40
    x0, x1 = label_w, width - 170
    top = 10
    height = top + row_h * len(bars) + 30
    body = _pct_axis(x0, x1, top, top + row_h * len(bars), size=13)
    for i, b in enumerate(bars):
        y = top + i * row_h + 7
        body.append(_text(x0 - 12, y + 17, _clip(b.label, 32), size=14, anchor="end", weight="600"))
        body += _bar(b, x0, x1 - x0, y, row_h - 14, size=13)
    return _svg(width, height, body, title)


def grouped_chart(groups: Sequence[str], series: Sequence[Series], *, title: str, legend: bool = False) -> str:
    """One block per group (e.g. per language), one thin bar per run in the block, with whiskers."""
    label_w, width = 150, 540
    x0, x1 = label_w, width - 105
    bar_h, gap = 15, 12
    top = 26 + 18 * math.ceil(len(series) / 3) if legend and len(series) > 1 else 8
    block = bar_h * len(series) + gap
    height = top + block * len(groups) + 26
    body = []
    if legend and len(series) > 1:
        for i, s in enumerate(series):
            lx, ly = 10 + (i % 3) * 175, 16 + 18 * (i // 3)
            body.append(f'<rect x="{lx}" y="{ly - 9}" width="11" height="11" rx="2" fill="{s.color}"/>')
            body.append(_text(lx + 16, ly, _clip(s.name, 28), size=11))
    body += _pct_axis(x0, x1, top, top + block * len(groups) - gap / 2)
    for gi, key in enumerate(groups):
        y = top + gi * block
        body.append(_text(x0 - 10, y + block / 2, _clip(key, 20), size=12, anchor="end", weight="600"))
        for si, s in enumerate(series):
            bar = s.bars.get(key)
            if bar is not None:
                body += _bar(bar, x0, x1 - x0, y + si * bar_h, bar_h - 3)
    return _svg(width, height, body, title)


def nice_ticks(hi: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `hi` (1-2-5 steps)."""
    if hi <= 0:
        return [0.0, 1.0]
    raw = hi / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [i * step for i in range(int(math.ceil(hi / step - 1e-9)) + 1)]


def scatter(points: Sequence[Point], *, x_label: str, title: str = "cost vs score") -> str:
    """Score (y, 0-100% with interval whiskers) against cost (x, from 0), one labelled dot per run."""
    width, height = 860, 400
    left, right, top, bottom = 64, 40, 18, 56
    ticks = nice_ticks(max(p.x for p in points) * 1.1 or 1.0)
    xmax = ticks[-1]
    pw, ph = width - left - right, height - top - bottom

    def sx(v: float) -> float:
        return left + pw * v / xmax

    def sy(v: float) -> float:
        return top + ph * (1 - v)

    body = []
    for t in (0, 0.25, 0.5, 0.75, 1.0):
        body.append(f'<line x1="{left}" y1="{sy(t):.1f}" x2="{width - right}" y2="{sy(t):.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 8, sy(t) + 4, f"{100 * t:.0f}%", size=13, anchor="end", fill=MUTED))
    for t in ticks:
        body.append(f'<line x1="{sx(t):.1f}" y1="{top}" x2="{sx(t):.1f}" y2="{top + ph}" stroke="{GRID}"/>')
        body.append(_text(sx(t), top + ph + 18, usd(t), size=13, anchor="middle", fill=MUTED))
    body.append(_text(left + pw / 2, height - 10, x_label, size=13, anchor="middle", fill=MUTED))
    for p in points:
        x, y = sx(p.x), sy(p.y)
        body.append(f'<path d="M{x - 5:.1f},{sy(p.lower):.1f}h10M{x:.1f},{sy(p.lower):.1f}V{sy(p.upper):.1f}'
                    f'M{x - 5:.1f},{sy(p.upper):.1f}h10" stroke="{p.color}" stroke-width="1.6" fill="none"/>')
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{p.color}" stroke="#fff" stroke-width="1.5">'
                    f"<title>{escape(p.title or p.label)}</title></circle>")
        anchor = "end" if x > left + pw * 0.7 else "start"
        body.append(_text(x + (-10 if anchor == "end" else 10), y - 8, _clip(p.label, 34), size=13,
                          anchor=anchor, weight="600"))
    return _svg(width, height, body, title)
