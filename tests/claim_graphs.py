"""Small hand-made argument graphs (three essays, claims, links, a user challenge) written with
the vocabulary of docs/vocabulary.md, for tests that need claims before extraction exists.
Every claim quotes its essay exactly: `anchorOf == text[begin:end]`."""

from __future__ import annotations

import datetime as dt

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from counterpoint.corpus.ids import content_hash, slugify
from counterpoint.corpus.models import Document, Metadata
from counterpoint.kg.base import GraphStore
from counterpoint.kg.documents_write import add_span, document_graph
from counterpoint.kg.namespaces import AIF, CITO, CP, DCTERMS, ITSRDF, NIF, PROV, SCHEMA, Iris

ESSAYS = {
    "brand-moats": (
        Metadata(
            title="Brand Is the Last Moat",
            authors=("Ada Lovelace",),
            date=dt.date(2023, 10, 3),
            url="https://example.org/blog/brand-moats",
            publisher="Example Blog",
        ),
        "Brand is the last durable moat for AI labs. Open weights commoditise models quickly. "
        "OpenAI shows that consumers stick with the first name they learn.",
    ),
    "moats-are-dead": (
        Metadata(
            title="There Are No Moats",
            authors=("Grace Hopper", "Alan Turing"),
            date=dt.date(2024, 2, 1),
            url="https://example.org/blog/no-moats",
            publisher="Other Blog",
        ),
        "Brand is a lagging indicator of product quality. Users switch as soon as a better "
        "model ships. OpenAI lost users to Anthropic within months.",
    ),
    "distribution": (
        Metadata(
            title="Distribution Wins",
            authors=("Ada Lovelace",),
            date=dt.date(2024, 5, 20),
            url="https://example.org/blog/distribution",
        ),
        "Distribution beats model quality for AI labs. Microsoft bundles models into Office.",
    ),
}
# claim id -> (doc id, sentence index, is thesis)
CLAIMS = {
    "cl-brand": ("brand-moats", 0, True),
    "cl-commoditise": ("brand-moats", 1, False),
    "cl-sticky": ("brand-moats", 2, False),
    "cl-lagging": ("moats-are-dead", 0, True),
    "cl-switch": ("moats-are-dead", 1, False),
    "cl-distribution": ("distribution", 0, True),
}
# (kind, premise, conclusion, graph: "doc" or "links")
LINKS = [
    ("RA", "cl-commoditise", "cl-brand", "doc"),
    ("RA", "cl-sticky", "cl-brand", "doc"),
    ("RA", "cl-switch", "cl-lagging", "doc"),
    ("CA", "cl-lagging", "cl-brand", "links"),
    ("CA", "cl-switch", "cl-sticky", "links"),
    ("CA", "cl-distribution", "cl-brand", "links"),
]
STATUS = {
    "cl-brand": "defeated",
    "cl-sticky": "defeated",
    "cl-commoditise": "standing",
    "cl-lagging": "standing",
    "cl-switch": "standing",
    "cl-distribution": "undecided",
}
ENTITIES = {"OpenAI": "Q21708200", "Anthropic": "Q116758847", "Microsoft": "Q2283"}


def sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            out.append((start, i + 1))
            start = i + 2
    return out


def documents() -> dict[str, Document]:
    return {
        doc_id: Document(
            doc_id=doc_id, meta=meta, text=text, content_hash=content_hash(text), source=doc_id
        )
        for doc_id, (meta, text) in ESSAYS.items()
    }


def _nt(g: Graph) -> str:
    return g.serialize(format="nt")


