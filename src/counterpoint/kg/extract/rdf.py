"""The argument graph as RDF (vocabulary.md): NIF mention phrases with ITS 2.0 entity
links, AIF I-nodes for claims, CA/RA nodes for attacks/supports, PROV for who made them.

IRIs derive from document ids, content hashes and offsets, and runs from the inputs and
extractor versions (no clock), so the same input always yields the same triples.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, XSD, Literal, Namespace, URIRef

from counterpoint.corpus.models import Document
from counterpoint.kg.documents_write import write_span
from counterpoint.kg.extract.claims import Claim
from counterpoint.kg.extract.entities import Mention
from counterpoint.kg.extract.links import Link
from counterpoint.kg.namespaces import AIF, CP, DCTERMS, ITSRDF, NIF, PROV, SCHEMA, WD, Iris
from counterpoint.kg.ntriples import NTriplesGraph, TripleSink, iri, quote, term, typed

_DOUBLE, _DECIMAL, _BOOLEAN = str(XSD.double), str(XSD.decimal), str(XSD.boolean)
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


def add_run(g: TripleSink, iris: Iris, name: str, version: str, inputs: Iterable[str]) -> URIRef:
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


def _decimal(value: float) -> Decimal:
    """A confidence as stored: two decimals."""
    return Decimal(str(round(value, 2)))


def _conf(value: float) -> Literal:
    return Literal(_decimal(value), datatype=XSD.decimal)


def add_mentions(
    g: NTriplesGraph, iris: Iris, doc: Document, mentions: list[Mention], run: URIRef
) -> None:
    """Each mention as a NIF phrase linked to its entity (ITS 2.0); written as N-Triples text
    (kg/ntriples.py): a long essay has tens of thousands of mentions."""
    phrase = term(NIF.Phrase)
    ident_ref, class_ref = term(ITSRDF.taIdentRef), term(ITSRDF.taClassRef)
    confidence, generated_by = term(ITSRDF.taConfidence), term(PROV.wasGeneratedBy)
    run_nt = term(run)
    written: set[tuple[str, str, str, str | None]] = set()
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
        ent = m.entity
        ref = URIRef(iris.entity(ent.slug)) if not ent.wikidata else WD[ent.wikidata]
        key = (ent.slug, ent.type, ent.label, ent.wikidata)
        if key not in written:  # an entity's own triples once, not once per mention
            written.add(key)
            local = URIRef(iris.entity(ent.slug))
            g.add((local, RDF.type, CP.Entity))
            g.add((local, RDF.type, ENTITY_CLASSES[ent.type]))
            g.add((local, RDFS.label, Literal(ent.label)))
            g.add((local, DCTERMS.identifier, Literal(ent.slug)))
            if ent.wikidata:
                g.add((local, OWL.sameAs, ref))
        node = write_span(g, iris, doc, m.start, m.end, phrase)
        g.add_line(node, ident_ref, term(ref))
        g.add_line(node, class_ref, term(ENTITY_CLASSES[ent.type]))
        g.add_line(node, confidence, typed(m.confidence, _DOUBLE))
        g.add_line(node, generated_by, run_nt)


def add_claims(
    g: NTriplesGraph, iris: Iris, doc: Document, claims: list[Claim], run: URIRef
) -> None:
    """Each claim as an AIF I-node quoting its span; written as N-Triples text."""
    art = term(URIRef(iris.doc(doc.doc_id)))
    type_, phrase, run_nt = term(RDF.type), term(NIF.Phrase), term(run)
    i_node, claim_type = term(AIF["I-node"]), term(SCHEMA.Claim)
    identifier, claim_text = term(DCTERMS.identifier), term(AIF.claimText)
    appearance, quoted_from = term(SCHEMA.appearance), term(PROV.wasQuotedFrom)
    is_thesis, confidence = term(CP.isThesis), term(NIF.confidence)
    generated_by = term(PROV.wasGeneratedBy)
    for c in claims:
        if doc.text[c.start : c.end] != c.text:  # grounding: never store an unverified quote
            raise ValueError(f"claim text is not text[{c.start}:{c.end}] of {doc.doc_id}")
        claim_id = c.claim_id(doc)
        node = iri(iris.claim(claim_id))
        span = write_span(g, iris, doc, c.start, c.end, phrase)
        g.add_line(node, type_, i_node)
        g.add_line(node, type_, claim_type)
        g.add_line(node, identifier, quote(claim_id))
        g.add_line(node, claim_text, quote(c.text))
        g.add_line(node, appearance, art)
        g.add_line(node, quoted_from, span)
        g.add_line(node, is_thesis, typed(c.is_thesis, _BOOLEAN))
        g.add_line(node, confidence, typed(_decimal(c.confidence), _DECIMAL))
        g.add_line(node, generated_by, run_nt)


def add_links(g: TripleSink, iris: Iris, links: list[Link], run: URIRef) -> None:
    for link in links:
        kind = AIF["CA-node"] if link.kind == "attack" else AIF["RA-node"]
        node = URIRef(f"{iris.base}link/{_digest(link.premise, link.conclusion, link.kind)}")
        g.add((node, RDF.type, kind))
        g.add((node, AIF.Premise, URIRef(iris.claim(link.premise))))
        g.add((node, AIF.Conclusion, URIRef(iris.claim(link.conclusion))))
        g.add((node, NIF.confidence, _conf(link.confidence)))
        g.add((node, PROV.wasGeneratedBy, run))


def add_strengths(
    g: NTriplesGraph,
    iris: Iris,
    base: dict[str, float],
    strengths: dict[str, float],
    semantics: str,
    run: URIRef,
) -> None:
    """Each claim's gradual strength as its own node (value, base score, semantics) with the
    run that computed it: <claim> cp:hasStrength <s>. Written as N-Triples text, for the
    claims given (link_status gives those some link reaches: the others keep their base
    score, see kg/claims.py)."""
    has_strength, type_, strength = term(CP.hasStrength), term(RDF.type), term(CP.Strength)
    value_, base_score = term(RDF.value), term(CP.baseScore)
    semantics_, semantics_nt = term(CP.semantics), quote(semantics)
    generated_by, run_nt = term(PROV.wasGeneratedBy), term(run)
    for claim_id in sorted(strengths):
        node = iri(iris.strength(claim_id))
        g.add_line(iri(iris.claim(claim_id)), has_strength, node)
        g.add_line(node, type_, strength)
        value = Decimal(str(round(strengths[claim_id], 4)))
        g.add_line(node, value_, typed(value, _DECIMAL))
        g.add_line(node, base_score, typed(_decimal(base[claim_id]), _DECIMAL))
        g.add_line(node, semantics_, semantics_nt)
        g.add_line(node, generated_by, run_nt)
