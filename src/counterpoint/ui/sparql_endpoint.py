"""A read-only SPARQL 1.1 Protocol endpoint at /sparql, beside the Gradio app.

SPARQLWrapper's default (XML results, RDF/XML graphs) is served too.

GET ?query=…, POST `application/sparql-query` or form-encoded `query=…`; results by content
negotiation (SPARQL JSON/XML, CSV, TSV, text table; Turtle/N-Triples/JSON-LD/RDF-XML for
CONSTRUCT and DESCRIBE) or an explicit `format=` parameter. The same guard, timeout and row
cap as the CLI; refusals are HTTP 400 with one line of text. Dataset parameters (default-graph-uri,
named-graph-uri) are refused like FROM, and `update=` like any update.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from counterpoint.errors import CounterpointError, StoreError, UsageError
from counterpoint.ui.ports import AppService

if TYPE_CHECKING:
    from counterpoint.kg.sparql.results import QueryResult

_SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "table",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
_FORM_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Counterpoint SPARQL</title>
</head><body><h1>Counterpoint SPARQL endpoint</h1><p>Read-only SPARQL 1.1 Protocol. The default
graph is the union of all named graphs.</p><form method="get" action="sparql">
<textarea name="query" rows="12" cols="90">SELECT * WHERE { ?s ?p ?o } LIMIT 10</textarea><br>
<select name="format"><option>json</option><option>csv</option><option>tsv</option>
<option>table</option></select> <button type="submit">Run</button></form></body></html>"""


def negotiate(accept: str, table: dict[str, str], default: str) -> str:
    """The format for the highest-q media type in Accept that we serve; default otherwise."""
    best, best_q = default, 0.0
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        q -= position * 1e-6  # earlier wins among equals
        if media in table and q > best_q:
            best, best_q = table[media], q
    return best


def _render(result: QueryResult, accept: str, explicit: str | None) -> tuple[str, str]:
    from counterpoint.kg.sparql import MEDIA_TYPES, serialize

    if result.kind == "graph":
        fmt = explicit or negotiate(accept, _GRAPH_TYPES, "turtle")
        if fmt == "ntriples":
            return result.ntriples, MEDIA_TYPES["ntriples"]
        if fmt in ("json", "jsonld"):
            return serialize(result, "json"), MEDIA_TYPES["jsonld"]
        if fmt in ("xml", "rdfxml"):
            return serialize(result, "xml"), MEDIA_TYPES["rdfxml"]
        if fmt != "turtle":
            raise UsageError(f"CONSTRUCT/DESCRIBE results cannot be {fmt}: use turtle or jsonld")
        return serialize(result, "turtle"), MEDIA_TYPES["turtle"]
    fmt = explicit or negotiate(accept, _SELECT_TYPES, "json")
    return serialize(result, fmt), MEDIA_TYPES.get(fmt, MEDIA_TYPES["json"])


def add_sparql_endpoint(
    api: FastAPI,
    service: AppService,
    path: str = "/sparql",
    token: str | None = None,
    login: tuple[str, str] | None = None,
) -> None:
    """Register GET and POST `path` on a FastAPI app, querying through `service.sparql`.
    With a `token` (a served app exposed beyond loopback), every request needs
    `Authorization: Bearer <token>` or HTTP Basic with `login`; otherwise 401.
    (FastAPI reads the handlers' annotations, so Request and Response are imported at module
    level.)"""

    def refused(request: Request) -> Response | None:
        from counterpoint.ui.exposure import authorized

        if token is None or authorized(request.headers.get("authorization", ""), token, login):
            return None
        return PlainTextResponse(
            "error: this endpoint needs Authorization: Bearer <token> or the app's login\n",
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="counterpoint", charset="UTF-8"'},
        )

    def answer(params: dict[str, Any], query: str | None, accept: str) -> Response:
        try:
            if "update" in params:
                raise UsageError("SPARQL updates are refused: this endpoint is read-only")
            if params.get("default-graph-uri") or params.get("named-graph-uri"):
                raise UsageError(
                    "default-graph-uri / named-graph-uri are refused: queries run over the "
                    "whole Counterpoint graph"
                )
            if not query:
                if "text/html" in accept:
                    return HTMLResponse(_FORM_PAGE)
                raise UsageError("missing SPARQL query: pass query=… (GET or form POST)")
            result = service.sparql(query)
            body, media = _render(result, accept, params.get("format"))
        except UsageError as exc:
            return PlainTextResponse(f"error: {exc}\n", status_code=400)
        except StoreError as exc:
            return PlainTextResponse(f"error: {exc}\n", status_code=503)
        except CounterpointError as exc:
            return PlainTextResponse(f"error: {exc}\n", status_code=500)
        headers = {"X-Truncated": "true"} if result.truncated else {}
        return Response(body, media_type=media, headers=headers)

    @api.get(path)
    def sparql_get(request: Request) -> Response:
        if (denied := refused(request)) is not None:
            return denied
        params = dict(request.query_params)
        return answer(params, params.get("query"), request.headers.get("accept", ""))

    @api.post(path)
    async def sparql_post(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        if (denied := refused(request)) is not None:
            return denied
        params = dict(request.query_params)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        accept = request.headers.get("accept", "")
        query: str | None
        if ctype == "application/sparql-query":
            query = (await request.body()).decode("utf-8", errors="replace")
        elif ctype == "application/x-www-form-urlencoded":
            form = await request.form()
            params.update({k: str(v) for k, v in form.items()})
            query = params.get("query")
        elif ctype == "application/sparql-update":
            return PlainTextResponse(
                "error: SPARQL updates are refused: this endpoint is read-only\n", 400
            )
        else:
            return PlainTextResponse(
                f"error: unsupported content type {ctype or 'none'!r}: use "
                "application/sparql-query or application/x-www-form-urlencoded\n",
                status_code=415,
            )
        return await run_in_threadpool(answer, params, query, accept)