def argument_graphs(iris: Iris) -> dict[str, str]:
    """Named graph IRI -> N-Triples for the three essays, the links and the challenges."""
    docs = documents()
    graphs: dict[str, Graph] = {}
    run = URIRef(iris.activity("test-run"))
    for doc_id, doc in docs.items():
        g = document_graph(doc, [], iris, "v1")
        for name, qid in ENTITIES.items():
            pos = doc.text.find(name)
            if pos >= 0:
                mention = add_span(g, iris, doc, pos, pos + len(name), NIF.Phrase)
                ent = URIRef(iris.entity(name.lower()))
                g.add((mention, ITSRDF.taIdentRef, ent))
                g.add((ent, RDF.type, SCHEMA.Organization))
                g.add((ent, RDFS.label, Literal(name)))
                g.add((ent, SCHEMA.sameAs, URIRef(f"http://www.wikidata.org/entity/{qid}")))
        graphs[iris.doc_graph(doc_id)] = g
    links = Graph()
    for claim_id, (doc_id, idx, thesis) in CLAIMS.items():
        doc = docs[doc_id]
        g = graphs[iris.doc_graph(doc_id)]
        start, end = sentences(doc.text)[idx]
        node = URIRef(iris.claim(claim_id))
        span = add_span(g, iris, doc, start, end, NIF.String)
        g.add((node, RDF.type, AIF["I-node"]))
        g.add((node, RDF.type, SCHEMA.Claim))
        g.add((node, DCTERMS.identifier, Literal(claim_id)))
        g.add((node, AIF.claimText, Literal(doc.text[start:end])))
        g.add((node, SCHEMA.appearance, URIRef(iris.doc(doc_id))))
        g.add((node, SCHEMA.author, URIRef(iris.person(slugify(doc.meta.authors[0])))))
        g.add((node, PROV.wasQuotedFrom, span))
        g.add((node, CP.isThesis, Literal(thesis)))
        g.add((node, NIF.confidence, Literal("0.8", datatype=XSD.decimal)))
        g.add((node, PROV.wasGeneratedBy, run))
        links.add((node, CP.status, Literal(STATUS[claim_id])))
    for n, (kind, premise, conclusion, where) in enumerate(LINKS):
        node = URIRef(f"{iris.base}link/{n}")
        g = links if where == "links" else graphs[iris.doc_graph(CLAIMS[premise][0])]
        g.add((node, RDF.type, AIF[f"{kind}-node"]))
        g.add((node, AIF.Premise, URIRef(iris.claim(premise))))
        g.add((node, AIF.Conclusion, URIRef(iris.claim(conclusion))))
        g.add((node, NIF.confidence, Literal("0.7", datatype=XSD.decimal)))
        g.add((node, PROV.wasGeneratedBy, run))
    target = URIRef(iris.doc("brand-moats"))
    for other in ("moats-are-dead", "distribution"):
        links.add((URIRef(iris.doc(other)), CITO.disagreesWith, target))
    graphs[iris.links_graph()] = links
    ch = Graph()
    node = URIRef(f"{iris.base}challenge/ch-1")
    ch.add((node, RDF.type, AIF["I-node"]))
    ch.add((node, RDF.type, CP.Challenge))
    ch.add((node, AIF.claimText, Literal("Isn't brand a lagging indicator?")))
    ch.add((node, PROV.generatedAtTime, Literal("2024-06-01T10:00:00Z", datatype=XSD.dateTime)))
    ch.add((node, CP.session, Literal("session-1")))
    ch.add((node, CP.verdict, Literal("contested")))
    ca = URIRef(f"{iris.base}challenge/ch-1/attack")
    ch.add((ca, RDF.type, AIF["CA-node"]))
    ch.add((ca, AIF.Premise, node))
    ch.add((ca, AIF.Conclusion, URIRef(iris.claim("cl-brand"))))
    graphs[iris.challenges_graph()] = ch
    return {iri: _nt(g) for iri, g in graphs.items()}


def over_workspace(store: GraphStore, iris: Iris) -> dict[str, str]:
    """`argument_graphs` to write over an ingested workspace: also drops the workspace's own
    links graphs under `<links>/` (per-pair links, per-essay statuses), which the hand-made
    `<links>` graph replaces, so its statuses are the only ones a query sees."""
    graphs = argument_graphs(iris)
    prefix = iris.links_graph() + "/"
    graphs.update({g: "" for g in store.named_graphs() if g.startswith(prefix)})
    return graphs
