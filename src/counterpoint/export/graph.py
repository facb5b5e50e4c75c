"""The knowledge graph itself as Turtle, JSON-LD or TriG. TriG and JSON-LD keep the named
graphs (one per document, plus links and challenges); Turtle has no graphs, so it is the merge.

Read through the GraphStore protocol (one CONSTRUCT per named graph), so a remote endpoint
exports the same way as the embedded store."""

from __future__ import annotations

import pyoxigraph as ox

from counterpoint.kg.base import GraphStore
from counterpoint.kg.namespaces import PREFIXES

_RDF_FORMATS = {  # keys: export.formats.GRAPH_FORMATS
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
}


def quads(store: GraphStore, graph_iris: list[str]) -> list[ox.Quad]:
    out: list[ox.Quad] = []
    for iri in graph_iris:
        nt = store.construct_ntriples(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        )
        graph = ox.NamedNode(iri)
        out += [
            ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        ]
    return out


def dump_graph(store: GraphStore, fmt: str, graph_iris: list[str] | None = None) -> str:
    """Serialise the named graphs given (default: all of them) in turtle, jsonld or trig."""
    selected = graph_iris if graph_iris is not None else store.named_graphs()
    data = quads(store, selected)
    if fmt == "turtle":
        triples = list(dict.fromkeys(q.triple for q in data))
        return (
            ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
        ).decode()
    return (ox.serialize(data, format=_RDF_FORMATS[fmt], prefixes=PREFIXES) or b"").decode("utf-8")
