"""Graph expansion on a small in-memory graph: seeds reach the chunks that share an entity or
quote a linked claim, whatever characters the document id holds (ids go into SPARQL as
literals written by rdflib)."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from counterpoint.corpus.models import Chunk
from counterpoint.kg.namespaces import AIF, DCTERMS, ITSRDF, NIF, SCHEMA, sparql_prefixes
from counterpoint.kg.oxigraph_store import OxigraphStore
from counterpoint.retrieval.expand import GraphExpander
from counterpoint.service import Counterpoint

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


# -- the in-memory maps against the per-question SPARQL they replaced -------------------------
# The former queries, kept here as the reference (as tests/test_ntriples.py keeps the former
# builder): the maps must reach exactly the chunks these joins reached.
_REF_LINKED = """
SELECT DISTINCT ?doc2 ?b2 ?e2 WHERE {
  VALUES (?doc_id ?cb ?ce) { %SEEDS% }
  GRAPH ?g { ?c a aif:I-node ; schema:appearance ?doc ; prov:wasQuotedFrom ?sp .
             ?doc dcterms:identifier ?doc_id . ?sp nif:beginIndex ?b ; nif:endIndex ?e . }
  FILTER(?b >= ?cb && ?e <= ?ce)
  VALUES ?kind { aif:CA-node aif:RA-node }
  { GRAPH ?lg { ?l a ?kind ; aif:Premise ?c ; aif:Conclusion ?c2 } }
  UNION
  { GRAPH ?lg { ?l a ?kind ; aif:Premise ?c2 ; aif:Conclusion ?c } }
  GRAPH ?g2 { ?c2 schema:appearance ?d2 ; prov:wasQuotedFrom ?sp2 .
              ?d2 dcterms:identifier ?doc2 . ?sp2 nif:beginIndex ?b2 ; nif:endIndex ?e2 . }
}
"""

_REF_ENTITIES = """
SELECT ?ent ?doc2 ?b2 WHERE {
  { SELECT DISTINCT ?ent WHERE {
      VALUES (?doc_id ?cb ?ce) { %SEEDS% }
      GRAPH ?g { ?m itsrdf:taIdentRef ?ent ; nif:referenceContext ?ctx ; nif:beginIndex ?b .
                 ?ctx dcterms:isPartOf ?doc . ?doc dcterms:identifier ?doc_id . }
      FILTER(?b >= ?cb && ?b < ?ce)
  } }
  GRAPH ?g2 { ?m2 itsrdf:taIdentRef ?ent ; nif:referenceContext ?ctx2 ; nif:beginIndex ?b2 .
              ?ctx2 dcterms:isPartOf ?d2 . ?d2 dcterms:identifier ?doc2 . }
}
"""


def _reference(expander: GraphExpander, seeds: list[str]) -> tuple[set[str], Counter[str]]:
    """Linked chunks and {chunk: shared entities} as the SPARQL joins computed them."""
    values = " ".join(
        f"({Literal(c.doc_id).n3()} {c.start} {c.end})"
        for c in map(expander.chunks.get, seeds)
        if c
    )
    linked = set()
    for r in expander.store.select(sparql_prefixes() + _REF_LINKED.replace("%SEEDS%", values)):
        cid = expander.chunk_at(r["doc2"], int(r["b2"]))
        if cid and cid not in seeds:
            linked.add(cid)
    shared: Counter[str] = Counter()
    seen = set()
    for r in expander.store.select(sparql_prefixes() + _REF_ENTITIES.replace("%SEEDS%", values)):
        cid = expander.chunk_at(r["doc2"], int(r["b2"]))
        if cid and cid not in seeds and (cid, r["ent"]) not in seen:
            seen.add((cid, r["ent"]))
            shared[cid] += 1
    return linked, shared


@pytest.mark.slow
def test_link_maps_reach_what_the_sparql_joins_reached(service: Counterpoint) -> None:
    """Over the bundled corpus (claims, cross-essay links, entity mentions), for single
    chunks and for five-chunk seed sets like retrieval's: the same linked chunks, the same
    shared-entity counts, the most shared first."""
    expander = service.indexes.view.expander
    ids = sorted(expander.chunks)
    seed_sets = [[c] for c in ids] + [ids[i : i + 5] for i in range(0, len(ids), 3)]
    reached_links = reached_entities = 0
    for seeds in seed_sets:
        linked, shared = _reference(expander, seeds)
        assert set(expander.linked(seeds)) == linked, seeds
        assert len(expander.linked(seeds)) == len(linked)
        ranked = expander.entities(seeds, limit=10**6)
        assert {c: shared[c] for c in ranked} == dict(shared), seeds
        counts = [shared[c] for c in ranked]
        assert counts == sorted(counts, reverse=True)
        # ties in corpus order (document, then place in it), and the default limit cuts it
        place = {c: (expander.chunks[c].doc_id, expander.chunks[c].start) for c in ranked}
        assert ranked == sorted(ranked, key=lambda c: (-shared[c], place[c]))
        assert expander.entities(seeds) == ranked[:20]
        reached_links += bool(linked)
        reached_entities += bool(shared)
    assert reached_links > 0 and reached_entities > 0  # the corpus exercises both paths
