"""RunProgress: plain lines when the output is not a terminal, a live bar when it is."""

from __future__ import annotations

import io
import re
import time

from rich.console import Console

from swegauge.runner.progress import PREFIX, ProgressSettings, RunProgress, duration

LINE = re.compile(r"^\[progress\] run x: (\d+)/3 done, (\d+) resolved")


def _plain() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=False, width=200), out


def test_plain_lines_count_done_resolved_and_errors_with_eta():
    console, out = _plain()
    with RunProgress(ProgressSettings(title="run x", total=3, every_s=60), console=console) as progress:
        progress.enter("generating")
        progress.leave("generating")
        progress.finish(resolved=True)
        progress.enter("grading")
        progress.finish(error=True)
        progress.leave("grading")
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{PREFIX} run x: 3 to do"
    assert [LINE.match(line).groups() for line in lines[1:3]] == [("1", "1"), ("2", "1")]
    assert "1 error" in lines[2] and "grading 1" in lines[2] and "ETA" in lines[2]
    assert LINE.match(lines[-1]).groups() == ("2", "1")  # the state it stopped in, printed at exit
    assert not any("\x1b" in line for line in lines)  # no terminal control codes in a log


def test_a_heartbeat_line_comes_when_nothing_finishes():
    console, out = _plain()
    with RunProgress(ProgressSettings(title="run x", total=3, every_s=0.1), console=console) as progress:
        progress.enter("generating")
        time.sleep(0.45)
    beats = [line for line in out.getvalue().splitlines() if "0/3 done" in line]
    assert len(beats) >= 2 and all("generating 1" in line and "elapsed" in line for line in beats)


def test_a_terminal_gets_the_live_bar_and_no_plain_lines():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    with RunProgress(ProgressSettings(title="run x", total=2), console=console) as progress:
        progress.finish(resolved=True)
        progress.finish()
    text = out.getvalue()
    assert PREFIX not in text and "2/2" in text and "1 resolved" in text


def test_dataset_text_in_the_title_is_not_markup():
    console, out = _plain()
    with RunProgress(ProgressSettings(title="run [bold]x[/bold]", total=1), console=console) as progress:
        progress.finish()
    assert "[bold]x[/bold]" in out.getvalue()


def test_durations_read_as_minutes_and_seconds():
    assert [duration(s) for s in (5, 65, 3725)] == ["5s", "1m05s", "1h02m"]
