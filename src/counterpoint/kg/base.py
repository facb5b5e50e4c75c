"""The graph store interface. Stages talk to this, never to a concrete engine, so the embedded
Oxigraph store and a remote SPARQL 1.1 endpoint are interchangeable."""

from __future__ import annotations

from collections.abc import Callable
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

    def remove_from_graph(self, graph: str, ntriples: str) -> None:
        """Remove these N-Triples from one named graph in one update."""
        ...

    def bulk_add(self, graph: str, ntriples: str, after_part: Callable[[], None]) -> None:
        """Add N-Triples to one named graph the fastest way the engine has, NOT atomically:
        a kill mid-way leaves part of them (kg/half_written.py marks such a graph as being
        written). `after_part` runs after each part is written (the crash suite's point)."""
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

    def flush(self) -> None:
        """Write buffered changes out and free the memory that held them. An embedded engine
        buffers writes in memory until its own background flush (RocksDB memtables: ~1.4 MB
        per bench essay, ~2 GB before it settles), so a long ingest calls this every few
        thousand chunks to keep its memory bounded; a server or in-memory store has nothing
        to do."""
        ...

    def close(self) -> None: ...
