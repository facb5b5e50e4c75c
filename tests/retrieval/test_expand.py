"""Graph expansion on a small in-memory graph: seeds reach the chunks that share an entity or
quote a linked claim, whatever characters the document id holds (ids go into SPARQL as
literals written by rdflib)."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from counterpoint.corpus.models import Chunk
from counterpoint.kg.namespaces import AIF, DCTERMS, ITSRDF, NIF, SCHEMA
from counterpoint.kg.oxigraph_store import OxigraphStore
from counterpoint.retrieval.expand import GraphExpander

EX = "https://example.org/"


def _store(doc_id: str) -> OxigraphStore:
    g = Graph()
    doc = URIRef(EX + "doc")
    g.add((doc, DCTERMS.identifier, Literal(doc_id)))
    ctx = URIRef(EX + "ctx")
    g.add((ctx, DCTERMS.isPartOf, doc))
    for n, begin in enumerate((10, 160)):  # the same entity in chunk a and chunk c
        m = URIRef(f"{EX}m{n}")
        g.add((m, ITSRDF.taIdentRef, URIRef(EX + "entity/moat")))
        g.add((m, NIF.referenceContext, ctx))
        g.add((m, NIF.beginIndex, Literal(begin)))
    for name, (b, e) in {"c1": (20, 40), "c2": (120, 140)}.items():  # claims in a and b
        claim, span = URIRef(EX + name), URIRef(f"{EX}{name}-span")
        g.add((claim, RDF.type, AIF["I-node"]))
        g.add((claim, SCHEMA.appearance, doc))
        g.add((claim, URIRef("http://www.w3.org/ns/prov#wasQuotedFrom"), span))
        g.add((span, NIF.beginIndex, Literal(b)))
        g.add((span, NIF.endIndex, Literal(e)))
    link = URIRef(EX + "link")
    g.add((link, RDF.type, AIF["CA-node"]))
    g.add((link, AIF.Premise, URIRef(EX + "c2")))
    g.add((link, AIF.Conclusion, URIRef(EX + "c1")))
    store = OxigraphStore(None)
    store.replace_graphs({EX + "graph": g.serialize(format="nt")})
    return store


@pytest.mark.parametrize("doc_id", ["plain-slug", 'odd "id" \\ with\nnewline'])
def test_expansion_follows_links_and_shared_entities(doc_id: str) -> None:
    chunks = {
        cid: Chunk(cid, doc_id, start, end, "x" * (end - start))
        for cid, start, end in (("a", 0, 100), ("b", 100, 150), ("c", 150, 250))
    }
    expander = GraphExpander(_store(doc_id), chunks)
    assert expander.linked(["a"]) == ["b"]
    assert expander.linked(["b"]) == ["a"]
    assert expander.entities(["a"]) == ["c"]
    assert expander.entities(["b"]) == []
