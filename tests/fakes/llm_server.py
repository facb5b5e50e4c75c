"""A real OpenAI-compatible HTTP server on loopback, scripted by tests.

It is the one fake the house rules allow: it sits at the network edge, so the product's whole
LLM path (litellm, HTTP, streaming, retries, parsing, verification) runs for real.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """What the server answers to one request."""

    content: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    raw_body: str | None = None  # sent as is (for malformed responses)
    chunk_size: int = 8  # characters per SSE delta when streaming


class _QuietServer(ThreadingHTTPServer):
    """Clients that time out hang up mid-reply; that is the point of those tests, not an error."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class FakeLLMServer:
    """`enqueue` replies in order; when the queue is empty `default(request)` answers."""

    def __init__(self, default: Callable[[dict[str, Any]], Reply] | None = None) -> None:
        self.queue: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        self.default = default or (lambda req: Reply(content="OK"))
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self.queue.extend(replies)

    def _next(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.queue:
                return self.queue.pop(0)
        return self.default(request)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                reply = fake._next(request)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.status != 200 or reply.raw_body is not None:
                    self._send(
                        reply.status,
                        reply.raw_body
                        or json.dumps({"error": {"message": "fake error", "type": "server_error"}}),
                        reply.headers,
                    )
                    return
                if request.get("stream"):
                    self._stream(reply)
                    return
                self._send(200, json.dumps(_completion(reply.content, request)), reply.headers)

            def _send(self, status: int, body: str, headers: dict[str, str]) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                text = reply.content
                for i in range(0, len(text), reply.chunk_size):
                    chunk = _chunk(text[i : i + reply.chunk_size])
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                final = _chunk(None, finish="stop")
                self.wfile.write(f"data: {json.dumps(final)}\n\ndata: [DONE]\n\n".encode())
                self.wfile.flush()

        return Handler

    def start(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _completion(content: str, request: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fake"),
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(delta: str | None, finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": "fake",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish,
                "delta": {"content": delta} if delta is not None else {},
            }
        ],
    }


@contextmanager
def fake_llm(default: Callable[[dict[str, Any]], Reply] | None = None) -> Iterator[FakeLLMServer]:
    server = FakeLLMServer(default).start()
    try:
        yield server
    finally:
        server.stop()
