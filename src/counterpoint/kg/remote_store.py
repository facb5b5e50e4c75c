"""A remote SPARQL 1.1 endpoint as the graph store: the scale-out path.

`store = "sparql+http://host:port/PATH"` sends queries to `http://host:port/PATH/query` and
updates to `http://host:port/PATH/update` (SPARQL 1.1 Protocol), which is how Oxigraph server
(`oxigraph serve`, PATH empty) and Apache Jena Fuseki (PATH = `/dataset`) lay them out. The
Graph Store Protocol endpoint is `PATH/store` (Oxigraph; Fuseki calls it `PATH/data`) and is
used to fetch one named graph. `replace_graphs` is ONE update request, which Oxigraph and
Fuseki apply in one transaction: a document's graph is replaced wholly or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx
import pyoxigraph as ox

from counterpoint.errors import StoreError
from counterpoint.kg.base import Row
from counterpoint.kg.oxigraph_store import delete_for, insert_for, to_python, update_for

if TYPE_CHECKING:
    from counterpoint.kg.sparql.guard import GuardedQuery
    from counterpoint.kg.sparql.results import QueryResult

_JSON = "application/sparql-results+json"
_NT = "application/n-triples"


class RemoteSparqlStore:
    """GraphStore over HTTP. Values come back as the same Python scalars as the embedded one."""

    def __init__(self, endpoint_url: str, timeout_s: float = 60.0) -> None:
        base = endpoint_url.rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise StoreError(f"{endpoint_url}: remote store URL must start with http(s)://")
        self.endpoint_url = base
        self.query_url = f"{base}/query"
        self.update_url = f"{base}/update"
        self.gsp_url = f"{base}/store"
        self._client = httpx.Client(timeout=timeout_s)

    def _post(self, url: str, raise_timeout: bool = False, **kwargs: Any) -> httpx.Response:
        """POST and turn transport failures into one-line StoreErrors (timeouts too, unless
        the caller enforces its own deadline and asks to see them)."""
        try:
            response = self._client.post(url, **kwargs)
        except httpx.TimeoutException:
            if raise_timeout:
                raise
            raise StoreError(f"{url}: SPARQL endpoint did not answer in time") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"{url}: SPARQL endpoint unreachable ({exc})") from None
        if response.status_code >= 400:
            detail = " ".join(response.text.split())[:300]
            raise StoreError(f"{url}: HTTP {response.status_code}: {detail}")
        return response

    def post_query(
        self,
        query: str,
        accept: str,
        timeout_s: float | None = None,
        union_default_graph: bool = False,
    ) -> str:
        """Send a query (SPARQL 1.1 Protocol, POST form) and return the response body. With
        `timeout_s`, an httpx.TimeoutException reaches the caller, which owns the deadline.
        `union_default_graph` uses Oxigraph's per-request option; other servers ignore the
        parameter and need their own union-default-graph setting for user queries."""
        params = {"union-default-graph": ""} if union_default_graph else None
        kwargs: dict[str, Any] = {}
        if timeout_s is not None:
            kwargs["timeout"] = timeout_s
            kwargs["raise_timeout"] = True
        return self._post(
            self.query_url,
            data={"query": query},
            headers={"Accept": accept},
            params=params,
            **kwargs,
        ).text

    def replace_graphs(self, graphs: dict[str, str]) -> None:
        if graphs:
            self._post(
                self.update_url,
                content=update_for(graphs).encode("utf-8"),
                headers={"Content-Type": "application/sparql-update"},
            )

    def add_to_graph(self, graph: str, ntriples: str) -> None:
        if ntriples.strip():
            self._post(
                self.update_url,
                content=insert_for(graph, ntriples).encode("utf-8"),
                headers={"Content-Type": "application/sparql-update"},
            )

    def remove_from_graph(self, graph: str, ntriples: str) -> None:
        if ntriples.strip():
            self._post(
                self.update_url,
                content=delete_for(graph, ntriples).encode("utf-8"),
                headers={"Content-Type": "application/sparql-update"},
            )

    def bulk_add(self, graph: str, ntriples: str, after_part: Callable[[], None]) -> None:
        """An endpoint has no bulk loader we can reach: one update (atomic after all)."""
        self.add_to_graph(graph, ntriples)
        after_part()

    def select(self, query: str) -> list[Row]:
        body = self.post_query(query, _JSON)
        result = ox.parse_query_results(body.encode("utf-8"), format=ox.QueryResultsFormat.JSON)
        assert isinstance(result, ox.QuerySolutions), "SELECT expected"
        names = [v.value for v in result.variables]
        return [{n: to_python(sol[n]) for n in names} for sol in result]

    def ask(self, query: str) -> bool:
        body = self.post_query(query, _JSON)
        return bool(ox.parse_query_results(body.encode("utf-8"), format=ox.QueryResultsFormat.JSON))

    def construct_ntriples(self, query: str) -> str:
        return self.post_query(query, _NT)

    def run_user_query(self, query: GuardedQuery, timeout_s: float, limit: int) -> QueryResult:
        """One HTTP request carrying the deadline, over the union of the named graphs."""
        from counterpoint.kg.sparql.runner import run_remote

        return run_remote(self, query.text, query.form, timeout_s, limit)

    def graph_ntriples(self, graph_iri: str) -> str:
        """One named graph through the Graph Store Protocol (empty if it does not exist)."""
        try:
            response = self._client.get(
                self.gsp_url, params={"graph": graph_iri}, headers={"Accept": _NT}
            )
        except httpx.HTTPError as exc:
            raise StoreError(f"{self.gsp_url}: SPARQL endpoint unreachable ({exc})") from None
        if response.status_code == 404:
            return ""
        if response.status_code >= 400:
            raise StoreError(f"{self.gsp_url}: HTTP {response.status_code}")
        return response.text

    def named_graphs(self) -> list[str]:
        """`GRAPH ?g {}` (SPARQL 1.1: one solution per named graph) reads the server's list of
        graphs; matching `?s ?p ?o` scanned every quad: 3.9 s against 0.07 s on `oxigraph
        serve` over the 10k-essay bench store (20k graphs), and the view reads it twice."""
        rows = self.select("SELECT ?g WHERE { GRAPH ?g {} }")
        return sorted(r["g"] for r in rows)

    def flush(self) -> None:
        """Each update is already a committed request: nothing is buffered here."""

    def close(self) -> None:
        self._client.close()
