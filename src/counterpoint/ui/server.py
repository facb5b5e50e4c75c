"""One process, one port: FastAPI hosts the Gradio app at /, the read-only /sparql endpoint
and the token-guarded local API (/api/v1, for CLI commands on the same workspace)."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

# At module level: FastAPI resolves the handlers' (string) annotations in this module's globals.
from fastapi import Request

if TYPE_CHECKING:
    from fastapi import FastAPI

    from counterpoint.ui.exposure import Exposure
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
    service: AppService,
    token: str | None = None,
    warmup: Warmup | None = None,
    exposure: Exposure | None = None,
) -> FastAPI:
    """The app, /sparql, the local API and /healthz on one FastAPI. With a guarded `exposure`
    the app wants its Gradio login and /sparql the bearer token (or that login)."""
    import gradio as gr
    from fastapi import FastAPI

    from counterpoint.ui.app import APP_CSS, build_app
    from counterpoint.ui.exposure import authorized
    from counterpoint.ui.handoff import new_token
    from counterpoint.ui.local_api import add_local_api
    from counterpoint.ui.sparql_endpoint import add_sparql_endpoint

    token = token or new_token()
    login = exposure.login if exposure is not None else None
    api = FastAPI(title="Counterpoint")
    add_sparql_endpoint(api, service, token=token if login else None, login=login)
    add_local_api(api, service, token)

    exposed = exposure is not None and exposure.exposed

    @api.get("/healthz")
    def healthz(request: Request) -> dict[str, Any]:
        """Always 200 without credentials (load balancers probe it). Served beyond loopback,
        a caller without the bearer token or the login learns only that the server is up:
        nothing about the corpus. A request's loopback address is not trusted there, since a
        reverse proxy on the same machine forwards strangers from 127.0.0.1."""
        ready = warmup.ready.is_set() if warmup is not None else True
        status = "ready" if ready else "warming up"
        header = request.headers.get("authorization", "")
        if exposed and not authorized(header, token, login):
            return {"ok": True, "status": status}
        with service.reading():
            n = len(service.view.stored)
        return {"ok": True, "status": status, "documents": n, "ready": ready}

    return gr.mount_gradio_app(
        api,
        build_app(service, warmup),
        path="/",
        css=APP_CSS,
        auth=login,
        # The upload route itself refuses a larger file, before storing it (bytes, as
        # library.py measures them).
        max_file_size=int(service.settings.max_upload_mb * 1024 * 1024),
    )


def run_server(service: AppService, host: str, port: int, exposure: Exposure | None = None) -> None:
    """Serve until stopped; while serving, `server.json` in the workspace lets CLI commands
    hand their work to this process (see `ui/handoff.py`). An `exposure` (from
    `ui/exposure.plan_exposure`) decides the login; its warning and, when guarded, the bearer
    token for /sparql are printed once, to stderr."""
    import uvicorn

    from counterpoint.ui.handoff import (
        ServerInfo,
        loopback_url,
        new_token,
        remove_server_file,
        write_server_file,
    )

    token = new_token()
    if exposure is not None and exposure.warning:
        print(exposure.warning, file=sys.stderr, flush=True)
    if exposure is not None and exposure.guarded:
        print(f"/sparql bearer token: {token}", file=sys.stderr, flush=True)
    warmup = Warmup(service).start()
    app = build_server(service, token, warmup, exposure)
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
