"""Several copies of one model behind one ChatModel: each call goes to a free replica, preferring the
one that served the longest common prefix of this prompt.

llama-cpp-python's server evaluates one request at a time (no parallel slots) and keeps the tokens of
its last prompt, re-evaluating only what differs. So the embedded model runs as several server
processes (``slots``), and a call is sent to a replica that is free now; among free ones, to the one
whose last prompt shares the most leading characters with this one (a retry of the same stage, or the
next stage of the same task, then costs only its new tokens). A call waits only when every replica is
busy. One ReplicaPool belongs to one event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any


def prompt_text(messages: Sequence[dict[str, Any]]) -> str:
    """The messages as one string, in order: what a server's prefix cache sees, near enough."""
    return "\x1e".join(json.dumps([m.get("role"), m.get("content")], ensure_ascii=False) for m in messages)


def shared_prefix(a: str, b: str) -> int:
    """Length of the common leading part of a and b."""
    return len(os.path.commonprefix([a, b]))


@dataclass
class Replica:
    base_url: str
    busy: bool = False
    last_prompt: str = ""
    served: int = 0


@dataclass
class ReplicaPool:
    """Leases one free replica per call (see the module docstring)."""

    replicas: list[Replica]
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    @classmethod
    def of(cls, base_urls: Sequence[str]) -> ReplicaPool:
        if not base_urls:
            raise ValueError("a replica pool needs at least one base URL")
        return cls([Replica(url) for url in base_urls])

    def pick(self, prompt: str) -> Replica | None:
        """The free replica with the longest shared prefix (then the least used), or None if all are busy."""
        free = [r for r in self.replicas if not r.busy]
        if not free:
            return None
        return max(free, key=lambda r: (shared_prefix(r.last_prompt, prompt), -r.served))

    @contextlib.asynccontextmanager
    async def lease(self, prompt: str) -> AsyncIterator[Replica]:
        async with self._changed:
            replica = self.pick(prompt)
            while replica is None:
                await self._changed.wait()
                replica = self.pick(prompt)
            replica.busy = True
        try:
            yield replica
        finally:
            async with self._changed:
                replica.busy = False
                replica.last_prompt = prompt
                replica.served += 1
                self._changed.notify()
