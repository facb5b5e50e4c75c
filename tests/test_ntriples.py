"""A document's graph written straight to N-Triples (kg/ntriples.py) holds exactly the triples
the rdflib builder it replaced produced: the reference below is that builder as it was
(rdflib terms, ``Graph.add``, rdflib's N-Triples serializer), run over the bundled corpus and
over texts full of characters N-Triples and SPARQL must escape."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL

from counterpoint.corpus.chunk import chunk_document
from counterpoint.corpus.ids import is_http_url, origin_of, source_key
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.models import Chunk, Document, Metadata, RawDocument
from counterpoint.corpus.pipeline import make_document
from counterpoint.kg import ntriples
from counterpoint.kg.documents_write import _SPAN_TYPES, SPAN_LABELS, document_graph, person_slug
from counterpoint.kg.extract.claims import Claim, extract_claims
from counterpoint.kg.extract.entities import Mention, extract_mentions
from counterpoint.kg.extract.rdf import ENTITY_CLASSES, add_claims, add_mentions, add_strengths
from counterpoint.kg.namespaces import AIF, CP, DCTERMS, ITSRDF, NIF, PROV, SCHEMA, WD, Iris
from counterpoint.kg.ntriples import NTriplesGraph
from counterpoint.kg.oxigraph_store import OxigraphStore
from helpers import CORPUS

IRIS = Iris("https://kg.example.org/")
RUN = URIRef(IRIS.activity("test-run"))

# ---- the rdflib builder as it was before kg/ntriples.py (kept here as the reference) ----


def _nni(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def _ref_span(g: Graph, doc: Document, start: int, end: int, rdf_type: URIRef) -> URIRef:
    node = URIRef(IRIS.span(doc.doc_id, doc.content_hash, start, end))
    context = URIRef(IRIS.span(doc.doc_id, doc.content_hash, 0, len(doc.text)))
    g.add((node, RDF.type, rdf_type))
    g.add((node, NIF.referenceContext, context))
    g.add((node, NIF.beginIndex, _nni(start)))
    g.add((node, NIF.endIndex, _nni(end)))
    g.add((node, NIF.anchorOf, Literal(doc.text[start:end])))
    return node


def _ref_document(doc: Document, chunks: list[Chunk], version: str) -> Graph:
    g = Graph()
    art = URIRef(IRIS.doc(doc.doc_id))
    meta = doc.meta
    g.add((art, RDF.type, SCHEMA.Article))
    g.add((art, DCTERMS.identifier, Literal(doc.doc_id)))
    g.add((art, SCHEMA.name, Literal(meta.title)))
    g.add((art, CP.contentHash, Literal(doc.content_hash)))
    g.add((art, CP.bodyHash, Literal(doc.body_hash)))
    g.add((art, CP.version, Literal(version)))
    g.add((art, CP.source, Literal(doc.source)))
    g.add((art, CP.sourceKey, Literal(source_key(meta.url, doc.source))))
    g.add((art, CP.origin, Literal(origin_of(doc.source))))
    if meta.date:
        g.add((art, SCHEMA.datePublished, Literal(meta.date.isoformat(), datatype=XSD.date)))
    if meta.url and is_http_url(meta.url):
        g.add((art, SCHEMA.url, URIRef(meta.url)))
    if meta.publisher:
        g.add((art, SCHEMA.publisher, Literal(meta.publisher)))
    for tag in meta.tags:
        g.add((art, SCHEMA.keywords, Literal(tag)))
    if meta.principal:
        g.add((art, CP.principal, Literal(True)))
    for pos, name in enumerate(meta.authors):
        person = URIRef(IRIS.person(person_slug(name)))
        g.add((art, SCHEMA.author, person))
        g.add((person, RDF.type, SCHEMA.Person))
        g.add((person, SCHEMA.name, Literal(name)))
        g.add((art, CP.authorOrder, Literal(f"{pos}|{name}")))
    context = URIRef(IRIS.span(doc.doc_id, doc.content_hash, 0, len(doc.text)))
    g.add((context, RDF.type, NIF.Context))
    g.add((context, NIF.isString, Literal(doc.text)))
    g.add((context, NIF.beginIndex, _nni(0)))
    g.add((context, NIF.endIndex, _nni(len(doc.text))))
    g.add((context, DCTERMS.isPartOf, art))
    for note in doc.removed:
        g.add((art, CP.removedText, Literal(note)))
    heading_nodes: dict[str, URIRef] = {}
    footnotes: dict[str, URIRef] = {}
    markers: list[tuple[str, URIRef]] = []
    for span in doc.spans:
        rdf_type = _SPAN_TYPES.get(span.kind, CP[span.kind.capitalize()])
        node = _ref_span(g, doc, span.start, span.end, rdf_type)
        g.add((node, CP.spanKind, Literal(span.kind)))
        if span.label is not None and span.kind in SPAN_LABELS:
            g.add((node, SPAN_LABELS[span.kind], Literal(span.label)))
        if span.kind == "heading":
            heading_nodes[doc.text[span.start : span.end]] = node
        elif span.kind == "footnote" and span.label is not None:
            footnotes[span.label] = node
        elif span.kind == "footnote_marker" and span.label is not None:
            markers.append((span.label, node))
    for label, node in markers:
        if label in footnotes:
            g.add((node, CP.footnote, footnotes[label]))
    for chunk in chunks:
        node = _ref_span(g, doc, chunk.start, chunk.end, CP.Chunk)
        g.add((node, RDF.type, NIF.Structure))
        g.add((node, DCTERMS.identifier, Literal(chunk.chunk_id)))
        if chunk.section and chunk.section in heading_nodes:
            g.add((node, DCTERMS.isPartOf, heading_nodes[chunk.section]))
    return g


def _ref_mentions(g: Graph, doc: Document, mentions: list[Mention]) -> None:
    for m in mentions:
        local = URIRef(IRIS.entity(m.entity.slug))
        g.add((local, RDF.type, CP.Entity))
        g.add((local, RDF.type, ENTITY_CLASSES[m.entity.type]))
        g.add((local, RDFS.label, Literal(m.entity.label)))
        g.add((local, DCTERMS.identifier, Literal(m.entity.slug)))
        ref = local
        if m.entity.wikidata:
            ref = WD[m.entity.wikidata]
            g.add((local, OWL.sameAs, ref))
        node = _ref_span(g, doc, m.start, m.end, NIF.Phrase)
        g.add((node, ITSRDF.taIdentRef, ref))
        g.add((node, ITSRDF.taClassRef, ENTITY_CLASSES[m.entity.type]))
        g.add((node, ITSRDF.taConfidence, Literal(m.confidence, datatype=XSD.double)))
        g.add((node, PROV.wasGeneratedBy, RUN))


def _ref_claims(g: Graph, doc: Document, claims: list[Claim]) -> None:
    art = URIRef(IRIS.doc(doc.doc_id))
    for c in claims:
        node = URIRef(IRIS.claim(c.claim_id(doc)))
        span = _ref_span(g, doc, c.start, c.end, NIF.Phrase)
        g.add((node, RDF.type, AIF["I-node"]))
        g.add((node, RDF.type, SCHEMA.Claim))
        g.add((node, DCTERMS.identifier, Literal(c.claim_id(doc))))
        g.add((node, AIF.claimText, Literal(c.text)))
        g.add((node, SCHEMA.appearance, art))
        g.add((node, PROV.wasQuotedFrom, span))
        g.add((node, CP.isThesis, Literal(c.is_thesis)))
        conf = Literal(Decimal(str(round(c.confidence, 2))), datatype=XSD.decimal)
        g.add((node, NIF.confidence, conf))
        g.add((node, PROV.wasGeneratedBy, RUN))


# ---- the comparison ----


def _both(doc: Document) -> tuple[NTriplesGraph, Graph]:
    chunks = chunk_document(doc)
    mentions = extract_mentions(doc)
    claims = extract_claims(doc)
    new = document_graph(doc, chunks, IRIS, "v1")
    add_mentions(new, IRIS, doc, mentions, RUN)
    add_claims(new, IRIS, doc, claims, RUN)
    ref = _ref_document(doc, chunks, "v1")
    _ref_mentions(ref, doc, mentions)
    _ref_claims(ref, doc, claims)
    return new, ref


def _assert_same(new: NTriplesGraph, ref: Graph) -> None:
    ref_lines = set(ref.serialize(format="nt").splitlines(keepends=True)) - {"\n"}
    assert set(new) == ref_lines  # the very lines rdflib's serializer writes
    assert len(new) == len(ref)  # each triple once
    assert isomorphic(new.to_rdflib(), ref)  # and they parse back to the same graph


SPECIAL = (
    'He said "no" \\ then \\"quoted\\" \\u0041 and \\n (not a newline), a tab\there,\r\n'
    "CRLF line, a form feed\f, a NUL-free bell \x07, emoji 🦜, combining e\u0301, RTL "
    "\u05e9\u05dc\u05d5\u05dd, <angle> {brace} `tick` ^caret |pipe, '''triple''' and \"\"\"."
)


# Metadata refuses control characters (corpus/pipeline.py): the printable specials only.
META_SPECIAL = "a \"quote\", a \\ backslash, \\u0041, \\n, 🦜, e\u0301, <x> {y} `z` ^ | '''"


def _special_document() -> Document:
    body = "\n\n".join(
        [
            '# Heading with "quotes" and \\ backslash',
            f"Claims must be argued. {SPECIAL} Markets reward incumbents, they always do.",
            f"> A quotation: {SPECIAL}",
            f"Google and OpenAI will not win on brand alone. {SPECIAL}[^1]",
            f"[^1]: A footnote {SPECIAL}",
        ]
    )
    meta = Metadata(
        title=f"Title {META_SPECIAL}",
        authors=('Ann "The Quote" O\'Brien', "Ελένη Π."),
        date=dt.date(2024, 2, 29),
        url="https://example.org/essay?a=1&b=2",
        tags=("tag \\ one", 'tag "two"'),
        publisher=f"Publisher {META_SPECIAL}",
        principal=True,
    )
    return make_document(RawDocument('special "file".md', body, meta))


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.md")), ids=lambda p: p.stem)
def test_bundled_documents_give_the_same_triples(path) -> None:  # type: ignore[no-untyped-def]
    doc = make_document(load_file(path, 10**8))
    new, ref = _both(doc)
    assert len(new) > 200  # spans, mentions and claims, not just the article
    _assert_same(new, ref)


def test_special_characters_give_the_same_triples_and_load_into_the_store() -> None:
    doc = _special_document()
    assert "\\" in doc.text and '"' in doc.text
    new, ref = _both(doc)
    _assert_same(new, ref)
    # The store takes the text inside a SPARQL update; it reads back what it read back from
    # rdflib's output (not the input itself: Oxigraph returns offsets as xsd:integer).
    store = OxigraphStore(None)
    graphs = {"urn:new": new.serialize(format="nt"), "urn:ref": ref.serialize(format="nt")}
    store.replace_graphs(graphs)
    back = {
        iri: Graph().parse(
            data=store.construct_ntriples(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
            ),
            format="nt",
        )
        for iri in graphs
    }
    assert len(back["urn:new"]) == len(ref)
    assert isomorphic(back["urn:new"], back["urn:ref"])
    texts = {str(o) for o in back["urn:new"].objects(None, NIF.isString)}
    assert texts == {doc.text}  # every escape undone
    store.close()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_string_literal_round_trips(text: str) -> None:
    line = f"<urn:s> <urn:p> {ntriples.quote(text)} .\n"
    parsed = list(Graph().parse(data=line, format="nt"))
    assert parsed == [(URIRef("urn:s"), URIRef("urn:p"), Literal(text))]
    graph = NTriplesGraph()
    graph.add((URIRef("urn:s"), URIRef("urn:p"), Literal(text)))
    reference = Graph()
    reference.add((URIRef("urn:s"), URIRef("urn:p"), Literal(text)))
    assert graph.serialize() == reference.serialize(format="nt").strip("\n") + "\n"


@settings(deadline=None)
@given(
    st.one_of(
        st.booleans(),
        st.integers(min_value=0),
        st.floats(allow_nan=False, allow_infinity=False),
        st.floats(min_value=0, max_value=1).map(lambda v: Decimal(str(round(v, 2)))),
    )
)
def test_typed_literals_have_rdflibs_lexical_form(value: object) -> None:
    datatype = {bool: XSD.boolean, int: XSD.nonNegativeInteger, float: XSD.double}.get(
        type(value), XSD.decimal
    )
    expected = ntriples.term(Literal(value, datatype=datatype))
    assert ntriples.typed(value, str(datatype)) == expected  # type: ignore[arg-type]
    if isinstance(value, int) and not isinstance(value, bool):
        assert ntriples.offset(value) == expected


def test_iris_rdflib_would_refuse_are_refused() -> None:
    with pytest.raises(ValueError, match="not a valid IRI"):
        ntriples.iri("https://example.org/a b")
    with pytest.raises(ValueError, match="N-Triples only"):
        NTriplesGraph().serialize(format="turtle")
    assert ntriples.iri("https://example.org/ä#x") == "<https://example.org/ä#x>"


def test_store_loads_a_new_graph_and_replaces_an_existing_one_wholly() -> None:
    """A new graph goes in by an N-Triples load, an existing one by the drop-and-insert
    update: both leave exactly the triples given."""
    store = OxigraphStore(None)
    first = '<urn:a> <urn:p> "one \\\\ \\"x\\"\\n" .\n<urn:a> <urn:q> <urn:b> .\n'
    second = '<urn:a> <urn:p> "two" .\n'

    def triples() -> set[tuple[str, str, str]]:
        rows = store.select("SELECT ?s ?p ?o WHERE { GRAPH <urn:g> { ?s ?p ?o } }")
        return {(r["s"], r["p"], r["o"]) for r in rows}

    store.replace_graphs({"urn:g": first})
    assert triples() == {("urn:a", "urn:p", 'one \\ "x"\n'), ("urn:a", "urn:q", "urn:b")}
    store.replace_graphs({"urn:g": second})
    assert triples() == {("urn:a", "urn:p", "two")}
    store.replace_graphs({"urn:g": ""})
    assert triples() == set() and "urn:g" not in store.named_graphs()
    store.replace_graphs({"urn:g": second})
    assert triples() == {("urn:a", "urn:p", "two")}
    store.close()


def _ref_strengths(g: Graph, base: dict[str, float], strengths: dict[str, float]) -> None:
    for claim_id in sorted(strengths):
        node = URIRef(IRIS.strength(claim_id))
        g.add((URIRef(IRIS.claim(claim_id)), CP.hasStrength, node))
        g.add((node, RDF.type, CP.Strength))
        value = Decimal(str(round(strengths[claim_id], 4)))
        g.add((node, RDF.value, Literal(value, datatype=XSD.decimal)))
        conf = Literal(Decimal(str(round(base[claim_id], 2))), datatype=XSD.decimal)
        g.add((node, CP.baseScore, conf))
        g.add((node, CP.semantics, Literal('DF-QuAD "gradual" \\ semantics')))
        g.add((node, PROV.wasGeneratedBy, RUN))


@settings(max_examples=50, deadline=None)  # a loaded machine: rdflib's side is slow
@given(st.dictionaries(st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True), st.floats(0, 1)))
def test_strengths_give_the_same_triples(scores: dict[str, float]) -> None:
    strengths = {k: v * v for k, v in scores.items()}
    new = NTriplesGraph()
    add_strengths(new, IRIS, scores, strengths, 'DF-QuAD "gradual" \\ semantics', RUN)
    ref = Graph()
    _ref_strengths(ref, scores, strengths)
    _assert_same(new, ref)


def test_new_graphs_go_in_by_one_nquads_load_with_the_triples_the_update_stores() -> None:
    """Several new graphs at once (a new essay's links and statuses) are loaded as one N-Quads
    text instead of a SPARQL update: the store holds the same quads either way, literals with
    line separators other than LF and CR included (only LF ends an N-Triples line)."""
    from counterpoint.kg.oxigraph_store import as_nquads, update_for

    new, _ = _both(_special_document())
    odd = '<urn:a> <urn:p> "line\u2028sep\x85next\x0bvt\x0cff" .\n<urn:a> <urn:q> <urn:b> .'
    graphs = {"urn:g1": new.serialize(format="nt"), "urn:g2": odd, "urn:g3": ""}
    assert as_nquads(graphs) is not None
    loaded, updated = OxigraphStore(None), OxigraphStore(None)
    loaded.replace_graphs(graphs)
    updated.raw.update(update_for(graphs))
    assert set(loaded.raw) == set(updated.raw)
    assert len(set(loaded.raw)) == len(new) + 2
    assert loaded.named_graphs() == ["urn:g1", "urn:g2"]
    # a comment or a blank node sends the graphs through the update instead
    assert as_nquads({"urn:g": "# note\n<urn:a> <urn:p> <urn:b> ."}) is None
    assert as_nquads({"urn:g": "_:b0 <urn:p> <urn:b> ."}) is None
