"""A scripted OpenAI-compatible server on 127.0.0.1 (a test helper; fixtures in conftest.py).

Each POST to /v1/chat/completions takes the next action from the script (the last one repeats):
  ("json", status, body, headers)  answer at once
  ("hang", seconds)                 sleep (bounded), then answer 200: the client times out first
  ("delay", seconds, body)          sleep, then answer 200 with body (for concurrency)
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Action = tuple[Any, ...]


def completion_body(text: str = "hello", *, prompt_tokens: int | None = 10,
                    completion_tokens: int | None = 5,
                    tool_calls: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if tool_calls:
        message["tool_calls"] = tool_calls
    body: dict[str, Any] = {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "message": message,
                     "finish_reason": "tool_calls" if tool_calls else "stop"}],
    }
    if prompt_tokens is not None:
        body["usage"] = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                         "total_tokens": prompt_tokens + (completion_tokens or 0)}
    return body


def ok(text: str = "hello", **kw: Any) -> Action:
    return ("json", 200, completion_body(text, **kw), {})


def status(code: int, headers: dict[str, str] | None = None, message: str = "boom") -> Action:
    return ("json", code, {"error": {"message": message, "type": "test", "code": None}},
            headers or {})


class FakeServer:
    def __init__(self) -> None:
        self.script: list[Action] = [ok()]
        self.requests: list[dict[str, Any]] = []
        self.models: list[dict[str, Any]] = [{"id": "m", "object": "model", "owned_by": "t"}]
        self.lock = threading.Lock()
        self.inflight = 0
        self.max_inflight = 0
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # client hung up: fine
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def calls(self) -> int:
        with self.lock:
            return len(self.requests)

    def set(self, *actions: Action) -> None:
        with self.lock:
            self.script = list(actions)

    def _next(self, body: dict[str, Any]) -> Action:
        with self.lock:
            self.requests.append(body)
            action = self.script.pop(0) if len(self.script) > 1 else self.script[0]
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
            return action

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, code: int, body: Any, headers: dict[str, str]) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._send(200, {"object": "list", "data": server.models}, {})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                action = server._next(body)
                try:
                    self._act(action)
                finally:
                    with server.lock:
                        server.inflight -= 1

            def _act(self, action: Action) -> None:
                kind = action[0]
                if kind == "json":
                    self._send(action[1], action[2], action[3])
                elif kind == "hang":
                    server.stopping.wait(min(float(action[1]), 5.0))
                    self._send(200, completion_body("late"), {})
                elif kind == "delay":
                    time.sleep(min(float(action[1]), 5.0))
                    self._send(200, action[2], {})

        return Handler

    def start(self) -> "FakeServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
