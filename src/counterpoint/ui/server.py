"""One process, one port: FastAPI hosts the Gradio app at / (and /sparql beside it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from counterpoint.ui.ports import AppService


def build_server(service: AppService) -> FastAPI:
    import gradio as gr
    from fastapi import FastAPI

    from counterpoint.ui.app import build_app
    from counterpoint.ui.sparql_endpoint import add_sparql_endpoint

    api = FastAPI(title="Counterpoint")
    add_sparql_endpoint(api, service)

    @api.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"ok": True, "documents": len(service.view.stored)}

    return gr.mount_gradio_app(api, build_app(service), path="/")


def run_server(service: AppService, host: str, port: int) -> None:
    import uvicorn

    service.warm()
    uvicorn.run(build_server(service), host=host, port=port, log_level="info")
