"""Reading a child's stdout and stderr together, each capped, under a wall-clock deadline."""

from __future__ import annotations

import os
import selectors
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Literal

CHUNK = 65536
DRAIN_AFTER_KILL_S = 5.0

StopReason = Literal["timeout", "output_limit", "disk_limit"]
WATCH_INTERVAL_S = 0.25
CHANNEL_LIMIT = 64 * 1024 * 1024


def truncation_marker(limit: int) -> str:
    return f"\n[swegauge: output truncated after {limit} bytes]\n"


@dataclass
class CappedStream:
    """The head of one stream, at most `limit` bytes; `overflowed` once more than that arrived."""

    limit: int
    data: bytearray = field(default_factory=bytearray)
    overflowed: bool = False

    def feed(self, chunk: bytes) -> None:
        room = self.limit - len(self.data)
        if len(chunk) > room:
            self.overflowed = True
        if room > 0:
            self.data += chunk[:room]

    def text(self) -> str:
        decoded = bytes(self.data).decode("utf-8", errors="replace")
        return decoded + truncation_marker(self.limit) if self.overflowed else decoded


@dataclass
class Captured:
    stdout: CappedStream
    stderr: CappedStream
    stopped_by: StopReason | None = None
    channel: CappedStream = field(default_factory=lambda: CappedStream(CHANNEL_LIMIT))


def capture(
    stdout: IO[bytes], stderr: IO[bytes], *, limit: int, deadline: float, stop: Callable[[], None],
    channel: int | None = None, watch: Callable[[], StopReason | None] | None = None,
) -> Captured:
    """Read the pipes to EOF. Calls `stop()` once, on the deadline, the first overflow of stdout or
    stderr, or when `watch()` (polled every WATCH_INTERVAL_S) names a reason; then drains.

    `channel` is an optional third pipe (the harness's result channel), kept up to CHANNEL_LIMIT; its
    overflow stops nothing. `deadline` is a time.monotonic() value. After `stop()` the pipes are drained
    (and discarded past the cap) for at most DRAIN_AFTER_KILL_S, in case something inside holds them.
    """
    captured = Captured(CappedStream(limit), CappedStream(limit))
    streams = {stdout.fileno(): captured.stdout, stderr.fileno(): captured.stderr}
    if channel is not None:
        streams[channel] = captured.channel
    next_watch = time.monotonic() + WATCH_INTERVAL_S
    with selectors.DefaultSelector() as selector:
        for fd in streams:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            if watch is not None and captured.stopped_by is None and time.monotonic() >= next_watch:
                next_watch = time.monotonic() + WATCH_INTERVAL_S
                reason = watch()
                if reason is not None:
                    captured.stopped_by = reason
                    stop()
                    deadline = time.monotonic() + DRAIN_AFTER_KILL_S
            timeout = deadline - time.monotonic()
            if watch is not None:
                timeout = min(timeout, max(0.0, next_watch - time.monotonic()) + 0.001)
            if timeout <= 0:
                if captured.stopped_by is None:
                    captured.stopped_by = "timeout"
                    stop()
                    deadline = time.monotonic() + DRAIN_AFTER_KILL_S
                    continue
                break  # drained long enough after the kill: give up on the pipes
            for key, _ in selector.select(timeout):
                chunk = os.read(key.fd, CHUNK)
                if not chunk:
                    selector.unregister(key.fd)
                    continue
                stream = streams[key.fd]
                stream.feed(chunk)
                if stream.overflowed and captured.stopped_by is None and key.fd != channel:
                    captured.stopped_by = "output_limit"
                    stop()
                    deadline = time.monotonic() + DRAIN_AFTER_KILL_S
    return captured
