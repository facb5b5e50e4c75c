"""Real servers on loopback for tests: the app on a free port, started and stopped cleanly."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_app(service: Any) -> Iterator[str]:
    """`counterpoint serve`'s ASGI app in a thread; yields its base URL once /healthz answers."""
    import uvicorn

    from counterpoint.ui.server import build_server

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(build_server(service), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        raise AssertionError("server did not start")
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
