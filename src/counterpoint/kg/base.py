"""The graph store interface. Stages talk to this, never to a concrete engine, so the embedded
Oxigraph store and a remote SPARQL 1.1 endpoint are interchangeable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from counterpoint.kg.sparql.guard import GuardedQuery
    from counterpoint.kg.sparql.results import QueryResult

Row = dict[str, Any]


class GraphStore(Protocol):
    """Quad store holding one named graph per document (plus links and challenges graphs)."""

    def replace_graphs(self, graphs: dict[str, str]) -> None:
        """Atomically replace each named graph with the given N-Triples (empty string = drop)."""
        ...

    def add_to_graph(self, graph: str, ntriples: str) -> None:
        """Append N-Triples to one named graph in one update (no read of what it holds)."""
        ...

    def select(self, query: str) -> list[Row]:
        """Run a trusted SELECT (our own queries); values come back as Python scalars."""
        ...

    def ask(self, query: str) -> bool: ...

    def construct_ntriples(self, query: str) -> str:
        """Run a trusted CONSTRUCT and return N-Triples (to load into rdflib)."""
        ...

    def run_user_query(self, query: GuardedQuery, timeout_s: float, limit: int) -> QueryResult:
        """Run a user query that passed the guard over the union of the named graphs: stopped
        after `timeout_s` seconds (QueryTimeout), at most `limit` rows or triples. Each engine
        picks how it can be stopped (see kg/sparql/runner.py)."""
        ...

    def named_graphs(self) -> list[str]: ...

    def close(self) -> None: ...
