"""The argument graph as RDF (vocabulary.md): NIF mention phrases with ITS 2.0 entity
links, AIF I-nodes for claims, CA/RA nodes for attacks/supports, PROV for who made them.

IRIs derive from document ids, content hashes and offsets, and runs from the inputs and
extractor versions (no clock), so the same input always yields the same triples.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from counterpoint.corpus.models import Document
from counterpoint.kg.documents import add_span
from counterpoint.kg.extract.claims import Claim
from counterpoint.kg.extract.entities import Mention
from counterpoint.kg.extract.links import Link
from counterpoint.kg.namespaces import AIF, CP, DCTERMS, ITSRDF, NIF, PROV, SCHEMA, WD, Iris

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ENTITY_CLASSES = {
    "Organization": SCHEMA.Organization,
    "Person": SCHEMA.Person,
    "Product": SCHEMA.Product,
    "Protocol": CP.Protocol,
    "Concept": SKOS.Concept,
    "Thing": SCHEMA.Thing,
}


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def add_run(g: Graph, iris: Iris, name: str, version: str, inputs: Iterable[str]) -> URIRef:
    """A prov:Activity for one extractor over given inputs, with its software agent."""
    inputs = sorted(inputs)
    run = URIRef(iris.activity(f"{name}-{_digest(version, *inputs)}"))
    agent = URIRef(iris.agent(name, version))
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, PROV.wasAssociatedWith, agent))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, SCHEMA.name, Literal(name)))
    g.add((agent, SCHEMA.softwareVersion, Literal(version)))
    return run


def _conf(value: float) -> Literal:
    return Literal(Decimal(str(round(value, 2))), datatype=XSD.decimal)


def add_mentions(g: Graph, iris: Iris, doc: Document, mentions: list[Mention], run: URIRef) -> None:
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
        local = URIRef(iris.entity(m.entity.slug))
        g.add((local, RDF.type, CP.Entity))
        g.add((local, RDF.type, ENTITY_CLASSES[m.entity.type]))
        g.add((local, RDFS.label, Literal(m.entity.label)))
        g.add((local, DCTERMS.identifier, Literal(m.entity.slug)))
        ref = local
        if m.entity.wikidata:
            ref = WD[m.entity.wikidata]
            g.add((local, OWL.sameAs, ref))
        node = add_span(g, iris, doc, m.start, m.end, NIF.Phrase)
        g.add((node, ITSRDF.taIdentRef, ref))
        g.add((node, ITSRDF.taClassRef, ENTITY_CLASSES[m.entity.type]))
        g.add((node, ITSRDF.taConfidence, Literal(m.confidence, datatype=XSD.double)))
        g.add((node, PROV.wasGeneratedBy, run))


def add_claims(g: Graph, iris: Iris, doc: Document, claims: list[Claim], run: URIRef) -> None:
    art = URIRef(iris.doc(doc.doc_id))
    for c in claims:
        if doc.text[c.start : c.end] != c.text:  # grounding: never store an unverified quote
            raise ValueError(f"claim text is not text[{c.start}:{c.end}] of {doc.doc_id}")
        node = URIRef(iris.claim(c.claim_id(doc)))
        span = add_span(g, iris, doc, c.start, c.end, NIF.Phrase)
        g.add((node, RDF.type, AIF["I-node"]))
        g.add((node, RDF.type, SCHEMA.Claim))
        g.add((node, DCTERMS.identifier, Literal(c.claim_id(doc))))
        g.add((node, AIF.claimText, Literal(c.text)))
        g.add((node, SCHEMA.appearance, art))
        g.add((node, PROV.wasQuotedFrom, span))
        g.add((node, CP.isThesis, Literal(c.is_thesis)))
        g.add((node, NIF.confidence, _conf(c.confidence)))
        g.add((node, PROV.wasGeneratedBy, run))


def add_links(g: Graph, iris: Iris, links: list[Link], run: URIRef) -> None:
    for link in links:
        kind = AIF["CA-node"] if link.kind == "attack" else AIF["RA-node"]
        node = URIRef(f"{iris.base}link/{_digest(link.premise, link.conclusion, link.kind)}")
        g.add((node, RDF.type, kind))
        g.add((node, AIF.Premise, URIRef(iris.claim(link.premise))))
        g.add((node, AIF.Conclusion, URIRef(iris.claim(link.conclusion))))
        g.add((node, NIF.confidence, _conf(link.confidence)))
        g.add((node, PROV.wasGeneratedBy, run))


def add_strengths(
    g: Graph,
    iris: Iris,
    base: dict[str, float],
    strengths: dict[str, float],
    semantics: str,
    run: URIRef,
) -> None:
    """Each claim's gradual strength as its own node (value, base score, semantics) with the
    run that computed it: <claim> cp:hasStrength <s>."""
    for claim_id in sorted(strengths):
        node = URIRef(iris.strength(claim_id))
        g.add((URIRef(iris.claim(claim_id)), CP.hasStrength, node))
        g.add((node, RDF.type, CP.Strength))
        value = Decimal(str(round(strengths[claim_id], 4)))
        g.add((node, RDF.value, Literal(value, datatype=XSD.decimal)))
        g.add((node, CP.baseScore, _conf(base[claim_id])))
        g.add((node, CP.semantics, Literal(semantics)))
        g.add((node, PROV.wasGeneratedBy, run))
