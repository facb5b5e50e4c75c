"""One process, one port: FastAPI hosts the Gradio app at /, the read-only /sparql endpoint
and the token-guarded local API (/api/v1, for CLI commands on the same workspace)."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from counterpoint.ui.ports import AppService


class Warmup:
    """Loads the model and index in a background thread, so the page is usable at once and
    can say "warming up" until the first answer can run."""

    def __init__(self, service: AppService) -> None:
        self._service = service
        self.ready = threading.Event()
        self.error: str | None = None

    def start(self) -> Warmup:
        threading.Thread(target=self._run, name="counterpoint-warmup", daemon=True).start()
        return self

    def _run(self) -> None:
        try:
            self._service.warm()
        except Exception as exc:  # shown on the page; a question retries the load
            self.error = " ".join(str(exc).split())
        finally:
            self.ready.set()


def build_server(
    service: AppService, token: str | None = None, warmup: Warmup | None = None
) -> FastAPI:
    import gradio as gr
    from fastapi import FastAPI

    from counterpoint.ui.app import APP_CSS, build_app
    from counterpoint.ui.handoff import new_token
    from counterpoint.ui.local_api import add_local_api
    from counterpoint.ui.sparql_endpoint import add_sparql_endpoint

    api = FastAPI(title="Counterpoint")
    add_sparql_endpoint(api, service)
    add_local_api(api, service, token or new_token())

    @api.get("/healthz")
    def healthz() -> dict[str, Any]:
        with service.reading():
            n = len(service.view.stored)
        ready = warmup.ready.is_set() if warmup is not None else True
        return {"ok": True, "documents": n, "ready": ready}

    return gr.mount_gradio_app(api, build_app(service, warmup), path="/", css=APP_CSS)


def run_server(service: AppService, host: str, port: int) -> None:
    """Serve until stopped; while serving, `server.json` in the workspace lets CLI commands
    hand their work to this process (see `ui/handoff.py`)."""
    import uvicorn

    from counterpoint.ui.handoff import (
        ServerInfo,
        loopback_url,
        new_token,
        remove_server_file,
        write_server_file,
    )

    token = new_token()
    warmup = Warmup(service).start()
    app = build_server(service, token, warmup)
    workspace = service.settings.workspace
    write_server_file(workspace, ServerInfo(loopback_url(host, port), token, os.getpid()))
    # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown, which skips `finally`:
    # a wrapped lifespan removes the file while the app shuts down. A file left by a crash
    # is harmless: clients check the pid and the token before using it.
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(scope_app: Any) -> AsyncIterator[Any]:
        try:
            async with inner(scope_app) as state:
                yield state
        finally:
            remove_server_file(workspace, token)

    app.router.lifespan_context = lifespan
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        remove_server_file(workspace, token)
