"""The server's local JSON API (`/api/v1/…`), used by CLI commands on the same workspace.

Every route wants `Authorization: Bearer <token>`, the token `counterpoint serve` wrote into the
workspace's `server.json` (readable only by its owner, see `ui/handoff.py`): other local users
and web pages cannot drive it. Errors are one line: `{"error": "…"}` with 400 (bad usage),
422 (a document failed), 503 (store) or 500.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from counterpoint.errors import CounterpointError, DocumentError, StoreError, UsageError
from counterpoint.ui.handoff import API_PREFIX
from counterpoint.ui.ports import AppService
from counterpoint.ui.rows import document_rows


class IngestRequest(BaseModel):
    paths: list[str]
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    date: str | None = None
    url: str | None = None
    recursive: bool = False
    allow_network: bool = False


class RemoveRequest(BaseModel):
    doc_ids: list[str]


class PurgeRequest(BaseModel):
    session: str | None = None
    before: str | None = None


class AskRequest(BaseModel):
    question: str
    k: int | None = None
    doc_id: str | None = None
    model: str | None = None
    export: str | None = None


def _error(exc: CounterpointError) -> JSONResponse:
    status = 500
    if isinstance(exc, UsageError):
        status = 400
    elif isinstance(exc, DocumentError):
        status = 422
    elif isinstance(exc, StoreError):
        status = 503
    return JSONResponse({"error": " ".join(str(exc).split())}, status_code=status)


def add_local_api(api: FastAPI, service: AppService, token: str) -> None:
    """Register the routes. Handlers are plain `def`, so FastAPI runs them in its threadpool
    and a long ingest never blocks the app's event loop."""

    def check(authorization: str = Header(default="")) -> None:
        if not secrets.compare_digest(authorization.encode(), f"Bearer {token}".encode()):
            raise HTTPException(status_code=401, detail="missing or wrong token")

    router = APIRouter(prefix=API_PREFIX, dependencies=[Depends(check)])

    @router.get("/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "workspace": str(service.settings.workspace)}

    @router.get("/docs")
    def docs() -> Any:
        try:
            with service.reading():
                return document_rows(service)
        except CounterpointError as exc:
            return _error(exc)

    @router.post("/ingest")
    def ingest(req: IngestRequest) -> Any:
        from counterpoint.ingest_types import MetadataOverrides

        try:
            date = dt.date.fromisoformat(req.date) if req.date else None
        except ValueError:
            return _error(UsageError(f"--date {req.date!r} is not YYYY-MM-DD"))
        overrides: MetadataOverrides = {
            "title": req.title,
            "authors": tuple(req.authors),
            "date": date,
            "url": req.url,
        }
        try:
            results, timings = service.ingest(
                req.paths, overrides, req.recursive, None, req.allow_network
            )
        except CounterpointError as exc:
            return _error(exc)
        return {"results": [r.to_json() for r in results], "total_s": timings.total_s}

    @router.post("/remove")
    def remove(req: RemoveRequest) -> Any:
        try:
            return {"removed": service.remove(req.doc_ids)}
        except CounterpointError as exc:
            return _error(exc)

    @router.post("/challenges/purge")
    def purge(req: PurgeRequest) -> Any:
        try:
            before = dt.datetime.fromisoformat(req.before) if req.before else None
            return {"removed": service.purge_challenges(req.session, before)}
        except ValueError:
            return _error(UsageError(f"--before {req.before!r} is not an ISO date"))
        except CounterpointError as exc:
            return _error(exc)

    @router.post("/ask")
    def ask(req: AskRequest) -> Any:
        from counterpoint.export import export_answer_citations, publishers

        try:
            answer = service.ask(req.question, k=req.k, doc_id=req.doc_id, model=req.model)
            text = None
            if req.export:
                text = export_answer_citations(answer, req.export, publishers(service.view.docs))
        except CounterpointError as exc:
            return _error(exc)
        return {"answer": answer.to_json(), "export": text}

    api.include_router(router)
