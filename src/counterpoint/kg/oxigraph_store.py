"""Embedded, on-disk Oxigraph store (pyoxigraph). Updates are single SPARQL updates, which
Oxigraph applies in one transaction: a document's graph is replaced wholly or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from counterpoint.errors import StoreError
from counterpoint.kg.base import Row

if TYPE_CHECKING:
    from counterpoint.kg.sparql.guard import GuardedQuery
    from counterpoint.kg.sparql.results import QueryResult

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTS = {f"{_XSD}{t}" for t in ("integer", "nonNegativeInteger", "int", "long", "positiveInteger")}
_FLOATS = {f"{_XSD}{t}" for t in ("double", "decimal", "float")}


_STRING = f"{_XSD}string"


def to_python(term: Any) -> Any:
    """Literals become int/float/bool/str by datatype; IRIs and blank nodes their string.
    Called for every cell of every row read (a million for a 10 MB essay's claims): the exact
    type and the commonest datatype are tested first."""
    if term is None:
        return None
    if type(term) is ox.Literal:
        dtype = term.datatype.value
        if dtype == _STRING:
            return term.value
        if dtype in _INTS:
            return int(term.value)
        if dtype in _FLOATS:
            return float(term.value)
        if dtype == f"{_XSD}boolean":
            return term.value == "true"
        return term.value
    return term.value


def update_for(graphs: dict[str, str]) -> str:
    """One SPARQL update that drops and refills every named graph given."""
    ops = []
    for iri, ntriples in graphs.items():
        ops.append(f"DROP SILENT GRAPH <{iri}>")
        if ntriples.strip():
            ops.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{ntriples}\n}} }}")
    return " ;\n".join(ops)


def as_nquads(graphs: dict[str, str]) -> str | None:
    """The graphs' N-Triples as one N-Quads text (each line a triple: N-Triples escapes LF
    and CR in literals, and only those end a line); None when a line is not a plain triple
    ending in '.' (a comment, say) or holds a blank node (one N-Quads text would share its
    label across graphs), which the update path then takes as it is."""
    out = []
    for graph, ntriples in graphs.items():
        name = f" <{graph}> .\n"
        for line in ntriples.split("\n"):
            triple = line.strip(" \t\r")
            if not triple:
                continue
            if not triple.endswith(".") or triple.startswith("#") or "_:" in triple:
                return None
            out.append(triple[:-1].rstrip() + name)
    return "".join(out)


def insert_for(graph: str, ntriples: str) -> str:
    """One SPARQL update that adds the triples to a named graph, keeping what it holds."""
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{ntriples}\n}} }}"


def delete_for(graph: str, ntriples: str) -> str:
    """One SPARQL update that removes these triples from a named graph."""
    return f"DELETE DATA {{ GRAPH <{graph}> {{\n{ntriples}\n}} }}"


# Characters of N-Triples per bulk-load call: bounds the loader's extra memory (it sorts each
# part) and spaces the crash suite's point inside a long load; ~8 MB of text per part.
BULK_PART_CHARS = 256_000_000


def line_parts(ntriples: str, size: int) -> Iterator[str]:
    """N-Triples cut into parts of about `size` characters, at line ends (a line is a whole
    triple: N-Triples escapes newlines inside literals)."""
    start = 0
    while start < len(ntriples):
        cut = ntriples.find("\n", min(start + size, len(ntriples)) - 1)
        end = len(ntriples) if cut < 0 else cut + 1
        yield ntriples[start:end]
        start = end


class OxigraphStore:
    """A workspace's graph, on disk. Only one process may hold it open for writing."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"{path}: workspace is in use by another Counterpoint process "
                    "(for example `counterpoint serve`); stop it or use another --workspace"
                ) from None
            raise StoreError(f"{path}: cannot open graph store ({exc})") from None

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store, for the SPARQL guard and benchmarks."""
        return self._store

    def replace_graphs(self, graphs: dict[str, str]) -> None:
        if graphs and not any(self._store.contains_named_graph(ox.NamedNode(g)) for g in graphs):
            # New graphs only (a new document's, a new essay's links and statuses): nothing
            # to drop, so one N-Quads load (itself one transaction) does what the update
            # would, at a fraction of the cost: the SPARQL parser is slower than the N-Quads
            # one on the megabytes of a long essay (4x on 400k triples).
            quads = as_nquads(graphs)
            if quads is not None:
                if quads:
                    self._store.load(quads, ox.RdfFormat.N_QUADS)
                return
        if graphs:
            self._store.update(update_for(graphs))

    def add_to_graph(self, graph: str, ntriples: str) -> None:
        if ntriples.strip():
            self._store.update(insert_for(graph, ntriples))

    def remove_from_graph(self, graph: str, ntriples: str) -> None:
        if ntriples.strip():
            self._store.update(delete_for(graph, ntriples))

    def bulk_add(self, graph: str, ntriples: str, after_part: Callable[[], None]) -> None:
        """Oxigraph's bulk loader: linear in size (a transactional load of 550k triples took
        2.5x the CPU per triple of 140k ones, the bulk loader the same per triple), but not
        atomic and not to be run beside another writer (ingest holds the workspace alone)."""
        target = ox.NamedNode(graph)
        for part in line_parts(ntriples, BULK_PART_CHARS):
            self._store.bulk_load(part, ox.RdfFormat.N_TRIPLES, to_graph=target)
            after_part()

    def select(self, query: str) -> list[Row]:
        result = self._store.query(query)
        assert isinstance(result, ox.QuerySolutions), "SELECT expected"
        names = [v.value for v in result.variables]
        return [dict(zip(names, map(to_python, sol), strict=True)) for sol in result]

    def ask(self, query: str) -> bool:
        return bool(self._store.query(query))

    def construct_ntriples(self, query: str) -> str:
        triples = self._store.query(query)
        assert isinstance(triples, ox.QueryTriples), "CONSTRUCT or DESCRIBE expected"
        return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")

    def run_user_query(self, query: GuardedQuery, timeout_s: float, limit: int) -> QueryResult:
        """On disk: in a killable worker process that opens the store read-only (and sees the
        latest commit); in memory: in a thread abandoned at the deadline."""
        from counterpoint.kg.sparql import runner

        if self.path is not None:
            return runner.run_in_process(self.path, query.text, timeout_s, limit)
        return runner.run_in_thread(self._store, query.text, timeout_s, limit)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store
