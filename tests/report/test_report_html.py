"""The HTML report in a real headless Chromium: it renders, logs no console errors, shows its plots, and a
screenshot is saved (set SWEGAUGE_SCREENSHOT_DIR to keep a copy)."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest

from swegauge.report import ReportSettings, load_run, render_html, summarize_systems
from swegauge.report.cli import report_comparisons
from swegauge.store import AttemptRow, Store
from tests.report.chromium import Chromium, find_chromium
from tests.report.support import STARTER_LIKE, RunSpec, make_run, outcomes

IDS = [t.instance_id for t in STARTER_LIKE]
CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
HOSTILE = "<script>console.error('injected')</script><img src=http://127.0.0.1:9/x.png>"


def _page(tmp_path: Path) -> Path:
    """Three runs (two single-attempt, one with 4 attempts and errors), a cutoff, and hostile text."""
    a = make_run(tmp_path / "kimi", RunSpec(outcomes(set(IDS[:6])), model="moonshot/kimi-k2", usd_per_attempt=0.004))
    b = make_run(tmp_path / "local", RunSpec(outcomes(set(IDS[:2])), model="local", usd_per_attempt=0.0003))
    multi = {i: ["resolved", "unresolved", "resolved", "error"] if n % 2 else ["unresolved"] * 4
             for n, i in enumerate(IDS)}
    c = make_run(tmp_path / "agent", RunSpec(multi, model="openrouter/qwen", solver="agent", usd_per_attempt=0.01))
    store = Store(c)  # a trajectory holding markup must show as text, never run or load anything
    store.add_attempt(AttemptRow(instance_id=IDS[0], attempt=0, solver="agent", model="openrouter/qwen",
                                 patch="", detail={"trajectory": [{"role": "assistant", "content": HOSTILE}]}), [])
    store.close()
    settings = ReportSettings(n_resamples=2_000, cutoff=date(2024, 6, 1))
    systems = [load_run(p).systems[0] for p in (a, b, c)]
    html = render_html(summarize_systems(systems, settings), report_comparisons(systems, settings), settings)
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    return page


def _png_facts(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct rows of filtered scanlines): a blank page has almost one distinct row."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        (length,), kind = struct.unpack("!I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color_type = struct.unpack("!IIBB", body[:10])
            assert depth == 8
            channels = {2: 3, 6: 4}[color_type]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = 1 + width * channels
    assert len(raw) == stride * height
    return width, height, len({raw[i:i + stride] for i in range(0, len(raw), stride)})


def test_the_page_is_self_contained_and_escapes_stored_text(tmp_path):
    html = _page(tmp_path).read_text()
    assert "<script" not in html.replace("&lt;script", "")
    assert "&lt;script&gt;console.error(&#39;injected&#39;)&lt;/script&gt;" in html
    assert "default-src 'none'" in html
    for attribute in (" src=", "<link", "@import", "url("):
        assert attribute not in html.replace("&lt;img src=", "")


@needs_chromium
@pytest.mark.integration
def test_chromium_renders_the_report_without_console_errors_and_with_plots(tmp_path):
    page = _page(tmp_path)
    shot, full = tmp_path / "report-1280x2000.png", tmp_path / "report-full.png"
    with Chromium(CHROMIUM, tmp_path / "browser") as browser:
        session = browser.open(page.as_uri(), width=1280, height=2000)
        assert browser.problems(session) == []
        dom = browser.evaluate(session, """({
            svgs: document.querySelectorAll('svg.plot').length,
            bars: document.querySelectorAll('svg.plot rect').length,
            scripts: document.scripts.length,
            tasks: document.querySelectorAll('details.task').length,
            sections: [...document.querySelectorAll('section')].map(s => s.id),
            cards: [...document.querySelectorAll('.card .big')].map(e => e.textContent.trim()),
            text: document.body.innerText,
            scoreWidth: document.querySelector('#scores svg.plot').getBoundingClientRect().width,
        })""")
        assert dom["svgs"] == 8  # score, 6 breakdowns (with the cutoff), cost vs score
        assert dom["bars"] >= 3 * 6 and dom["scripts"] == 0 and dom["tasks"] == 8
        assert dom["sections"] == ["scores", "card", "compare", "breakdowns", "cost", "tasks", "methods"]
        assert [c.split()[0] for c in dom["cards"]] == ["75.0%", "25.0%", "25.0%"]
        assert "Wilson 95%: 40.9–92.9" in dom["text"] and "before 2024-06-01" in dom["text"]
        assert dom["scoreWidth"] > 600
        browser.screenshot(session, shot)
        browser.screenshot(session, full, full_page=True)
        assert browser.problems(session) == []
    width, height, distinct = _png_facts(shot)
    assert (width, height) == (1280, 2000)
    assert distinct > 300 and shot.stat().st_size > 40_000
    keep = os.environ.get("SWEGAUGE_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for path in (shot, full, page):
            shutil.copy(path, Path(keep) / path.name)


@needs_chromium
@pytest.mark.integration
def test_the_console_check_does_catch_errors_and_blocked_loads(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html><body><p>x</p><img src='http://127.0.0.1:9/missing.png'>"
                   "<script>console.error('boom')</script></body></html>")
    with Chromium(CHROMIUM, tmp_path / "browser") as browser:
        session = browser.open(bad.as_uri(), width=400, height=300)
        problems = browser.problems(session)
    assert any("boom" in p for p in problems)
    assert any("missing.png" in p or "ERR_" in p for p in problems), problems
