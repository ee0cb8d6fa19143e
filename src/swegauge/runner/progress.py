"""Progress of a run or a grading pass: a rich live bar on a terminal, plain lines in a log.

On a terminal (``console.is_terminal``) a rich Progress shows done/total, resolved, what is in flight,
elapsed time and ETA. Elsewhere (a log file, CI, a pipe) nothing redraws: one plain line is printed when
an item finishes, plus a heartbeat line when nothing was printed for ``every_s`` seconds:

    [progress] run agentless x local: 5/26 done, 0 resolved, 1 error; generating 2, grading 1; elapsed 1m20s, ETA 5m12s
"""

from __future__ import annotations

import threading
import time
from types import TracebackType

from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

PREFIX = "[progress]"


class ProgressSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    total: int
    every_s: float = 15.0
    """Plain mode: the heartbeat, a line when nothing was printed for this long."""
    live: bool | None = None
    """Force the rich bar (True) or plain lines (False); None: the bar on a terminal only."""


def duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class RunProgress:
    """Counts finished items (resolved, errors) and in-flight phases; shows them live or as lines.

    Thread-safe: grading threads and the event loop may report at once. Use it as a context manager."""

    def __init__(self, settings: ProgressSettings, *, console: Console) -> None:
        self.settings = settings
        self.console = console
        self.done = self.resolved = self.errors = 0
        self.phases: dict[str, int] = {}
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self._last_line = 0.0
        self._live = console.is_terminal if settings.live is None else settings.live
        self._bar: Progress | None = None
        self._bar_id = None
        self._stop = threading.Event()
        self._heartbeat: threading.Thread | None = None

    # -- reporting -------------------------------------------------------------------------------------
    def enter(self, phase: str) -> None:
        with self._lock:
            self.phases[phase] = self.phases.get(phase, 0) + 1
        self._refresh(finished=False)

    def leave(self, phase: str) -> None:
        with self._lock:
            self.phases[phase] = max(0, self.phases.get(phase, 0) - 1)
        self._refresh(finished=False)

    def finish(self, *, resolved: bool = False, error: bool = False) -> None:
        """One item is done (graded, or failed for good)."""
        with self._lock:
            self.done += 1
            self.resolved += int(resolved)
            self.errors += int(error)
        self._refresh(finished=True)

    # -- text ------------------------------------------------------------------------------------------
    def eta_s(self) -> float | None:
        elapsed = time.monotonic() - self._started
        if not self.done or self.done >= self.settings.total:
            return None if not self.done else 0.0
        return elapsed / self.done * (self.settings.total - self.done)

    def summary(self, *, timing: bool = True) -> str:
        with self._lock:
            in_flight = ", ".join(f"{name} {n}" for name, n in self.phases.items() if n)
            counts = f"{self.done}/{self.settings.total} done, {self.resolved} resolved"
            if self.errors:
                counts += f", {self.errors} error{'s' if self.errors != 1 else ''}"
        if not timing:
            return "; ".join(part for part in (counts, in_flight) if part)
        eta = self.eta_s()
        times = f"elapsed {duration(time.monotonic() - self._started)}"
        if eta is not None:
            times += f", ETA {duration(eta)}"
        return "; ".join(part for part in (counts, in_flight, times) if part)

    def line(self) -> str:
        return f"{PREFIX} {self.settings.title}: {self.summary()}"

    # -- output ----------------------------------------------------------------------------------------
    def _refresh(self, *, finished: bool) -> None:
        if self._bar is not None and self._bar_id is not None:
            self._bar.update(self._bar_id, completed=self.done, status=escape(self.summary(timing=False)))
            return
        if finished and not self._live:
            self._print_line(time.monotonic())

    def _print_line(self, now: float) -> None:
        with self._lock:
            self._last_line = now
        self.console.print(self.line(), markup=False, highlight=False, soft_wrap=True)

    def _beat(self) -> None:
        while not self._stop.wait(self.settings.every_s):
            if time.monotonic() - self._last_line >= self.settings.every_s:
                self._print_line(time.monotonic())

    def __enter__(self) -> RunProgress:
        self._started = time.monotonic()
        if self._live:
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[status]}"), TimeElapsedColumn(), TimeRemainingColumn())
            self._bar = Progress(*columns, console=self.console)
            self._bar.start()
            self._bar_id = self._bar.add_task(escape(self.settings.title), total=self.settings.total,
                                              status="")
        else:
            self._last_line = time.monotonic()
            self.console.print(f"{PREFIX} {self.settings.title}: {self.settings.total} to do", markup=False,
                               highlight=False, soft_wrap=True)
            self._heartbeat = threading.Thread(target=self._beat, daemon=True, name="progress-heartbeat")
            self._heartbeat.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join(timeout=1.0)
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        elif self.done < self.settings.total:
            self._print_line(time.monotonic())  # the last state, even when the run stops early
